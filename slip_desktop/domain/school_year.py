"""Academic years, year groups and key stages in England's secondary phase."""

from __future__ import annotations

from datetime import date

#: Secondary year groups the partnership serves.
YEAR_GROUPS: tuple[int, ...] = (7, 8, 9, 10, 11)


def academic_year_of(day: date) -> int:
    """Return the calendar year in which the academic year holding ``day`` began.

    The academic year runs from 1 September to 31 August.
    """
    return day.year if day.month >= 9 else day.year - 1


def academic_year_label(start_year: int) -> str:
    """Return the usual label of an academic year, e.g. ``2026-27``."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def academic_year_bounds(start_year: int) -> tuple[date, date]:
    """Return the first and last calendar day of an academic year."""
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def year_group_for(date_of_birth: date, academic_year: int) -> int:
    """Return the national curriculum year group for a date of birth.

    A child born between 1 September and 31 August of the following year is in
    the same cohort; that cohort starts Year 7 in the September after it turns 11.
    """
    cohort_start = academic_year_of(date_of_birth)
    return academic_year - cohort_start - 5


def key_stage(year_group: int) -> int:
    """Return the key stage (3 or 4) of a secondary year group."""
    if 7 <= year_group <= 9:
        return 3
    if 10 <= year_group <= 11:
        return 4
    raise ValueError(f"Year {year_group} is not a secondary year group")


def key_stage_label(year_group: int) -> str:
    """Return ``KS3``/``KS4`` for a year group, or an empty string outside 7-11."""
    try:
        return f"KS{key_stage(year_group)}"
    except ValueError:
        return ""
