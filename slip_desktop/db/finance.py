"""Finance figures for the tab: term states, totals by school and tier."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import func, select

from slip_desktop.db.identity import require_permission
from slip_desktop.db.models import (
    Adjustment,
    RateSet,
    School,
    Statement,
    StatementLine,
    TermDates,
    TermLock,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import StatementStatus, Term
from slip_desktop.domain.money import pounds
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.school_days import TERM_ORDER
from slip_desktop.domain.school_year import academic_year_label, academic_year_of


class TermState(NamedTuple):
    """Where a term stands for charging: dates entered, statements prepared, locked."""

    academic_year: int
    term: Term
    has_dates: bool
    statements: int
    total: Decimal
    locked: bool
    locked_on: date | None


class SchoolYearTotals(NamedTuple):
    """What one school was charged in each term of a year, and what is still unpaid."""

    school_id: int
    school: str
    autumn: Decimal
    spring: Decimal
    summer: Decimal
    year: Decimal
    unpaid: Decimal


class AdjustmentRow(NamedTuple):
    """An adjustment or credit as listed in the Finance tab."""

    id: int
    school: str
    academic_year: int
    term: Term
    amount: Decimal
    reason: str
    corrects: str
    created_at: datetime
    created_by: str


def academic_years(store: Store, today: date) -> list[int]:
    """Return the years the office can charge: those with term dates or rates, and this one."""
    with store.session() as session:
        years = set(session.scalars(select(TermDates.academic_year).distinct()))
        years |= set(session.scalars(select(RateSet.academic_year).distinct()))
    years.add(academic_year_of(today))
    return sorted(years, reverse=True)


def term_states(store: Store, academic_year: int) -> list[TermState]:
    """Return the three terms of a year and where each stands."""
    require_permission(store, Action.VIEW_FINANCE)
    with store.session() as session:
        dated = set(
            session.scalars(select(TermDates.term).where(TermDates.academic_year == academic_year))
        )
        locks = dict(
            session.execute(
                select(TermLock.term, TermLock.locked_on).where(
                    TermLock.academic_year == academic_year
                )
            )
            .tuples()
            .all()
        )
        counts = {
            term: (count, total)
            for term, count, total in session.execute(
                select(
                    Statement.term, func.count(), func.coalesce(func.sum(Statement.total_pence), 0)
                )
                .where(Statement.academic_year == academic_year)
                .group_by(Statement.term)
            ).tuples()
        }
    return [
        TermState(
            academic_year,
            term,
            term in dated,
            counts.get(term, (0, 0))[0],
            pounds(counts.get(term, (0, 0))[1]),
            term in locks,
            locks.get(term),
        )
        for term in TERM_ORDER
    ]


def totals_by_school(store: Store, academic_year: int) -> list[SchoolYearTotals]:
    """Return each school's statement totals per term of a year, and what is unpaid."""
    require_permission(store, Action.VIEW_FINANCE)
    query = (
        select(School.id, School.name, Statement.term, Statement.total_pence, Statement.status)
        .join(Statement, Statement.school_id == School.id)
        .where(Statement.academic_year == academic_year)
    )
    per_school: dict[int, dict[str, Any]] = {}
    with store.session() as session:
        for school_id, name, term, total, status in session.execute(query).tuples():
            entry = per_school.setdefault(school_id, {"name": name, "unpaid": 0})
            entry[term.value] = entry.get(term.value, 0) + total
            if status == StatementStatus.ISSUED:
                entry["unpaid"] += total
    rows = []
    for school_id, entry in per_school.items():
        autumn, spring, summer = (pounds(entry.get(term.value, 0)) for term in TERM_ORDER)
        rows.append(
            SchoolYearTotals(
                school_id,
                entry["name"],
                autumn,
                spring,
                summer,
                autumn + spring + summer,
                pounds(entry["unpaid"]),
            )
        )
    return sorted(rows, key=lambda row: row.school)


def statement_totals_between(store: Store, first: date, last: date) -> list[tuple[str, int]]:
    """Return (school, pence) per statement of each term starting between ``first`` and ``last``.

    The statement's total is the one the Finance tab and the statement itself show:
    every line, credits and adjustments included. The board report's money comes from
    here, so the three agree to the penny.
    """
    query = (
        select(School.name, Statement.total_pence)
        .join(School, School.id == Statement.school_id)
        .join(
            TermDates,
            (TermDates.academic_year == Statement.academic_year)
            & (TermDates.term == Statement.term),
        )
        .where(TermDates.starts_on >= first, TermDates.starts_on <= last)
        .order_by(School.name)
    )
    with store.session() as session:
        return [(name, int(total)) for name, total in session.execute(query).tuples()]


def income_by_tier(store: Store, academic_year: int) -> dict[int, Decimal]:
    """Return the year's statement income by tier (0 holds adjustments and credits)."""
    require_permission(store, Action.VIEW_FINANCE)
    query = (
        select(StatementLine.tier, func.sum(StatementLine.amount_pence))
        .join(Statement, Statement.id == StatementLine.statement_id)
        .where(Statement.academic_year == academic_year)
        .group_by(StatementLine.tier)
    )
    result = {tier: Decimal("0.00") for tier in (2, 3, 4, 0)}
    with store.session() as session:
        for tier, total in session.execute(query).tuples():
            result[tier] = pounds(int(total or 0))
    return result


def _corrects(adjustment: Adjustment) -> str:
    if adjustment.corrects_term is None or adjustment.corrects_year is None:
        return ""
    return f"{adjustment.corrects_term.label} {academic_year_label(adjustment.corrects_year)}"


def list_adjustments(store: Store, academic_year: int) -> list[AdjustmentRow]:
    """Return the adjustments and credits booked in a year's terms, newest first."""
    require_permission(store, Action.VIEW_FINANCE)
    query = (
        select(Adjustment, School.name)
        .join(School, School.id == Adjustment.school_id)
        .where(Adjustment.academic_year == academic_year)
        .order_by(Adjustment.id.desc())
    )
    with store.session() as session:
        return [
            AdjustmentRow(
                adjustment.id,
                name,
                adjustment.academic_year,
                adjustment.term,
                pounds(adjustment.amount_pence),
                adjustment.reason,
                _corrects(adjustment),
                adjustment.created_at,
                adjustment.created_by,
            )
            for adjustment, name in session.execute(query).tuples()
        ]


def school_choices(store: Store) -> list[tuple[int, str]]:
    """Return (id, name) of every active school, by name, for choosing in a form."""
    with store.session() as session:
        return [
            (school_id, name)
            for school_id, name in session.execute(
                select(School.id, School.name).where(School.active.is_(True)).order_by(School.name)
            ).tuples()
        ]


def current_term(store: Store, today: date) -> tuple[int, Term]:
    """Return the term holding ``today``, else the last term that began before it."""
    with store.session() as session:
        rows = list(
            session.execute(
                select(TermDates.academic_year, TermDates.term, TermDates.starts_on).where(
                    TermDates.starts_on <= today
                )
            ).tuples()
        )
    if not rows:
        return academic_year_of(today), Term.AUTUMN
    year, term, _start = max(rows, key=lambda row: row[2])
    return year, term
