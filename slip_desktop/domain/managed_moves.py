"""Managed moves and fresh starts: what a move needs and how its outcome may change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slip_desktop.domain.core_outcomes import TIER4_PROGRAMMES
from slip_desktop.domain.enums import MoveOutcome, Programme
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.programmes import check_key_stage

#: Waiting-list priority of a place the guarantee earns (ordinary requests are 0).
GUARANTEE_PRIORITY = 10
#: Longest sensible trial, in days (two terms).
MAX_TRIAL_DAYS = 26 * 7


@dataclass(frozen=True)
class MoveFacts:
    """A move as entered, with the two schools resolved to ids."""

    sending_school_id: int
    receiving_school_id: int | None
    starts_on: date | None
    trial_ends_on: date | None
    guaranteed: bool
    guarantee_programme: Programme | None


def validate_move(facts: MoveFacts, year_group: int, who: str = "The pupil") -> None:
    """Raise ValidationError/RuleError unless the move can be recorded."""
    errors: dict[str, str] = {}
    if facts.receiving_school_id is None:
        errors["receiving_school_id"] = "Choose the receiving school."
    elif facts.receiving_school_id == facts.sending_school_id:
        errors["receiving_school_id"] = "The receiving school must differ from the sending school."
    if facts.starts_on is None:
        errors["starts_on"] = "Give the date the move starts."
    if facts.trial_ends_on is not None and facts.starts_on is not None:
        if facts.trial_ends_on <= facts.starts_on:
            errors["trial_ends_on"] = "The trial must end after the move starts."
        elif (facts.trial_ends_on - facts.starts_on).days > MAX_TRIAL_DAYS:
            errors["trial_ends_on"] = "Trials last at most two terms: check the date."
    if facts.guaranteed and facts.guarantee_programme not in TIER4_PROGRAMMES:
        errors["guarantee_programme"] = (
            "A guaranteed move needs the tier-4 place it stands in for (KS3 long-term or a KS4 "
            "pathway)."
        )
    if errors:
        raise ValidationError(errors)
    if facts.guaranteed and facts.guarantee_programme is not None:
        check_key_stage(facts.guarantee_programme, year_group, who, "guarantee_programme")


#: Outcomes a move in progress may reach; a finished move stays as it is.
FINISHED = frozenset({MoveOutcome.SUCCESSFUL, MoveOutcome.FAILED, MoveOutcome.WITHDRAWN})


def check_outcome(current: MoveOutcome, new: MoveOutcome) -> None:
    """Raise RuleError unless a move's outcome may change from ``current`` to ``new``."""
    if current == new:
        return
    # From in progress any end is allowed (in progress to in progress returned above).
    if current != MoveOutcome.IN_PROGRESS:
        raise RuleError(f"This move is already recorded as {current.label.lower()}.", "outcome")


def guarantee_applies(guaranteed: bool, outcome: MoveOutcome) -> bool:
    """Return True when a move's failure earns the pupil a priority partnership place."""
    return guaranteed and outcome == MoveOutcome.FAILED
