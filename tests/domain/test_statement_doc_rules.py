"""Statement lines: which are adjustments, how many carry a charge, when payment is due."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from slip_desktop.domain.enums import StatementStatus, Term
from slip_desktop.domain.statement_docs import (
    ADJUSTMENT_TIER,
    StatementDoc,
    StatementLineDoc,
    due_date,
    invoice_number,
)

LINE = StatementLineDoc(
    line_id=1,
    placement_id=7,
    adjustment_id=None,
    description="Σοφία Παπαδοπούλου",
    programme="KS3 Reset",
    tier=3,
    starts_on=date(2026, 9, 7),
    ends_on=date(2026, 12, 18),
    days=30,
    days_per_week=Decimal(5),
    year_days=190,
    base=Decimal("1000.00"),
    pupil_premium=Decimal(0),
    send=Decimal(0),
    amount=Decimal("1000.00"),
    calculation="",
)
CREDIT = replace(LINE, line_id=2, placement_id=None, adjustment_id=3, tier=ADJUSTMENT_TIER)


def _statement(*lines: StatementLineDoc) -> StatementDoc:
    return StatementDoc(
        1,
        1,
        "Ash Academy (invented)",
        2026,
        Term.AUTUMN,
        StatementStatus.DRAFT,
        sum((line.amount for line in lines), Decimal(0)),
        None,
        None,
        None,
        False,
        lines=lines,
    )


def test_a_line_with_an_adjustment_is_an_adjustment_and_a_placement_line_is_not() -> None:
    assert CREDIT.is_adjustment is True
    assert LINE.is_adjustment is False
    assert ADJUSTMENT_TIER == 0


def test_charged_lines_count_charges_and_credits_but_not_zero_lines() -> None:
    zero = replace(LINE, line_id=4, amount=Decimal("0.00"))
    credit = replace(CREDIT, amount=Decimal("-40.00"))
    assert _statement(LINE, zero, credit).charged_lines == 2
    assert _statement(zero).charged_lines == 0
    assert _statement().charged_lines == 0


def test_a_statement_with_only_zero_lines_has_no_charge() -> None:
    assert _statement(replace(LINE, amount=Decimal("0.00"))).has_charge is False
    assert _statement(LINE).has_charge is True


def test_payment_is_due_the_stated_days_after_issue_across_a_month_and_a_leap_day() -> None:
    assert due_date(date(2028, 2, 1), 28) == date(2028, 2, 29)
    assert due_date(date(2028, 2, 1), 29) == date(2028, 3, 1)
    assert due_date(date(2026, 12, 31), 1) == date(2027, 1, 1)


def test_the_first_invoice_of_a_year_is_number_one_in_four_digits() -> None:
    assert invoice_number(2026, 1) == "SLIP-2026-0001"
    assert invoice_number(2026, 9999) == "SLIP-2026-9999"
