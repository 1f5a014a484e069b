"""Centres, their programmes' places, and the capacity and waiting-list rules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import RuleError


class CapacityError(RuleError):
    """A placement would take a programme past its places on at least one day."""


class Centre(StrEnum):
    """Where a placed pupil spends their programme days."""

    PLC = "SLIP Pupil Learning Centre"
    WIGSTON = "Wigston Centre"
    AP = "Alternative provision"
    IN_SCHOOL = "In school (tier 2)"


#: Which centre runs each programme.
CENTRE_OF: dict[Programme, Centre] = {
    Programme.RESET: Centre.PLC,
    Programme.KS3_LONG_TERM: Centre.PLC,
    Programme.PATHWAY_1: Centre.WIGSTON,
    Programme.PATHWAY_2: Centre.WIGSTON,
    Programme.PATHWAY_3: Centre.WIGSTON,
    Programme.KS4_TIER3_AP: Centre.AP,
    Programme.SMALL_GROUP: Centre.IN_SCHOOL,
    Programme.ONE_TO_ONE: Centre.IN_SCHOOL,
    Programme.ENGAGEMENT: Centre.IN_SCHOOL,
}

#: Reset groups at the Pupil Learning Centre.
RESET_GROUPS = ("A", "B")
#: Places in each Reset group (two groups of five: ten Reset pupils at most).
RESET_GROUP_PLACES = 5
#: Long-term (tier 4) KS3 places at the Pupil Learning Centre.
KS3_LONG_TERM_PLACES = 10
#: The Wigston Centre holds 24 pupils on pathways 1 and 2 together.
WIGSTON_PLACES = 24
#: A Reset cohort lasts seven weeks.
RESET_WEEKS = 7
#: Reset pupils spend 2.5 days a week at the centre and 2.5 in school.
RESET_DAYS = 2.5


@dataclass(frozen=True)
class Pool:
    """A set of places shared by one or more programmes (a Reset group, Wigston's 24)."""

    key: str
    label: str
    centre: Centre
    places: int | None  # None: no fixed limit (AP and in-school work)


POOLS: dict[str, Pool] = {
    "reset-A": Pool("reset-A", "Reset group A", Centre.PLC, RESET_GROUP_PLACES),
    "reset-B": Pool("reset-B", "Reset group B", Centre.PLC, RESET_GROUP_PLACES),
    "ks3-long-term": Pool("ks3-long-term", "KS3 long-term", Centre.PLC, KS3_LONG_TERM_PLACES),
    "wigston-1-2": Pool("wigston-1-2", "Pathways 1 and 2", Centre.WIGSTON, WIGSTON_PLACES),
    "pathway-3": Pool("pathway-3", "Pathway 3 (blended AP)", Centre.WIGSTON, None),
    "tier-3-ap": Pool("tier-3-ap", "KS4 tier 3 AP", Centre.AP, None),
    "tier-2": Pool("tier-2", "Tier 2 in school", Centre.IN_SCHOOL, None),
}


def pool_key(programme: Programme, group: str = "") -> str:
    """Return the key of the places a placement on ``programme`` (and Reset ``group``) uses."""
    if programme == Programme.RESET:
        if group not in RESET_GROUPS:
            raise RuleError("Choose Reset group A or B.", "group")
        return f"reset-{group}"
    if programme == Programme.KS3_LONG_TERM:
        return "ks3-long-term"
    if programme in (Programme.PATHWAY_1, Programme.PATHWAY_2):
        return "wigston-1-2"
    if programme == Programme.PATHWAY_3:
        return "pathway-3"
    if programme == Programme.KS4_TIER3_AP:
        return "tier-3-ap"
    return "tier-2"


def waiting_list_key(programme: Programme, group: str = "") -> str:
    """Return the waiting list a refused request joins: Reset waits for either group."""
    return "reset" if programme == Programme.RESET else pool_key(programme, group)


def needs_provider(programme: Programme) -> bool:
    """Pathway 3 and tier 3 are delivered by an AP provider that must be named."""
    return programme in (Programme.PATHWAY_3, Programme.KS4_TIER3_AP)


def needs_mentor(programme: Programme) -> bool:
    """Tier-2 in-school programmes are run by a named mentor."""
    return CENTRE_OF[programme] == Centre.IN_SCHOOL


@dataclass(frozen=True)
class Stay:
    """The days one pupil holds a place: ``last`` None means no end date yet."""

    name: str
    first: date
    last: date | None

    def covers(self, day: date) -> bool:
        """Return True when the pupil holds the place on ``day``."""
        return self.first <= day and (self.last is None or day <= self.last)

    def overlaps(self, first: date, last: date | None) -> bool:
        """Return True when this stay shares at least one day with ``first``..``last``."""
        ends_after = self.last is None or first <= self.last
        starts_before = last is None or self.first <= last
        return ends_after and starts_before


def peak_occupancy(stays: Iterable[Stay], first: date, last: date | None) -> tuple[int, date]:
    """Return the most places taken on any day of ``first``..``last``, and the first such day.

    Occupancy only rises on a day someone starts, so checking the new stay's
    first day and every later start inside it finds the peak.
    """
    overlapping = [s for s in stays if s.overlaps(first, last)]
    candidates = sorted({first} | {s.first for s in overlapping if s.first > first})
    best, best_day = 0, first
    for day in candidates:
        count = sum(1 for s in overlapping if s.covers(day))
        if count > best:
            best, best_day = count, day
    return best, best_day


def check_capacity(pool: Pool, stays: Iterable[Stay], first: date, last: date | None) -> None:
    """Refuse a new stay that would take ``pool`` past its places on any day of its dates.

    Raises:
        RuleError: naming the pool, the day it would be full and what to do.
    """
    if pool.places is None:
        return
    taken, day = peak_occupancy(stays, first, last)
    if taken >= pool.places:
        raise CapacityError(
            f"{pool.label} is full on {day:%a %d %b %Y}: all {pool.places} places are "
            f"taken. The pupil has been put on the waiting list.",
            "starts_on",
        )


def free_places(pool: Pool, stays: Iterable[Stay], day: date) -> int | None:
    """Return the free places in ``pool`` on ``day`` (None when it has no fixed limit)."""
    if pool.places is None:
        return None
    return pool.places - sum(1 for s in stays if s.covers(day))


@dataclass(frozen=True)
class Waiter:
    """A pupil on a waiting list."""

    placement_id: int
    priority: int
    decided_on: date


def waiting_order(waiters: Iterable[Waiter]) -> list[Waiter]:
    """Order a waiting list: guarantee cases (higher priority) first, then earliest decision."""
    return sorted(waiters, key=lambda w: (-w.priority, w.decided_on, w.placement_id))


def expected_free_dates(pool: Pool, stays: Sequence[Stay], today: date, count: int) -> list[date]:
    """Return when the next ``count`` places should free up, from planned end dates.

    A place already free today is available today; after that, each planned
    end frees a place the next weekday. Stays without an end date never free one.
    """
    if pool.places is None:
        return [today] * count
    current = [s for s in stays if s.last is None or s.last >= today]
    free_now = max(pool.places - sum(1 for s in current if s.covers(today)), 0)
    dates = [today] * min(free_now, count)
    ends = sorted(s.last + timedelta(days=1) for s in current if s.last is not None)
    for end in ends:
        if len(dates) >= count:
            break
        dates.append(_next_weekday(max(end, today)))
    return dates


def _next_weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def week_starts(first: date, last: date) -> list[date]:
    """Return the Monday of every week from the week holding ``first`` to ``last``."""
    monday = first - timedelta(days=first.weekday())
    weeks: list[date] = []
    while monday <= last:
        weeks.append(monday)
        monday += timedelta(weeks=1)
    return weeks


def reset_planned_end(start: date, closed: Iterable[tuple[date, date]] = ()) -> date:
    """Return the last day of a seven-week Reset cohort starting on ``start``.

    Weeks count as teaching weeks: a week when the centre is closed every weekday
    (a half term or a holiday, given as ``closed`` date ranges) does not count.
    """
    ranges = list(closed)

    def is_open(day: date) -> bool:
        return not any(lo <= day <= hi for lo, hi in ranges)

    monday = start - timedelta(days=start.weekday())
    counted, last = 0, start
    while counted < RESET_WEEKS:
        days = [monday + timedelta(days=n) for n in range(5)]
        open_days = [d for d in days if d >= start and is_open(d)]
        if open_days:
            counted += 1
            last = open_days[-1]
        monday += timedelta(weeks=1)
    return last


def occupancy_text(taken: int, places: int | None, free: int | None) -> str:
    """Return how full a group of places is, in words: "3 of 5, 2 free" or "5 of 5, FULL"."""
    if places is None:
        return f"{taken} placed"
    return f"{taken} of {places}, {free} free" if free else f"{taken} of {places}, FULL"
