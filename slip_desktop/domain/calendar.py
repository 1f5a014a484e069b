"""Meeting dates: fortnightly series that skip breaks and holidays."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def first_weekday_on_or_after(day: date, weekday: int) -> date:
    """Return the first date on or after ``day`` falling on ``weekday`` (Monday is 0)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def fortnightly_dates(
    start: date,
    end: date,
    weekday: int,
    closed: Iterable[tuple[date, date]] = (),
    holidays: Iterable[date] = (),
) -> list[date]:
    """Return a date every two weeks on ``weekday`` between ``start`` and ``end``.

    A date inside a closed range (a half-term) or on a holiday is skipped and the
    fortnightly rhythm restarts from the first open week after it, as offices do.
    """
    closed_ranges = list(closed)
    holiday_set = set(holidays)

    def is_open(day: date) -> bool:
        if day in holiday_set:
            return False
        return not any(lo <= day <= hi for lo, hi in closed_ranges)

    dates: list[date] = []
    day = first_weekday_on_or_after(start, weekday)
    while day <= end:
        if is_open(day):
            dates.append(day)
            day += timedelta(weeks=2)
        else:
            day += timedelta(weeks=1)
    return dates
