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


def test_a_whole_list_reload_is_read_in_the_background_keeping_the_view(
    qtbot: QtBot, demo_store: Store
) -> None:
    notifier = ChangeNotifier()
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tab = ReferralsTab(
        store=demo_store, notifier=notifier, today=lambda: DEMO_TODAY, background=True
    )
    tabs.addTab(tab, "Referrals")
    tabs.addTab(QLabel("elsewhere"), "Other")
    tabs.show()
    row = next(
        r
        for r in tab.list.model.all_rows()
        if r.pupil_id is not None and ReferralStatus.CLOSED in allowed_moves(r.kind, r.status)
    )
    tab.list.search.setText(row.last_name or "")
    qtbot.waitUntil(lambda: tab.list.model.rowCount() < len(tab.list.model.all_rows()))
    assert tab.select_referral(row.id)
    chosen = tab.list.selected_row()
    assert chosen is not None and chosen.id == row.id
    tabs.setCurrentIndex(1)
    change_status(demo_store, row.id, ReferralStatus.CLOSED, DEMO_TODAY, "Moved away.")
    notifier.announce(Area.MEETINGS)  # not told row by row: the whole list again
    reloads, shown = tab.reloads, tab.list.model.rowCount()
    read_on_gui_thread: list[str] = []
    import slip_desktop.views.referrals.tab as tab_module

    real = tab_module.list_referrals

    def watched(store: Store) -> object:
        import threading  # (no Qt import here: this runs in a worker, as the read does)

        if threading.current_thread() is threading.main_thread():
            read_on_gui_thread.append("list_referrals")
        return real(store)

    tab_module.list_referrals = watched  # type: ignore[assignment]
    try:
        tabs.setCurrentIndex(0)
        # The old rows stay shown until the new ones arrive, read off the GUI thread.
        assert tab.reloads == reloads and tab.list.model.rowCount() == shown
        qtbot.waitUntil(lambda: tab.reloads == reloads + 1, timeout=20000)
    finally:
        tab_module.list_referrals = real  # type: ignore[assignment]
    assert read_on_gui_thread == []
    assert tab.list.search.text() == (row.last_name or "")
    chosen = tab.list.selected_row()
    assert chosen is not None and chosen.id == row.id
    assert chosen.status == ReferralStatus.CLOSED
