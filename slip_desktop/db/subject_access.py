"""Gather everything held about one pupil, for a subject access request."""

from __future__ import annotations

import enum
import json
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
from slip_desktop.domain.subject_access import (
    AREAS,
    PupilFile,
    Section,
    column_label,
    pounds_text,
)

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


#: Linked records the readable copy names (a school's name, a meeting's date) instead of a number.
_NAMED_LINKS = frozenset({"school", "meeting", "provider", "staff_member"})
#: Columns the readable copy leaves to the CSV: record numbers, edit counters, the pupil.
_NOT_PRINTED = frozenset({"id", "version", "pupil_id"})


def _code_labels() -> dict[str, str]:
    """Return every stored code with its label ("small_group" -> "Tier 2 small group")."""
    from slip_desktop.domain import enums

    labels: dict[str, str] = {}
    for value in vars(enums).values():
        if isinstance(value, type) and issubclass(value, enums.Labelled):
            for member in value:
                labels.setdefault(member.value, member.label)
    return labels


class _Resolver:
    """Turns stored values into words: linked records by name, codes by label, pence as £."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._names: dict[str, dict[int, str]] = {}
        self.codes = _code_labels()

    def _linked(self, table: str, key: int) -> str:
        names = self._names.setdefault(table, {})
        if key not in names:
            names[key] = self._describe(table, key)
        return names[key]

    def _describe(self, table: str, key: int) -> str:
        from slip_desktop.db.models import Provider, StaffMember

        if table == "school":
            school = self._session.get(School, key)
            return school.name if school else str(key)
        if table == "meeting":
            meeting = self._session.get(Meeting, key)
            return f"{meeting.kind.label}, {meeting.meets_on:%d/%m/%Y}" if meeting else str(key)
        if table == "provider":
            provider = self._session.get(Provider, key)
            return provider.name if provider else str(key)
        staff = self._session.get(StaffMember, key)
        return getattr(staff, "name", str(key)) if staff else str(key)

    def _changes(self, text: str) -> str:
        try:
            changes = json.loads(text)
        except ValueError:
            return text
        if not isinstance(changes, dict):
            return text
        lines = []
        for field, pair in sorted(changes.items()):
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            old, new = self.word(field, old), self.word(field, new)
            label = column_label(field)
            if not old:
                lines.append(f"{label}: {new}")
            elif not new:
                lines.append(f"{label}: was {old}")
            else:
                lines.append(f"{label}: {old} -> {new}")
        return "\n".join(lines)

    def word(self, column: str, value: Any) -> str:
        """Return one stored value of ``column`` in words."""
        if value is None:
            return ""
        if column.endswith("_pence") and isinstance(value, int) and not isinstance(value, bool):
            return pounds_text(value)
        if isinstance(value, str) and value in self.codes:
            return self.codes[value]
        if isinstance(value, str) and column in ("reasons", "services", "days") and "," in value:
            return ", ".join(self.codes.get(code, code) for code in value.split(",") if code)
        return _text(value)

    def cell(self, column: Any, value: Any) -> str:
        """Return one cell of a section in words."""
        target = next((fk.column.table.name for fk in column.foreign_keys), None)
        if value is not None and target in _NAMED_LINKS:
            return self._linked(target, int(value))
        if column.name == "changes" and isinstance(value, str):
            return self._changes(value)
        return self.word(column.name, value)


def _section(
    session: Session,
    name: str,
    model: Any,
    where: Any,
    order: Any,
    note: str = "",
    *,
    area: str,
    resolver: _Resolver,
) -> Section:
    table: Table = model.__table__
    columns = [c for c in table.columns if c.name not in _LEFT_OUT]
    query: Select[Any] = select(*columns).where(where).order_by(*order)
    rows = tuple(
        tuple(resolver.cell(c, v) for c, v in zip(columns, row, strict=True))
        for row in session.execute(query)
    )
    printed = tuple(
        i
        for i, c in enumerate(columns)
        if c.name not in _NOT_PRINTED
        and all(fk.column.table.name in _NAMED_LINKS for fk in c.foreign_keys)
    )
    labels = tuple(column_label(c.name) for c in columns)
    return Section(name, labels, rows, note, table.name, area, printed)


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
        adjustments = _ids(session, Adjustment.id, Adjustment.placement_id.in_(placements))
        resolver = _Resolver(session)
        sections = (
            _section(
                session,
                "Pupil record",
                Pupil,
                Pupil.id == pupil_id,
                [Pupil.id],
                area="About the pupil",
                resolver=resolver,
            ),
            _section(
                session,
                "Referrals",
                Referral,
                Referral.id.in_(referrals),
                [Referral.received_on, Referral.id],
                area="Referrals and meetings",
                resolver=resolver,
            ),
            _section(
                session,
                "Meetings discussed at",
                AgendaItem,
                AgendaItem.referral_id.in_(referrals),
                [AgendaItem.meeting_id, AgendaItem.position],
                "Which Inclusion Forum or Core Meeting agenda each referral was on.",
                area="Referrals and meetings",
                resolver=resolver,
            ),
            _section(
                session,
                "Meeting dates",
                Meeting,
                Meeting.id.in_(meetings),
                [Meeting.meets_on],
                area="Referrals and meetings",
                resolver=resolver,
            ),
            _section(
                session,
                "Action plans",
                ActionPlan,
                ActionPlan.id.in_(plans),
                [ActionPlan.id],
                area="Action plans",
                resolver=resolver,
            ),
            _section(
                session,
                "Action plan items",
                ActionItem,
                ActionItem.action_plan_id.in_(plans),
                [ActionItem.action_plan_id, ActionItem.position],
                area="Action plans",
                resolver=resolver,
            ),
            _section(
                session,
                "Core Meeting decisions",
                Decision,
                Decision.referral_id.in_(referrals),
                [Decision.decided_at],
                area="Core Meeting decisions",
                resolver=resolver,
            ),
            _section(
                session,
                "Managed moves and fresh starts",
                ManagedMove,
                ManagedMove.pupil_id == pupil_id,
                [ManagedMove.starts_on],
                area="Placements, moves and reviews",
                resolver=resolver,
            ),
            _section(
                session,
                "Placements",
                Placement,
                Placement.id.in_(placements),
                [Placement.requested_on, Placement.id],
                area="Placements, moves and reviews",
                resolver=resolver,
            ),
            _section(
                session,
                "Reviews",
                Review,
                Review.placement_id.in_(placements),
                [Review.due_on],
                area="Placements, moves and reviews",
                resolver=resolver,
            ),
            _section(
                session,
                "Attendance marks",
                AttendanceMark,
                AttendanceMark.placement_id.in_(placements),
                [AttendanceMark.day, AttendanceMark.session],
                area="Attendance",
                resolver=resolver,
            ),
            _section(
                session,
                "School visits",
                SchoolVisit,
                SchoolVisit.placement_id.in_(placements),
                [SchoolVisit.visited_on],
                area="Placements, moves and reviews",
                resolver=resolver,
            ),
            _section(
                session,
                "Charges to the school",
                StatementLine,
                StatementLine.placement_id.in_(placements)
                | StatementLine.adjustment_id.in_(adjustments),
                [StatementLine.starts_on, StatementLine.id],
                "Each line of the school's termly statements that is about this pupil: "
                "the charge for a placement, or a correction to it (a credit is negative).",
                area="Money",
                resolver=resolver,
            ),
            _section(
                session,
                "Corrections to the school's charges",
                Adjustment,
                Adjustment.placement_id.in_(placements),
                [Adjustment.created_at, Adjustment.id],
                "Charges corrected after a term was locked, because a placement changed.",
                area="Money",
                resolver=resolver,
            ),
            _section(
                session,
                "Audit trail",
                AuditEvent,
                AuditEvent.pupil_id == pupil_id,
                [AuditEvent.at, AuditEvent.id],
                "Every recorded change, export and print of this pupil's records (times in UTC).",
                area="Audit trail",
                resolver=resolver,
            ),
        )
        return PupilFile(
            pupil_id=pupil.id,
            full_name=f"{pupil.first_name} {pupil.last_name}",
            date_of_birth=pupil.date_of_birth,
            school=school.name if school else "",
            gathered_on=today,
            # grouped by area, in the order the readable copy gives them
            sections=tuple(sorted(sections, key=lambda s: AREAS.index(s.area))),
        )
