from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import delete

from slip_desktop.db.finance import income_by_tier, list_adjustments, term_states, totals_by_school
from slip_desktop.db.models import Placement, RateSet
from slip_desktop.db.statements import (
    add_adjustment,
    book_locked_term_corrections,
    issue_and_lock_term,
    load_statements,
    prepare_statements,
    recompute_locked_term,
    set_paid,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import PlacementStatus, StatementStatus, Term
from slip_desktop.domain.errors import RuleError, ValidationError
from tests.finance_world import World, build_world

TODAY = date(2026, 12, 18)
PENNY = Decimal("0.01")


def _money(value: Decimal) -> Decimal:
    return value.quantize(PENNY, ROUND_HALF_UP)


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


def _lines(store: Store, term: Term = Term.AUTUMN) -> dict[int | None, object]:
    (statement,) = load_statements(store, 2026, term)
    return {line.placement_id: line for line in statement.lines if not line.is_adjustment}


def test_statement_traces_each_charge_to_placement_days_and_rates(
    store: Store, world: World
) -> None:
    assert prepare_statements(store, 2026, Term.AUTUMN, TODAY) == 1
    lines = _lines(store)

    ks4 = lines[world.ks4_placement_id]
    assert (ks4.days, ks4.year_days, ks4.tier) == (45, 190, 4)
    assert (ks4.base, ks4.pupil_premium, ks4.send) == (Decimal("7200.00"), Decimal("1035.00"), 0)
    assert ks4.amount == _money((Decimal(7200) + Decimal(1035)) * 45 / 190) == Decimal("1950.39")

    ap = lines[world.ap_placement_id]
    assert (ap.days, ap.tier, ap.base) == (20, 3, Decimal("85.50"))
    assert ap.amount == Decimal("85.50") * 20 * 2 / 5 == Decimal("684.00")

    part = lines[world.part_time_placement_id]
    assert (part.days, part.days_per_week, part.send) == (25, Decimal("2.5"), Decimal("3000.00"))
    assert part.amount == _money((Decimal(6500) + 3000) * 25 / 190 * Decimal("2.5") / 5)
    assert part.amount == Decimal("625.00")

    assert lines[world.free_placement_id].amount == 0

    (statement,) = load_statements(store, 2026, Term.AUTUMN)
    assert statement.total == Decimal("1950.39") + Decimal("684.00") + Decimal("625.00")
    assert statement.status == StatementStatus.DRAFT
    assert "£7,200.00" in statement.rates_note


def test_locked_term_refuses_to_be_prepared_again(store: Store, world: World) -> None:
    prepare_statements(store, 2026, Term.AUTUMN, TODAY)
    assert issue_and_lock_term(store, 2026, Term.AUTUMN, TODAY, "Coordinator") == 1
    with pytest.raises(RuleError, match="locked"):
        prepare_statements(store, 2026, Term.AUTUMN, TODAY)
    with pytest.raises(RuleError, match="locked"):
        add_adjustment(store, world.school_id, 2026, Term.AUTUMN, Decimal(10), "x", TODAY)


def test_change_after_lock_books_adjustment_in_next_open_term(store: Store, world: World) -> None:
    prepare_statements(store, 2026, Term.AUTUMN, TODAY)
    issue_and_lock_term(store, 2026, Term.AUTUMN, TODAY)
    issued_before = load_statements(store, 2026, Term.AUTUMN)

    # The AP place actually ended a week early: 15 school days, not 20.
    with store.session() as s:
        placement = s.get(Placement, world.ap_placement_id)
        placement.status = PlacementStatus.ENDED
        placement.ended_on = date(2026, 11, 20)

    (correction,) = recompute_locked_term(store, 2026, Term.AUTUMN, TODAY, "Coordinator")
    assert (correction.academic_year, correction.term) == (2026, Term.SPRING)
    # Was 20 x 2/5 x £85.50 = £684.00; now 15 x 2/5 x £85.50 = £513.00.
    assert correction.amount == Decimal("513.00") - Decimal("684.00")
    # The issued statement is untouched, and checking again books nothing new.
    assert load_statements(store, 2026, Term.AUTUMN) == issued_before
    assert recompute_locked_term(store, 2026, Term.AUTUMN, TODAY) == []
    assert book_locked_term_corrections(store, TODAY) == []

    prepare_statements(store, 2026, Term.SPRING, date(2027, 3, 26))
    (spring,) = load_statements(store, 2026, Term.SPRING)
    credit = [line for line in spring.lines if line.is_adjustment]
    assert len(credit) == 1 and credit[0].amount == Decimal("-171.00")
    assert "Correction to Autumn 2026-27" in credit[0].description
    (row,) = list_adjustments(store, 2026)
    assert row.corrects == "Autumn 2026-27"


def test_manual_adjustments_and_credits_need_a_reason(store: Store, world: World) -> None:
    with pytest.raises(ValidationError) as raised:
        add_adjustment(store, world.school_id, 2026, Term.AUTUMN, Decimal(0), " ", TODAY)
    assert set(raised.value.errors) == {"amount", "reason"}
    prepare_statements(store, 2026, Term.AUTUMN, TODAY)
    add_adjustment(
        store,
        world.other_school_id,
        2026,
        Term.AUTUMN,
        Decimal("-50.00"),
        "Transport refund",
        TODAY,
    )
    other = [
        s for s in load_statements(store, 2026, Term.AUTUMN) if s.school_id == world.other_school_id
    ]
    assert other[0].total == Decimal("-50.00")
    assert other[0].lines[0].description == "Credit: Transport refund"


def test_paid_status_and_totals_by_school_and_tier(store: Store, world: World) -> None:
    prepare_statements(store, 2026, Term.AUTUMN, TODAY)
    (statement,) = load_statements(store, 2026, Term.AUTUMN)
    with pytest.raises(RuleError):
        set_paid(store, statement.statement_id, TODAY)
    issue_and_lock_term(store, 2026, Term.AUTUMN, TODAY)
    (totals,) = totals_by_school(store, 2026)
    assert totals.autumn == totals.year == totals.unpaid == Decimal("3259.39")
    set_paid(store, statement.statement_id, date(2027, 1, 10))
    (totals,) = totals_by_school(store, 2026)
    assert totals.unpaid == 0
    assert load_statements(store, 2026, Term.AUTUMN)[0].status == StatementStatus.PAID
    tiers = income_by_tier(store, 2026)
    assert tiers[3] == Decimal("684.00")
    assert tiers[4] == Decimal("1950.39") + Decimal("625.00")
    states = term_states(store, 2026)
    assert [s.locked for s in states] == [True, False, False]
    assert [s.has_dates for s in states] == [True, True, False]


def test_missing_term_dates_or_rates_are_explained(store: Store, world: World) -> None:
    with pytest.raises(RuleError, match="term dates"):
        prepare_statements(store, 2026, Term.SUMMER, TODAY)
    with store.session() as s:
        s.execute(delete(RateSet))
    with pytest.raises(RuleError, match="Enter the rates for 2026-27"):
        prepare_statements(store, 2026, Term.AUTUMN, TODAY)
