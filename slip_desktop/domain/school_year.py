"""Academic years, year groups and key stages in England's secondary phase."""

from __future__ import annotations

from datetime import date, timedelta

from slip_desktop.domain.enums import Labelled
from slip_desktop.domain.errors import ValidationError

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


class Post16Destination(Labelled):
    """Where a Year 11 pupil goes after the partnership (recorded when the place ends)."""

    COLLEGE = "college", "College (further education)"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    SIXTH_FORM = "sixth_form", "Sixth form"
    EMPLOYMENT_TRAINING = "employment_training", "Employment with training"
    NEET = "neet", "Not in education, employment or training (NEET)"
    UNKNOWN = "unknown", "Not known"


def effective_year_group(
    date_of_birth: date, stored: int | None, stored_in: int | None, academic_year: int
) -> int:
    """Return the year group shown and used for ``academic_year``.

    It is worked out from the date of birth. A stored year group that differs from the
    one the date of birth gave in the year it was entered (``stored_in``) is an
    override, for a pupil taught out of cohort, and moves up a year with the cohort.
    """
    computed = year_group_for(date_of_birth, academic_year)
    if stored is None or stored_in is None:
        return computed
    return computed + (stored - year_group_for(date_of_birth, stored_in))


def year_group_override_warning(
    date_of_birth: date, stored: int | None, stored_in: int | None, academic_year: int
) -> str | None:
    """Return a warning when the stored year group overrides the date of birth, else None."""
    computed = year_group_for(date_of_birth, academic_year)
    shown = effective_year_group(date_of_birth, stored, stored_in, academic_year)
    if shown == computed:
        return None
    return (
        f"Year {shown} is a stored override: born {date_of_birth:%d %b %Y}, the pupil would be "
        f"Year {computed} in {academic_year_label(academic_year)}. "
        "Check the pupil is taught out of cohort."
    )


def shift_into_year(day: date, academic_year: int) -> date:
    """Return ``day`` moved a whole number of weeks into ``academic_year``, same weekday.

    Term dates fall on the same weekday each year (a term starts on a Wednesday
    again), so a year's dates move by 52 weeks at a time, nudged a week when that
    would leave the target academic year.
    """
    weeks = round((date(academic_year, 9, 1) - date(academic_year_of(day), 9, 1)).days / 7)
    moved = day + timedelta(weeks=weeks)
    first, last = academic_year_bounds(academic_year)
    while moved < first:
        moved += timedelta(weeks=1)
    while moved > last:
        moved -= timedelta(weeks=1)
    return moved


def clean_outcomes(text: str) -> str:
    """Return end-of-Year-11 outcomes, one qualification a line as ``name: grade``.

    Raises:
        ValidationError: a line names a qualification without its grade.
    """
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        name, sep, grade = line.rpartition(":")
        if not sep:
            name, sep, grade = line.rpartition(" - ")
        if not sep or not name.strip() or not grade.strip():
            raise ValidationError(
                {
                    "outcomes": f"'{line[:40]}' needs a grade: write the qualification, a colon, "
                    "then the grade (GCSE English Language: 5)."
                }
            )
        lines.append(f"{name.strip()}: {grade.strip()}")
    return "\n".join(lines)
