"""Core Meeting decisions: each outcome's fields at their limits, tier-2 dates, and undoing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from slip_desktop.domain.core_outcomes import (
    OUTSIDE_PROGRAMMES,
    RATIONALE_MAX,
    RATIONALE_MIN,
    TIER2_PROGRAMMES,
    TIER2_WEEKS,
    TIER4_PROGRAMMES,
    DecisionRequest,
    FollowUps,
    StartedPlacement,
    days_per_week,
    is_full_time,
    tier2_end,
    undo_blocker,
    validate_decision,
)
from slip_desktop.domain.enums import CoreOutcome, PlacementStatus, Programme, ReferralStatus
from slip_desktop.domain.errors import RuleError, ValidationError

P = Programme
TODAY = date(2026, 12, 17)
START = date(2027, 1, 11)
TIER2 = DecisionRequest(
    CoreOutcome.IN_SCHOOL_SUPPORT,
    "Small group suits her; the school agrees.",
    "Σοφία Παπαδοπούλου",
    programme=P.SMALL_GROUP,
    weeks=6,
    mentor_id=3,
    starts_on=START,
)


def errors_of(request: DecisionRequest, year_group: int = 9) -> dict[str, str]:
    """Return the field -> message map validate_decision raises (empty when accepted)."""
    try:
        validate_decision(request, year_group)
    except ValidationError as error:
        return error.errors
    return {}


def test_the_offer_groups_programmes_by_tier_and_key_stage() -> None:
    assert TIER2_PROGRAMMES == (P.SMALL_GROUP, P.ONE_TO_ONE, P.ENGAGEMENT)
    assert OUTSIDE_PROGRAMMES == {
        3: (P.RESET, P.KS3_LONG_TERM),
        4: (P.KS4_TIER3_AP, P.PATHWAY_1, P.PATHWAY_2, P.PATHWAY_3),
    }
    assert TIER4_PROGRAMMES == (P.KS3_LONG_TERM, P.PATHWAY_1, P.PATHWAY_2, P.PATHWAY_3)
    assert TIER2_WEEKS == (6, 8)
    assert (RATIONALE_MIN, RATIONALE_MAX) == (10, 600)


def test_only_tier_4_places_are_full_time_five_days() -> None:
    assert [p for p in Programme if is_full_time(p)] == list(TIER4_PROGRAMMES)
    assert days_per_week(P.RESET) == Decimal("2.5")
    assert days_per_week(P.KS4_TIER3_AP) == Decimal("2")
    assert days_per_week(P.PATHWAY_1) == Decimal("5")
    assert days_per_week(P.ONE_TO_ONE) == Decimal("1")


def test_a_whole_tier_2_decision_is_accepted() -> None:
    assert errors_of(TIER2) == {}


@pytest.mark.parametrize("rationale", ["x" * 10, "  " + "x" * 10 + "  ", "x" * 600])
def test_a_rationale_of_10_to_600_characters_is_accepted(rationale: str) -> None:
    assert errors_of(replace(TIER2, rationale=rationale)) == {}


def test_a_rationale_of_nine_characters_is_refused() -> None:
    assert errors_of(replace(TIER2, rationale=" " + "x" * 9 + " ")) == {
        "rationale": "Give a short reason for the decision (a sentence for the minutes)."
    }


def test_a_rationale_of_601_characters_is_refused() -> None:
    assert errors_of(replace(TIER2, rationale="x" * 601)) == {
        "rationale": "Keep the reason under 600 characters."
    }


def test_a_decision_says_who_made_it() -> None:
    assert errors_of(replace(TIER2, decided_by=" ")) == {"decided_by": "Say who made the decision."}


def test_who_decided_fits_in_120_characters() -> None:
    assert errors_of(replace(TIER2, decided_by=" " + "Ó" * 120 + " ")) == {}
    assert errors_of(replace(TIER2, decided_by="Ó" * 121)) == {
        "decided_by": "Keep the name to 120 characters."
    }


def test_school_continues_needs_the_advice() -> None:
    request = DecisionRequest(CoreOutcome.SCHOOL_CONTINUES, "x" * 20, "Chair", advice=" ")
    assert errors_of(request) == {"advice": "Record the advice the school will continue with."}
    assert errors_of(replace(request, advice="Keep the key adult.")) == {}


def test_back_to_forum_needs_only_the_reason_and_who() -> None:
    assert errors_of(DecisionRequest(CoreOutcome.BACK_TO_FORUM, "x" * 20, "Chair")) == {}


@pytest.mark.parametrize("programme", [None, P.RESET, P.PATHWAY_1])
def test_tier_2_support_needs_a_tier_2_programme(programme: Programme | None) -> None:
    assert errors_of(replace(TIER2, programme=programme)) == {
        "programme": "Choose small group, 1:1 or Engagement Officer."
    }


@pytest.mark.parametrize("programme", list(TIER2_PROGRAMMES))
def test_each_tier_2_programme_is_accepted(programme: Programme) -> None:
    assert errors_of(replace(TIER2, programme=programme)) == {}


@pytest.mark.parametrize("weeks", [6, 7, 8])
def test_tier_2_runs_six_to_eight_weeks(weeks: int) -> None:
    assert errors_of(replace(TIER2, weeks=weeks)) == {}


@pytest.mark.parametrize("weeks", [None, 5, 9])
def test_tier_2_outside_six_to_eight_weeks_is_refused(weeks: int | None) -> None:
    assert errors_of(replace(TIER2, weeks=weeks)) == {
        "weeks": "A tier-2 programme runs 6 to 8 weeks."
    }


def test_tier_2_needs_a_learning_mentor_and_a_start() -> None:
    assert errors_of(replace(TIER2, mentor_id=None, starts_on=None)) == {
        "mentor_id": "Choose the learning mentor from the staff list.",
        "starts_on": "Give the date the programme starts.",
    }


def test_tier_2_starting_in_year_9999_is_refused() -> None:
    assert errors_of(replace(TIER2, starts_on=date(9999, 12, 1))) == {
        "starts_on": "Check the year: dates run from 2000 to 2099."
    }


def test_tier_2_arranged_as_a_move_needs_no_programme() -> None:
    request = DecisionRequest(CoreOutcome.IN_SCHOOL_SUPPORT, "x" * 20, "Chair", move=object())  # type: ignore[arg-type]
    assert errors_of(request) == {}


@pytest.mark.parametrize("programme", [None, P.SMALL_GROUP, P.ENGAGEMENT])
def test_a_programme_outside_school_must_be_tier_3_or_4(programme: Programme | None) -> None:
    request = DecisionRequest(CoreOutcome.OUTSIDE_PROGRAMME, "x" * 20, "Chair", programme=programme)
    assert errors_of(request) == {"programme": "Choose the programme outside school."}


@pytest.mark.parametrize(("programme", "year_group"), [(P.RESET, 7), (P.KS4_TIER3_AP, 11)])
def test_a_programme_outside_school_for_the_pupils_key_stage_is_accepted(
    programme: Programme, year_group: int
) -> None:
    request = DecisionRequest(CoreOutcome.OUTSIDE_PROGRAMME, "x" * 20, "Chair", programme=programme)
    assert errors_of(request, year_group) == {}


def test_a_programme_outside_school_for_another_key_stage_is_refused_by_name() -> None:
    request = DecisionRequest(CoreOutcome.OUTSIDE_PROGRAMME, "x" * 20, "Chair", programme=P.RESET)
    with pytest.raises(RuleError) as caught:
        validate_decision(request, 10, "Олег Петренко")
    assert caught.value.field == "programme"
    assert caught.value.message.startswith("Олег Петренко is in Year 10 (KS4)")


def test_booked_weekdays_are_read_or_refused_by_name() -> None:
    assert errors_of(replace(TIER2, weekdays="mon, wed,fri")) == {}
    assert errors_of(replace(TIER2, weekdays="mon,sat")) == {
        "weekdays": "'sat' is not a weekday (mon to fri)."
    }


def test_every_wrong_field_of_a_decision_is_named_at_once() -> None:
    request = replace(
        TIER2,
        rationale="",
        decided_by="",
        programme=None,
        weeks=None,
        mentor_id=None,
        starts_on=None,
        weekdays="sun",
    )
    assert list(errors_of(request)) == [
        "rationale",
        "decided_by",
        "programme",
        "weeks",
        "mentor_id",
        "starts_on",
        "weekdays",
    ]


def test_a_tier_2_programme_ends_the_day_before_the_same_weekday_weeks_later() -> None:
    assert tier2_end(START, 6) == date(2027, 2, 21)
    assert tier2_end(START, 1) == date(2027, 1, 17)


REQUESTED = StartedPlacement("KS3 Reset", PlacementStatus.REQUESTED, date(2026, 12, 18))


def follow_ups(**changes: object) -> FollowUps:
    """Return the follow-ups of a Reset decision nobody has acted on, changed as given."""
    base = FollowUps(CoreOutcome.OUTSIDE_PROGRAMME, ReferralStatus.DECIDED, [REQUESTED])
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_decision_nobody_acted_on_can_be_undone() -> None:
    assert undo_blocker(follow_ups(), TODAY) is None
    assert undo_blocker(follow_ups(placements=[replace(REQUESTED, starts_on=None)]), TODAY) is None


@pytest.mark.parametrize(
    "status", [PlacementStatus.WAITING, PlacementStatus.ACTIVE, PlacementStatus.CANCELLED]
)
def test_a_place_no_longer_requested_blocks_undoing(status: PlacementStatus) -> None:
    blocked = follow_ups(placements=[replace(REQUESTED, status=status)])
    assert undo_blocker(blocked, TODAY) == (
        f"The KS3 Reset place is already {status.label.lower()}; "
        "change it on the Centre rosters instead."
    )


def test_a_place_starting_today_blocks_undoing_tomorrow_does_not() -> None:
    started = "The KS3 Reset programme has started; end it on the rosters instead."
    assert (
        undo_blocker(follow_ups(placements=[replace(REQUESTED, starts_on=TODAY)]), TODAY) == started
    )
    tomorrow = date(2026, 12, 18)
    assert (
        undo_blocker(follow_ups(placements=[replace(REQUESTED, starts_on=tomorrow)]), TODAY) is None
    )


def test_a_used_place_blocks_undoing() -> None:
    assert undo_blocker(follow_ups(placements=[replace(REQUESTED, used=True)]), TODAY) == (
        "The KS3 Reset programme has started; end it on the rosters instead."
    )


def test_every_place_is_checked_not_only_the_first() -> None:
    second = StartedPlacement("Tier 2 1:1", PlacementStatus.ACTIVE, None)
    assert undo_blocker(follow_ups(placements=[REQUESTED, second]), TODAY) == (
        "The Tier 2 1:1 place is already active; change it on the Centre rosters instead."
    )


@pytest.mark.parametrize("status", [None, ReferralStatus.NEW, ReferralStatus.ON_AGENDA])
def test_a_new_forum_referral_not_yet_discussed_can_be_undone(
    status: ReferralStatus | None,
) -> None:
    assert undo_blocker(follow_ups(forum_referral_status=status), TODAY) is None


@pytest.mark.parametrize("status", [ReferralStatus.DISCUSSED, ReferralStatus.CLOSED])
def test_a_forum_referral_taken_up_blocks_undoing(status: ReferralStatus) -> None:
    assert undo_blocker(follow_ups(forum_referral_status=status), TODAY) == (
        "The Inclusion Forum has already taken up the new referral."
    )


def test_a_forum_referral_discussed_blocks_undoing() -> None:
    assert undo_blocker(follow_ups(forum_discussed=True), TODAY) == (
        "The Inclusion Forum has already taken up the new referral."
    )


def test_a_move_with_an_outcome_blocks_undoing() -> None:
    assert undo_blocker(follow_ups(moves_finished=True), TODAY) == (
        "The managed move already has an outcome recorded."
    )


def test_a_closed_referral_blocks_undoing() -> None:
    assert undo_blocker(follow_ups(referral_status=ReferralStatus.CLOSED), TODAY) == (
        "The referral was closed with the school continuing; a closed referral cannot be "
        "reopened. Ask the school for a new partnership referral."
    )


def test_a_programme_of_another_key_stage_names_the_pupil_by_default() -> None:
    request = DecisionRequest(CoreOutcome.OUTSIDE_PROGRAMME, "x" * 20, "Chair", programme=P.RESET)
    with pytest.raises(RuleError, match=r"^The pupil is in Year 10 \(KS4\)"):
        validate_decision(request, 10)


@pytest.mark.parametrize("outcome", [CoreOutcome.BACK_TO_FORUM, CoreOutcome.SCHOOL_CONTINUES])
def test_only_a_programme_outside_school_is_checked_against_the_key_stage(
    outcome: CoreOutcome,
) -> None:
    # A programme left chosen on the form is not started by these outcomes.
    request = DecisionRequest(
        outcome, "x" * 20, "Chair", advice="Keep the key adult.", programme=P.RESET
    )
    assert errors_of(request, 10) == {}
