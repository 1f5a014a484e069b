"""Plain statements and their lines, as the Finance tab, PDFs and workbooks read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from slip_desktop.domain.enums import StatementStatus, Term

#: Tier shown for a line that carries an adjustment or credit rather than a placement.
ADJUSTMENT_TIER = 0
#: Starts every invoice number: the partnership's initials, as schools' ledgers know it.
INVOICE_PREFIX = "SLIP"


def invoice_number(academic_year: int, number: int) -> str:
    """Return the ``number``-th invoice of an academic year, e.g. ``SLIP-2026-0001``."""
    return f"{INVOICE_PREFIX}-{academic_year}-{number:04d}"


def due_date(issued_on: date, payment_terms_days: int) -> date:
    """Return the day payment is due: ``payment_terms_days`` after the issue date."""
    return issued_on + timedelta(days=payment_terms_days)


@dataclass(frozen=True)
class StatementLineDoc:
    """One line: a placement's charge for the term, or an adjustment with its reason."""

    line_id: int
    placement_id: int | None
    adjustment_id: int | None
    description: str
    programme: str
    tier: int
    starts_on: date | None
    ends_on: date | None
    days: int
    days_per_week: Decimal
    year_days: int
    base: Decimal
    pupil_premium: Decimal
    send: Decimal
    amount: Decimal
    calculation: str

    @property
    def is_adjustment(self) -> bool:
        """True for an adjustment or credit line."""
        return self.adjustment_id is not None


@dataclass(frozen=True)
class StatementDoc:
    """What one school owes for one term, with its lines."""

    statement_id: int
    school_id: int
    school: str
    academic_year: int
    term: Term
    status: StatementStatus
    total: Decimal
    prepared_on: date | None
    issued_on: date | None
    paid_on: date | None
    locked: bool
    rates_note: str = ""
    lines: tuple[StatementLineDoc, ...] = field(default_factory=tuple)
    #: Given when issued (empty on a draft, and on a statement with nothing to charge).
    invoice_number: str = ""
    due_on: date | None = None
    #: Who the statement is addressed to: the school's finance contact, and the school's address.
    contact_name: str = ""
    contact_email: str = ""
    school_address: str = ""
    #: The row's version when it was read, so Mark paid refuses a statement changed since.
    version: int | None = None

    @property
    def has_charge(self) -> bool:
        """True when any line carries an amount: a statement of nothing is not sent."""
        return any(line.amount for line in self.lines) or bool(self.total)

    @property
    def charged_lines(self) -> int:
        """How many lines carry a charge (or a correction)."""
        return sum(1 for line in self.lines if line.amount)
