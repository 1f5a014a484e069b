"""An empty register says why: a weekend, a bank holiday, the holidays, half-term, no pupils."""

from __future__ import annotations

from datetime import date

from slip_desktop.db.rosters import TermRow
from slip_desktop.views.rosters.attendance_page import empty_register_reason

AUTUMN = TermRow(
    "Autumn", date(2026, 9, 2), date(2026, 10, 26), date(2026, 10, 30), date(2026, 12, 18)
)
CENTRE = "SLIP Pupil Learning Centre"


def test_a_weekend_has_no_register() -> None:
    assert "weekend" in empty_register_reason(date(2026, 12, 5), AUTUMN, CENTRE)
    assert "Sat 05 Dec 2026" in empty_register_reason(date(2026, 12, 5), AUTUMN, CENTRE)


def test_a_bank_holiday_has_no_register() -> None:
    assert "bank holiday" in empty_register_reason(date(2026, 12, 25), AUTUMN, CENTRE)


def test_half_term_and_the_holidays_have_no_register() -> None:
    assert "half-term" in empty_register_reason(date(2026, 10, 27), AUTUMN, CENTRE)
    assert "holidays" in empty_register_reason(date(2026, 12, 22), AUTUMN, CENTRE)


def test_missing_term_dates_are_named() -> None:
    assert "no term dates" in empty_register_reason(date(2026, 12, 7), None, CENTRE)


def test_a_school_day_with_nobody_placed_says_so() -> None:
    reason = empty_register_reason(date(2026, 12, 7), AUTUMN, CENTRE)
    assert reason.startswith(f"No pupils are placed at {CENTRE}")
