"""Invoice numbers, due dates and which statements have something to charge."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from slip_desktop.domain.enums import StatementStatus, Term
from slip_desktop.domain.statement_docs import (
    StatementDoc,
    StatementLineDoc,
    due_date,
    invoice_number,
)


def _line(amount: str) -> StatementLineDoc:
    return StatementLineDoc(
        line_id=1,
        placement_id=1,
        adjustment_id=None,
        description="Petrenko, Oleh",
        programme="",
        tier=2,
        starts_on=None,
        ends_on=None,
        days=0,
        days_per_week=Decimal(1),
        year_days=0,
        base=Decimal(0),
        pupil_premium=Decimal(0),
        send=Decimal(0),
        amount=Decimal(amount),
        calculation="",
    )


def _doc(total: str, *amounts: str) -> StatementDoc:
    return StatementDoc(
        statement_id=1,
        school_id=1,
        school="Brookfield Academy (invented)",
        academic_year=2026,
        term=Term.AUTUMN,
        status=StatementStatus.DRAFT,
        total=Decimal(total),
        prepared_on=None,
        issued_on=None,
        paid_on=None,
        locked=False,
        lines=tuple(_line(a) for a in amounts),
    )


def test_invoice_numbers_name_the_academic_year_and_count_from_one_in_four_digits() -> None:
    assert invoice_number(2026, 1) == "SLIP-2026-0001"
    assert invoice_number(2027, 42) == "SLIP-2027-0042"
    assert invoice_number(2026, 12345) == "SLIP-2026-12345"


def test_payment_is_due_the_payment_terms_in_days_after_the_issue_date() -> None:
    assert due_date(date(2026, 12, 18), 30) == date(2027, 1, 17)
    assert due_date(date(2027, 2, 1), 28) == date(2027, 3, 1)
    assert due_date(date(2026, 12, 18), 0) == date(2026, 12, 18)


def test_a_statement_has_something_to_charge_when_a_line_or_its_total_is_not_zero() -> None:
    assert not _doc("0.00").has_charge
    assert not _doc("0.00", "0.00", "0.00").has_charge
    assert _doc("12.50", "12.50").has_charge
    # A credit offsetting a charge: the school should still see both lines.
    assert _doc("0.00", "40.00", "-40.00").has_charge
    assert _doc("-40.00", "-40.00").has_charge
