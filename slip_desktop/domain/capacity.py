"""Centres, their programmes' places, and the capacity and waiting-list rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.programmes import (
    CATALOGUE,
    KS3_LONG_TERM_POOL,
    POOL_SPECS,
    RESET_POOL,
    WIGSTON_POOL,
)
from slip_desktop.domain.programmes import Centre as Centre  # re-exported: it lived here first
from slip_desktop.domain.school_year import academic_year_of


class CapacityError(RuleError):
    """A placement would take a programme past its places on at least one day."""


#: Which centre runs each programme (from the catalogue).
CENTRE_OF: dict[Programme, Centre] = {p: i.centre for p, i in CATALOGUE.items()}

#: Reset groups at the Pupil Learning Centre.
RESET_GROUPS = RESET_POOL.groups
#: Places in each Reset group in the published offer (two groups of five).
RESET_GROUP_PLACES = RESET_POOL.places or 0
#: Long-term (tier 4) KS3 places at the Pupil Learning Centre in the published offer.
KS3_LONG_TERM_PLACES = KS3_LONG_TERM_POOL.places or 0
#: The Wigston Centre holds 24 pupils on pathways 1 and 2 together in the published offer.
WIGSTON_PLACES = WIGSTON_POOL.places or 0
#: A Reset cohort lasts seven weeks.
RESET_WEEKS = CATALOGUE[Programme.RESET].weeks or 7
#: Reset pupils spend 2.5 days a week at the centre and 2.5 in school.
RESET_DAYS = float(CATALOGUE[Programme.RESET].days_per_week)


@dataclass(frozen=True)
class Pool:
    """A set of places shared by one or more programmes (a Reset group, Wigston's 24).

    ``places`` holds until the first academic year in ``by_year``; from each year
    listed there, that year's figure holds (the office's offer, year by year).
    """

    key: str
    label: str
    centre: Centre
    places: int | None  # None: no fixed limit (AP and in-school work)
    by_year: tuple[tuple[int, int | None], ...] = ()

    def places_on(self, day: date) -> int | None:
        """Return the places in force on ``day`` (None: no fixed limit)."""
        year = academic_year_of(day)
        earlier = [(y, n) for y, n in self.by_year if y <= year]
        return max(earlier)[1] if earlier else self.places

    def change_days(self) -> list[date]:
        """Return the days the places may change: 1 September of each year with its own figure."""
        return [date(y, 9, 1) for y, _n in self.by_year]

    @property
    def limited(self) -> bool:
        """True when the pool has a fixed limit in any year."""
        return self.places is not None or any(n is not None for _y, n in self.by_year)


def build_pools(places: Mapping[str, int | None] | None = None) -> dict[str, Pool]:
    """Return every pool, Reset split into its groups, with ``places`` by pool (default: offer's).

    ``places`` is keyed by the catalogue's pool key ("reset" counts per group).
    """
    result: dict[str, Pool] = {}
    for spec in POOL_SPECS.values():
        limit = places[spec.key] if places is not None and spec.key in places else spec.places
        if spec.groups:
            for group in spec.groups:
                key = f"{spec.key}-{group}"
                result[key] = Pool(key, f"{spec.label} {group}", spec.centre, limit)
        else:
            result[spec.key] = Pool(spec.key, spec.label, spec.centre, limit)
    return result


#: The published offer's pools (a year's own come from ``Offer.pools``).
POOLS: dict[str, Pool] = build_pools()


def pool_key(programme: Programme, group: str = "") -> str:
    """Return the key of the places a placement on ``programme`` (and Reset ``group``) uses."""
    spec = CATALOGUE[programme].pool
    if spec.groups:
        if group not in spec.groups:
            raise RuleError(f"Choose {programme.label} group {' or '.join(spec.groups)}.", "group")
        return f"{spec.key}-{group}"
    return spec.key


def waiting_list_key(programme: Programme, group: str = "") -> str:
    """Return the waiting list a refused request joins: Reset waits for either group."""
    spec = CATALOGUE[programme].pool
    return spec.key if spec.groups else pool_key(programme, group)


def needs_provider(programme: Programme) -> bool:
    """Pathway 3 and tier 3 are delivered by an AP provider that must be named."""
    return CATALOGUE[programme].needs_provider


def needs_mentor(programme: Programme) -> bool:
    """Tier-2 in-school programmes are run by a named mentor."""
    return CATALOGUE[programme].needs_mentor


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


def first_overflow(
    pool: Pool, stays: Iterable[Stay], first: date, last: date | None, extra: int = 1
) -> tuple[date, int] | None:
    """Return the first day of ``first``..``last`` that ``extra`` more pupils would overfill.

    Occupancy rises only on a day someone starts and places change only on
    1 September, so those days (and ``first``) are the only ones to check.
    Returns the day and the places in force that day, or None when everyone fits.
    """
    overlapping = [s for s in stays if s.overlaps(first, last)]
    candidates = {first} | {s.first for s in overlapping if s.first > first}
    candidates |= {d for d in pool.change_days() if d > first and (last is None or d <= last)}
    for day in sorted(candidates):
        places = pool.places_on(day)
        if places is None:
            continue
        if sum(1 for s in overlapping if s.covers(day)) + extra > places:
            return day, places
    return None


def check_capacity(pool: Pool, stays: Iterable[Stay], first: date, last: date | None) -> None:
    """Refuse a new stay that would take ``pool`` past its places on any day of its dates.

    The places are those of each day's academic year.

    Raises:
        RuleError: naming the pool, the day it would be full and what to do.
    """
    if not pool.limited:
        return
    hit = first_overflow(pool, stays, first, last)
    if hit is not None:
        day, places = hit
        raise CapacityError(
            f"{pool.label} is full on {day:%a %d %b %Y}: all {places} places are "
            f"taken. The pupil has been put on the waiting list.",
            "starts_on",
        )


def free_places(pool: Pool, stays: Iterable[Stay], day: date) -> int | None:
    """Return the free places in ``pool`` on ``day`` (None when it has no fixed limit)."""
    places = pool.places_on(day)
    if places is None:
        return None
    return places - sum(1 for s in stays if s.covers(day))


@dataclass(frozen=True)
class Waiter:
    """A pupil on a waiting list."""

    placement_id: int
    priority: int
    decided_on: date


def waiting_order(waiters: Iterable[Waiter]) -> list[Waiter]:
    """Order a waiting list: guarantee cases (higher priority) first, then earliest decision."""
    return sorted(waiters, key=lambda w: (-w.priority, w.decided_on, w.placement_id))


def expected_free_dates(
    pool: Pool, stays: Sequence[Stay], today: date, count: int, weeks: int | None = None
) -> list[date]:
    """Return the first day each of the next ``count`` waiting pupils could start.

    The whole future booking calendar counts, not only today: a day qualifies for
    the n-th waiting pupil when n more pupils fit on every day of a stay starting
    then (``weeks`` long, or open-ended when None), bookings that start later
    included. Candidate days are today, the weekday after each planned end and
    each 1 September. Stays without an end date never free a place.
    """
    if not pool.limited:
        return [today] * count
    candidates = {today}
    candidates |= {
        _next_weekday(s.last + timedelta(days=1)) for s in stays if s.last and s.last >= today
    }
    candidates |= {d for d in pool.change_days() if d > today}
    ordered = sorted(candidates)
    dates: list[date] = []
    for extra in range(1, count + 1):
        found = None
        for day in ordered:
            last = day + timedelta(weeks=weeks) - timedelta(days=1) if weeks else None
            if first_overflow(pool, stays, day, last, extra) is None:
                found = day
                break
        if found is None:
            break
        dates.append(found)
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


def reset_planned_end(
    start: date, closed: Iterable[tuple[date, date]] = (), weeks: int = RESET_WEEKS
) -> date:
    """Return the last day of a Reset cohort of ``weeks`` (usually seven) starting on ``start``.

    Weeks count as teaching weeks: a week when the centre is closed every weekday
    (a half term or a holiday, given as ``closed`` date ranges) does not count.
    """
    ranges = list(closed)

    def is_open(day: date) -> bool:
        return not any(lo <= day <= hi for lo, hi in ranges)

    monday = start - timedelta(days=start.weekday())
    counted, last = 0, start
    while counted < weeks:
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
