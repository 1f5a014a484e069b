from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.core_outcomes import (
    DecisionRequest,
    FollowUps,
    StartedPlacement,
    check_key_stage,
    days_per_week,
    is_full_time,
    tier2_end,
    undo_blocker,
    validate_decision,
)
from slip_desktop.domain.enums import CoreOutcome, PlacementStatus, Programme, ReferralStatus
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.managed_moves import MoveFacts, check_outcome, validate_move

TODAY = date(2026, 12, 17)
RATIONALE = "Agreed after hearing the school and the forum review."


def _request(outcome: CoreOutcome, **kwargs: object) -> DecisionRequest:
    return DecisionRequest(outcome, kwargs.pop("rationale", RATIONALE), "Gareth Pryce", **kwargs)  # type: ignore[arg-type]


def test_every_decision_needs_a_short_rationale_and_who_decided() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_decision(DecisionRequest(CoreOutcome.BACK_TO_FORUM, "ok", "  "), 9)
    assert set(caught.value.errors) == {"rationale", "decided_by"}


def test_school_continues_records_the_advice() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_decision(_request(CoreOutcome.SCHOOL_CONTINUES), 9)
    assert "advice" in caught.value.errors
    validate_decision(_request(CoreOutcome.SCHOOL_CONTINUES, advice="Keep the key adult."), 9)


def test_tier2_programme_runs_six_to_eight_weeks_with_a_learning_mentor() -> None:
    base = {"programme": Programme.ONE_TO_ONE, "mentor_id": 3, "starts_on": TODAY}
    with pytest.raises(ValidationError) as caught:
        validate_decision(_request(CoreOutcome.IN_SCHOOL_SUPPORT, weeks=9, **base), 9)
    assert "6 to 8 weeks" in caught.value.errors["weeks"]
    with pytest.raises(ValidationError) as caught:
        validate_decision(
            _request(CoreOutcome.IN_SCHOOL_SUPPORT, weeks=6, programme=Programme.RESET), 9
        )
    assert {"programme", "mentor_id", "starts_on"} <= set(caught.value.errors)
    for weeks in (6, 7, 8):
        validate_decision(_request(CoreOutcome.IN_SCHOOL_SUPPORT, weeks=weeks, **base), 9)
    assert tier2_end(date(2026, 12, 21), 6) == date(2027, 1, 31)


def test_key_stage_mismatch_is_refused_with_its_message() -> None:
    with pytest.raises(RuleError) as caught:
        validate_decision(
            _request(CoreOutcome.OUTSIDE_PROGRAMME, programme=Programme.RESET), 10, "Logan Reid"
        )
    message = caught.value.message
    assert caught.value.field == "programme"
    assert "Logan Reid is in Year 10 (KS4)" in message
    assert "KS3 Reset is a KS3 programme" in message
    assert "KS4 pathway 1" in message
    with pytest.raises(RuleError, match=r"Year 8 \(KS3\).*KS4 programme"):
        check_key_stage(Programme.PATHWAY_1, 8)
    check_key_stage(Programme.KS3_LONG_TERM, 9)
    check_key_stage(Programme.KS4_TIER3_AP, 11)


def test_ks3_offers_reset_and_long_term_ks4_offers_tier3_and_three_pathways() -> None:
    assert not is_full_time(Programme.RESET) and is_full_time(Programme.KS3_LONG_TERM)
    assert not is_full_time(Programme.KS4_TIER3_AP)
    assert all(is_full_time(p) for p in (Programme.PATHWAY_1, Programme.PATHWAY_2))
    assert days_per_week(Programme.RESET) == 2.5


def test_undo_allowed_only_while_nothing_started_is_used() -> None:
    requested = StartedPlacement("KS3 Reset", PlacementStatus.REQUESTED, None)
    follow = FollowUps(CoreOutcome.OUTSIDE_PROGRAMME, ReferralStatus.DECIDED, [requested])
    assert undo_blocker(follow, TODAY) is None
    active = StartedPlacement("KS3 Reset", PlacementStatus.ACTIVE, TODAY)
    blocked = FollowUps(CoreOutcome.OUTSIDE_PROGRAMME, ReferralStatus.DECIDED, [active])
    assert "already active" in (undo_blocker(blocked, TODAY) or "")
    started = StartedPlacement("Tier 2 1:1", PlacementStatus.REQUESTED, date(2026, 12, 1))
    assert "has started" in (
        undo_blocker(FollowUps(CoreOutcome.IN_SCHOOL_SUPPORT, S_DECIDED, [started]), TODAY) or ""
    )
    discussed = FollowUps(
        CoreOutcome.BACK_TO_FORUM, S_DECIDED, forum_referral_status=ReferralStatus.DISCUSSED
    )
    assert "Forum has already" in (undo_blocker(discussed, TODAY) or "")
    closed = FollowUps(CoreOutcome.SCHOOL_CONTINUES, ReferralStatus.CLOSED)
    assert "cannot be reopened" in (undo_blocker(closed, TODAY) or "")


S_DECIDED = ReferralStatus.DECIDED


def test_guaranteed_move_needs_the_tier4_place_it_replaces() -> None:
    facts = MoveFacts(1, 2, TODAY, date(2027, 2, 1), True, None)
    with pytest.raises(ValidationError) as caught:
        validate_move(facts, 10)
    assert "guarantee_programme" in caught.value.errors
    with pytest.raises(RuleError, match="KS3 long-term"):
        validate_move(MoveFacts(1, 2, TODAY, None, True, Programme.KS3_LONG_TERM), 10)
    validate_move(MoveFacts(1, 2, TODAY, None, True, Programme.PATHWAY_2), 10)


def test_move_needs_another_school_and_a_trial_after_the_start() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_move(MoveFacts(1, 1, TODAY, date(2026, 12, 1), False, None), 8)
    assert set(caught.value.errors) == {"receiving_school_id", "trial_ends_on"}


def test_move_outcome_is_final_once_recorded() -> None:
    from slip_desktop.domain.enums import MoveOutcome

    check_outcome(MoveOutcome.IN_PROGRESS, MoveOutcome.FAILED)
    with pytest.raises(RuleError, match="already recorded as failed"):
        check_outcome(MoveOutcome.FAILED, MoveOutcome.SUCCESSFUL)
