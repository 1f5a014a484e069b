from __future__ import annotations

from unittest.mock import patch

from pytestqt.qtbot import QtBot

from slip_desktop.app import build_window
from slip_desktop.db.store import Store
from slip_desktop.ui.list_panel import ListPanel

EXPECTED_TABS = ["Referrals", "Forum calendar", "Core Meeting board", "Centre rosters", "Finance"]


def test_window_shows_five_tabs_with_demo_rows(qtbot: QtBot, demo_store: Store) -> None:
    window = build_window(demo_store)
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[:5] == EXPECTED_TABS
    for tab in window.tab_widgets()[:5]:
        # A tab's main list (Centre rosters reads its other pages when they are shown).
        panel = getattr(tab, "list", None) or tab.findChild(ListPanel)
        assert panel is not None, tab.title
        # Some tabs fill from a worker thread: the rows come once their read is done.
        qtbot.waitUntil(lambda panel=panel: panel.model.rowCount() > 0)
    assert demo_store.location in window.db_label.text()


def test_search_narrows_the_referral_list(qtbot: QtBot, demo_store: Store) -> None:
    window = build_window(demo_store)
    qtbot.addWidget(window)
    panel = window.tab_widgets()[0].findChild(ListPanel)
    total = panel.model.rowCount()
    qtbot.keyClicks(panel.search, "SLIP-2026")
    shown = panel.model.rowCount()
    assert 0 < shown < total
    assert all(
        r.case_reference and r.case_reference.startswith("SLIP-2026") for r in panel.model.rows()
    )
    assert f"{shown:,} of {total:,}" in panel.count_label.text()


def test_window_remembers_tab_between_runs(qtbot: QtBot, demo_store: Store) -> None:
    window = build_window(demo_store)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(3)
    window.close()
    again = build_window(demo_store)
    qtbot.addWidget(again)
    assert again.tabs.currentIndex() == 3


def test_about_names_version_and_database(qtbot: QtBot, demo_store: Store) -> None:
    window = build_window(demo_store)
    qtbot.addWidget(window)
    with patch("PySide6.QtWidgets.QMessageBox.about") as about_box:
        about = next(a for a in window.help_menu.actions() if a.text() == "&About SLIP Desktop")
        about.trigger()
    text = about_box.call_args.args[2]
    assert "SLIP Desktop" in text and demo_store.location in text


def test_tab_titles_match_their_classes() -> None:
    from slip_desktop.app import tab_factories

    for factory in tab_factories():
        import importlib

        cls = getattr(importlib.import_module(factory.module), factory.name)
        assert cls.title == factory.title


def test_tabs_are_built_when_first_shown(qtbot: QtBot, demo_store: Store) -> None:
    window = build_window(demo_store)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(0)
    assert window.tabs.widget(4).findChild(ListPanel) is None  # Finance not built yet
    window.tabs.setCurrentIndex(4)
    from slip_desktop.views.finance.tab import FinanceTab

    assert window.tabs.widget(4).findChild(FinanceTab) is not None


def test_window_is_shown_before_its_database_and_completed_after(
    qtbot: QtBot, demo_store: Store
) -> None:
    from slip_desktop.app import attach_store, make_window

    window = make_window(auto_backup=False)
    qtbot.addWidget(window)
    window.show()
    # Nothing to show, lock or back up until the database is open: the window says so.
    assert window.waiting_label().text() == "Opening the database..."
    assert window.current_tab() is None
    assert not window.lock_action.isEnabled() and not window.backup_action.isEnabled()
    assert "Opening" in window.db_label.text() and window.backups is None

    attach_store(window, demo_store)
    tab = window.current_tab()
    assert tab is not None and tab.findChild(ListPanel).model.rowCount() > 0
    assert not window.waiting_label().isVisible()
    assert window.lock_action.isEnabled() and demo_store.location in window.db_label.text()
    assert not window.backup_action.isEnabled()

    window.complete()
    assert window.backups is not None and window.backup_action.isEnabled()


def test_the_first_timeline_waits_for_the_list_to_be_painted(
    qtbot: QtBot, demo_store: Store
) -> None:
    from slip_desktop.app import build_window as build

    window = build(demo_store)
    qtbot.addWidget(window)
    tab = window.current_tab()
    first = tab.list.selected_row()
    # Held: the pupil is known but not yet read.
    assert tab.timeline.pupil_id() == first.pupil_id
    assert tab.timeline.model.rowCount() == 0
    window.show()
    qtbot.waitUntil(lambda: tab.timeline.model.rowCount() > 0, timeout=5000)
    assert first.last_name in tab.timeline.heading.text()


def test_a_built_tab_fills_its_page(qtbot: QtBot, demo_store: Store) -> None:
    window = build_window(demo_store)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    for index in (0, 3):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)
        page, tab = window.tabs.widget(index), window.current_tab()
        # The "Opening the database..." text and its spacing are gone, not just hidden.
        assert not window.waiting_label().isVisible()
        assert tab.height() >= page.height() - 2 and tab.y() <= 1, window.tabs.tabText(index)


def test_a_built_tab_is_frozen_out_of_full_garbage_collections(
    qtbot: QtBot, demo_store: Store
) -> None:
    import gc

    gc.unfreeze()
    window = build_window(demo_store)
    qtbot.addWidget(window)
    first = gc.get_freeze_count()
    assert first > 0
    window.tabs.setCurrentIndex(2)
    assert gc.get_freeze_count() > first
    gc.unfreeze()


def test_the_window_takes_its_shortcuts_once_painted_or_given_its_database(
    qtbot: QtBot, demo_store: Store
) -> None:
    from PySide6.QtGui import QKeySequence

    from slip_desktop.app import make_window

    lock_keys = QKeySequence("Ctrl+L")
    # The empty window paints first: its first shortcut would build Qt's namespace enums.
    window = make_window(auto_backup=False)
    qtbot.addWidget(window)
    assert window.lock_action.shortcut().isEmpty()
    window.show()
    qtbot.waitUntil(lambda: window.lock_action.shortcut() == lock_keys)
    quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)  # none offscreen
    assert window.quit_action.shortcuts() == quit_keys
    # Ctrl+1..9 reach the tabs; each tab's tooltip says its keys.
    shown = [a for a in window.actions() if a.text().startswith("Show tab")]
    assert [a.shortcut().toString() for a in shown[:2]] == ["Ctrl+1", "Ctrl+2"]
    assert "Ctrl+1" in window.tabs.tabToolTip(0)

    # A window given its database before it is ever shown has them at once.
    built = build_window(demo_store)
    qtbot.addWidget(built)
    assert built.lock_action.shortcut() == lock_keys
    # (Ctrl+digit switching tabs: tests/ui/test_accessibility.py.)


def test_a_tab_chosen_first_is_built_in_one_pass_and_shown_in_the_next(
    qtbot: QtBot, demo_store: Store
) -> None:
    """Two shorter stalls instead of one (building, then polishing and painting)."""
    from PySide6.QtWidgets import QApplication

    window = build_window(demo_store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(1)  # as a click on the tab does
    built = window.current_tab()
    assert built is not None and built.isHidden()  # built, not yet shown
    assert window.waiting_label().text() == "Loading..."
    QApplication.sendPostedEvents()  # Qt's queued work alone does not show it
    assert built.isHidden()
    qtbot.waitUntil(lambda: built.isVisible())
    assert not window.waiting_label().isVisible()

    # A tab asked for by the program (global search, a link) is shown at once.
    window.tabs.setCurrentIndex(2)
    asked = window.tab_widgets()[2]
    assert not asked.isHidden()
