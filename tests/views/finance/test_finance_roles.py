"""A staff account opens the Finance tab and is told finance is the coordinator's, not shown it."""

from __future__ import annotations

from datetime import date

from slip_desktop.db.audit import install_audit
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import UserRole
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.finance.tab import FinanceTab
from tests.finance_world import build_world


def test_finance_is_not_shown_to_a_staff_account_and_the_tab_does_not_fail(
    qtbot, store: Store
) -> None:
    build_world(store)
    install_audit(store)
    set_current_user(store, Identity(5, "sam", "Sam Ørsted", UserRole.STAFF))
    tab = FinanceTab(store, ChangeNotifier(), today=lambda: date(2026, 12, 18), background=False)
    qtbot.addWidget(tab)
    assert "for the coordinator" in tab.state_label.text()
    assert tab.rates.table.model().rowCount() == 0
    assert not tab.prepare_button.isEnabled() and not tab.rates_button.isEnabled()
    # Signing in as the coordinator (lock screen, switch user) shows it again.
    set_current_user(store, None)
    tab.refresh()
    assert tab.rates.table.model().rowCount() > 0 and tab.rates_button.isEnabled()
