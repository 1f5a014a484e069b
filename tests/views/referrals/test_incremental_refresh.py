"""A hidden Referrals tab keeps the rows it was told of, and reads only those when shown."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget
from pytestqt.qtbot import QtBot

from slip_desktop.db.referrals import change_status
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import ReferralStatus
from slip_desktop.domain.referral_workflow import allowed_moves
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.views.referrals.tab import ReferralsTab
from tests.conftest import DEMO_TODAY


def _hidden_tab(qtbot: QtBot, store: Store) -> tuple[QTabWidget, ReferralsTab, ChangeNotifier]:
    notifier = ChangeNotifier()
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tab = ReferralsTab(store, notifier, today=lambda: DEMO_TODAY)
    tabs.addTab(tab, "Referrals")
    tabs.addTab(QLabel("elsewhere"), "Other")
    tabs.show()
    tabs.setCurrentIndex(1)
    return tabs, tab, notifier


def test_a_hidden_tab_reads_only_the_rows_announced_when_shown(
    qtbot: QtBot, demo_store: Store
) -> None:
    tabs, tab, notifier = _hidden_tab(qtbot, demo_store)
    row = next(
        r
        for r in tab.list.model.all_rows()
        if ReferralStatus.CLOSED in allowed_moves(r.kind, r.status)
    )
    change_status(demo_store, row.id, ReferralStatus.CLOSED, DEMO_TODAY, "Moved away.")
    reloads, read = tab.reloads, tab.rows_read
    notifier.announce(Area.REFERRALS, ids={Area.REFERRALS: [row.id]})
    assert tab.stale_when_hidden.stale and tab.rows_read == read  # nothing read while hidden
    tabs.setCurrentIndex(0)
    assert tab.reloads == reloads and tab.rows_read == read + 1
    shown = next(r for r in tab.list.model.all_rows() if r.id == row.id)
    assert shown.status == ReferralStatus.CLOSED


def test_a_change_not_told_row_by_row_reloads_the_whole_list(
    qtbot: QtBot, demo_store: Store
) -> None:
    tabs, tab, notifier = _hidden_tab(qtbot, demo_store)
    reloads = tab.reloads
    row = tab.list.model.all_rows()[0]
    notifier.announce(Area.REFERRALS, ids={Area.REFERRALS: [row.id]})
    notifier.announce(Area.MEETINGS)  # the "Meeting" column: any row may have changed
    tabs.setCurrentIndex(0)
    assert tab.reloads == reloads + 1
