"""When placements are reviewed, and which reviews are overdue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

#: Placements planned to last this long or less get a mid-point and an end review.
SHORT_PLACEMENT_WEEKS = 8
#: The longest break a short placement can span (Christmas or Easter).
BREAK_WEEKS = 2
#: Without term dates, longer placements are reviewed this often.
FALLBACK_REVIEW_WEEKS = 6
#: A half-termly review is not booked in the first fortnight of a placement.
SETTLING_IN = timedelta(weeks=2)

#: The rule as the coordinator reads it in the window.
REVIEW_RULE = (
    "Reviews are booked when a placement starts. Reset and other programmes of up to "
    f"{SHORT_PLACEMENT_WEEKS} teaching weeks: at the mid-point and at the planned end. Longer "
    "placements: in the last week of every half term (not in the first fortnight), and at "
    "the planned end. Each review asks: is this pupil able to return to mainstream?"
)


@dataclass(frozen=True)
class HalfTerm:
    """A stretch of teaching between breaks: a term's first or second half."""

    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class DueReview:
    """A review to book: when, and what kind."""

    due_on: date
    purpose: str


def _weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _teaching_days(
    starts_on: date, planned_end_on: date, closed: list[tuple[date, date]]
) -> list[date]:
    """Return the weekdays of a placement outside half terms and holidays."""
    days = []
    day = starts_on
    while day <= planned_end_on:
        if day.weekday() < 5 and not any(lo <= day <= hi for lo, hi in closed):
            days.append(day)
        day += timedelta(days=1)
    return days


def review_schedule(
    starts_on: date,
    planned_end_on: date | None,
    half_terms: Iterable[HalfTerm] = (),
    closed: Iterable[tuple[date, date]] = (),
) -> list[DueReview]:
    """Return the reviews a placement needs, in date order.

    Short placements (Reset's seven weeks, tier-2's six to eight) are reviewed at
    the mid-point (the middle teaching day, never in a half term) and at the end;
    longer ones at the end of each half term they span and at their planned end.
    """
    teaching = _teaching_days(starts_on, planned_end_on, list(closed)) if planned_end_on else []
    if planned_end_on is not None and len(teaching) <= SHORT_PLACEMENT_WEEKS * 5:
        middle = teaching[len(teaching) // 2] if teaching else planned_end_on
        return [DueReview(middle, "Mid-point review"), DueReview(planned_end_on, "End review")]
    halves = sorted(half_terms, key=lambda h: h.starts_on)
    earliest = starts_on + SETTLING_IN
    due: list[DueReview] = []
    if halves:
        for half in halves:
            review_day = _weekday_on_or_before(half.ends_on)
            if review_day < earliest:
                continue
            if planned_end_on is not None and review_day >= planned_end_on:
                break
            due.append(DueReview(review_day, "Half-term review"))
    else:
        limit = planned_end_on or starts_on + timedelta(weeks=52)
        day = starts_on + timedelta(weeks=FALLBACK_REVIEW_WEEKS)
        while day < limit:
            due.append(DueReview(_weekday_on_or_before(day), "Half-term review"))
            day += timedelta(weeks=FALLBACK_REVIEW_WEEKS)
    if planned_end_on is not None:
        due.append(DueReview(planned_end_on, "End review"))
    return due


def review_purpose(due_on: date, starts_on: date | None, planned_end_on: date | None) -> str:
    """Return which review of the schedule falls on ``due_on``."""
    if planned_end_on is not None and due_on >= planned_end_on:
        return "End review"
    if (
        starts_on is not None
        and planned_end_on is not None
        and planned_end_on - starts_on <= timedelta(weeks=SHORT_PLACEMENT_WEEKS + BREAK_WEEKS)
    ):
        return "Mid-point review"
    return "Half-term review"


def days_overdue(due_on: date, held_on: date | None, today: date) -> int:
    """Return how many days a review not yet held is past its due date (0 when not overdue)."""
    if held_on is not None or due_on >= today:
        return 0
    return (today - due_on).days


def review_state(due_on: date, held_on: date | None, today: date) -> str:
    """Return a word-based state, so overdue stands out without relying on colour."""
    if held_on is not None:
        return f"Held {held_on:%d %b %Y}"
    late = days_overdue(due_on, held_on, today)
    if late:
        return f"OVERDUE by {late} day{'s' if late != 1 else ''}"
    ahead = (due_on - today).days
    if ahead == 0:
        return "Due today"
    if ahead <= 7:
        return f"Due in {ahead} day{'s' if ahead != 1 else ''}"
    return "Booked"
