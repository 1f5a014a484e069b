from __future__ import annotations

from datetime import date, time

import pytest

from slip_desktop.db.action_plans import (
    load_plan,
    meeting_plans,
    plan_document,
    record_review,
    record_sent,
    save_plan,
)
from slip_desktop.db.agenda import (
    add_case,
    agenda_lines,
    list_agenda,
    move_case,
    next_meeting_with_room,
    remove_case,
    waiting_cases,
)
from slip_desktop.db.meetings import (
    add_attendee,
    cancel_meeting,
    cases_per_meeting,
    create_series,
    get_meeting,
    list_attendees,
    list_meetings,
    set_attended,
    set_cases_per_meeting,
    update_meeting,
)
from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import academic_years, list_terms, save_year
from slip_desktop.domain.action_plans import ActionDraft, PlanDraft
from slip_desktop.domain.calendar import SeriesPlan, TermSpan, typical_terms
from slip_desktop.domain.enums import (
    AgendaPurpose,
    MeetingKind,
    MeetingStatus,
    ReferralStatus,
    Term,
)
from slip_desktop.domain.errors import ConflictError, RuleError, ValidationError
from tests.conftest import DEMO_TODAY
from tests.db.forum_helpers import (
    FORUM_DAY,
    add_forum,
    add_forum_referral,
    add_school,
    referral_status,
)

PLAN = PlanDraft(
    "The forum discussed falling attendance.",
    "Keep a key adult.",
    "CFWS; EP",
    "Gather evidence for SEN support.",
    date(2026, 12, 22),
    (ActionDraft("Arrange an EP consultation", "SENCO", date(2026, 11, 24)),),
)


def test_term_dates_saved_and_read_back(store: Store) -> None:
    save_year(store, 2026, typical_terms(2026))
    assert academic_years(store) == [2026]
    assert [t.term for t in list_terms(store, 2026)] == [Term.AUTUMN, Term.SPRING, Term.SUMMER]
    autumn = list_terms(store, 2026)[0]
    moved = TermSpan(
        2026,
        Term.AUTUMN,
        date(2026, 9, 3),
        autumn.half_term_starts,
        autumn.half_term_ends,
        autumn.ends_on,
    )
    save_year(store, 2026, [moved, *typical_terms(2026)[1:]])
    assert list_terms(store, 2026)[0].starts_on == date(2026, 9, 3)


def test_bad_term_dates_name_the_term_and_field(store: Store) -> None:
    autumn, spring, summer = typical_terms(2026)
    broken = TermSpan(
        2026, Term.SPRING, spring.starts_on, spring.ends_on, spring.starts_on, spring.ends_on
    )
    with pytest.raises(ValidationError) as caught:
        save_year(store, 2026, [autumn, broken, summer])
    assert list(caught.value.errors) == ["spring.half_term_ends"]
    assert list_terms(store, 2026) == []


def test_series_creates_term_meetings_with_standing_invitees(store: Store) -> None:
    autumn = typical_terms(2026)[0]
    plan = SeriesPlan(1, time(9, 30), time(11, 30), 2, date(2026, 9, 15))
    ids = create_series(store, MeetingKind.FORUM, autumn, plan, "https://teams.example.org/x")
    meetings = list_meetings(store)
    assert len(ids) == len(meetings) == 7
    assert date(2026, 10, 27) not in {m.meets_on for m in meetings}  # half-term
    assert all(m.capacity == 6 for m in meetings)
    invited = list_attendees(store, ids[0])
    assert len(invited) == 6 and invited[0].role == "Deputy Partnership Coordinator"
    # Running it again adds nothing: those dates already have forums.
    assert create_series(store, MeetingKind.FORUM, autumn, plan) == []


def test_cases_per_meeting_setting_applies_to_new_forums(store: Store) -> None:
    assert cases_per_meeting(store) == 6
    set_cases_per_meeting(store, 8)
    assert get_meeting(store, add_forum(store)).capacity == 8
    with pytest.raises(ValidationError):
        set_cases_per_meeting(store, 0)


def test_moving_a_meeting_keeps_its_uid(store: Store) -> None:
    meeting_id = add_forum(store)
    before = get_meeting(store, meeting_id)
    update_meeting(
        store,
        meeting_id,
        date(2026, 11, 12),
        time(10),
        time(12),
        "https://t.example/2",
        6,
        MeetingStatus.PLANNED,
    )
    after = get_meeting(store, meeting_id)
    assert after.uid == before.uid and after.meets_on == date(2026, 11, 12)
    with pytest.raises(ValidationError) as caught:
        update_meeting(
            store, meeting_id, date(2026, 11, 14), time(10), time(12), "", 6, MeetingStatus.PLANNED
        )
    assert "meets_on" in caught.value.errors


def test_cancelling_releases_new_cases_to_the_waiting_list(store: Store) -> None:
    school = add_school(store)
    referral = add_forum_referral(store, school)
    meeting_id = add_forum(store)
    add_case(store, meeting_id, referral)
    assert referral_status(store, referral) == ReferralStatus.ON_AGENDA
    assert cancel_meeting(store, meeting_id) == 1
    assert referral_status(store, referral) == ReferralStatus.NEW
    assert get_meeting(store, meeting_id).status == MeetingStatus.CANCELLED
    assert list_agenda(store, meeting_id) == []


def test_attendees_editable_per_meeting_and_attendance_recorded(store: Store) -> None:
    meeting_id = add_forum(store)
    other = add_forum(store, date(2026, 11, 24))
    guest = add_attendee(store, meeting_id, "Family support worker", "Jo Lane", "SLIP")
    first = list_attendees(store, meeting_id)[0]
    set_attended(store, first.id, True)
    rows = {a.id: a for a in list_attendees(store, meeting_id)}
    assert rows[first.id].attended is True and rows[guest].name == "Jo Lane"
    assert len(list_attendees(store, other)) == 6
    with pytest.raises(ValidationError):
        add_attendee(store, meeting_id, " ", "")


def test_forum_agenda_is_limited_to_its_cases_per_meeting(store: Store) -> None:
    school = add_school(store)
    meeting_id = add_forum(store, capacity=2)
    referrals = [
        add_forum_referral(store, school, None, None, None, case_reference=f"SLIP-2026-{n:03d}")
        for n in range(3)
    ]
    add_case(store, meeting_id, referrals[0])
    add_case(store, meeting_id, referrals[1])
    with pytest.raises(RuleError, match="2 of 2"):
        add_case(store, meeting_id, referrals[2])
    later = add_forum(store, date(2026, 11, 24))
    room = next_meeting_with_room(store, MeetingKind.FORUM, FORUM_DAY)
    assert room is not None and room.id == later


def test_waiting_cases_offer_new_referrals_and_plans_due_for_review(store: Store) -> None:
    school = add_school(store)
    old = add_forum_referral(store, school, received=date(2026, 9, 20))
    first_forum = add_forum(store, date(2026, 10, 6))
    add_case(store, first_forum, old)
    plan_id = save_plan(
        store,
        old,
        first_forum,
        PlanDraft("Discussed.", "", "", "", date(2026, 11, 17)),
        date(2026, 10, 7),
    )
    record_sent(store, [plan_id], date(2026, 10, 8))
    new = add_forum_referral(
        store, school, "Noah", "Ahmed", "B855123456780", received=date(2026, 11, 1)
    )
    next_forum = add_forum(store, FORUM_DAY)
    offered = {(c.referral_id, c.purpose) for c in waiting_cases(store, next_forum)}
    assert offered == {(old, AgendaPurpose.PLAN_REVIEW), (new, AgendaPurpose.NEW_CASE)}
    add_case(store, next_forum, old, AgendaPurpose.PLAN_REVIEW)
    assert referral_status(store, old) == ReferralStatus.PLAN_SENT
    assert {c.referral_id for c in waiting_cases(store, next_forum)} == {new}


def test_agenda_reorders_and_removes(store: Store) -> None:
    school = add_school(store)
    meeting_id = add_forum(store)
    refs = [
        add_forum_referral(store, school, None, None, None, case_reference=f"SLIP-2026-{n:03d}")
        for n in range(3)
    ]
    items = [add_case(store, meeting_id, r) for r in refs]
    move_case(store, items[2], 0)
    assert [r.item_id for r in list_agenda(store, meeting_id)] == [items[2], items[0], items[1]]
    remove_case(store, items[0])
    rows = list_agenda(store, meeting_id)
    assert [r.position for r in rows] == [0, 1] and referral_status(
        store, refs[0]
    ) == ReferralStatus.NEW
    lines = agenda_lines(store, meeting_id)
    assert lines[0].who == "SLIP-2026-002 (anonymous)" and lines[0].time_slot == "09:30-10:30"
    assert "SEMH" in lines[0].reasons


def test_plan_written_sent_and_reviewed_moves_the_referral(store: Store) -> None:
    school = add_school(store)
    referral = add_forum_referral(store, school)
    meeting_id = add_forum(store)
    add_case(store, meeting_id, referral)
    blank = load_plan(store, referral, meeting_id)
    assert blank.plan_id is None and blank.draft.review_due == date(2026, 12, 22)
    plan_id = save_plan(store, referral, meeting_id, PLAN, date(2026, 11, 11))
    assert referral_status(store, referral) == ReferralStatus.DISCUSSED
    with pytest.raises(RuleError, match="Send the plan"):
        record_review(store, plan_id, date(2026, 12, 22), "Better.")
    record_sent(store, [plan_id], date(2026, 11, 12))
    assert referral_status(store, referral) == ReferralStatus.PLAN_SENT
    with pytest.raises(RuleError):
        remove_case(store, list_agenda(store, meeting_id)[0].item_id)
    record_review(store, plan_id, date(2026, 12, 22), "Attendance up to 90%.")
    assert referral_status(store, referral) == ReferralStatus.PLAN_REVIEWED
    doc = plan_document(store, plan_id)
    assert doc.pupil_name == "Amelia Hartley" and doc.actions[0].who == "SENCO"
    assert meeting_plans(store, meeting_id).plan_ids == [plan_id]


def test_partnership_referral_needs_reviewed_plan(store: Store) -> None:
    # The Partnership-referral rule reads action_plan.reviewed_on: it is set only by a review.
    school = add_school(store)
    referral = add_forum_referral(store, school)
    meeting_id = add_forum(store)
    add_case(store, meeting_id, referral)
    plan_id = save_plan(store, referral, meeting_id, PLAN, date(2026, 11, 11))
    record_sent(store, [plan_id], date(2026, 11, 12))
    assert load_plan(store, referral, meeting_id).reviewed_on is None
    record_review(store, plan_id, date(2026, 12, 21), "Reviewed with the school.")
    assert load_plan(store, referral, meeting_id).reviewed_on == date(2026, 12, 21)


def test_stale_plan_edit_is_refused(store: Store) -> None:
    school = add_school(store)
    referral = add_forum_referral(store, school)
    meeting_id = add_forum(store)
    add_case(store, meeting_id, referral)
    save_plan(store, referral, meeting_id, PLAN, date(2026, 11, 11))
    opened = load_plan(store, referral, meeting_id)
    save_plan(store, referral, meeting_id, PLAN, date(2026, 11, 11), opened.version)
    with pytest.raises(ConflictError):
        save_plan(store, referral, meeting_id, PLAN, date(2026, 11, 11), opened.version)


def test_demo_calendar_has_terms_a_cancelled_meeting_and_named_invitees(demo_store: Store) -> None:
    assert len(list_terms(demo_store)) == 6
    meetings = list_meetings(demo_store)
    assert any(m.status == MeetingStatus.CANCELLED for m in meetings)
    upcoming = next(m for m in meetings if m.meets_on >= DEMO_TODAY and m.kind == MeetingKind.FORUM)
    assert all(a.name for a in list_attendees(demo_store, upcoming.id))
    assert waiting_cases(demo_store, upcoming.id)


def test_latest_plan_document_for_the_self_test(demo_store: Store) -> None:
    from slip_desktop.db.action_plans import latest_plan_document

    doc = latest_plan_document(demo_store)
    assert doc is not None and doc.actions
