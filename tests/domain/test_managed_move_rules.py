"""Managed moves: what a move needs, the trial's length, the guarantee and outcome changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from slip_desktop.domain.enums import MoveOutcome, Programme
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.managed_moves import (
    FINISHED,
    GUARANTEE_PRIORITY,
    MAX_TRIAL_DAYS,
    MoveFacts,
    check_outcome,
    guarantee_applies,
    validate_move,
)

START = date(2026, 11, 2)
MOVE = MoveFacts(
    sending_school_id=1,
    receiving_school_id=2,
    starts_on=START,
    trial_ends_on=START + timedelta(weeks=12),
    guaranteed=False,
    guarantee_programme=None,
)


def errors_of(facts: MoveFacts, year_group: int = 9) -> dict[str, str]:
    """Return the field -> message map validate_move raises (empty when accepted)."""
    try:
        validate_move(facts, year_group)
    except ValidationError as error:
        return error.errors
    return {}


def test_a_guaranteed_place_outranks_ordinary_requests_and_trials_last_two_terms() -> None:
    assert GUARANTEE_PRIORITY == 10
    assert MAX_TRIAL_DAYS == 182


def test_a_whole_move_is_accepted() -> None:
    assert errors_of(MOVE) == {}


def test_a_move_without_a_trial_end_is_accepted() -> None:
    assert errors_of(replace(MOVE, trial_ends_on=None)) == {}


def test_a_move_needs_a_receiving_school() -> None:
    assert errors_of(replace(MOVE, receiving_school_id=None)) == {
        "receiving_school_id": "Choose the receiving school."
    }


def test_a_move_to_the_sending_school_is_refused() -> None:
    assert errors_of(replace(MOVE, receiving_school_id=1)) == {
        "receiving_school_id": "The receiving school must differ from the sending school."
    }


def test_a_move_needs_a_start_date() -> None:
    assert errors_of(replace(MOVE, starts_on=None)) == {
        "starts_on": "Give the date the move starts."
    }


def test_a_trial_ending_the_day_it_starts_is_refused() -> None:
    assert errors_of(replace(MOVE, trial_ends_on=START)) == {
        "trial_ends_on": "The trial must end after the move starts."
    }


def test_a_trial_ending_before_it_starts_is_refused() -> None:
    assert errors_of(replace(MOVE, trial_ends_on=START - timedelta(days=1)))["trial_ends_on"] == (
        "The trial must end after the move starts."
    )


def test_a_trial_ending_the_day_after_it_starts_is_accepted() -> None:
    assert errors_of(replace(MOVE, trial_ends_on=START + timedelta(days=1))) == {}


def test_a_trial_of_exactly_two_terms_is_accepted() -> None:
    assert errors_of(replace(MOVE, trial_ends_on=START + timedelta(days=MAX_TRIAL_DAYS))) == {}


def test_a_trial_a_day_longer_than_two_terms_is_refused() -> None:
    ends = START + timedelta(days=MAX_TRIAL_DAYS + 1)
    assert errors_of(replace(MOVE, trial_ends_on=ends)) == {
        "trial_ends_on": "Trials last at most two terms: check the date."
    }


def test_a_guaranteed_move_needs_its_tier_4_place() -> None:
    expected = {
        "guarantee_programme": "A guaranteed move needs the tier-4 place it stands in for "
        "(KS3 long-term or a KS4 pathway)."
    }
    assert errors_of(replace(MOVE, guaranteed=True)) == expected
    assert (
        errors_of(replace(MOVE, guaranteed=True, guarantee_programme=Programme.RESET)) == expected
    )


@pytest.mark.parametrize(
    ("programme", "year_group"), [(Programme.KS3_LONG_TERM, 8), (Programme.PATHWAY_1, 10)]
)
def test_a_guaranteed_move_with_a_tier_4_place_of_the_pupils_key_stage_is_accepted(
    programme: Programme, year_group: int
) -> None:
    assert (
        errors_of(replace(MOVE, guaranteed=True, guarantee_programme=programme), year_group) == {}
    )


def test_a_guaranteed_place_of_another_key_stage_is_refused_on_the_programme() -> None:
    facts = replace(MOVE, guaranteed=True, guarantee_programme=Programme.PATHWAY_2)
    with pytest.raises(RuleError) as caught:
        validate_move(facts, 8, "Zoë O'Brien-Ćorić")
    assert caught.value.field == "guarantee_programme"
    assert caught.value.message.startswith("Zoë O'Brien-Ćorić is in Year 8 (KS3)")


def test_an_unguaranteed_move_ignores_the_programme_field() -> None:
    assert errors_of(replace(MOVE, guarantee_programme=Programme.PATHWAY_2), 8) == {}


def test_every_wrong_field_of_a_move_is_named_at_once() -> None:
    facts = MoveFacts(3, 3, None, START, True, None)
    assert list(errors_of(facts)) == ["receiving_school_id", "starts_on", "guarantee_programme"]


def test_a_finished_move_is_successful_failed_or_withdrawn() -> None:
    assert (
        frozenset({MoveOutcome.SUCCESSFUL, MoveOutcome.FAILED, MoveOutcome.WITHDRAWN}) == FINISHED
    )


@pytest.mark.parametrize("outcome", list(MoveOutcome))
def test_an_outcome_may_be_saved_unchanged(outcome: MoveOutcome) -> None:
    check_outcome(outcome, outcome)


@pytest.mark.parametrize("new", sorted(FINISHED))
def test_a_move_in_progress_may_end_any_way(new: MoveOutcome) -> None:
    check_outcome(MoveOutcome.IN_PROGRESS, new)


@pytest.mark.parametrize("current", sorted(FINISHED))
@pytest.mark.parametrize("new", list(MoveOutcome))
def test_a_finished_move_keeps_its_outcome(current: MoveOutcome, new: MoveOutcome) -> None:
    if new == current:
        return
    with pytest.raises(RuleError) as caught:
        check_outcome(current, new)
    assert caught.value.field == "outcome"
    assert caught.value.message == f"This move is already recorded as {current.label.lower()}."


def test_a_finished_move_says_how_it_ended_in_lower_case() -> None:
    with pytest.raises(RuleError, match=r"^This move is already recorded as successful\.$"):
        check_outcome(MoveOutcome.SUCCESSFUL, MoveOutcome.FAILED)


def test_a_failed_move_cannot_go_back_to_in_progress() -> None:
    with pytest.raises(RuleError) as caught:
        check_outcome(MoveOutcome.FAILED, MoveOutcome.IN_PROGRESS)
    assert caught.value.message == "This move is already recorded as failed."


def test_only_a_failed_guaranteed_move_earns_a_place() -> None:
    assert guarantee_applies(True, MoveOutcome.FAILED)
    assert not guarantee_applies(False, MoveOutcome.FAILED)
    for outcome in (MoveOutcome.IN_PROGRESS, MoveOutcome.SUCCESSFUL, MoveOutcome.WITHDRAWN):
        assert not guarantee_applies(True, outcome)


def test_a_guaranteed_place_of_another_key_stage_names_the_pupil_by_default() -> None:
    facts = replace(MOVE, guaranteed=True, guarantee_programme=Programme.PATHWAY_2)
    with pytest.raises(RuleError, match=r"^The pupil is in Year 8 \(KS3\)"):
        validate_move(facts, 8)
