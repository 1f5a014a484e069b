"""Finance operations: rates and the places each school uses."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import case, func, select

from slip_desktop.db.models import Placement, School
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import PlacementStatus, Programme

CHARGED_TIER3 = (Programme.KS4_TIER3_AP,)
CHARGED_TIER4 = (
    Programme.KS3_LONG_TERM,
    Programme.PATHWAY_1,
    Programme.PATHWAY_2,
    Programme.PATHWAY_3,
)


class SchoolPlacesRow(NamedTuple):
    """How many charged places one school has in use or has used."""

    school_id: int
    school: str
    tier3_places: int
    tier4_places: int
    active_places: int


def places_by_school(store: Store) -> list[SchoolPlacesRow]:
    """Return, for every school, its tier-3 and tier-4 placements (active or ended)."""
    used = Placement.status.in_([PlacementStatus.ACTIVE, PlacementStatus.ENDED])
    query = (
        select(
            School.id,
            School.name,
            func.count(case((used & Placement.programme.in_(CHARGED_TIER3), 1))),
            func.count(case((used & Placement.programme.in_(CHARGED_TIER4), 1))),
            func.count(case((Placement.status == PlacementStatus.ACTIVE, 1))),
        )
        .outerjoin(Placement, Placement.school_id == School.id)
        .group_by(School.id)
        .order_by(School.name)
    )
    with store.session() as session:
        return [SchoolPlacesRow._make(row) for row in session.execute(query)]
