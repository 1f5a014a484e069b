"""Rates per academic year, statements to schools, adjustments and term locks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from slip_desktop.db.models.base import Base, enum_column
from slip_desktop.domain.enums import StatementStatus, Term


class RateSet(Base):
    """The rates in force for an academic year; the newest row wins, older rows are history."""

    __tablename__ = "rate_set"
    __table_args__ = (CheckConstraint("school_days > 0", name="school_days_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[int] = mapped_column(Integer, index=True)
    average_cost_ks3_pence: Mapped[int] = mapped_column(Integer)
    average_cost_ks4_pence: Mapped[int] = mapped_column(Integer)
    pupil_premium_pence: Mapped[int] = mapped_column(Integer)
    pupil_premium_cla_pence: Mapped[int] = mapped_column(Integer)
    pupil_premium_service_pence: Mapped[int] = mapped_column(Integer)
    school_days: Mapped[int] = mapped_column(Integer, default=190)
    entered_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    entered_by: Mapped[str] = mapped_column(String(120), default="")
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class Statement(Base):
    """What one school owes for one term."""

    __tablename__ = "statement"
    __table_args__ = (
        UniqueConstraint("school_id", "academic_year", "term", name="uq_statement_school_term"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    academic_year: Mapped[int] = mapped_column(Integer)
    term: Mapped[Term] = mapped_column(enum_column(Term, "term"))
    status: Mapped[StatementStatus] = mapped_column(
        enum_column(StatementStatus, "statement_status"), default=StatementStatus.DRAFT
    )
    total_pence: Mapped[int] = mapped_column(Integer, default=0)
    issued_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    #: The rate set the tier-4 lines were worked out with, so every figure can be traced.
    rate_set_id: Mapped[int | None] = mapped_column(ForeignKey("rate_set.id"), index=True)
    prepared_on: Mapped[date | None] = mapped_column(Date)
    #: Given when the statement is issued (SLIP-2026-0001); never given to another statement.
    invoice_number: Mapped[str | None] = mapped_column(String(24), unique=True)
    #: The issue date plus the partnership's payment terms, fixed when issued.
    due_on: Mapped[date | None] = mapped_column(Date)

    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class InvoiceSequence(Base):
    """The last invoice number given in an academic year, so a number is never given twice."""

    __tablename__ = "invoice_sequence"

    academic_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class StatementLine(Base):
    """One placement's charge on a statement, with every component kept for tracing."""

    __tablename__ = "statement_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statement.id", ondelete="CASCADE"), index=True
    )
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placement.id"), index=True)
    #: Set on a line that carries an adjustment or credit instead of a placement.
    adjustment_id: Mapped[int | None] = mapped_column(ForeignKey("adjustment.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    programme: Mapped[str] = mapped_column(String(24), default="")
    tier: Mapped[int] = mapped_column(Integer, default=0)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    #: School days placed within the term (before the days-a-week fraction).
    days: Mapped[int] = mapped_column(Integer, default=0)
    days_per_week: Mapped[Decimal] = mapped_column(Numeric(2, 1), default=Decimal("5.0"))
    #: School days in the year (tier 4's denominator); 0 where it does not apply.
    year_days: Mapped[int] = mapped_column(Integer, default=0)
    #: Tier 4: the year's average pupil cost; tier 3: the provider's day rate.
    base_pence: Mapped[int] = mapped_column(Integer, default=0)
    pupil_premium_pence: Mapped[int] = mapped_column(Integer, default=0)
    send_pence: Mapped[int] = mapped_column(Integer, default=0)
    amount_pence: Mapped[int] = mapped_column(Integer, default=0)
    #: The working in words, e.g. "(£7,200.00 + £1,035.00 + £0.00) × 45 / 190 ...".
    calculation: Mapped[str] = mapped_column(Text, default="")


class Adjustment(Base):
    """A correction or credit against a school, never a rewrite of an issued statement."""

    __tablename__ = "adjustment"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    placement_id: Mapped[int | None] = mapped_column(ForeignKey("placement.id"), index=True)
    academic_year: Mapped[int] = mapped_column(Integer)
    term: Mapped[Term] = mapped_column(enum_column(Term, "term"))
    amount_pence: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    created_by: Mapped[str] = mapped_column(String(120), default="")
    #: The locked term whose charge this corrects (empty for a manual adjustment).
    corrects_year: Mapped[int | None] = mapped_column(Integer)
    corrects_term: Mapped[Term | None] = mapped_column(enum_column(Term, "corrects_term"))
    #: Optimistic lock: a save from a stale form is refused (db/versioning.py says by whom).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class TermLock(Base):
    """A term whose statements are issued and may no longer change."""

    __tablename__ = "term_lock"
    __table_args__ = (UniqueConstraint("academic_year", "term", name="uq_term_lock_year_term"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    academic_year: Mapped[int] = mapped_column(Integer)
    term: Mapped[Term] = mapped_column(enum_column(Term, "term"))
    locked_on: Mapped[date] = mapped_column(Date)
    locked_by: Mapped[str] = mapped_column(String(120), default="")
