from __future__ import annotations

from decimal import Decimal

from slip_desktop.db.finance import term_states
from slip_desktop.db.rates import list_rate_sets
from slip_desktop.db.statements import book_locked_term_corrections, load_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import StatementStatus
from tests.conftest import DEMO_TODAY


def test_demo_rates_use_national_pupil_premium_and_keep_history(demo_store: Store) -> None:
    rows = list_rate_sets(demo_store)
    assert {r.academic_year for r in rows} == {2025, 2026}
    assert {(r.pupil_premium, r.pupil_premium_cla, r.pupil_premium_service) for r in rows} == {
        (Decimal("1035.00"), Decimal("2530.00"), Decimal("335.00"))
    }
    this_year = [r for r in rows if r.academic_year == 2026]
    assert [r.current for r in this_year] == [True, False]


def test_demo_last_year_is_locked_and_this_autumn_is_a_draft(demo_store: Store) -> None:
    assert all(s.locked for s in term_states(demo_store, 2025))
    last_year = load_statements(demo_store, 2025)
    assert last_year and {s.status for s in last_year} <= {
        StatementStatus.ISSUED,
        StatementStatus.PAID,
    }
    autumn = term_states(demo_store, 2026)[0]
    assert not autumn.locked
    assert all(s.status == StatementStatus.DRAFT for s in load_statements(demo_store, 2026))
    # Nothing changed after issue, so checking the locked terms books nothing.
    assert book_locked_term_corrections(demo_store, DEMO_TODAY) == []
