"""Meeting dates: terms, England's bank holidays, and series that skip breaks and holidays."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import lru_cache

from slip_desktop.domain.enums import Term
from slip_desktop.domain.errors import ValidationError

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class TermSpan:
    """One term of an academic year with its half-term break (both ends inclusive)."""

    academic_year: int
    term: Term
    starts_on: date
    half_term_starts: date | None
    half_term_ends: date | None
    ends_on: date

    @property
    def label(self) -> str:
        """Return e.g. ``Autumn 2026``: the calendar year the term falls in."""
        return f"{self.term.label} {self.starts_on.year}"

    def closed_ranges(self) -> list[tuple[date, date]]:
        """Return the breaks inside the term (the half-term, when set)."""
        if self.half_term_starts is None or self.half_term_ends is None:
            return []
        return [(self.half_term_starts, self.half_term_ends)]

    def is_school_day(self, day: date, bank_holidays: Iterable[date] = ()) -> bool:
        """Return True when ``day`` is a weekday in term, outside half-term and holidays."""
        if not self.starts_on <= day <= self.ends_on or day.weekday() >= 5:
            return False
        if day in set(bank_holidays):
            return False
        return not any(lo <= day <= hi for lo, hi in self.closed_ranges())


def validate_term(span: TermSpan) -> None:
    """Raise ValidationError naming every field of ``span`` that cannot be right."""
    errors: dict[str, str] = {}
    if span.ends_on <= span.starts_on:
        errors["ends_on"] = "The term must end after it starts."
    if (span.half_term_starts is None) != (span.half_term_ends is None):
        errors["half_term_ends"] = "Give both the first and the last day of half-term, or neither."
    elif span.half_term_starts is not None and span.half_term_ends is not None:
        if span.half_term_ends < span.half_term_starts:
            errors["half_term_ends"] = "Half-term must end on or after the day it starts."
        elif not span.starts_on <= span.half_term_starts <= span.half_term_ends <= span.ends_on:
            errors["half_term_starts"] = "Half-term must fall inside the term."
    if (span.ends_on - span.starts_on).days > 200:
        errors["ends_on"] = "A term is at most about four months long; check the year."
    if errors:
        raise ValidationError(errors)


def validate_year(spans: Iterable[TermSpan]) -> None:
    """Raise ValidationError when the terms of one year overlap or run out of order."""
    ordered = sorted(spans, key=lambda s: list(Term).index(s.term))
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.starts_on <= earlier.ends_on:
            raise ValidationError(
                {
                    f"{later.term.value}.starts_on": f"{later.term.label} must start after "
                    f"{earlier.term.label} ends ({earlier.ends_on:%d %B %Y})."
                }
            )


@lru_cache(maxsize=32)
def _bank_holidays_of(year: int) -> frozenset[date]:
    import holidays  # a kept library: England's bank holidays, no network needed

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def bank_holidays(first: date, last: date) -> dict[date, str]:
    """Return England's bank holidays between ``first`` and ``last`` with their names."""
    import holidays

    found: dict[date, str] = {}
    table = holidays.country_holidays("GB", subdiv="ENG", years=range(first.year, last.year + 1))
    for day, name in table.items():
        if first <= day <= last:
            found[day] = str(name)
    return dict(sorted(found.items()))


def is_bank_holiday(day: date) -> bool:
    """Return True when ``day`` is a bank holiday in England."""
    return day in _bank_holidays_of(day.year)


def first_weekday_on_or_after(day: date, weekday: int) -> date:
    """Return the first date on or after ``day`` falling on ``weekday`` (Monday is 0)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def fortnightly_dates(
    start: date,
    end: date,
    weekday: int,
    closed: Iterable[tuple[date, date]] = (),
    holidays: Iterable[date] = (),
    every_weeks: int = 2,
) -> list[date]:
    """Return a date every ``every_weeks`` weeks on ``weekday`` between ``start`` and ``end``.

    A date inside a closed range (a half-term) or on a holiday is skipped and the
    rhythm restarts from the first open week after it, as the office does: a
    forum that falls on a bank holiday is held the following week instead.
    """
    if every_weeks < 1:
        raise ValueError("every_weeks must be at least 1")
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
            day += timedelta(weeks=every_weeks)
        else:
            day += timedelta(weeks=1)
    return dates


@dataclass(frozen=True)
class SeriesPlan:
    """What the coordinator asked for: a weekday, a time and a rhythm within a term."""

    weekday: int
    starts_at: time
    ends_at: time | None
    every_weeks: int = 2
    first_on: date | None = None


def validate_series(plan: SeriesPlan, span: TermSpan) -> None:
    """Raise ValidationError when a series request cannot produce sensible meetings."""
    errors: dict[str, str] = {}
    if not 0 <= plan.weekday <= 4:
        errors["weekday"] = "Meetings are held on a school day, Monday to Friday."
    if plan.ends_at is not None and plan.ends_at <= plan.starts_at:
        errors["ends_at"] = "The meeting must end after it starts."
    if not 1 <= plan.every_weeks <= 8:
        errors["every_weeks"] = "Choose a rhythm between every week and every eight weeks."
    if plan.first_on is not None and not span.starts_on <= plan.first_on <= span.ends_on:
        errors["first_on"] = (
            f"The first meeting must fall in {span.label} "
            f"({span.starts_on:%d %b} to {span.ends_on:%d %b %Y})."
        )
    if errors:
        raise ValidationError(errors)


def series_dates(plan: SeriesPlan, span: TermSpan) -> list[date]:
    """Return the meeting dates of ``plan`` in ``span``, skipping half-term and bank holidays."""
    validate_series(plan, span)
    start = plan.first_on or span.starts_on
    return fortnightly_dates(
        start,
        span.ends_on,
        plan.weekday,
        span.closed_ranges(),
        bank_holidays(span.starts_on, span.ends_on),
        plan.every_weeks,
    )


def series_schedule(plan: SeriesPlan, span: TermSpan) -> list[tuple[date, str]]:
    """Return each date the rhythm reaches, with why it is skipped ("" when it is kept).

    Follows the same rule as :func:`fortnightly_dates`: a skipped date moves the
    meeting to the next open week, and the rhythm carries on from there.
    """
    validate_series(plan, span)
    holidays_in_term = bank_holidays(span.starts_on, span.ends_on)
    closed = span.closed_ranges()
    schedule: list[tuple[date, str]] = []
    day = first_weekday_on_or_after(plan.first_on or span.starts_on, plan.weekday)
    while day <= span.ends_on:
        if day in holidays_in_term:
            schedule.append((day, f"bank holiday: {holidays_in_term[day]}"))
            day += timedelta(weeks=1)
        elif any(lo <= day <= hi for lo, hi in closed):
            schedule.append((day, "half-term"))
            day += timedelta(weeks=1)
        else:
            schedule.append((day, ""))
            day += timedelta(weeks=plan.every_weeks)
    return schedule


def typical_terms(academic_year: int) -> list[TermSpan]:
    """Return plausible term dates for a new year, for the coordinator to correct.

    Autumn from the first Wednesday in September with the October half-term,
    spring from the first Monday after 4 January with the February half-term,
    summer from mid-April with the late-May half-term (the spring bank holiday
    week). Local authorities publish the real dates; these are a starting point.
    """
    year = academic_year
    week = timedelta(days=4)

    def monday(day: date) -> date:
        return first_weekday_on_or_after(day, 0)

    october = monday(date(year, 10, 24))
    february = monday(date(year + 1, 2, 13))
    may = monday(date(year + 1, 5, 25))
    return [
        TermSpan(
            year,
            Term.AUTUMN,
            first_weekday_on_or_after(date(year, 9, 2), 2),
            october,
            october + week,
            first_weekday_on_or_after(date(year, 12, 16), 4),
        ),
        TermSpan(
            year,
            Term.SPRING,
            monday(date(year + 1, 1, 5)),
            february,
            february + week,
            first_weekday_on_or_after(date(year + 1, 3, 27), 4),
        ),
        TermSpan(
            year,
            Term.SUMMER,
            monday(date(year + 1, 4, 13)),
            may,
            may + week,
            first_weekday_on_or_after(date(year + 1, 7, 17), 2),
        ),
    ]


def term_of(day: date, spans: Iterable[TermSpan]) -> TermSpan | None:
    """Return the term holding ``day``, or None in the holidays."""
    for span in spans:
        if span.starts_on <= day <= span.ends_on:
            return span
    return None
