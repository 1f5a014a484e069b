from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.db.attendance import register, save_register, school_summary
from slip_desktop.db.reviews import ReviewRecord, list_reviews, overdue_reviews, record_review
from slip_desktop.db.rosters import (
    PlaceRequest,
    end_placement,
    get_placement,
    occupancy,
    place_pupil,
    waiting_lists,
    waitlist,
)
from slip_desktop.db.store import Store
from slip_desktop.db.visits import record_visit, visit_flags
from slip_desktop.domain.capacity import Centre
from slip_desktop.domain.enums import EndOutcome, PlacementStatus, Programme, ReturnAnswer, Session
from slip_desktop.domain.errors import RuleError, ValidationError
from tests.roster_fixtures import (
    add_placement,
    add_pupil,
    add_school,
    add_staff_and_provider,
    add_term,
    fill,
)

TODAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)


def test_a_sixth_pupil_in_a_reset_group_is_refused_and_waitlisted(store: Store) -> None:
    school = add_school(store)
    fill(store, school, Programme.RESET, 5, date(2026, 11, 16), date(2027, 1, 1), "A")
    sixth = add_placement(store, add_pupil(store, school, "Sixth"), Programme.RESET)
    request = PlaceRequest(sixth, MONDAY, group_name="A", centre_days="mon,tue,wed-am")
    with pytest.raises(RuleError, match="Reset group A is full") as refused:
        place_pupil(store, request)
    assert "waiting list" in refused.value.message
    row = get_placement(store, sixth)
    assert row.status == PlacementStatus.WAITING
    assert "Refused: Reset group A is full" in row.notes
    assert [w.name for w in waiting_lists(store, TODAY)] == ["Sixth Pupil"]
    # Group B has room: the same pupil can be placed there from the waiting list.
    placed = place_pupil(
        store, PlaceRequest(sixth, MONDAY, group_name="B", centre_days="wed-pm,thu,fri")
    )
    assert placed.status == PlacementStatus.ACTIVE and placed.planned_end_on == date(2027, 1, 15)


def test_a_25th_wigston_pupil_is_refused(store: Store) -> None:
    school = add_school(store)
    fill(store, school, Programme.PATHWAY_1, 14, date(2026, 9, 2), date(2027, 7, 16))
    fill(store, school, Programme.PATHWAY_2, 10, date(2026, 9, 2), date(2027, 7, 16))
    late = add_placement(store, add_pupil(store, school, "Late", year=10), Programme.PATHWAY_2)
    with pytest.raises(RuleError, match="Pathways 1 and 2 is full"):
        place_pupil(store, PlaceRequest(late, MONDAY, date(2027, 7, 16)))
    assert get_placement(store, late).status == PlacementStatus.WAITING


def test_an_11th_ks3_long_term_pupil_is_refused(store: Store) -> None:
    school = add_school(store)
    fill(store, school, Programme.KS3_LONG_TERM, 10, date(2026, 9, 2), date(2027, 7, 16))
    eleventh = add_placement(store, add_pupil(store, school, "Eleventh"), Programme.KS3_LONG_TERM)
    with pytest.raises(RuleError, match="KS3 long-term is full"):
        place_pupil(store, PlaceRequest(eleventh, MONDAY, date(2027, 7, 16)))


def test_a_place_freed_by_an_early_end_can_be_taken(store: Store) -> None:
    school = add_school(store)
    ids = fill(store, school, Programme.KS3_LONG_TERM, 10, date(2026, 9, 2), date(2027, 7, 16))
    end_placement(store, ids[0], TODAY, EndOutcome.RETURNED, "Back at school full time")
    ended = get_placement(store, ids[0])
    assert ended.status == PlacementStatus.ENDED and ended.end_outcome == EndOutcome.RETURNED
    new = add_placement(store, add_pupil(store, school, "Next"), Programme.KS3_LONG_TERM)
    assert (
        place_pupil(store, PlaceRequest(new, MONDAY, date(2027, 7, 16))).status
        == PlacementStatus.ACTIVE
    )


def test_waiting_list_order_and_expected_places(store: Store) -> None:
    school = add_school(store)
    fill(store, school, Programme.KS3_LONG_TERM, 9, date(2026, 9, 2), date(2027, 7, 16))
    fill(store, school, Programme.KS3_LONG_TERM, 1, date(2026, 9, 2), date(2026, 12, 18))
    early = add_placement(
        store,
        add_pupil(store, school, "Early"),
        Programme.KS3_LONG_TERM,
        PlacementStatus.WAITING,
        decided_on=date(2026, 9, 17),
    )
    late = add_placement(
        store,
        add_pupil(store, school, "Later"),
        Programme.KS3_LONG_TERM,
        PlacementStatus.WAITING,
        decided_on=date(2026, 10, 15),
    )
    guarantee = add_placement(
        store,
        add_pupil(store, school, "Guarantee"),
        Programme.KS3_LONG_TERM,
        PlacementStatus.WAITING,
        priority=1,
        decided_on=date(2026, 11, 19),
    )
    rows = waiting_lists(store, TODAY)
    assert [r.placement_id for r in rows] == [guarantee, early, late]
    assert [r.position for r in rows] == [1, 2, 3]
    assert rows[0].expected_place_on == date(2026, 12, 21)  # the weekday after 18 Dec
    assert rows[1].expected_place_on == date(2027, 7, 19)
    requested = add_placement(store, add_pupil(store, school, "Asked"), Programme.KS3_LONG_TERM)
    waitlist(store, requested, "Parents prefer January")
    assert [r.placement_id for r in waiting_lists(store, TODAY)][-1] == requested


def test_place_checks_group_provider_and_mentor(store: Store) -> None:
    school = add_school(store)
    mentor, provider = add_staff_and_provider(store)
    reset = add_placement(store, add_pupil(store, school, "Rae"), Programme.RESET)
    with pytest.raises(ValidationError) as invalid:
        place_pupil(store, PlaceRequest(reset, MONDAY))
    assert set(invalid.value.errors) == {"group_name", "centre_days"}
    ap = add_placement(store, add_pupil(store, school, "Ash", year=10), Programme.PATHWAY_3)
    with pytest.raises(ValidationError, match="AP provider"):
        place_pupil(store, PlaceRequest(ap, MONDAY, date(2027, 7, 16)))
    assert place_pupil(
        store, PlaceRequest(ap, MONDAY, date(2027, 7, 16), provider_id=provider)
    ).provider
    tier2 = add_placement(store, add_pupil(store, school, "Tee"), Programme.ONE_TO_ONE)
    with pytest.raises(ValidationError, match="mentor"):
        place_pupil(store, PlaceRequest(tier2, MONDAY, date(2027, 1, 22)))
    assert (
        place_pupil(store, PlaceRequest(tier2, MONDAY, date(2027, 1, 22), mentor_id=mentor)).mentor
        == "Mo Mentor"
    )


def test_review_schedule_is_booked_when_a_placement_starts(store: Store) -> None:
    add_term(store)
    school = add_school(store)
    reset = add_placement(store, add_pupil(store, school, "Rae"), Programme.RESET)
    place_pupil(
        store, PlaceRequest(reset, date(2026, 11, 2), group_name="A", centre_days="mon,tue,wed-am")
    )
    assert [r.due_on for r in list_reviews(store, reset)] == [
        date(2026, 11, 25),
        date(2026, 12, 18),
    ]
    long = add_placement(store, add_pupil(store, school, "Lon"), Programme.KS3_LONG_TERM)
    place_pupil(store, PlaceRequest(long, date(2026, 9, 14), date(2027, 3, 26)))
    assert [r.due_on for r in list_reviews(store, long)] == [
        date(2026, 10, 23),
        date(2026, 12, 18),
        date(2027, 2, 12),
        date(2027, 3, 26),
    ]
    overdue = overdue_reviews(store, TODAY)
    assert [(r.placement_id, r.due_on) for r in overdue] == [
        (long, date(2026, 10, 23)),
        (reset, date(2026, 11, 25)),
    ]
    with pytest.raises(ValidationError) as invalid:
        record_review(store, ReviewRecord(overdue[0].id, TODAY, None, "", "", ""), TODAY)
    assert {"able_to_return", "attendees", "next_step"} <= set(invalid.value.errors)
    record_review(
        store,
        ReviewRecord(
            overdue[0].id, TODAY, ReturnAnswer.NOT_YET, "Jo Link (school)", "Calmer", "Continue"
        ),
        TODAY,
    )
    assert [r.placement_id for r in overdue_reviews(store, TODAY)] == [reset]
    end_placement(store, reset, date(2026, 12, 4), EndOutcome.SPECIALIST)
    assert [r.due_on for r in list_reviews(store, reset)] == [date(2026, 11, 25)]


def _placed_reset_and_wigston(store: Store) -> tuple[int, int, int]:
    school = add_school(store, "Testbrook Academy", "Jo Link")
    other = add_school(store, "Otherfield School", "Al Link")
    reset = add_placement(
        store,
        add_pupil(store, school, "Rae", "Reset"),
        Programme.RESET,
        PlacementStatus.ACTIVE,
        date(2026, 11, 2),
        date(2026, 12, 18),
        "A",
        centre_days="mon,tue,wed-am",
    )
    wigston = add_placement(
        store,
        add_pupil(store, school, "Wil", "Wigston", 10),
        Programme.PATHWAY_1,
        PlacementStatus.ACTIVE,
        date(2026, 9, 2),
        date(2027, 7, 16),
    )
    elsewhere = add_placement(
        store,
        add_pupil(store, other, "Oth", "Other", 10),
        Programme.PATHWAY_2,
        PlacementStatus.ACTIVE,
        date(2026, 9, 2),
        date(2027, 7, 16),
    )
    return reset, wigston, elsewhere


def test_register_lists_only_pupils_due_at_the_centre(store: Store) -> None:
    reset, wigston, _other = _placed_reset_and_wigston(store)
    wednesday = date(2026, 11, 25)
    lines = register(store, Centre.PLC, wednesday)
    assert [(line.placement_id, line.am, line.pm) for line in lines] == [(reset, "", None)]
    assert register(store, Centre.PLC, date(2026, 11, 26)) == []  # Thursday: in school
    assert len(register(store, Centre.WIGSTON, wednesday)) == 2
    with pytest.raises(RuleError):
        save_register(store, wednesday, {(reset, Session.AM): "A"})
    assert save_register(store, wednesday, {(reset, Session.AM): "l"}) == 1
    assert register(store, Centre.PLC, wednesday)[0].am == "L"


def test_attendance_percentage_and_a_schools_daily_summary(store: Store) -> None:
    reset, wigston, elsewhere = _placed_reset_and_wigston(store)
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    save_register(
        store,
        monday,
        {
            (reset, Session.AM): "/",
            (reset, Session.PM): "L",
            (wigston, Session.AM): "/",
            (wigston, Session.PM): "O",
            (elsewhere, Session.AM): "/",
        },
    )
    save_register(
        store,
        tuesday,
        {
            (reset, Session.AM): "I",
            (reset, Session.PM): "I",
            (wigston, Session.AM): "B",
            (wigston, Session.PM): "/",
        },
    )
    with store.session() as s:
        from sqlalchemy import select

        from slip_desktop.db.models import School

        school_id = s.scalar(select(School.id).where(School.name == "Testbrook Academy"))
    day = school_summary(store, school_id, monday, monday)
    assert day.school == "Testbrook Academy" and day.contact_name == "Sam Senco"
    assert [p.name for p in day.pupils] == ["Rae Reset", "Wil Wigston"]
    rae, wil = day.pupils
    assert rae.marks == {(monday, Session.AM): "/", (monday, Session.PM): "L"}
    assert rae.tally.percentage == 100.0 and wil.tally.percentage == 50.0
    week = school_summary(store, school_id, monday, date(2026, 11, 27))
    rae, wil = week.pupils
    # Rae is due Mon, Tue, Wed am each week: 5 sessions, 2 attended, 2 ill, 1 not yet marked.
    assert (rae.tally.attended, rae.tally.possible, rae.tally.unmarked) == (2, 4, 1)
    assert rae.tally.percentage == 50.0
    assert (wil.tally.attended, wil.tally.possible) == (3, 4)  # B counts as attending


def test_visit_flags_pupils_whose_school_has_not_visited_this_term(store: Store) -> None:
    add_term(store)
    reset, wigston, elsewhere = _placed_reset_and_wigston(store)
    record_visit(store, reset, date(2026, 11, 10), "Jo Link", "Met the pupil", TODAY)
    record_visit(store, elsewhere, date(2026, 7, 1), "Al Link", "Last year", TODAY)
    flags = {f.placement.id: f for f in visit_flags(store, TODAY)}
    assert flags[reset].visited_this_term
    assert not flags[wigston].visited_this_term and flags[wigston].last_visit is None
    assert not flags[elsewhere].visited_this_term and flags[elsewhere].last_visit == date(
        2026, 7, 1
    )
    with pytest.raises(ValidationError) as invalid:
        record_visit(store, wigston, date(2026, 12, 1), "", "", TODAY)
    assert set(invalid.value.errors) == {"visited_on", "visitor_name"}


def test_occupancy_shows_names_and_free_places_per_week(store: Store) -> None:
    reset, _wigston, _other = _placed_reset_and_wigston(store)
    occ = occupancy(store, Centre.PLC, date(2026, 10, 26), date(2026, 11, 8))
    assert occ.pools == ("Reset group A", "Reset group B", "KS3 long-term")
    before, first_week = occ.weeks
    assert occ.cells[(before, "Reset group A")].names == ()
    cell = occ.cells[(first_week, "Reset group A")]
    assert cell.names == ("Rae Reset",) and cell.free == 4 and cell.places == 5


def test_a_reset_cohort_placed_before_christmas_ends_after_seven_teaching_weeks(
    store: Store,
) -> None:
    add_term(store)
    school = add_school(store)
    reset = add_placement(store, add_pupil(store, school, "Rae"), Programme.RESET)
    placed = place_pupil(
        store, PlaceRequest(reset, MONDAY, group_name="B", centre_days="wed-pm,thu,fri")
    )
    assert placed.planned_end_on == date(2027, 1, 29)
    assert placed.days_per_week == 2.5


def test_reset_days_must_add_up_to_two_and_a_half(store: Store) -> None:
    school = add_school(store)
    reset = add_placement(store, add_pupil(store, school, "Rae"), Programme.RESET)
    with pytest.raises(ValidationError, match="2.5 days"):
        place_pupil(store, PlaceRequest(reset, MONDAY, group_name="A", centre_days="mon,tue"))


def test_each_roster_action_refuses_a_placement_changed_since_its_row_was_read(
    store: Store,
) -> None:
    from slip_desktop.db.rosters import assign_mentor
    from slip_desktop.db.versioning import StaleRecordError

    school = add_school(store)
    mentor, _provider = add_staff_and_provider(store)
    asked = add_placement(store, add_pupil(store, school, "Ánh"), Programme.ONE_TO_ONE)
    shown = get_placement(store, asked)
    assert shown.version == 1
    assign_mentor(store, asked, mentor, version=shown.version)  # someone else, first
    stale_writes = {
        "mentor_id": lambda: assign_mentor(store, asked, None, version=shown.version),
        "status": lambda: waitlist(store, asked, "Later", version=shown.version),
        "starts_on": lambda: place_pupil(
            store, PlaceRequest(asked, MONDAY, mentor_id=mentor), version=shown.version
        ),
    }
    for field, write in stale_writes.items():
        with pytest.raises(StaleRecordError) as refused:
            write()
        assert refused.value.field == field
        assert "This placement was changed" in refused.value.message
    now = get_placement(store, asked)
    assert now.status == PlacementStatus.REQUESTED and now.mentor == "Mo Mentor"
    assert now.version == 2 and now.notes == ""
    # From the version now shown, each goes through.
    placed = place_pupil(
        store, PlaceRequest(asked, MONDAY, date(2027, 1, 22), mentor_id=mentor), version=2
    )
    assert placed.status == PlacementStatus.ACTIVE and placed.version == 3
    with pytest.raises(StaleRecordError) as refused:
        end_placement(store, asked, TODAY, EndOutcome.RETURNED, version=2)
    assert refused.value.field == "ended_on"
    end_placement(store, asked, date(2026, 12, 4), EndOutcome.RETURNED, version=3)
    assert get_placement(store, asked).status == PlacementStatus.ENDED
