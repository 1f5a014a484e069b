"""Whatever is typed into visits, reviews, placements or Core decisions: stored valid, or not."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from slip_desktop.db.core import record_decision
from slip_desktop.db.models import (
    AgendaItem,
    AuditEvent,
    Decision,
    ManagedMove,
    Placement,
    Referral,
    Review,
    SchoolVisit,
)
from slip_desktop.db.reviews import ReviewRecord, record_review, schedule_reviews
from slip_desktop.db.rosters import PlaceRequest, end_placement, place_pupil
from slip_desktop.db.visits import record_visit
from slip_desktop.domain.attendance import WEEKDAYS, days_count
from slip_desktop.domain.capacity import (
    POOLS,
    RESET_DAYS,
    RESET_GROUPS,
    CapacityError,
    Stay,
    expected_free_dates,
)
from slip_desktop.domain.core_outcomes import (
    RATIONALE_MAX,
    RATIONALE_MIN,
    TIER2_PROGRAMMES,
    DecisionRequest,
    MoveRequest,
    tier2_end,
)
from slip_desktop.domain.enums import (
    CoreOutcome,
    EndOutcome,
    MoveKind,
    PlacementStatus,
    Programme,
    ReferralStatus,
    ReturnAnswer,
)
from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.domain.programmes import programme_key_stage
from slip_desktop.domain.school_year import key_stage
from slip_desktop.domain.text_rules import text_problem
from tests.db.write_path_world import TODAY, World, add_core_case, build_world, counts, row
from tests.roster_fixtures import add_placement, add_pupil

THOROUGH = settings(max_examples=2000, deadline=None, database=None)

#: What a QDateEdit lets the coordinator pick (Qt's default range).
QDATE_MIN, QDATE_MAX = date(1752, 9, 14), date(9999, 12, 31)
edge_days = st.one_of(
    st.dates(QDATE_MIN, QDATE_MAX),
    # Both ends of the range, where date sums overflow.
    st.dates(QDATE_MIN, date(1752, 12, 31)),
    st.dates(date(9999, 9, 1), QDATE_MAX),
)
#: Mostly months around today (so writes get stored), often anywhere a date field allows.
days = st.integers(0, 9).flatmap(
    lambda n: st.dates(date(2026, 6, 1), date(2027, 3, 31)) if n < 7 else edge_days
)
maybe_days = st.integers(0, 4).flatmap(lambda n: st.none() if n == 0 else days)
spaces = st.text(" \t\n\u00a0\u3000", max_size=3)
short = st.text(max_size=30)
texts = st.one_of(
    short,
    st.text(min_size=100, max_size=700),
    st.builds(lambda a, b, c: a + b + c, spaces, short, spaces),
)
names = st.one_of(st.sampled_from(["Jo Link", "Gareth Pryce", " Al Link "]), texts)
#: Centre days as typed into the editable combo box: the usual patterns, tokens, or anything.
ALL_DAY_TOKENS = {*WEEKDAYS, *(f"{d}-{h}" for d in WEEKDAYS for h in ("am", "pm"))}
day_tokens = st.sampled_from(sorted(ALL_DAY_TOKENS))
centre_days = st.one_of(
    st.sampled_from(["mon,tue,wed-am", "wed-pm,thu,fri", "", "tue,thu"]),
    st.lists(st.one_of(day_tokens, short), max_size=6).map(",".join),
    texts,
)
#: Every table these writes touch; the audit trail last (a refused write is not audited).
STORED = (Review, SchoolVisit, Placement, Decision, ManagedMove, Referral, AgendaItem, AuditEvent)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One database for every example: migrating per example would be slow."""
    built = build_world(tmp_path_factory.mktemp("write-paths") / "write-paths.db")
    yield built
    built.store.close()


def _one_line(stored: str, typed: str, limit: int) -> None:
    assert stored == typed.strip() and stored and len(stored) <= limit


def _rosters_can_read(first: date, last: date | None) -> None:
    """The waiting lists work out when this stay frees its place: that sum must not overflow."""
    expected_free_dates(POOLS["ks3-long-term"], [Stay("Pupil", first, last)], TODAY, 11)


def _text_wrong(**fields: str) -> set[str]:
    """Fields whose text the flush guard refuses (control, bidi, lone surrogate characters)."""
    return {name for name, value in fields.items() if text_problem(name, value, None)}


def _named_as_expected(error: ValidationError, wrong: set[str], text_wrong: set[str]) -> bool:
    """The form's rules answer first, naming every wrong field; else the guard names a column."""
    if wrong:
        return set(error.errors) == wrong
    return bool(text_wrong) and set(error.errors) <= text_wrong


def _valid_centre_days(text: str) -> bool:
    """Each day named once, as a weekday or half of one, with nothing around the commas."""
    tokens = text.split(",") if text else []
    days = [t.partition("-")[0] for t in tokens]
    return set(tokens) <= ALL_DAY_TOKENS and len(days) == len(set(days))


@THOROUGH
@given(visited_on=days, visitor=names, notes=texts)
@example(visited_on=TODAY, visitor="J" * 121, notes="")  # was stored past its 120-char column
def test_a_visit_is_stored_valid_or_not_at_all(
    world: World, visited_on: date, visitor: str, notes: str
) -> None:
    store = world.store
    before = counts(store, *STORED)
    # The rule read independently: a visit happened by today, by a named link of <= 120 chars.
    wrong = {"visited_on"} if visited_on > TODAY else set()
    if not visitor.strip() or len(visitor.strip()) > 120:
        wrong.add("visitor_name")
    text_wrong = _text_wrong(visitor_name=visitor.strip(), notes=notes.strip())
    if not 2000 <= visited_on.year <= 2099:  # the guard's school dates
        text_wrong.add("visited_on")
    try:
        visit_id = record_visit(store, world.visited_placement, visited_on, visitor, notes, TODAY)
    except DomainError as error:
        event(f"refused: {error.field or type(error).__name__}")
        assert isinstance(error, ValidationError) and _named_as_expected(error, wrong, text_wrong)
        assert counts(store, *STORED) == before
        return
    event("stored")
    assert not wrong and not text_wrong
    visit = row(store, SchoolVisit, visit_id)
    assert visit["placement_id"] == world.visited_placement
    assert visit["visited_on"] == visited_on <= TODAY
    _one_line(visit["visitor_name"], visitor, 120)
    assert visit["notes"] == notes.strip()
    after = counts(store, *STORED)
    assert after[:-1] == tuple(
        n + (m is SchoolVisit) for n, m in zip(before[:-1], STORED[:-1], strict=True)
    )


@THOROUGH
@given(
    which=st.integers(0, 1),
    held_on=maybe_days,
    answer=st.one_of(st.none(), st.sampled_from(ReturnAnswer), st.sampled_from(ReturnAnswer)),
    attendees=names,
    notes=texts,
    next_step=texts,
)
def test_a_review_is_recorded_valid_or_left_as_it_was(
    world: World,
    which: int,
    held_on: date | None,
    answer: ReturnAnswer | None,
    attendees: str,
    notes: str,
    next_step: str,
) -> None:
    store = world.store
    review_id = world.reviews[which]
    before, was = counts(store, *STORED), row(store, Review, review_id)
    record = ReviewRecord(review_id, held_on, answer, attendees, notes, next_step)
    # The rule read independently: held by today, the question answered, who and what next.
    wrong = {"held_on"} if held_on is None or held_on > TODAY else set()
    wrong |= {"able_to_return"} if answer is None else set()
    wrong |= {"attendees"} if not attendees.strip() else set()
    wrong |= {"next_step"} if not next_step.strip() else set()
    text_wrong = _text_wrong(
        attendees=attendees.strip(), notes=notes.strip(), next_step=next_step.strip()
    )
    if held_on is not None and not 2000 <= held_on.year <= 2099:  # the guard's school dates
        text_wrong.add("held_on")
    try:
        record_review(store, record, TODAY)
    except DomainError as error:
        event(f"refused: {error.field or type(error).__name__}")
        assert isinstance(error, ValidationError) and _named_as_expected(error, wrong, text_wrong)
        assert (counts(store, *STORED), row(store, Review, review_id)) == (before, was)
        return
    event("stored")
    assert not wrong and not text_wrong
    review = row(store, Review, review_id)
    assert held_on is not None and review["held_on"] == held_on <= TODAY
    assert review["able_to_return"] == answer is not None
    assert review["attendees"] == attendees.strip() != ""
    assert review["next_step"] == next_step.strip() != ""
    assert review["notes"] == notes.strip()
    assert (review["placement_id"], review["due_on"]) == (was["placement_id"], was["due_on"])
    assert counts(store, *STORED)[:-1] == before[:-1]


@THOROUGH
@given(
    programme=st.sampled_from(Programme),
    waiting=st.booleans(),
    starts_on=maybe_days,
    planned_end_on=maybe_days,
    group=st.one_of(st.sampled_from(["A", "B", ""]), short),
    typed_days=centre_days,
    provider=st.booleans(),
    mentor=st.booleans(),
    notes=texts,
)
# Each was stored (or crashed) before the validator refused it.
@example(Programme.RESET, False, date(2026, 11, 2), None, "A", "x,y,z-q", False, False, "")
@example(Programme.RESET, False, date(2026, 11, 2), None, "A", "mon,mon,wed-am", False, False, "")
@example(
    Programme.RESET,
    False,
    date(2026, 11, 2),
    None,
    "A",
    "mon" + " " * 60 + ",tue,wed-am",
    False,
    False,
    "",
)
@example(Programme.RESET, False, date(9999, 11, 13), None, "A", "mon,tue,wed-am", False, False, "")
@example(Programme.PATHWAY_1, False, date(2026, 11, 2), QDATE_MAX, "", "", False, False, "")
def test_a_placement_is_made_valid_or_only_joins_the_waiting_list(
    world: World,
    programme: Programme,
    waiting: bool,
    starts_on: date | None,
    planned_end_on: date | None,
    group: str,
    typed_days: str,
    provider: bool,
    mentor: bool,
    notes: str,
) -> None:
    store = world.store
    status = PlacementStatus.WAITING if waiting else PlacementStatus.REQUESTED
    pupil = add_pupil(store, world.school, "Pat", "Placed", 9)
    placement_id = add_placement(store, pupil, programme, status)
    request = PlaceRequest(
        placement_id,
        starts_on,
        planned_end_on,
        group,
        typed_days,
        world.provider if provider else None,
        world.mentor if mentor else None,
        notes,
    )
    before, was = counts(store, *STORED), row(store, Placement, placement_id)
    try:
        try:
            place_pupil(store, request)
        except CapacityError:
            # The refusal is kept on purpose: the pupil joins the waiting list, nothing else.
            event("refused for capacity: waiting")
            now = row(store, Placement, placement_id)
            assert now["status"] == PlacementStatus.WAITING
            assert now["notes"].startswith("Refused: ")
            assert now["group_name"] == (group if programme == Programme.RESET else "")
            kept = ("status", "notes", "group_name", "version", "updated_at")
            unchanged = {k: v for k, v in now.items() if k not in kept}
            assert unchanged == {k: was[k] for k in unchanged}
            assert counts(store, *STORED)[:-1] == before[:-1]
            return
        except DomainError as error:
            event(f"refused: {error.field or type(error).__name__}")
            assert (counts(store, *STORED), row(store, Placement, placement_id)) == (before, was)
            return
        event("stored")
        placed = row(store, Placement, placement_id)
        assert placed["status"] == PlacementStatus.ACTIVE and placed["notes"] == notes.strip()
        assert starts_on is not None and placed["starts_on"] == starts_on
        end = placed["planned_end_on"]
        assert end is None or end >= starts_on
        _rosters_can_read(starts_on, end)
        if programme == Programme.RESET:
            assert placed["group_name"] in RESET_GROUPS and end is not None
            assert days_count(placed["centre_days"]) == RESET_DAYS
        else:
            assert placed["group_name"] == "" and end == planned_end_on
        stored_days = placed["centre_days"]
        assert _valid_centre_days(stored_days) and len(stored_days) <= 60
        assert stored_days == ",".join(
            t.strip() for t in typed_days.lower().split(",") if t.strip()
        )
        with store.session() as s:
            due = list(s.scalars(select(Review.due_on).where(Review.placement_id == placement_id)))
        assert all(starts_on <= d and (end is None or d <= end) for d in due)
        after = counts(store, *STORED)
        assert after[0] == before[0] + len(due) and after[1:-1] == before[1:-1]
    finally:
        # Keep the pools as the world set them, so every example meets the same capacity.
        with store.session() as s:
            s.execute(delete(Review).where(Review.placement_id == placement_id))
            s.execute(delete(Placement).where(Placement.id == placement_id))


@THOROUGH
@given(
    long_placement=st.booleans(),
    held_first=st.booleans(),
    ended_on=days,
    outcome=st.sampled_from(EndOutcome),
    notes=texts,
    twice=st.booleans(),
    version=st.sampled_from(["none", "read", "stale"]),
)
@example(False, False, QDATE_MAX, EndOutcome.OTHER, "", False, "none")  # broke the waiting lists
def test_a_placement_ends_valid_or_stays_as_it_was(
    world: World,
    long_placement: bool,
    held_first: bool,
    ended_on: date,
    outcome: EndOutcome,
    notes: str,
    twice: bool,
    version: str,
) -> None:
    store = world.store
    programme = Programme.KS4_TIER3_AP if long_placement else Programme.SMALL_GROUP
    starts, planned = date(2026, 9, 14), date(2027, 7, 16) if long_placement else date(2026, 11, 6)
    pupil = add_pupil(store, world.school, "Eno", "Ending", 10)
    placement_id = add_placement(store, pupil, programme, PlacementStatus.ACTIVE, starts, planned)
    with store.session() as s:
        placement = s.get(Placement, placement_id)
        assert placement is not None
        booked = schedule_reviews(s, placement)
        s.flush()
        if held_first:
            booked[0].held_on, booked[0].attendees, booked[0].next_step = starts, "Jo", "Go on"
    for attempt in range(1 + twice):
        before, was = counts(store, *STORED), row(store, Placement, placement_id)
        try:
            # The version the dialog read (None: no form), or one from before a change.
            read = {"none": None, "read": was["version"], "stale": was["version"] - 1}[version]
            end_placement(store, placement_id, ended_on, outcome, notes, version=read)
        except DomainError as error:
            event(f"refused: {error.field or type(error).__name__}")
            assert (counts(store, *STORED), row(store, Placement, placement_id)) == (before, was)
            continue
        assert attempt == 0, "an ended placement was ended again"
        assert version != "stale", "a stale end was kept"
        event("stored")
        ended = row(store, Placement, placement_id)
        assert ended["status"] == PlacementStatus.ENDED
        assert ended["ended_on"] == ended_on >= starts and ended["end_outcome"] == outcome
        _rosters_can_read(starts, ended_on)
        assert ended["notes"] == (f"Ended: {notes.strip()}" if notes.strip() else "")
        with store.session() as s:
            left = list(
                s.execute(
                    select(Review.due_on, Review.held_on).where(Review.placement_id == placement_id)
                )
            )
        assert all(held is not None or due <= ended_on for due, held in left)
        after = counts(store, *STORED)
        assert after[0] == before[0] - (len(booked) - len(left))
        assert after[1:-1] == before[1:-1]


@THOROUGH
@given(
    year_group=st.integers(7, 11),
    on_agenda=st.booleans(),
    outcome=st.sampled_from(CoreOutcome),
    rationale=st.one_of(st.just("Agreed after hearing the school and the forum."), texts),
    decided_by=names,
    advice=texts,
    programme=st.one_of(st.none(), st.sampled_from(TIER2_PROGRAMMES), st.sampled_from(Programme)),
    # The spin box offers 6 to 8 weeks; anything else must be refused, not stored.
    weeks=st.one_of(st.none(), st.integers(6, 8), st.integers(-10, 60)),
    mentor=st.booleans(),
    starts_on=maybe_days,
    move=st.one_of(
        st.none(),
        st.tuples(
            st.sampled_from(MoveKind),
            st.sampled_from([None, "own", "other"]),
            maybe_days,
            maybe_days,
            st.booleans(),
            st.one_of(st.none(), st.sampled_from(Programme)),
        ),
    ),
)
# Each was stored (or crashed) before the validator refused it.
@example(
    8,
    True,
    CoreOutcome.BACK_TO_FORUM,
    "A sentence for the minutes.",
    "G" * 121,
    "",
    None,
    None,
    False,
    None,
    None,
)
@example(
    8,
    True,
    CoreOutcome.IN_SCHOOL_SUPPORT,
    "A sentence for the minutes.",
    "Gareth Pryce",
    "",
    Programme.SMALL_GROUP,
    6,
    True,
    date(9999, 12, 20),
    None,
)
def test_a_core_decision_is_recorded_valid_or_not_at_all(
    world: World,
    year_group: int,
    on_agenda: bool,
    outcome: CoreOutcome,
    rationale: str,
    decided_by: str,
    advice: str,
    programme: Programme | None,
    weeks: int | None,
    mentor: bool,
    starts_on: date | None,
    move: tuple[Any, ...] | None,
) -> None:
    store = world.store
    referral_id = add_core_case(world, year_group, on_agenda)
    move_request = None
    if move is not None:
        kind, school, move_starts, trial_ends, guaranteed, guarantee = move
        schools = {None: None, "own": world.school, "other": world.other_school}
        move_request = MoveRequest(
            kind, schools[school], move_starts, trial_ends, guaranteed, guarantee
        )
    request = DecisionRequest(
        outcome,
        rationale,
        decided_by,
        advice,
        programme,
        weeks,
        world.mentor if mentor else None,
        starts_on,
        move_request,
    )
    now = datetime(2026, 12, 17, 14, 5, 30, 123456)
    before, was = counts(store, *STORED), row(store, Referral, referral_id)
    try:
        result = record_decision(store, world.core_meeting, referral_id, request, now)
    except DomainError as error:
        event(f"refused: {error.field or type(error).__name__}")
        assert (counts(store, *STORED), row(store, Referral, referral_id)) == (before, was)
        return
    event("stored")
    decision = row(store, Decision, result.decision_id)
    assert decision["referral_id"] == referral_id and decision["outcome"] == outcome
    assert RATIONALE_MIN <= len(decision["rationale"]) <= RATIONALE_MAX
    assert decision["rationale"] == rationale.strip()
    _one_line(decision["decided_by"], decided_by, 120)
    assert decision["advice"] == advice.strip()
    assert decision["decided_at"] == now.replace(microsecond=0)
    referral = row(store, Referral, referral_id)
    closes = outcome == CoreOutcome.SCHOOL_CONTINUES
    assert referral["status"] == (ReferralStatus.CLOSED if closes else ReferralStatus.DECIDED)
    assert not closes or decision["advice"]
    with store.session() as s:
        placements = list(
            s.scalars(select(Placement).where(Placement.decision_id == decision["id"]))
        )
        moves = list(
            s.scalars(select(ManagedMove).where(ManagedMove.decision_id == decision["id"]))
        )
    added = {Decision: 1, Placement: len(placements), ManagedMove: len(moves)}
    if outcome == CoreOutcome.BACK_TO_FORUM:
        added |= {Referral: 1, AgendaItem: 1}
        assert decision["forum_referral_id"] is not None
    after = counts(store, *STORED)
    assert after[:-1] == tuple(
        n + added.get(m, 0) for n, m in zip(before[:-1], STORED[:-1], strict=True)
    )
    if outcome == CoreOutcome.OUTSIDE_PROGRAMME:
        (placement,) = placements
        assert placement.programme == programme and programme is not None
        assert programme_key_stage(programme) == key_stage(year_group)
        assert placement.status == PlacementStatus.REQUESTED
    elif outcome == CoreOutcome.IN_SCHOOL_SUPPORT and move_request is None:
        (placement,) = placements
        assert placement.programme in TIER2_PROGRAMMES and placement.mentor_id == world.mentor
        assert weeks is not None and starts_on is not None and 6 <= weeks <= 8
        assert placement.starts_on == starts_on
        assert placement.planned_end_on == tier2_end(starts_on, weeks)
    elif outcome == CoreOutcome.IN_SCHOOL_SUPPORT:
        (made,) = moves
        assert made.receiving_school_id == world.other_school
        assert made.sending_school_id == world.school
        assert made.trial_ends_on is None or made.trial_ends_on > made.starts_on
    else:
        assert placements == [] and moves == []
