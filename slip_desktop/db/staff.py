"""Staff operations: the establishment (roles, FTE, vacancies) and mentors' caseloads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from sqlalchemy import func, select

from slip_desktop.db.models import Placement, StaffMember
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.enums import PlacementStatus, StaffRole
from slip_desktop.domain.errors import NotFoundError, ValidationError
from slip_desktop.domain.typed_input import typed_input


class StaffRow(NamedTuple):
    """A post, filled or vacant, with the placements it mentors."""

    id: int
    name: str
    role: StaffRole
    fte: Decimal
    vacant: bool
    email: str
    caseload: int
    #: The version read: the form hands it back when it saves (db/versioning.py).
    version: int = 0


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
            StaffMember.version,
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


@dataclass(frozen=True)
class PostInput:
    """What the post form holds; ``fte`` is text as typed (e.g. "0.4")."""

    role: StaffRole
    name: str
    fte: str
    vacant: bool
    email: str


@typed_input
def save_post(
    store: Store, data: PostInput, staff_id: int | None = None, version: int | None = None
) -> int:
    """Add a post (or change one from the ``version`` the form read); return its id.

    Raises:
        ValidationError: an FTE outside 0.01-1.00, or a filled post without a name.
    """
    errors: dict[str, str] = {}
    try:
        fte = Decimal(data.fte.strip())
        if not Decimal("0") < fte <= Decimal("1") or fte != fte.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        errors["fte"] = "Enter the FTE as a number from 0.01 to 1, e.g. 0.4."
        fte = Decimal("1")
    if not data.vacant and not data.name.strip():
        errors["name"] = "Name the person in the post, or tick Vacant."
    if errors:
        raise ValidationError(errors)
    with (
        refusing_stale_saves(store, StaffMember, staff_id, "This post", "name"),
        store.session() as session,
    ):
        if staff_id is None:
            member = StaffMember(role=data.role)
            session.add(member)
        else:
            found = session.get(StaffMember, staff_id)
            if found is None:
                raise NotFoundError("That post no longer exists.")
            check_version(session, found, version, "This post", "name")
            member = found
        member.role = data.role
        member.name = "" if data.vacant else data.name.strip()
        member.fte = fte
        member.vacant = data.vacant
        member.email = data.email.strip()
        session.flush()
        return member.id
