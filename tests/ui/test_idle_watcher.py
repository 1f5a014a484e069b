"""The idle watcher counts wall-clock time since the last input."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from slip_desktop.ui.idle_watcher import IdleWatcher


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_input_keeps_the_window_awake_and_silence_locks_it(qtbot: QtBot) -> None:
    clock = FakeClock()
    field = QLineEdit()
    qtbot.addWidget(field)
    watcher = IdleWatcher(2.0, clock=clock)  # checked every 0.5 s
    watcher.start()
    try:
        clock.now += 1.5
        qtbot.keyClick(field, Qt.Key.Key_A)  # input 1.5 s in: the 2 s start again
        clock.now += 1.5
        with qtbot.assertNotEmitted(watcher.limit_passed, wait=600):
            pass
        clock.now += 0.6
        with qtbot.waitSignal(watcher.limit_passed, timeout=2000):
            pass
    finally:
        watcher.stop()


def test_a_stopped_watcher_ignores_input(qtbot: QtBot) -> None:
    clock = FakeClock()
    field = QLineEdit()
    qtbot.addWidget(field)
    watcher = IdleWatcher(60.0, clock=clock)
    watcher.start()
    watcher.stop()
    clock.now += 3600
    with qtbot.assertNotEmitted(watcher.limit_passed, wait=50):
        qtbot.keyClick(field, Qt.Key.Key_A)
    assert field.text() == "a"
