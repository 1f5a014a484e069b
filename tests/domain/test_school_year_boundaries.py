"""Academic years at 31 August / 1 September, year groups at their edges, rolling dates on."""

from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.school_year import (
    YEAR_GROUPS,
    academic_year_bounds,
    academic_year_label,
    academic_year_of,
    clean_outcomes,
    effective_year_group,
    key_stage,
    key_stage_label,
    shift_into_year,
    year_group_for,
    year_group_override_warning,
)


def test_the_academic_year_turns_on_1_september() -> None:
    assert academic_year_of(date(2026, 8, 31)) == 2025
    assert academic_year_of(date(2026, 9, 1)) == 2026
    assert academic_year_of(date(2027, 1, 1)) == 2026
    assert academic_year_bounds(2026) == (date(2026, 9, 1), date(2027, 8, 31))


def test_academic_year_labels_keep_two_digits() -> None:
    assert academic_year_label(2026) == "2026-27"
    assert academic_year_label(2099) == "2099-00"
    assert academic_year_label(2008) == "2008-09"


def test_a_child_born_on_31_august_is_a_year_ahead_of_one_born_on_1_september() -> None:
    assert year_group_for(date(2014, 8, 31), 2026) == 8
    assert year_group_for(date(2014, 9, 1), 2026) == 7
    assert YEAR_GROUPS == (7, 8, 9, 10, 11)


@pytest.mark.parametrize(
    ("year_group", "stage", "label"),
    [(6, None, ""), (7, 3, "KS3"), (9, 3, "KS3"), (10, 4, "KS4"), (11, 4, "KS4"), (12, None, "")],
)
def test_key_stages_at_their_edges(year_group: int, stage: int | None, label: str) -> None:
    assert key_stage_label(year_group) == label
    if stage is None:
        with pytest.raises(ValueError, match=f"Year {year_group} is not a secondary year group"):
            key_stage(year_group)
    else:
        assert key_stage(year_group) == stage


def test_a_stored_year_group_override_moves_up_with_the_cohort() -> None:
    born = date(2014, 10, 3)  # Year 7 in 2026-27
    assert effective_year_group(born, None, None, 2026) == 7
    assert effective_year_group(born, 8, None, 2026) == 7
    assert effective_year_group(born, 8, 2026, 2026) == 8
    assert effective_year_group(born, 8, 2026, 2027) == 9
    assert effective_year_group(born, 7, 2026, 2027) == 8
    assert year_group_override_warning(born, 7, 2026, 2027) is None
    assert year_group_override_warning(born, 6, 2026, 2026) == (
        "Year 6 is a stored override: born 03 Oct 2014, the pupil would be Year 7 in 2026-27. "
        "Check the pupil is taught out of cohort."
    )


def test_dates_move_into_a_year_on_the_same_weekday() -> None:
    # Wednesday 2 Sep 2026 moves to Wednesday 1 Sep 2027.
    assert shift_into_year(date(2026, 9, 2), 2027) == date(2027, 9, 1)
    # Monday 31 Aug 2026 (year 2025) into 2026 stays inside the year, still a Monday.
    moved = shift_into_year(date(2026, 8, 31), 2026)
    assert moved.weekday() == 0
    assert date(2026, 9, 1) <= moved <= date(2027, 8, 31)
    assert moved == date(2027, 8, 30)
    # Tuesday 1 Sep 2026 into 2027: 52 weeks land on 31 Aug 2027, a week on is 7 Sep.
    assert shift_into_year(date(2026, 9, 1), 2027) == date(2027, 9, 7)
    # Backwards too: Friday 18 Dec 2026 into 2025 is Friday 19 Dec 2025.
    assert shift_into_year(date(2026, 12, 18), 2025) == date(2025, 12, 19)
    assert shift_into_year(date(2026, 12, 18), 2026) == date(2026, 12, 18)


def test_outcomes_are_cleaned_one_a_line() -> None:
    text = "  GCSE English Language : 5 \n\nBTEC Sport - Merit\nGCSE Maths: Grade: 4"
    assert clean_outcomes(text) == (
        "GCSE English Language: 5\nBTEC Sport: Merit\nGCSE Maths: Grade: 4"
    )
    assert clean_outcomes("") == ""


@pytest.mark.parametrize("line", ["GCSE Maths", "GCSE Maths:", ": 5", "Maths -  ", " - 4"])
def test_an_outcome_without_its_grade_is_refused(line: str) -> None:
    with pytest.raises(ValidationError) as raised:
        clean_outcomes(f"GCSE Art: 6\n{line}")
    assert set(raised.value.errors) == {"outcomes"}
    assert raised.value.errors["outcomes"].startswith(f"'{line.strip()}' needs a grade")


@pytest.mark.parametrize(
    ("day", "year", "expected"),
    [
        # Two years on: 104.29 weeks round down to 104.
        (date(2020, 8, 1), 2021, date(2022, 7, 30)),
        # Three years on: 156.43 weeks round down to 156.
        (date(2020, 8, 1), 2022, date(2023, 8, 5)),
        # Lands exactly on 31 August, the last day of the year: kept.
        (date(2020, 8, 27), 2022, date(2023, 8, 31)),
        # Lands on 1 September, past the year's end: nudged back one week only.
        (date(2020, 8, 28), 2022, date(2023, 8, 25)),
    ],
)
def test_shifting_over_several_years_stays_in_the_year_on_the_same_weekday(
    day: date, year: int, expected: date
) -> None:
    moved = shift_into_year(day, year)
    assert moved == expected
    assert moved.weekday() == day.weekday()


def test_outcomes_split_at_the_last_colon_or_dash_so_the_grade_is_last() -> None:
    assert clean_outcomes("GCSE Maths : Paper 1 : 4") == "GCSE Maths : Paper 1: 4"
    assert clean_outcomes("BTEC Sport - Level 2 - Merit") == "BTEC Sport - Level 2: Merit"


def test_an_outcome_without_a_grade_is_quoted_to_40_characters() -> None:
    line = "GCSE English Language and Literature combined award"
    with pytest.raises(ValidationError) as raised:
        clean_outcomes(line)
    assert raised.value.errors == {
        "outcomes": f"'{line[:40]}' needs a grade: write the qualification, a colon, "
        "then the grade (GCSE English Language: 5)."
    }
