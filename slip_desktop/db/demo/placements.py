"""Invented placements that follow the demo's Core decisions, within centre capacity."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from slip_desktop.db.demo.people import DemoWorld
from slip_desktop.db.demo.referrals import DemoCases
from slip_desktop.db.models import Placement
from slip_desktop.domain.enums import CoreOutcome, PlacementStatus, Programme
from slip_desktop.domain.school_year import academic_year_of, key_stage

#: Places per programme (or Reset group), from the partnership's published offer.
DEMO_CAPACITY = {"reset-A": 5, "reset-B": 5, "ks3_long_term": 10, "wigston": 24}


def _capacity_key(programme: Programme, group: str) -> str | None:
    if programme == Programme.RESET:
        return f"reset-{group}"
    if programme == Programme.KS3_LONG_TERM:
        return "ks3_long_term"
    if programme in (Programme.PATHWAY_1, Programme.PATHWAY_2):
        return "wigston"
    return None


def seed(
    session: Session, rng: random.Random, today: date, world: DemoWorld, cases: DemoCases
) -> None:
    """Add a placement for each in-school or outside-school decision."""
    taken: dict[str, list[tuple[date, date]]] = {}
    for referral, decision, pupil in cases.decisions:
        decided = decision.decided_at.date()
        start = decided + timedelta(days=14)
        year_end = date(academic_year_of(start) + 1, 7, 20)
        group = ""
        days = Decimal("5.0")
        mentor_id = None
        provider_id = None
        if decision.outcome == CoreOutcome.IN_SCHOOL_SUPPORT:
            programme = rng.choice((Programme.SMALL_GROUP, Programme.ONE_TO_ONE))
            end = start + timedelta(weeks=rng.randint(6, 8))
            days = Decimal("1.0")
            mentor_id = rng.choice(world.mentors).id
        elif decision.outcome == CoreOutcome.OUTSIDE_PROGRAMME:
            if key_stage(referral.year_group) == 3:
                programme = rng.choice((Programme.RESET, Programme.RESET, Programme.KS3_LONG_TERM))
            else:
                programme = rng.choice(
                    (
                        Programme.KS4_TIER3_AP,
                        Programme.PATHWAY_1,
                        Programme.PATHWAY_2,
                        Programme.PATHWAY_3,
                    )
                )
            if programme == Programme.RESET:
                group = rng.choice("AB")
                end = start + timedelta(weeks=7)
                days = Decimal("2.5")
            else:
                end = year_end
                if programme == Programme.KS4_TIER3_AP:
                    days = Decimal("2.0")
                if programme in (Programme.KS4_TIER3_AP, Programme.PATHWAY_3):
                    provider_id = rng.choice(world.providers).id
        else:
            continue
        status = PlacementStatus.ACTIVE
        key = _capacity_key(programme, group)
        if key is not None:
            overlapping = [1 for lo, hi in taken.get(key, []) if lo <= end and start <= hi]
            if len(overlapping) >= DEMO_CAPACITY[key]:
                status = PlacementStatus.WAITING
            else:
                taken.setdefault(key, []).append((start, end))
        placement = Placement(
            pupil_id=pupil.id,
            school_id=pupil.school_id,
            referral_id=referral.id,
            decision_id=decision.id,
            programme=programme,
            group_name=group,
            provider_id=provider_id,
            mentor_id=mentor_id,
            status=status,
            requested_on=decided,
            starts_on=start if status != PlacementStatus.WAITING else None,
            planned_end_on=end if status != PlacementStatus.WAITING else None,
            days_per_week=days,
            centre_days="mon,tue,wed-am" if programme == Programme.RESET else "",
        )
        if status == PlacementStatus.ACTIVE and start > today:
            placement.status = PlacementStatus.REQUESTED
        if status == PlacementStatus.ACTIVE and end < today:
            placement.status = PlacementStatus.ENDED
            placement.ended_on = end
        session.add(placement)
