from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.school_year import (
    academic_year_label,
    academic_year_of,
    key_stage,
    year_group_for,
)


def test_academic_year_runs_september_to_august() -> None:
    assert academic_year_of(date(2026, 9, 1)) == 2026
    assert academic_year_of(date(2026, 8, 31)) == 2025
    assert academic_year_label(2026) == "2026-27"


@pytest.mark.parametrize(
    ("born", "expected"),
    [(date(2014, 9, 1), 7), (date(2015, 8, 31), 7), (date(2015, 9, 1), 6), (date(2011, 9, 1), 10)],
)
def test_year_group_from_date_of_birth(born: date, expected: int) -> None:
    assert year_group_for(born, 2026) == expected


def test_key_stages_of_secondary_years() -> None:
    assert [key_stage(y) for y in (7, 8, 9, 10, 11)] == [3, 3, 3, 4, 4]
    with pytest.raises(ValueError):
        key_stage(12)
