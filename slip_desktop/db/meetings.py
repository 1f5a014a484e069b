"""Meeting operations: the forum and Core calendar."""

from __future__ import annotations

from datetime import date, time
from typing import NamedTuple

from sqlalchemy import func, select

from slip_desktop.db.models import AgendaItem, Meeting
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import MeetingKind, MeetingStatus


class MeetingRow(NamedTuple):
    """One meeting in a list."""

    id: int
    kind: MeetingKind
    meets_on: date
    starts_at: time
    status: MeetingStatus
    capacity: int
    cases: int
    link: str


def list_meetings(store: Store) -> list[MeetingRow]:
    """Return every meeting in date order with the number of cases on its agenda."""
    cases = (
        select(AgendaItem.meeting_id, func.count().label("cases"))
        .group_by(AgendaItem.meeting_id)
        .subquery()
    )
    query = (
        select(
            Meeting.id,
            Meeting.kind,
            Meeting.meets_on,
            Meeting.starts_at,
            Meeting.status,
            Meeting.capacity,
            func.coalesce(cases.c.cases, 0),
            Meeting.link,
        )
        .outerjoin(cases, cases.c.meeting_id == Meeting.id)
        .order_by(Meeting.meets_on, Meeting.starts_at)
    )
    with store.session() as session:
        return [MeetingRow._make(row) for row in session.execute(query)]
