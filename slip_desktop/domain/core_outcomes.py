"""What each Core Meeting outcome asks for, starts, and when it may still be undone.

``check_key_stage`` lives in ``domain/programmes.py``
(re-exported here for the Core board).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from slip_desktop.domain.enums import (
    CoreOutcome,
    MoveKind,
    PlacementStatus,
    Programme,
    ReferralStatus,
)
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.programmes import (
    check_key_stage,
    info,
    parse_weekdays,
    programmes_where,
)
from slip_desktop.domain.validation import SHORT_TEXT_MAX, day_problem

#: Tier-2 programmes run in school by partnership staff.
TIER2_PROGRAMMES: tuple[Programme, ...] = programmes_where(tier=2)
#: Programmes outside school, by the key stage they serve.
OUTSIDE_PROGRAMMES: dict[int, tuple[Programme, ...]] = {
    stage: tuple(p for p in programmes_where(stage=stage) if info(p).tier > 2) for stage in (3, 4)
}
#: Full-time (tier 4) places a guaranteed managed move falls back to.
TIER4_PROGRAMMES: tuple[Programme, ...] = programmes_where(full_time=True)
#: Tier-2 programmes usually last six to eight weeks.
TIER2_WEEKS = (6, 8)
#: A rationale is a short sentence, long enough to mean something in the minutes.
RATIONALE_MIN, RATIONALE_MAX = 10, 600


def is_full_time(programme: Programme) -> bool:
    """Return True for the full-time (tier 4) programmes outside school."""
    return info(programme).full_time


def days_per_week(programme: Programme) -> Decimal:
    """Return the usual days a week a new placement on ``programme`` takes."""
    return info(programme).days_per_week


@dataclass(frozen=True)
class MoveRequest:
    """A managed move or fresh start arranged as the in-school (tier 2) support."""

    kind: MoveKind
    receiving_school_id: int | None
    starts_on: date | None
    trial_ends_on: date | None
    guaranteed: bool = False
    guarantee_programme: Programme | None = None
    notes: str = ""


@dataclass(frozen=True)
class DecisionRequest:
    """What the coordinator entered for one decision at the board."""

    outcome: CoreOutcome
    rationale: str
    decided_by: str
    advice: str = ""
    programme: Programme | None = None
    weeks: int | None = None
    mentor_id: int | None = None
    starts_on: date | None = None
    move: MoveRequest | None = None
    #: Booked weekdays of a tier-3 place, e.g. "mon,wed,fri" (sets its days a week).
    weekdays: str = ""


def validate_decision(request: DecisionRequest, year_group: int, who: str = "The pupil") -> None:
    """Raise ValidationError (every field at once) or RuleError if the decision cannot stand.

    Moves are checked by ``domain.managed_moves.validate_move``, which needs the schools.
    """
    errors: dict[str, str] = {}
    rationale = request.rationale.strip()
    if len(rationale) < RATIONALE_MIN:
        errors["rationale"] = "Give a short reason for the decision (a sentence for the minutes)."
    elif len(rationale) > RATIONALE_MAX:
        errors["rationale"] = f"Keep the reason under {RATIONALE_MAX} characters."
    if not request.decided_by.strip():
        errors["decided_by"] = "Say who made the decision."
    elif len(request.decided_by.strip()) > SHORT_TEXT_MAX:
        # The column holds 120 characters; a longer name was stored past its end.
        errors["decided_by"] = f"Keep the name to {SHORT_TEXT_MAX} characters."
    outcome = request.outcome
    if outcome == CoreOutcome.SCHOOL_CONTINUES and not request.advice.strip():
        errors["advice"] = "Record the advice the school will continue with."
    if outcome == CoreOutcome.IN_SCHOOL_SUPPORT and request.move is None:
        if request.programme not in TIER2_PROGRAMMES:
            errors["programme"] = "Choose small group, 1:1 or Engagement Officer."
        low, high = TIER2_WEEKS
        if request.weeks is None or not low <= request.weeks <= high:
            errors["weeks"] = f"A tier-2 programme runs {low} to {high} weeks."
        if request.mentor_id is None:
            errors["mentor_id"] = "Choose the learning mentor from the staff list."
        if request.starts_on is None:
            errors["starts_on"] = "Give the date the programme starts."
        elif problem := day_problem(request.starts_on):
            # A start in year 9999 made the planned end overflow.
            errors["starts_on"] = problem
    if outcome == CoreOutcome.OUTSIDE_PROGRAMME and (
        request.programme is None or info(request.programme).tier <= 2
    ):
        errors["programme"] = "Choose the programme outside school."
    if request.weekdays:
        try:
            parse_weekdays(request.weekdays)
        except RuleError as error:
            errors["weekdays"] = error.message
    if errors:
        raise ValidationError(errors)
    if outcome == CoreOutcome.OUTSIDE_PROGRAMME and request.programme is not None:
        check_key_stage(request.programme, year_group, who)


def tier2_end(starts_on: date, weeks: int) -> date:
    """Return the planned last day of a tier-2 programme of ``weeks`` weeks."""
    return starts_on + timedelta(weeks=weeks) - timedelta(days=1)


@dataclass(frozen=True)
class StartedPlacement:
    """A placement a decision started, as far as undoing is concerned."""

    label: str
    status: PlacementStatus
    starts_on: date | None
    used: bool = False


@dataclass(frozen=True)
class FollowUps:
    """Everything a decision started, in plain facts."""

    outcome: CoreOutcome
    referral_status: ReferralStatus
    placements: list[StartedPlacement] = field(default_factory=list)
    forum_referral_status: ReferralStatus | None = None
    forum_discussed: bool = False
    moves_finished: bool = False


def undo_blocker(follow_ups: FollowUps, today: date) -> str | None:
    """Return why a decision can no longer be undone, or None when it still can."""
    for placement in follow_ups.placements:
        if placement.status != PlacementStatus.REQUESTED:
            return (
                f"The {placement.label} place is already {placement.status.label.lower()}; "
                "change it on the Centre rosters instead."
            )
        if placement.used or (placement.starts_on is not None and placement.starts_on <= today):
            return f"The {placement.label} programme has started; end it on the rosters instead."
    if follow_ups.forum_discussed or follow_ups.forum_referral_status not in (
        None,
        ReferralStatus.NEW,
        ReferralStatus.ON_AGENDA,
    ):
        return "The Inclusion Forum has already taken up the new referral."
    if follow_ups.moves_finished:
        return "The managed move already has an outcome recorded."
    if follow_ups.referral_status == ReferralStatus.CLOSED:
        return (
            "The referral was closed with the school continuing; a closed referral cannot be "
            "reopened. Ask the school for a new partnership referral."
        )
    return None
