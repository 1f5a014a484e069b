"""The window locks when idle, on Ctrl+L and after sleep; only the passphrase unlocks it."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from slip_desktop.app import build_window
from slip_desktop.db.store import Store
from slip_desktop.ui.idle_watcher import DEFAULT_IDLE_MINUTES, clamp_idle_minutes
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.lock_screen import wait_after
from slip_desktop.ui.main_window import IDLE_MINUTES_KEY, MainWindow
from tests.conftest import TEST_PASSPHRASE


def _window(qtbot: QtBot, store: Store, idle: float = 600.0) -> MainWindow:
    window = build_window(store, idle_limit_seconds=idle)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _nothing_of_the_data_shows(window: MainWindow) -> bool:
    return window.is_locked and not any(tab.isVisible() for tab in window.tab_widgets())


def _unlock(qtbot: QtBot, window: MainWindow, passphrase: str) -> None:
    field = window.lock_screen.passphrase
    field.clear()
    qtbot.keyClicks(field, passphrase)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_window_locks_after_the_idle_limit(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store, idle=0.3)
    with qtbot.waitSignal(window.locked, timeout=5000):
        pass
    assert _nothing_of_the_data_shows(window)
    assert "without use" in window.lock_screen.reason.text()


def test_wrong_passphrase_keeps_it_locked_right_one_unlocks(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store)
    window.lock()
    _unlock(qtbot, window, "not it")
    assert window.is_locked
    assert "not the passphrase" in window.lock_screen.error.text()
    with qtbot.waitSignal(window.unlocked):
        _unlock(qtbot, window, TEST_PASSPHRASE)
    assert not window.is_locked and window.tabs.isVisible()
    assert window.lock_screen.passphrase.text() == ""


def test_ctrl_l_locks_the_window(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    qtbot.keyClick(window.tabs, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.is_locked)
    assert _nothing_of_the_data_shows(window)


def test_first_input_after_sleeping_past_the_limit_locks_and_is_swallowed(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store)
    panel = window.tab_widgets()[0].findChild(ListPanel)
    qtbot.keyClicks(panel.search, "ab")  # awake: input reaches the field
    assert panel.search.text() == "ab"
    real_clock = window.idle_watcher.clock
    # The timer cannot run while the laptop sleeps; only the wall clock moves on.
    window.idle_watcher.clock = lambda: real_clock() + 11 * 60
    qtbot.keyClick(panel.search, Qt.Key.Key_C)
    assert window.is_locked
    assert panel.search.text() == "ab"  # the key never reached the data
    window.idle_watcher.clock = real_clock


def test_while_locked_menus_are_disabled_except_quit(qtbot: QtBot, demo_store: Store) -> None:
    window = _window(qtbot, demo_store)
    enabled_before = {a.text() for a in window.window_lock.menu_actions() if a.isEnabled()}
    window.lock()
    assert window.quit_action.isEnabled()
    assert not window.lock_action.isEnabled()
    assert not window.restore_action.isEnabled() and not window.backup_action.isEnabled()
    _unlock(qtbot, window, TEST_PASSPHRASE)
    assert {a.text() for a in window.window_lock.menu_actions() if a.isEnabled()} == enabled_before


def test_open_dialog_is_blanked_while_locked_and_kept_after(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store)
    dialog = QDialog(window)
    dialog.setWindowTitle("Edit pupil Quillfeatherstone")
    label = QLabel("Tamsin Quillfeatherstone, Year 8", dialog)
    QVBoxLayout(dialog).addWidget(label)
    dialog.show()
    qtbot.waitExposed(dialog)
    window.lock()
    assert not label.isVisible() and not dialog.isEnabled()
    assert "Quillfeatherstone" not in dialog.windowTitle()
    assert dialog.isVisible()  # not closed: what was typed is not lost
    _unlock(qtbot, window, TEST_PASSPHRASE)
    assert label.isVisible() and dialog.isEnabled()
    assert dialog.windowTitle() == "Edit pupil Quillfeatherstone"
    dialog.close()


def test_idle_lock_cannot_be_switched_off() -> None:
    assert clamp_idle_minutes(None) == DEFAULT_IDLE_MINUTES == 10
    assert clamp_idle_minutes(0) == DEFAULT_IDLE_MINUTES
    assert clamp_idle_minutes(-5) == DEFAULT_IDLE_MINUTES
    assert clamp_idle_minutes("off") == DEFAULT_IDLE_MINUTES
    assert clamp_idle_minutes(100000) == 60
    assert clamp_idle_minutes(3) == 3


def test_idle_limit_comes_from_settings(qtbot: QtBot, store: Store) -> None:
    QSettings().setValue(IDLE_MINUTES_KEY, 0)
    window = build_window(store)
    qtbot.addWidget(window)
    assert window.idle_watcher.limit_seconds == 600
    QSettings().setValue(IDLE_MINUTES_KEY, 5)
    again = build_window(store)
    qtbot.addWidget(again)
    assert again.idle_watcher.limit_seconds == 300


def test_lock_when_idle_menu_changes_the_limit(qtbot: QtBot, store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, store)
    monkeypatch.setattr(
        "PySide6.QtWidgets.QInputDialog.getInt", lambda *args, **kwargs: (4, True)
    )
    window.idle_action.trigger()
    assert window.idle_watcher.limit_seconds == 240
    assert int(QSettings().value(IDLE_MINUTES_KEY)) == 4  # type: ignore[call-overload]


def test_locking_over_a_modal_dialog_asks_for_the_passphrase_on_top(
    qtbot: QtBot, demo_store: Store
) -> None:
    window = _window(qtbot, demo_store)
    dialog = QDialog(window)
    label = QLabel("Tamsin Quillfeatherstone", dialog)
    QVBoxLayout(dialog).addWidget(label)
    dialog.setModal(True)
    dialog.show()
    qtbot.waitExposed(dialog)
    window.lock()
    prompt = window.unlock_prompt
    assert prompt is not None and prompt.isVisible() and prompt.isModal()
    assert not label.isVisible()
    field = prompt.findChild(QLineEdit, "lock_passphrase")
    qtbot.keyClick(prompt, Qt.Key.Key_Escape)  # cannot be dismissed without unlocking
    assert prompt.isVisible() and window.is_locked
    qtbot.keyClicks(field, TEST_PASSPHRASE)
    with qtbot.waitSignal(window.unlocked):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.unlock_prompt is None and not window.is_locked
    assert label.isVisible() and dialog.isVisible()
    dialog.close()


def test_repeated_wrong_passphrases_must_wait(qtbot: QtBot, demo_store: Store) -> None:
    assert [wait_after(n) for n in range(0, 12)] == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    window = _window(qtbot, demo_store)
    window.lock()
    for _ in range(3):
        _unlock(qtbot, window, "guess")
    screen = window.lock_screen
    assert not screen.unlock_button.isEnabled() and "Try again in 1 s" in screen.error.text()
    _unlock(qtbot, window, TEST_PASSPHRASE)  # even the right one waits
    assert window.is_locked
    qtbot.waitUntil(screen.unlock_button.isEnabled, timeout=3000)
    _unlock(qtbot, window, TEST_PASSPHRASE)
    assert not window.is_locked
