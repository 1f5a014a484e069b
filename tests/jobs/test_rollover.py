"""The new school year: copies, Year 11 leavers, year groups from date of birth afterwards."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import select

from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.models import Placement, RateSet
from slip_desktop.db.offer import offer_years
from slip_desktop.db.pupils import get_pupil, list_pupils
from slip_desktop.db.rates import current_rates
from slip_desktop.db.rollover import (
    LeaverOutcome,
    end_of_year10_list,
    leaver_record,
    year11_placements,
    year_end,
)
from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import list_terms
from slip_desktop.domain.calendar import typical_terms
from slip_desktop.domain.enums import EndOutcome, PlacementStatus
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.school_year import Post16Destination
from slip_desktop.jobs.progress import Cancelled
from slip_desktop.jobs.rollover import COPY_STEPS, CopyStep, RolloverPlan, run_rollover
from tests.rollover_fixtures import SEPTEMBER, SUMMER
from tests.rollover_fixtures import rollover_world as _world


def _plan(store: Store, ids: dict[str, int]) -> RolloverPlan:
    outcome = LeaverOutcome(
        ids["p11"],
        Post16Destination.COLLEGE,
        "GCSE English Language: 5\nFunctional Skills Maths Level 2 - Pass",
    )
    return RolloverPlan(2025, year_end(store, 2025), [outcome])


def test_after_the_rollover_a_pupil_born_15_jan_2012_shows_year_10_in_2026_27(
    store: Store,
) -> None:
    ids = _world(store)
    assert get_pupil(store, ids["ks3"], SUMMER).year_group == 9
    run_rollover(store, _plan(store, ids))
    assert get_pupil(store, ids["ks3"], SEPTEMBER).year_group == 10
    shown = {p.id: p.year_group for p in list_pupils(store, SEPTEMBER)}
    assert shown[ids["ks3"]] == 10
    assert get_pupil(store, ids["ks3"], SEPTEMBER).year_group_warning is None


def test_year_11_placements_are_ended_with_a_post_16_destination_and_outcomes(
    store: Store,
) -> None:
    ids = _world(store)
    assert [p.placement_id for p in year11_placements(store, 2025)] == [ids["p11"]]
    result = run_rollover(store, _plan(store, ids))
    assert result.ended == 1
    record = leaver_record(store, ids["p11"])
    assert record.destination == Post16Destination.COLLEGE
    assert record.ended_on == year_end(store, 2025) == typical_terms(2025)[-1].ends_on
    assert record.outcomes == "GCSE English Language: 5\nFunctional Skills Maths Level 2: Pass"
    with store.session() as session:
        placement = session.get(Placement, ids["p11"])
        assert placement is not None
        assert (placement.status, placement.end_outcome) == (
            PlacementStatus.ENDED,
            EndOutcome.POST16,
        )
        # The Year 10 pupil's place carries on into Year 11.
        other = session.get(Placement, ids["p10"])
        assert other is not None and other.status == PlacementStatus.ACTIVE


def test_rates_and_term_dates_are_copied_to_the_new_year_on_the_same_weekdays(
    store: Store,
) -> None:
    ids = _world(store)
    run_rollover(store, _plan(store, ids))
    new_rates = current_rates(store, 2026)
    assert new_rates is not None
    assert str(new_rates.average_cost_ks4) == "8010.50"
    assert new_rates.school_days == 190
    old, new = list_terms(store, 2025), list_terms(store, 2026)
    assert [t.term for t in new] == [t.term for t in old]
    for before, after in zip(old, new, strict=True):
        assert after.starts_on.weekday() == before.starts_on.weekday()
        assert after.ends_on.weekday() == before.ends_on.weekday()
        assert 358 <= (after.starts_on - before.starts_on).days <= 371
    assert new[0].starts_on >= date(2026, 9, 1)


def test_a_second_rollover_leaves_what_the_new_year_already_has(store: Store) -> None:
    ids = _world(store)
    run_rollover(store, _plan(store, ids))
    # The offer (capacities, weeks, charging) is carried into the new year first.
    assert 2026 in offer_years(store)
    terms = list_terms(store, 2026)
    again = run_rollover(store, RolloverPlan(2025, year_end(store, 2025)))
    assert "already has its offer" in again.lines[0]
    assert "already has rates" in again.lines[1]
    assert "already has term dates" in again.lines[2]
    assert list_terms(store, 2026) == terms
    with store.session() as session:
        assert len(session.scalars(select(RateSet).where(RateSet.academic_year == 2026)).all()) == 1


def test_outcomes_without_a_grade_are_refused_and_nothing_is_ended(store: Store) -> None:
    ids = _world(store)
    plan = RolloverPlan(
        2025, year_end(store, 2025), [LeaverOutcome(ids["p11"], outcomes="GCSE History")], steps=[]
    )
    with pytest.raises(ValidationError) as raised:
        run_rollover(store, plan)
    assert f"outcomes.{ids['p11']}" in raised.value.errors
    assert leaver_record(store, ids["p11"]).ended_on is None


def test_a_leaver_whose_placement_changed_meanwhile_is_refused(store: Store) -> None:
    ids = _world(store)
    run_rollover(store, _plan(store, ids))
    with pytest.raises(RuleError, match="changed since"):
        run_rollover(store, _plan(store, ids))


def test_cancel_stops_before_the_next_step(store: Store) -> None:
    ids = _world(store)
    cancel = threading.Event()
    steps = [CopyStep("Set cancel", lambda s, f, t: cancel.set() or "done"), *COPY_STEPS]
    plan = RolloverPlan(2025, year_end(store, 2025), [LeaverOutcome(ids["p11"])], steps)
    with pytest.raises(Cancelled):
        run_rollover(store, plan, cancel=cancel)
    assert current_rates(store, 2026) is None
    assert leaver_record(store, ids["p11"]).ended_on is None


def test_a_step_the_lead_adds_runs_with_the_years(store: Store) -> None:
    seen: list[tuple[int, int]] = []
    extra = CopyStep("The offer", lambda s, f, t: seen.append((f, t)) or "copied")
    result = run_rollover(store, RolloverPlan(2025, date(2026, 7, 22), steps=[extra]))
    assert seen == [(2025, 2026)]
    assert result.lines[0] == "The offer: copied"


def test_the_rollover_is_on_the_audit_trail(store: Store) -> None:
    install_audit(store)
    ids = _world(store)
    run_rollover(store, _plan(store, ids))
    rows = list_audit(store)
    assert any(r.table_name == "school_year" and r.record_id == 2026 for r in rows)
    assert any(r.table_name == "placement" and r.record_id == ids["p11"] for r in rows)
    assert any(r.table_name == "rate_set" for r in rows)


def test_the_end_of_year_10_list_holds_ks4_pupils_in_year_10_on_placements(
    store: Store,
) -> None:
    ids = _world(store)
    (row,) = end_of_year10_list(store, 2025)
    assert (row.placement_id, row.year_group, row.name) == (ids["p10"], 10, "Олег Петренко")
    # A year on, the same pupil is in Year 11 and the list is empty.
    assert end_of_year10_list(store, 2026) == []
