"""Gather the plain facts the impact figures are computed from."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select

from slip_desktop.db.models import (
    AgendaItem,
    AttendanceMark,
    Decision,
    ManagedMove,
    Meeting,
    Placement,
    Referral,
    School,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.impact import (
    Figure,
    MoveFact,
    Period,
    PlacementFact,
    ReferralFact,
    all_figures,
    counts_as_attending,
)


def school_names(store: Store) -> list[str]:
    """Return every school's name, in order."""
    with store.session() as session:
        return list(session.scalars(select(School.name).order_by(School.name)))


def referral_facts(store: Store) -> list[ReferralFact]:
    """Return every referral as the impact figures need it."""
    first_meeting = (
        select(AgendaItem.referral_id, func.min(Meeting.meets_on).label("first_on"))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .group_by(AgendaItem.referral_id)
        .subquery()
    )
    query = (
        select(
            Referral.id,
            School.name,
            Referral.kind,
            Referral.year_group,
            Referral.reasons,
            Referral.received_on,
            first_meeting.c.first_on,
            Decision.decided_at,
            Decision.outcome,
            Referral.forum_referral_id,
        )
        .join(School, School.id == Referral.school_id)
        .outerjoin(first_meeting, first_meeting.c.referral_id == Referral.id)
        .outerjoin(Decision, Decision.referral_id == Referral.id)
    )
    with store.session() as session:
        return [
            ReferralFact(
                id=r[0],
                school=r[1],
                kind=r[2],
                year_group=r[3],
                reasons=tuple(x for x in (r[4] or "").split(",") if x),
                received_on=r[5],
                first_meeting_on=r[6],
                decided_on=r[7].date() if r[7] is not None else None,
                outcome=r[8],
                forum_referral_id=r[9],
            )
            for r in session.execute(query)
        ]


def placement_facts(store: Store, period: Period) -> list[PlacementFact]:
    """Return every placement with its register counted inside ``period``."""
    marks: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    mark_query = (
        select(AttendanceMark.placement_id, AttendanceMark.code, func.count())
        .where(AttendanceMark.day >= period.start, AttendanceMark.day <= period.end)
        .group_by(AttendanceMark.placement_id, AttendanceMark.code)
    )
    query = (
        select(
            Placement.id,
            School.name,
            Placement.programme,
            Placement.status,
            Placement.starts_on,
            Placement.planned_end_on,
            Placement.ended_on,
            Placement.end_outcome,
            Referral.attendance_percent,
        )
        .join(School, School.id == Placement.school_id)
        .outerjoin(Referral, Referral.id == Placement.referral_id)
    )
    with store.session() as session:
        for placement_id, code, count in session.execute(mark_query):
            attending = counts_as_attending(code)
            if attending is None:
                continue
            marks[placement_id][1] += count
            if attending:
                marks[placement_id][0] += count
        return [
            PlacementFact(
                id=r[0],
                school=r[1],
                programme=r[2],
                status=r[3],
                starts_on=r[4],
                ends_on=r[5],
                ended_on=r[6],
                end_outcome=r[7],
                attendance_before=r[8],
                present_sessions=marks[r[0]][0] if r[0] in marks else 0,
                possible_sessions=marks[r[0]][1] if r[0] in marks else 0,
            )
            for r in session.execute(query)
        ]


def managed_move_facts(store: Store) -> list[MoveFact]:
    """Return every managed move and fresh start with the schools' names."""
    sending = School.__table__.alias("sending")
    receiving = School.__table__.alias("receiving")
    query = (
        select(sending.c.name, receiving.c.name, ManagedMove.outcome, ManagedMove.starts_on)
        .join(sending, sending.c.id == ManagedMove.sending_school_id)
        .join(receiving, receiving.c.id == ManagedMove.receiving_school_id)
    )
    with store.session() as session:
        return [MoveFact(*row) for row in session.execute(query)]


def charge_facts(store: Store, period: Period) -> list[tuple[str, int]]:
    """Return (school, pence) for the statements of the terms that start inside ``period``.

    Statement totals, not placement lines: credits and adjustments are part of what a
    school was charged, exactly as the Finance tab and the statements show it.
    """
    from slip_desktop.db.finance import statement_totals_between

    return statement_totals_between(store, period.start, period.end)


def impact_figures(store: Store, period: Period, school: str | None = None) -> list[Figure]:
    """Return every impact figure for ``period`` (and one school, when given)."""
    return all_figures(
        referral_facts(store),
        placement_facts(store, period),
        managed_move_facts(store),
        charge_facts(store, period),
        period,
        school,
    )


def data_span(store: Store) -> tuple[date, date] | None:
    """Return the first and last referral dates held, or None when there are none."""
    with store.session() as session:
        first, last = session.execute(
            select(func.min(Referral.received_on), func.max(Referral.received_on))
        ).one()
    return (first, last) if first is not None else None


def report_periods(store: Store, today: date) -> list[Period]:
    """Return the periods the Impact tab offers: each term and each academic year, newest first."""
    from slip_desktop.db.models import TermDates
    from slip_desktop.domain.school_year import academic_year_bounds, academic_year_label

    with store.session() as session:
        terms = session.execute(
            select(
                TermDates.academic_year, TermDates.term, TermDates.starts_on, TermDates.ends_on
            ).order_by(TermDates.starts_on.desc())
        ).all()
    periods: list[Period] = []
    years = sorted({t[0] for t in terms}, reverse=True)
    for year in years:
        start, end = academic_year_bounds(year)
        periods.append(Period(start, end, f"Academic year {academic_year_label(year)}"))
        for t in terms:
            if t[0] == year and t[2] <= today:
                periods.append(Period(t[2], t[3], f"{t[1].label} term {academic_year_label(year)}"))
    return periods
