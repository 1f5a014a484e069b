"""Roster operations: who is placed on which programme."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from slip_desktop.db.models import Placement, Pupil, School
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import PlacementStatus, Programme


class PlacementRow(NamedTuple):
    """One placement in a roster."""

    id: int
    first_name: str
    last_name: str
    school: str
    year_group: int
    programme: Programme
    group_name: str
    status: PlacementStatus
    starts_on: date | None
    planned_end_on: date | None
    days_per_week: Decimal


def list_placements(store: Store) -> list[PlacementRow]:
    """Return every placement with its pupil and home school."""
    query = (
        select(
            Placement.id,
            Pupil.first_name,
            Pupil.last_name,
            School.name,
            Pupil.year_group,
            Placement.programme,
            Placement.group_name,
            Placement.status,
            Placement.starts_on,
            Placement.planned_end_on,
            Placement.days_per_week,
        )
        .join(Pupil, Pupil.id == Placement.pupil_id)
        .join(School, School.id == Placement.school_id)
        .order_by(Placement.programme, Placement.starts_on)
    )
    with store.session() as session:
        return [PlacementRow._make(row) for row in session.execute(query)]
