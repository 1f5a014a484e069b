"""Invented rates and statements: last year issued and mostly paid, this autumn in draft."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from slip_desktop.db.models import Adjustment, RateSet, Statement, TermDates
from slip_desktop.db.statements import issue_and_lock_in, rebuild_term
from slip_desktop.domain.enums import StatementStatus, Term
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.money import to_pence
from slip_desktop.domain.school_days import TERM_ORDER
from slip_desktop.domain.school_year import academic_year_of


def _rates(year: int, this_year: int, entered_at: datetime, by: str, revision: int = 0) -> RateSet:
    # The national pupil premium figures for 2023-24; average costs are invented local figures.
    return RateSet(
        academic_year=year,
        average_cost_ks3_pence=650000 + (year - this_year) * 15000 + revision,
        average_cost_ks4_pence=720000 + (year - this_year) * 15000 + revision,
        pupil_premium_pence=103500,
        pupil_premium_cla_pence=253000,
        pupil_premium_service_pence=33500,
        school_days=190,
        entered_at=entered_at,
        entered_by=by,
    )


def seed(session: Session, rng: random.Random, today: date) -> None:
    """Add rates for last year and this one (with a revision), then the statements."""
    this_year = academic_year_of(today)
    last_year = this_year - 1
    session.add(_rates(last_year, this_year, datetime(last_year, 7, 3, 10, 0), "Demo coordinator"))
    # This year's first estimate, then the figure agreed at the autumn finance meeting.
    session.add(_rates(this_year, this_year, datetime(this_year, 6, 20, 9, 30), "Demo coordinator"))
    session.add(
        _rates(this_year, this_year, datetime(this_year, 9, 15, 14, 0), "Demo coordinator", 12500)
    )
    session.flush()
    _seed_statements(session, rng, today, last_year)


def _seed_statements(session: Session, rng: random.Random, today: date, last_year: int) -> None:
    terms = {
        (row.academic_year, row.term): row
        for row in session.scalars(select(TermDates).where(TermDates.academic_year >= last_year))
    }
    for year, term in [(last_year, t) for t in TERM_ORDER] + [
        (last_year + 1, t) for t in TERM_ORDER
    ]:
        dates = terms.get((year, term))
        if dates is None or dates.starts_on > today:
            continue
        if (year, term) == (last_year, Term.SPRING):
            _seed_transport_charge(session, year, term)
        try:
            rebuild_term(session, year, term, min(today, dates.ends_on))
        except RuleError:
            continue
        if dates.ends_on >= today:
            continue  # the current term stays in draft until the coordinator issues it
        issued = dates.ends_on + timedelta(days=3)
        issue_and_lock_in(session, year, term, issued, "Demo coordinator")
        for statement in session.scalars(
            select(Statement).where(Statement.academic_year == year, Statement.term == term)
        ):
            paid_after = rng.randint(14, 60)
            if (
                statement.total_pence
                and issued + timedelta(days=paid_after) < today
                and rng.random() < 0.85
            ):
                statement.status = StatementStatus.PAID
                statement.paid_on = issued + timedelta(days=paid_after)
    _seed_credit(session, rng, today)


def _seed_transport_charge(session: Session, year: int, term: Term) -> None:
    """An agreed extra charge, booked before the term's statements were issued."""
    school_id = session.scalars(
        select(Statement.school_id).where(Statement.academic_year == year).order_by(Statement.id)
    ).first()
    if school_id is None:
        return
    session.add(
        Adjustment(
            school_id=school_id,
            academic_year=year,
            term=term,
            amount_pence=12000,
            reason="Taxi to the Wigston Centre for two weeks, agreed with the school",
            created_by="Demo coordinator",
        )
    )
    session.flush()


def _seed_credit(session: Session, rng: random.Random, today: date) -> None:
    """A credit in the current term, as offices give for a day the centre was closed."""
    year = academic_year_of(today)
    term = next(
        (
            row.term
            for row in session.scalars(select(TermDates).where(TermDates.academic_year == year))
            if row.starts_on <= today <= row.ends_on
        ),
        Term.AUTUMN,
    )
    statement = session.scalars(
        select(Statement).where(Statement.academic_year == year, Statement.term == term)
    ).first()
    if statement is None:
        return
    session.add(
        Adjustment(
            school_id=statement.school_id,
            academic_year=year,
            term=term,
            amount_pence=-to_pence(Decimal(rng.choice((45, 60, 90)))),
            reason="Centre closed for a day (heating failure); one day credited",
            created_by="Demo coordinator",
        )
    )
    session.flush()
    rebuild_term(session, year, term, today)
