"""The new school year as one job: copy steps, then Year 11 leavers' placements ended."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from slip_desktop.db.audit import record_event
from slip_desktop.db.offer import copy_offer, offer_years
from slip_desktop.db.rollover import (
    LeaverOutcome,
    copy_rates,
    copy_term_dates,
    end_year11_placements,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step


@dataclass(frozen=True)
class CopyStep:
    """One thing carried into the new year: ``run(store, from_year, to_year)`` says what it did.

    Each step is its own transaction and leaves a year that already has the data as it
    is, so a rollover cancelled between steps can simply be run again.
    """

    label: str
    run: Callable[[Store, int, int], str]


def _copy_offer(store: Store, from_year: int, to_year: int) -> str:
    """Carry the programmes, capacities and charging into the new year (kept if already set)."""
    if to_year in offer_years(store):
        return f"{academic_year_label(to_year)} already has its offer: left as it is."
    offer = copy_offer(store, from_year, to_year)
    return f"{len(offer.lines)} programmes copied to {academic_year_label(to_year)}."


#: What every new year copies, in order. Add a step here to carry more into the new year.
COPY_STEPS: list[CopyStep] = [
    CopyStep("The year's offer", _copy_offer),
    CopyStep("Rates", copy_rates),
    CopyStep("Term dates (same weekdays)", copy_term_dates),
]


@dataclass(frozen=True)
class RolloverPlan:
    """What the coordinator chose in the new-year dialog."""

    from_year: int
    #: The day Year 11 placements end (normally the last day of the summer term).
    ended_on: date
    leavers: Sequence[LeaverOutcome] = ()
    steps: Sequence[CopyStep] = field(default_factory=lambda: list(COPY_STEPS))

    @property
    def to_year(self) -> int:
        """The academic year being started."""
        return self.from_year + 1


@dataclass(frozen=True)
class RolloverResult:
    """What the rollover did, a line per step, for the dialog to show."""

    lines: list[str]
    ended: int


def run_rollover(
    store: Store,
    plan: RolloverPlan,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> RolloverResult:
    """Run the copy steps, then end the Year 11 leavers' placements; audit the whole run.

    Cancel stops before the next step; steps already done stay done (each is audited
    by its own writes) and a second run skips what is already there.
    """
    total = len(plan.steps) + 1
    lines: list[str] = []
    for done, copy in enumerate(plan.steps):
        step(progress, cancel, done, total, copy.label)
        lines.append(f"{copy.label}: {copy.run(store, plan.from_year, plan.to_year)}")
    step(progress, cancel, len(plan.steps), total, "Year 11 leavers")
    ended = end_year11_placements(store, plan.leavers, plan.ended_on) if plan.leavers else 0
    lines.append(
        f"Year 11 leavers: {ended} placement(s) ended on {plan.ended_on:%d %b %Y} "
        "with a post-16 destination."
    )
    progress(total, total, "")
    label = academic_year_label(plan.to_year)
    record_event(
        store,
        AuditAction.UPDATE,
        "school_year",
        plan.to_year,
        f"New school year {label} started. " + " ".join(lines),
    )
    return RolloverResult(lines, ended)
