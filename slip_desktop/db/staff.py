"""Staff operations: the establishment (roles, FTE, vacancies) and mentors' caseloads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import func, select

from slip_desktop.db.models import Placement, StaffMember
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import PlacementStatus, StaffRole


class StaffRow(NamedTuple):
    """A post, filled or vacant, with the placements it mentors."""

    id: int
    name: str
    role: StaffRole
    fte: Decimal
    vacant: bool
    email: str
    caseload: int


def list_staff(store: Store, today: date) -> list[StaffRow]:
    """Return every active post with its current mentoring caseload."""
    caseload = (
        select(func.count(Placement.id))
        .where(
            Placement.mentor_id == StaffMember.id,
            Placement.status == PlacementStatus.ACTIVE,
            Placement.starts_on <= today,
        )
        .correlate(StaffMember)
        .scalar_subquery()
    )
    query = (
        select(
            StaffMember.id,
            StaffMember.name,
            StaffMember.role,
            StaffMember.fte,
            StaffMember.vacant,
            StaffMember.email,
            caseload,
        )
        .where(StaffMember.active.is_(True))
        .order_by(StaffMember.id)
    )
    with store.session() as session:
        return [StaffRow._make(row) for row in session.execute(query)]


class Establishment(NamedTuple):
    """Totals of the staffing."""

    posts: int
    fte: Decimal
    vacancies: int
    vacant_fte: Decimal


def establishment(rows: list[StaffRow]) -> Establishment:
    """Return the totals of ``rows``."""
    return Establishment(
        len(rows),
        sum((r.fte for r in rows), Decimal(0)),
        sum(1 for r in rows if r.vacant),
        sum((r.fte for r in rows if r.vacant), Decimal(0)),
    )
