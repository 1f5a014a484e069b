from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from slip_desktop.db.core import (
    CoreCard,
    default_core_meeting,
    list_core_meetings,
    list_mentors,
    load_board,
    minutes_for,
    next_forum_for,
    record_decision,
    undo_decision,
)
from slip_desktop.db.managed_moves import list_schools, school_tally, set_move_outcome
from slip_desktop.db.models import (
    ActionPlan,
    AgendaItem,
    Decision,
    ManagedMove,
    Meeting,
    Placement,
    Referral,
    StaffMember,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.core_outcomes import DecisionRequest, MoveRequest
from slip_desktop.domain.enums import (
    CoreOutcome,
    MeetingKind,
    MoveKind,
    MoveOutcome,
    PlacementStatus,
    Programme,
    ReferralKind,
    ReferralStatus,
    StaffRole,
)
from slip_desktop.domain.errors import RuleError
from tests.conftest import DEMO_TODAY

NOW = datetime(2026, 12, 17, 14, 5)
WHY = "Agreed after hearing the school and the forum plan review."


def _meeting_id(store: Store) -> int:
    chosen = default_core_meeting(list_core_meetings(store), DEMO_TODAY)
    assert chosen is not None and chosen.cases >= 3
    return chosen.id


def _card(store: Store, meeting_id: int, stage: int | None = None) -> CoreCard:
    cards = load_board(store, meeting_id, DEMO_TODAY).column(None)
    for card in cards:
        if stage is None or (card.year_group >= 10) == (stage == 4):
            return card
    raise AssertionError("no card for that key stage")


def _decide(store: Store, meeting_id: int, card: CoreCard, **kwargs: object) -> None:
    outcome = kwargs.pop("outcome")
    request = DecisionRequest(outcome, WHY, "Gareth Pryce", **kwargs)  # type: ignore[arg-type]
    record_decision(store, meeting_id, card.referral_id, request, NOW)


def _decision(store: Store, referral_id: int) -> Decision:
    with store.session() as s:
        decision = s.scalars(select(Decision).where(Decision.referral_id == referral_id)).one()
        s.expunge(decision)
        return decision


def _status(store: Store, referral_id: int) -> ReferralStatus:
    with store.session() as s:
        referral = s.get(Referral, referral_id)
        assert referral is not None
        return referral.status


def test_board_shows_cards_with_the_earlier_forum_plan(demo_store: Store) -> None:
    board = load_board(demo_store, _meeting_id(demo_store), DEMO_TODAY)
    card = board.column(None)[0]
    assert card.forum_summary.startswith("The forum discussed")
    assert card.school and card.year_group in range(7, 12) and card.attendance_percent
    assert all(board.column(o) == [] for o in CoreOutcome)


def test_decision_records_who_when_and_why(demo_store: Store) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id)
    _decide(demo_store, meeting_id, card, outcome=CoreOutcome.BACK_TO_FORUM)
    decision = _decision(demo_store, card.referral_id)
    assert (decision.decided_by, decision.decided_at, decision.rationale) == (
        "Gareth Pryce",
        NOW,
        WHY,
    )
    assert decision.meeting_id == meeting_id
    assert _status(demo_store, card.referral_id) == ReferralStatus.DECIDED
    with pytest.raises(RuleError, match="already has a decision"):
        _decide(demo_store, meeting_id, card, outcome=CoreOutcome.BACK_TO_FORUM)


def test_back_to_forum_books_a_new_forum_referral_on_the_next_forum_with_room(
    demo_store: Store,
) -> None:
    meeting_id = _meeting_id(demo_store)
    expected = next_forum_for(demo_store, meeting_id, DEMO_TODAY)
    assert expected is not None and expected > date(2026, 12, 17)
    # Fill that forum to capacity: the booking must go to the one after.
    with demo_store.session() as s:
        forum = s.scalars(select(Meeting).where(Meeting.meets_on == expected)).one()
        forum.capacity = len(
            s.scalars(select(AgendaItem).where(AgendaItem.meeting_id == forum.id)).all()
        )
        if forum.capacity == 0:
            forum.capacity = 1
            s.add(AgendaItem(meeting_id=forum.id, referral_id=1))
    later = next_forum_for(demo_store, meeting_id, DEMO_TODAY)
    assert later is not None and later > expected
    card = _card(demo_store, meeting_id)
    _decide(demo_store, meeting_id, card, outcome=CoreOutcome.BACK_TO_FORUM)
    decision = _decision(demo_store, card.referral_id)
    with demo_store.session() as s:
        assert decision.forum_referral_id is not None
        forum_referral = s.get(Referral, decision.forum_referral_id)
        assert forum_referral is not None
        assert forum_referral.kind == ReferralKind.FORUM
        assert forum_referral.status == ReferralStatus.ON_AGENDA
        assert forum_referral.pupil_id == card.pupil_id
        booked_on = s.scalar(
            select(Meeting.meets_on)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .where(AgendaItem.referral_id == forum_referral.id)
        )
    assert booked_on == later
    started = load_board(demo_store, meeting_id, DEMO_TODAY).column(CoreOutcome.BACK_TO_FORUM)
    assert f"{later:%d %b %Y}" in started[0].started


def test_back_to_forum_refused_when_no_forum_has_room(demo_store: Store) -> None:
    meeting_id = _meeting_id(demo_store)
    with demo_store.session() as s:
        for forum in s.scalars(select(Meeting).where(Meeting.kind == MeetingKind.FORUM)):
            forum.meets_on = date(2026, 1, 1) if forum.meets_on > DEMO_TODAY else forum.meets_on
    card = _card(demo_store, meeting_id)
    with pytest.raises(RuleError, match="No Inclusion Forum"):
        _decide(demo_store, meeting_id, card, outcome=CoreOutcome.BACK_TO_FORUM)
    assert _status(demo_store, card.referral_id) == ReferralStatus.ON_CORE_AGENDA


def test_school_continues_closes_the_referral_with_the_advice(demo_store: Store) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id)
    _decide(
        demo_store,
        meeting_id,
        card,
        outcome=CoreOutcome.SCHOOL_CONTINUES,
        advice="Keep the key adult; review the reduced timetable.",
    )
    with demo_store.session() as s:
        referral = s.get(Referral, card.referral_id)
        assert referral is not None
        assert referral.status == ReferralStatus.CLOSED
        assert referral.closed_on == NOW.date()
        assert "Keep the key adult" in referral.closing_note
    assert _decision(demo_store, card.referral_id).advice.startswith("Keep the key adult")
    with pytest.raises(RuleError, match="cannot be reopened"):
        undo_decision(demo_store, card.referral_id, DEMO_TODAY)


def test_in_school_support_starts_a_tier2_programme_with_a_learning_mentor(
    demo_store: Store,
) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id)
    mentor = list_mentors(demo_store)[0]
    with demo_store.session() as s:
        assert s.get(StaffMember, mentor.id).role == StaffRole.INCLUSION_MENTOR  # type: ignore[union-attr]
    _decide(
        demo_store,
        meeting_id,
        card,
        outcome=CoreOutcome.IN_SCHOOL_SUPPORT,
        programme=Programme.SMALL_GROUP,
        weeks=7,
        mentor_id=mentor.id,
        starts_on=date(2027, 1, 4),
    )
    with demo_store.session() as s:
        placement = s.scalars(
            select(Placement).where(Placement.referral_id == card.referral_id)
        ).one()
        assert placement.programme == Programme.SMALL_GROUP
        assert placement.mentor_id == mentor.id
        assert placement.status == PlacementStatus.REQUESTED
        assert (placement.starts_on, placement.planned_end_on) == (
            date(2027, 1, 4),
            date(2027, 2, 21),
        )
        assert placement.decision_id is not None


def test_outside_programme_sends_a_placement_request_to_the_rosters(demo_store: Store) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id, stage=4)
    _decide(
        demo_store,
        meeting_id,
        card,
        outcome=CoreOutcome.OUTSIDE_PROGRAMME,
        programme=Programme.PATHWAY_3,
    )
    with demo_store.session() as s:
        placement = s.scalars(
            select(Placement).where(Placement.referral_id == card.referral_id)
        ).one()
        assert (placement.programme, placement.status, placement.priority) == (
            Programme.PATHWAY_3,
            PlacementStatus.REQUESTED,
            0,
        )
        assert placement.starts_on is None
    assert _decision(demo_store, card.referral_id).full_time is True


def test_key_stage_mismatch_is_refused_and_nothing_is_stored(demo_store: Store) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id, stage=4)
    with pytest.raises(RuleError) as caught:
        _decide(
            demo_store,
            meeting_id,
            card,
            outcome=CoreOutcome.OUTSIDE_PROGRAMME,
            programme=Programme.RESET,
        )
    assert f"is in Year {card.year_group} (KS4)" in caught.value.message
    assert "KS3 Reset is a KS3 programme" in caught.value.message
    assert _status(demo_store, card.referral_id) == ReferralStatus.ON_CORE_AGENDA
    with demo_store.session() as s:
        assert (
            s.scalars(select(Decision).where(Decision.referral_id == card.referral_id)).first()
            is None
        )


def _guaranteed_move(store: Store, meeting_id: int, card: CoreCard) -> ManagedMove:
    receiving = next(s for s in list_schools(store) if s.id != card.school_id)
    fallback = Programme.PATHWAY_2 if card.year_group >= 10 else Programme.KS3_LONG_TERM
    move = MoveRequest(
        MoveKind.MANAGED_MOVE, receiving.id, date(2027, 1, 4), date(2027, 2, 15), True, fallback
    )
    _decide(store, meeting_id, card, outcome=CoreOutcome.IN_SCHOOL_SUPPORT, move=move)
    with store.session() as s:
        row = s.scalars(select(ManagedMove).where(ManagedMove.pupil_id == card.pupil_id)).one()
        s.expunge(row)
        return row


def test_guaranteed_move_that_fails_creates_a_priority_placement_request(
    demo_store: Store,
) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id)
    move = _guaranteed_move(demo_store, meeting_id, card)
    assert move.guaranteed and move.sending_school_id == card.school_id
    result = set_move_outcome(demo_store, move.id, MoveOutcome.FAILED, date(2027, 2, 10))
    assert result.placement_id is not None
    with demo_store.session() as s:
        placement = s.get(Placement, result.placement_id)
        assert placement is not None
        assert placement.priority > 0
        assert placement.status == PlacementStatus.REQUESTED
        assert placement.programme == move.guarantee_programme
        assert placement.pupil_id == card.pupil_id
    with pytest.raises(RuleError, match="already recorded"):
        set_move_outcome(demo_store, move.id, MoveOutcome.SUCCESSFUL, date(2027, 2, 11))
    with pytest.raises(RuleError, match="already has an outcome"):
        undo_decision(demo_store, card.referral_id, DEMO_TODAY)


def test_move_that_succeeds_creates_no_placement(demo_store: Store) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id)
    move = _guaranteed_move(demo_store, meeting_id, card)
    result = set_move_outcome(demo_store, move.id, MoveOutcome.SUCCESSFUL, date(2027, 2, 15))
    assert result.placement_id is None


def test_tally_counts_moves_received_and_sent_per_school(demo_store: Store) -> None:
    before = {t.school: t for t in school_tally(demo_store)}
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id)
    move = _guaranteed_move(demo_store, meeting_id, card)
    after = {t.school: t for t in school_tally(demo_store)}
    schools = {s.id: s.name for s in list_schools(demo_store)}
    sender, receiver = schools[move.sending_school_id], schools[move.receiving_school_id]
    assert after[sender].sent == before[sender].sent + 1
    assert after[receiver].received == before[receiver].received + 1
    assert sum(t.received for t in after.values()) == sum(t.sent for t in after.values())


def test_undo_removes_the_request_while_it_is_still_requested(demo_store: Store) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id, stage=4)
    _decide(
        demo_store,
        meeting_id,
        card,
        outcome=CoreOutcome.OUTSIDE_PROGRAMME,
        programme=Programme.KS4_TIER3_AP,
    )
    undo_decision(demo_store, card.referral_id, DEMO_TODAY)
    assert _status(demo_store, card.referral_id) == ReferralStatus.ON_CORE_AGENDA
    with demo_store.session() as s:
        assert not s.scalars(
            select(Placement).where(Placement.referral_id == card.referral_id)
        ).all()
    # Decide again, and let the rosters take the place up: undo is refused and explained.
    _decide(
        demo_store,
        meeting_id,
        card,
        outcome=CoreOutcome.OUTSIDE_PROGRAMME,
        programme=Programme.KS4_TIER3_AP,
    )
    with demo_store.session() as s:
        placement = s.scalars(
            select(Placement).where(Placement.referral_id == card.referral_id)
        ).one()
        placement.status = PlacementStatus.ACTIVE
    shown = load_board(demo_store, meeting_id, DEMO_TODAY).column(CoreOutcome.OUTSIDE_PROGRAMME)
    assert "already active" in (shown[0].undo_blocked or "")
    with pytest.raises(RuleError, match="already active"):
        undo_decision(demo_store, card.referral_id, DEMO_TODAY)


def test_undo_back_to_forum_only_before_the_forum_discusses_it(demo_store: Store) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id)
    _decide(demo_store, meeting_id, card, outcome=CoreOutcome.BACK_TO_FORUM)
    first = _decision(demo_store, card.referral_id).forum_referral_id
    undo_decision(demo_store, card.referral_id, DEMO_TODAY)
    with demo_store.session() as s:
        assert s.get(Referral, first) is None
        assert not s.scalars(select(AgendaItem).where(AgendaItem.referral_id == first)).all()
    _decide(demo_store, meeting_id, card, outcome=CoreOutcome.BACK_TO_FORUM)
    second = _decision(demo_store, card.referral_id).forum_referral_id
    with demo_store.session() as s:
        s.add(ActionPlan(referral_id=second, discussion_summary="Discussed."))
    with pytest.raises(RuleError, match="Forum has already"):
        undo_decision(demo_store, card.referral_id, DEMO_TODAY)


def test_minutes_hold_each_case_with_what_it_started(demo_store: Store) -> None:
    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id, stage=4)
    _decide(
        demo_store,
        meeting_id,
        card,
        outcome=CoreOutcome.OUTSIDE_PROGRAMME,
        programme=Programme.PATHWAY_1,
    )
    minutes = minutes_for(demo_store, meeting_id, DEMO_TODAY)
    case = next(c for c in minutes.cases if c.pupil_name == card.pupil_name)
    assert case.outcome == CoreOutcome.OUTSIDE_PROGRAMME
    assert case.rationale == WHY
    assert "KS4 pathway 1" in case.started and "requested" in case.started


def test_a_cancelled_core_meeting_takes_no_decisions(demo_store: Store) -> None:
    from slip_desktop.domain.enums import MeetingStatus

    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id)
    with demo_store.session() as s:
        meeting = s.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.status = MeetingStatus.CANCELLED
    with pytest.raises(RuleError, match="cancelled"):
        _decide(demo_store, meeting_id, card, outcome=CoreOutcome.BACK_TO_FORUM)
