"""A small, hand-checkable world for finance tests: one school, three placements, autumn 2026."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from slip_desktop.db.models import Placement, Provider, Pupil, RateSet, School, TermDates
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import PlacementStatus, Programme, Term

#: Autumn 2026: 2 Sep to 18 Dec, half-term 26-30 Oct; no bank holiday falls inside it.
AUTUMN = (date(2026, 9, 2), date(2026, 10, 26), date(2026, 10, 30), date(2026, 12, 18))
SPRING = (date(2027, 1, 5), date(2027, 2, 15), date(2027, 2, 19), date(2027, 3, 26))


@dataclass
class World:
    school_id: int
    other_school_id: int
    ks4_placement_id: int
    ap_placement_id: int
    part_time_placement_id: int
    free_placement_id: int


def build_world(store: Store) -> World:
    with store.session() as s:
        for term, (start, hs, he, end) in ((Term.AUTUMN, AUTUMN), (Term.SPRING, SPRING)):
            s.add(
                TermDates(
                    academic_year=2026,
                    term=term,
                    starts_on=start,
                    half_term_starts=hs,
                    half_term_ends=he,
                    ends_on=end,
                )
            )
        s.add(
            RateSet(
                academic_year=2026,
                average_cost_ks3_pence=650000,
                average_cost_ks4_pence=720000,
                pupil_premium_pence=103500,
                pupil_premium_cla_pence=253000,
                pupil_premium_service_pence=33500,
                school_days=190,
            )
        )
        school = School(name="Brookfield Academy (invented)")
        other = School(name="Meadowbank School (invented)")
        provider = Provider(name="Riverside Skills (invented)", day_rate_pence=8550)
        s.add_all([school, other, provider])
        s.flush()

        def pupil(first: str, last: str, year: int, **flags: object) -> Pupil:
            p = Pupil(
                first_name=first,
                last_name=last,
                # 15 September: the year group in 2026-27, when these tests happen.
                date_of_birth=date(2026 - year - 5, 9, 15),
                year_group=year,
                school_id=school.id,
                **flags,
            )
            s.add(p)
            s.flush()
            return p

        amy = pupil("Amy", "Archer", 10, pupil_premium=True)
        ben = pupil("Ben", "Baxter", 11)
        cal = pupil("Cal", "Carter", 8, send_funding_pence=300000)
        dee = pupil("Dee", "Dunn", 9)

        def place(
            p: Pupil, programme: Programme, start: date, end: date, days: str, **kw: object
        ) -> int:
            placement = Placement(
                pupil_id=p.id,
                school_id=school.id,
                programme=programme,
                status=PlacementStatus.ACTIVE,
                requested_on=date(2026, 9, 1),
                starts_on=start,
                planned_end_on=end,
                days_per_week=Decimal(days),
                **kw,
            )
            s.add(placement)
            s.flush()
            return placement.id

        # 12 Oct - 18 Dec: 2 weeks before half-term (10 days) + 2 Nov - 18 Dec (7 weeks, 35) = 45.
        ks4 = place(amy, Programme.PATHWAY_1, date(2026, 10, 12), date(2027, 7, 16), "5.0")
        # 2 - 27 Nov: 4 weeks = 20 school days, at 2 days a week.
        ap = place(
            ben,
            Programme.KS4_TIER3_AP,
            date(2026, 11, 2),
            date(2026, 11, 27),
            "2.0",
            provider_id=provider.id,
        )
        # 16 Nov - 18 Dec: 5 weeks = 25 school days, at 2.5 days a week.
        part = place(cal, Programme.KS3_LONG_TERM, date(2026, 11, 16), date(2027, 3, 26), "2.5")
        free = place(dee, Programme.SMALL_GROUP, date(2026, 11, 2), date(2026, 12, 11), "1.0")
        return World(school.id, other.id, ks4, ap, part, free)
