"""Invented rates for the demo's academic years (national pupil premium figures for 2023-24)."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy.orm import Session

from slip_desktop.db.models import RateSet
from slip_desktop.domain.school_year import academic_year_of


def seed(session: Session, rng: random.Random, today: date) -> None:
    """Add a rate set for last academic year and this one."""
    this_year = academic_year_of(today)
    for year in (this_year - 1, this_year):
        session.add(
            RateSet(
                academic_year=year,
                average_cost_ks3_pence=650000 + (year - this_year) * 15000,
                average_cost_ks4_pence=720000 + (year - this_year) * 15000,
                pupil_premium_pence=103500,
                pupil_premium_cla_pence=253000,
                pupil_premium_service_pence=33500,
                school_days=190,
                entered_by="Demo data",
            )
        )
