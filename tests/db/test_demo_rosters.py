from __future__ import annotations

from collections import Counter
from datetime import timedelta

from slip_desktop.db.attendance import attendance
from slip_desktop.db.reviews import overdue_reviews
from slip_desktop.db.rosters import list_placements, pools_on, waiting_lists
from slip_desktop.db.store import Store
from slip_desktop.db.visits import list_visits, visit_flags
from slip_desktop.domain.capacity import POOLS, Stay, peak_occupancy, pool_key
from slip_desktop.domain.enums import PlacementStatus, Programme
from tests.conftest import DEMO_TODAY


def test_demo_placements_stay_within_capacity_on_every_day(demo_store: Store) -> None:
    stays: dict[str, list[Stay]] = {}
    for row in list_placements(demo_store):
        if row.status in (PlacementStatus.ACTIVE, PlacementStatus.ENDED) and row.starts_on:
            key = pool_key(row.programme, row.group_name)
            stays.setdefault(key, []).append(
                Stay(row.name, row.starts_on, row.ended_on or row.planned_end_on)
            )
    for key, pool in POOLS.items():
        if pool.places is None or key not in stays:
            continue
        for stay in stays[key]:
            taken, day = peak_occupancy(stays[key], stay.first, stay.last)
            assert taken <= pool.places, f"{pool.label} over capacity on {day}"


def test_demo_rosters_look_lived_in_on_the_demo_day(demo_store: Store) -> None:
    pools = {p.label: p for p in pools_on(demo_store, DEMO_TODAY)}
    assert pools["Reset group A"].taken >= 3 and pools["Reset group B"].taken >= 3
    assert 5 <= pools["KS3 long-term"].taken <= 10
    assert 15 <= pools["Pathways 1 and 2"].taken <= 24
    rows = list_placements(demo_store)
    active_ap = [
        r
        for r in rows
        if r.programme in (Programme.PATHWAY_3, Programme.KS4_TIER3_AP)
        and r.status == PlacementStatus.ACTIVE
    ]
    assert len(active_ap) >= 4 and all(r.provider for r in active_ap)
    statuses = Counter(r.status for r in rows)
    assert statuses[PlacementStatus.REQUESTED] >= 2 and statuses[PlacementStatus.ENDED] >= 5
    assert waiting_lists(demo_store, DEMO_TODAY)[0].priority > 0
    assert 2 <= len(overdue_reviews(demo_store, DEMO_TODAY)) <= 8
    month = attendance(demo_store, DEMO_TODAY - timedelta(weeks=3), DEMO_TODAY)
    assert any(p.tally.possible > 20 for p in month)
    flags = visit_flags(demo_store, DEMO_TODAY)
    assert list_visits(demo_store) and any(not f.visited_this_term for f in flags)
    assert sum(f.visited_this_term for f in flags) > len(flags) // 2
