"""School days: weekdays inside term dates, less half-terms and bank holidays."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from slip_desktop.domain.enums import Term

#: Terms in the order they fall in an academic year.
TERM_ORDER: tuple[Term, ...] = (Term.AUTUMN, Term.SPRING, Term.SUMMER)


@dataclass(frozen=True)
class TermSpan:
    """One term's dates, as entered in the term dates table."""

    academic_year: int
    term: Term
    starts_on: date
    ends_on: date
    half_term_starts: date | None = None
    half_term_ends: date | None = None

    def is_open(self, day: date) -> bool:
        """Return True when ``day`` is inside the term and not in its half-term."""
        if not self.starts_on <= day <= self.ends_on:
            return False
        if self.half_term_starts and self.half_term_ends:
            return not self.half_term_starts <= day <= self.half_term_ends
        return True


def england_bank_holidays(years: Iterable[int]) -> frozenset[date]:
    """Return England's bank holidays in ``years`` (from the ``holidays`` package, offline)."""
    import holidays  # loaded on first use: only finance needs it

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=list(years)).keys())


def school_days(
    start: date,
    end: date,
    terms: Iterable[TermSpan],
    bank_holidays: Collection[date],
    weekdays: Collection[int] | None = None,
) -> int:
    """Count the school days from ``start`` to ``end`` inclusive.

    A school day is a Monday to Friday inside one of ``terms``, outside that
    term's half-term break, and not a bank holiday. With ``weekdays`` (Monday 0)
    only those weekdays count: a placement's booked days.
    """
    spans = list(terms)
    count = 0
    day = start
    while day <= end:
        if (
            day.weekday() < 5
            and (weekdays is None or day.weekday() in weekdays)
            and day not in bank_holidays
            and any(span.is_open(day) for span in spans)
        ):
            count += 1
        day += timedelta(days=1)
    return count


def next_term(academic_year: int, term: Term) -> tuple[int, Term]:
    """Return the (academic year, term) that follows ``term``."""
    index = TERM_ORDER.index(term)
    if index + 1 < len(TERM_ORDER):
        return academic_year, TERM_ORDER[index + 1]
    return academic_year + 1, TERM_ORDER[0]


def term_sort_key(academic_year: int, term: Term) -> tuple[int, int]:
    """Return a key that sorts terms in the order they happen."""
    return academic_year, TERM_ORDER.index(term)
