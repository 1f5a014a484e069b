"""Ctrl+K in the main window: one box over pupils, referrals, schools and meetings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from slip_desktop.app import build_window
from slip_desktop.db.referrals import list_referrals
from slip_desktop.db.search_index import search_entries
from slip_desktop.db.store import Store
from slip_desktop.domain.global_search import Kind
from slip_desktop.ui.main_window import MainWindow
from slip_desktop.ui.notifier import Area
from slip_desktop.views.search.box import ENTRY_ROLE, GlobalSearch


def _window(qtbot: QtBot, store: Store) -> tuple[MainWindow, GlobalSearch]:
    window = build_window(store)
    qtbot.addWidget(window)
    window.show()
    search: GlobalSearch = window.global_search  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: bool(search.entries), timeout=10000)
    return window, search


def _shown(search: GlobalSearch) -> list[str]:
    model = search.box.model
    return [model.item(row).text().strip() for row in range(model.rowCount())]


def test_search_entries_hold_pupils_referrals_schools_and_meetings(demo_store: Store) -> None:
    kinds = {entry.kind for entry in search_entries(demo_store)}
    assert kinds == set(Kind)


def test_ctrl_k_opens_the_box_and_typing_shows_grouped_results(
    qtbot: QtBot, demo_store: Store
) -> None:
    window, search = _window(qtbot, demo_store)
    row = next(r for r in list_referrals(demo_store) if r.last_name)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert search.box.isVisible()
    qtbot.keyClicks(search.box.query, row.last_name or "")
    shown = _shown(search)
    assert "Pupils" in shown and "Referrals" in shown
    assert shown.index("Pupils") < shown.index("Referrals")
    assert any(row.last_name in text for text in shown if text not in {"Pupils", "Referrals"})
    assert "found" in search.box.status.text()
    search.box.hide()


def test_ctrl_f_opens_the_same_box(qtbot: QtBot, demo_store: Store) -> None:
    window, search = _window(qtbot, demo_store)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.box.isVisible()
    search.box.hide()


def test_enter_on_a_referral_switches_to_referrals_and_selects_it(
    qtbot: QtBot, demo_store: Store
) -> None:
    window, search = _window(qtbot, demo_store)
    window.tabs.setCurrentIndex(1)
    target = next(r for r in list_referrals(demo_store) if r.case_reference)
    search.open_box()
    qtbot.keyClicks(search.box.query, target.case_reference or "")
    # Down past the pupil group, if any, to the referral itself.
    while True:
        entry = search.box.results.currentIndex().data(ENTRY_ROLE)
        if entry.kind == Kind.REFERRAL:
            break
        qtbot.keyClick(search.box.query, Qt.Key.Key_Down)
    qtbot.keyClick(search.box.query, Qt.Key.Key_Return)
    assert not search.box.isVisible()
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Referrals"
    selected = window.current_tab().list.selected_row()  # type: ignore[union-attr]
    assert selected is not None and selected.id == target.id


def test_enter_on_a_meeting_opens_it_in_the_forum_calendar(qtbot: QtBot, demo_store: Store) -> None:
    window, search = _window(qtbot, demo_store)
    meeting = next(e for e in search.entries if e.kind == Kind.MEETING)
    search.open_box()
    qtbot.keyClicks(search.box.query, meeting.title)
    while search.box.results.currentIndex().data(ENTRY_ROLE).kind != Kind.MEETING:
        qtbot.keyClick(search.box.query, Qt.Key.Key_Down)
    qtbot.keyClick(search.box.query, Qt.Key.Key_Return)
    assert window.tabs.tabText(window.tabs.currentIndex()) == "Forum calendar"
    panel = window.current_tab().panel  # type: ignore[union-attr]
    # In the window the meeting is read in a worker: it shows once read.
    qtbot.waitUntil(lambda: panel.meeting is not None, timeout=10000)
    assert panel.meeting.id == meeting.target


def test_a_saved_change_is_found_after_the_background_reread(
    qtbot: QtBot, demo_store: Store
) -> None:
    window, search = _window(qtbot, demo_store)
    before = search.entries
    window.notifier.announce(Area.PUPILS)
    search.open_box()
    qtbot.waitUntil(lambda: search.entries is not before, timeout=10000)
    search.box.hide()
