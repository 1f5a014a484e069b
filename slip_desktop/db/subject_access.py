"""Gather everything held about one pupil, for a subject access request."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Select, Table, select
from sqlalchemy.orm import Session

from slip_desktop.db.identity import require_permission
from slip_desktop.db.models import (
    ActionItem,
    ActionPlan,
    Adjustment,
    AgendaItem,
    AttendanceMark,
    AuditEvent,
    Decision,
    ManagedMove,
    Meeting,
    Placement,
    Pupil,
    Referral,
    Review,
    School,
    SchoolVisit,
    StatementLine,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.errors import NotFoundError
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.subject_access import PupilFile, Section

#: Never part of an export.
_LEFT_OUT = frozenset({"password_hash"})


class PupilChoice(NamedTuple):
    """A pupil as a picker lists them."""

    id: int
    name: str
    upn: str | None
    date_of_birth: date
    school: str


def pupil_choices(store: Store) -> list[PupilChoice]:
    """Return every pupil by surname, for pickers in the audit and subject access dialogs."""
    query = (
        select(
            Pupil.id,
            Pupil.last_name + ", " + Pupil.first_name,
            Pupil.upn,
            Pupil.date_of_birth,
            School.name,
        )
        .join(School, School.id == Pupil.school_id)
        .order_by(Pupil.last_name, Pupil.first_name, Pupil.id)
    )
    with store.session() as session:
        return [PupilChoice._make(row) for row in session.execute(query)]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, enum.Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _section(
    session: Session, name: str, model: Any, where: Any, order: Any, note: str = ""
) -> Section:
    table: Table = model.__table__
    columns = [c for c in table.columns if c.name not in _LEFT_OUT]
    query: Select[Any] = select(*columns).where(where).order_by(*order)
    rows = tuple(tuple(_text(v) for v in row) for row in session.execute(query))
    return Section(name, tuple(c.name for c in columns), rows, note, table.name)


def _ids(session: Session, column: Any, where: Any) -> Sequence[int]:
    return list(session.scalars(select(column).where(where)))


def gather_pupil_file(store: Store, pupil_id: int, today: date) -> PupilFile:
    """Return every record held about the pupil, each table as a section (coordinator only)."""
    require_permission(store, Action.SUBJECT_ACCESS)
    with store.session() as session:
        pupil = session.get(Pupil, pupil_id)
        if pupil is None:
            raise NotFoundError("That pupil no longer exists.")
        school = session.get(School, pupil.school_id)
        referrals = _ids(session, Referral.id, Referral.pupil_id == pupil_id)
        plans = _ids(session, ActionPlan.id, ActionPlan.referral_id.in_(referrals))
        placements = _ids(session, Placement.id, Placement.pupil_id == pupil_id)
        meetings = _ids(session, AgendaItem.meeting_id, AgendaItem.referral_id.in_(referrals))
        sections = (
            _section(session, "Pupil record", Pupil, Pupil.id == pupil_id, [Pupil.id]),
            _section(
                session,
                "Referrals",
                Referral,
                Referral.id.in_(referrals),
                [Referral.received_on, Referral.id],
            ),
            _section(
                session,
                "Meetings discussed at",
                AgendaItem,
                AgendaItem.referral_id.in_(referrals),
                [AgendaItem.meeting_id, AgendaItem.position],
                "Which Inclusion Forum or Core Meeting agenda each referral was on.",
            ),
            _section(
                session,
                "Meeting dates",
                Meeting,
                Meeting.id.in_(meetings),
                [Meeting.meets_on],
            ),
            _section(
                session,
                "Action plans",
                ActionPlan,
                ActionPlan.id.in_(plans),
                [ActionPlan.id],
            ),
            _section(
                session,
                "Action plan items",
                ActionItem,
                ActionItem.action_plan_id.in_(plans),
                [ActionItem.action_plan_id, ActionItem.position],
            ),
            _section(
                session,
                "Core Meeting decisions",
                Decision,
                Decision.referral_id.in_(referrals),
                [Decision.decided_at],
            ),
            _section(
                session,
                "Managed moves and fresh starts",
                ManagedMove,
                ManagedMove.pupil_id == pupil_id,
                [ManagedMove.starts_on],
            ),
            _section(
                session,
                "Placements",
                Placement,
                Placement.id.in_(placements),
                [Placement.requested_on, Placement.id],
            ),
            _section(
                session,
                "Reviews",
                Review,
                Review.placement_id.in_(placements),
                [Review.due_on],
            ),
            _section(
                session,
                "Attendance marks",
                AttendanceMark,
                AttendanceMark.placement_id.in_(placements),
                [AttendanceMark.day, AttendanceMark.session],
            ),
            _section(
                session,
                "School visits",
                SchoolVisit,
                SchoolVisit.placement_id.in_(placements),
                [SchoolVisit.visited_on],
            ),
            _section(
                session,
                "Charges to the school",
                StatementLine,
                StatementLine.placement_id.in_(placements),
                [StatementLine.starts_on],
            ),
            _section(
                session,
                "Corrections to the school's charges",
                Adjustment,
                Adjustment.placement_id.in_(placements),
                [Adjustment.created_at, Adjustment.id],
                "Charges corrected after a term was locked, because a placement changed.",
            ),
            _section(
                session,
                "Audit trail",
                AuditEvent,
                AuditEvent.pupil_id == pupil_id,
                [AuditEvent.at, AuditEvent.id],
                "Every recorded change, export and print of this pupil's records (times in UTC).",
            ),
        )
        return PupilFile(
            pupil_id=pupil.id,
            full_name=f"{pupil.first_name} {pupil.last_name}",
            date_of_birth=pupil.date_of_birth,
            school=school.name if school else "",
            gathered_on=today,
            sections=sections,
        )
