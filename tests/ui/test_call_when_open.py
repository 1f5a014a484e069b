"""Start-up stages that wait for the database to finish opening, then run a step per pass."""

from __future__ import annotations

import time
from types import SimpleNamespace

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.ui.first_paint import OPEN_POLL_MS, call_when_open, first_paint_pending


def test_steps_wait_for_the_opening_then_run_one_per_pass(qtbot: QtBot) -> None:
    store = SimpleNamespace(opened=False)
    context = QWidget()
    qtbot.addWidget(context)
    ran: list[str] = []

    call_when_open(store, [lambda: ran.append("menus"), lambda: ran.append("search")], context)  # type: ignore[arg-type]
    call_when_open(store, [lambda: ran.append("form")], context)  # type: ignore[arg-type]
    qtbot.wait(3 * OPEN_POLL_MS)
    assert ran == [] and first_paint_pending()  # screenshots wait for them too

    store.opened = True
    counts = []
    deadline = time.monotonic() + 2
    while len(ran) < 3 and time.monotonic() < deadline:
        before = len(ran)
        QApplication.processEvents()  # one pass of the event loop
        counts.append(len(ran) - before)
        time.sleep(0.005)
    # One step a pass: the event loop runs (paints, input) between them.
    assert len(ran) == 3 and max(counts) == 1
    assert sorted(ran) == ["form", "menus", "search"] and ran.index("menus") < ran.index("search")
    assert not first_paint_pending()


def test_nothing_runs_for_a_window_closed_meanwhile(qtbot: QtBot) -> None:
    store = SimpleNamespace(opened=False)
    context = QWidget()
    ran: list[str] = []
    call_when_open(store, [lambda: ran.append("menus")], context)  # type: ignore[arg-type]
    context.deleteLater()
    qtbot.waitUntil(lambda: not first_paint_pending(), timeout=2000)
    store.opened = True
    qtbot.wait(3 * OPEN_POLL_MS)
    assert ran == []
