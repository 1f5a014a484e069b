"""A small roster and Core Meeting world, and row counts, for the write-path property tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select

from slip_desktop.db.audit import install_audit
from slip_desktop.db.meetings import add_meeting
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.models import AgendaItem, Meeting, Pupil, Referral
from slip_desktop.db.reviews import list_reviews
from slip_desktop.db.rosters import PlaceRequest, place_pupil
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import KS3_LONG_TERM_PLACES
from slip_desktop.domain.enums import (
    AgendaPurpose,
    MeetingKind,
    PlacementStatus,
    Programme,
    ReferralKind,
    ReferralStatus,
)
from tests.roster_fixtures import (
    add_placement,
    add_pupil,
    add_school,
    add_staff_and_provider,
    add_term,
    fill,
)

TODAY = date(2026, 11, 27)
#: The KS3 long-term places are all taken this spring, so some placements are refused.
FULL_FROM, FULL_TO = date(2027, 1, 5), date(2027, 3, 26)


@dataclass(frozen=True)
class World:
    """Ids of the records every example shares."""

    store: Store
    school: int
    other_school: int
    mentor: int
    provider: int
    core_meeting: int
    visited_placement: int
    reviews: tuple[int, ...]


def build_world(path: Path) -> World:
    """Migrate a database at ``path``, audit it as the app does, and fill in the shared records."""
    store = Store.open(path)
    upgrade_to_head(store.engine)
    install_audit(store)
    add_term(store)
    school = add_school(store)
    other = add_school(store, "Otherfield School", "Al Link")
    mentor, provider = add_staff_and_provider(store)
    fill(store, school, Programme.KS3_LONG_TERM, KS3_LONG_TERM_PLACES, FULL_FROM, FULL_TO)
    visited = add_placement(
        store,
        add_pupil(store, school, "Vic", "Visited", 10),
        Programme.PATHWAY_1,
        PlacementStatus.ACTIVE,
        date(2026, 9, 2),
        date(2027, 7, 16),
    )
    reviewed = add_placement(store, add_pupil(store, school, "Rev", "Reviewed"), Programme.RESET)
    place_pupil(
        store,
        PlaceRequest(reviewed, date(2026, 11, 2), group_name="A", centre_days="mon,tue,wed-am"),
    )
    reviews = tuple(r.id for r in list_reviews(store, reviewed))
    core = add_meeting(store, MeetingKind.CORE, date(2026, 12, 17), time(14, 0), time(16, 0))
    forum = add_meeting(store, MeetingKind.FORUM, date(2027, 1, 14), time(9, 30), time(11, 30))
    with store.session() as s:
        # Room for every back-to-forum decision the examples make.
        forum_meeting = s.get(Meeting, forum)
        assert forum_meeting is not None
        forum_meeting.capacity = 1_000_000
    return World(store, school, other, mentor, provider, core, visited, reviews)


def add_core_case(world: World, year_group: int, on_agenda: bool) -> int:
    """Add a pupil's partnership referral booked onto the world's Core Meeting; return its id."""
    pupil_id = add_pupil(world.store, world.school, "Cora", "Case", year_group)
    with world.store.session() as s:
        pupil = s.get(Pupil, pupil_id)
        assert pupil is not None
        referral = Referral(
            pupil_id=pupil_id,
            school_id=world.school,
            year_group=pupil.year_group,
            kind=ReferralKind.PARTNERSHIP,
            status=ReferralStatus.ON_CORE_AGENDA if on_agenda else ReferralStatus.NEW,
            received_on=date(2026, 11, 2),
            referrer_name="Amara Patel",
            presenting_concerns="Refusing lessons; low mood.",
        )
        s.add(referral)
        s.flush()
        s.add(
            AgendaItem(
                meeting_id=world.core_meeting,
                referral_id=referral.id,
                purpose=AgendaPurpose.NEW_CASE,
            )
        )
        return referral.id


def counts(store: Store, *models: Any) -> tuple[int, ...]:
    """Return how many rows each model's table holds."""
    with store.session() as s:
        return tuple(int(s.scalar(select(func.count()).select_from(m)) or 0) for m in models)


def row(store: Store, model: Any, row_id: int) -> dict[str, Any]:
    """Return one row's columns as a dict (empty when it is gone)."""
    with store.session() as s:
        obj = s.get(model, row_id)
        if obj is None:
            return {}
        return {c.key: getattr(obj, c.key) for c in inspect(model).column_attrs}
