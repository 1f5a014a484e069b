"""A small world for the new school year: three pupils either side of Year 11, rates, terms."""

from __future__ import annotations

from datetime import date, datetime

from slip_desktop.db.models import RateSet
from slip_desktop.db.pupils import save_pupil
from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import save_year
from slip_desktop.domain.calendar import typical_terms
from slip_desktop.domain.enums import PlacementStatus, Programme
from slip_desktop.domain.pupils import PupilInput
from tests.roster_fixtures import add_placement, add_school

#: A day in the summer term of 2025-26, when the office rolls over to 2026-27.
SUMMER = date(2026, 7, 1)
SEPTEMBER = date(2026, 9, 10)


def _pupil(store: Store, school: int, first: str, last: str, born: date) -> int:
    data = PupilInput(first, last, "", born, None, school)
    return save_pupil(store, data, SUMMER).id


def rollover_world(store: Store) -> dict[str, int]:
    """Return ids: a Year 9 (born 15 Jan 2012), a placed Year 10 and a placed Year 11."""
    school = add_school(store, "Kingsmere Academy")
    ids = {"school": school}
    ids["ks3"] = _pupil(store, school, "Nguyễn Thị", "Ánh", date(2012, 1, 15))
    ids["y10"] = _pupil(store, school, "Олег", "Петренко", date(2010, 11, 3))
    ids["y11"] = _pupil(store, school, "Zoë", "O'Brien-Ćorić", date(2010, 3, 8))
    ids["p10"] = add_placement(
        store, ids["y10"], Programme.PATHWAY_2, PlacementStatus.ACTIVE, date(2025, 9, 3)
    )
    ids["p11"] = add_placement(
        store, ids["y11"], Programme.PATHWAY_1, PlacementStatus.ACTIVE, date(2025, 9, 3)
    )
    with store.session() as session:
        session.add(
            RateSet(
                academic_year=2025,
                average_cost_ks3_pence=712_300,
                average_cost_ks4_pence=801_050,
                pupil_premium_pence=105_000,
                pupil_premium_cla_pence=257_000,
                pupil_premium_service_pence=34_000,
                school_days=190,
                entered_at=datetime(2025, 8, 1, 9, 0),
            )
        )
    save_year(store, 2025, typical_terms(2025))
    return ids
