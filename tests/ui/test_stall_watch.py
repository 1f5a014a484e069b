"""The watchdog sees a blocked GUI thread and blames the action that blocked it."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from slip_desktop.ui.stall_watch import StallWatch, percentile


def _block(milliseconds: float) -> None:
    # Work done on the GUI thread: nothing else can run meanwhile.
    end = time.perf_counter() + milliseconds / 1000
    while time.perf_counter() < end:
        pass


def test_a_blocking_slot_is_recorded_against_its_named_action(qtbot: QtBot) -> None:
    watch = StallWatch()
    watch.start()
    with watch.action("record a Core decision"):
        QTimer.singleShot(20, lambda: _block(120))
        # A loaded machine may add a short stall of its own first: wait for the slot's.
        qtbot.waitUntil(lambda: any(s.milliseconds >= 100 for s in watch.stalls), timeout=3000)
    watch.stop()
    (row,) = watch.summary()
    assert row.action == "record a Core decision"
    assert 100 <= row.longest_ms < 400


def test_a_click_names_the_button_that_caused_the_stall(qtbot: QtBot) -> None:
    button = QPushButton("&Save register")
    qtbot.addWidget(button)
    button.clicked.connect(lambda: _block(60))
    button.show()
    watch = StallWatch()
    watch.start()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(watch.stalls), timeout=3000)
    watch.stop()
    assert watch.stalls[0].action == "click on button 'Save register'"


def test_the_95th_percentile_of_stalls() -> None:
    assert percentile([30.0], 95) == 30.0
    values = [float(v) for v in range(1, 101)]
    assert 94 < percentile(values, 95) < 96
