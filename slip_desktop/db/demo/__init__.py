"""Invented demo data: schools, pupils, staff, meetings, referrals and placements.

Every person and school here is made up. Seeding only happens on an empty
database, so running ``--demo`` twice changes nothing the second time.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import func, select

from slip_desktop.db.demo import finance as demo_finance
from slip_desktop.db.demo import meetings as demo_meetings
from slip_desktop.db.demo import moves as demo_moves
from slip_desktop.db.demo import office as demo_office
from slip_desktop.db.demo import people as demo_people
from slip_desktop.db.demo import placements as demo_placements
from slip_desktop.db.demo import referrals as demo_referrals
from slip_desktop.db.models import School
from slip_desktop.db.store import Store


def has_data(store: Store) -> bool:
    """Return True when the database already holds schools (and so real or demo data)."""
    with store.session() as session:
        return bool(session.scalar(select(func.count()).select_from(School)))


def seed_demo(store: Store, today: date | None = None, seed: int = 2026) -> bool:
    """Fill an empty database with invented data; return False (changing nothing) otherwise."""
    if has_data(store):
        return False
    today = today or date.today()
    rng = random.Random(seed)
    with store.session() as session:
        demo_office.seed(session)
        world = demo_people.seed(session, rng, today)
        calendar = demo_meetings.seed(session, rng, today)
        cases = demo_referrals.seed(session, rng, today, world, calendar)
        demo_placements.seed(session, rng, today, world, cases)
        demo_finance.seed(session, rng, today)
        demo_moves.seed(session, today, world, calendar)
    return True
