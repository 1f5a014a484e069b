"""A database closes only after the reads its tabs started have finished (CI's self-test race)."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from slip_desktop import app
from slip_desktop.db.store import Store
from slip_desktop.ui import running
from slip_desktop.ui.tasks import Task
from slip_desktop.views.rosters import overview


class _RecordingStore:
    """Stands in for a store: records whether a read was still running when it closed."""

    def __init__(self, reading: threading.Event) -> None:
        self._reading = reading
        self.closed_while_reading: bool | None = None

    def close(self) -> None:
        self.closed_while_reading = self._reading.is_set()


def _start_slow_read(reading: threading.Event, seconds: float) -> None:
    def work(_context: object) -> None:
        reading.set()
        time.sleep(seconds)
        reading.clear()

    Task(work).start()


def test_a_store_closes_after_the_read_running_on_it(qtbot: QtBot) -> None:
    reading = threading.Event()
    _start_slow_read(reading, 0.4)
    qtbot.waitUntil(reading.is_set, timeout=5000)
    store = _RecordingStore(reading)

    running._close_when_idle(store)  # type: ignore[arg-type]

    assert store.closed_while_reading is False


def test_the_self_test_removes_its_folder_after_a_slow_tab_read(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """CI met this: the rosters' read ran on after the self-test's folder was removed."""
    slow_reads: list[str] = []
    quick = overview.read_overview

    def slow_read_overview(store: Store, today: date) -> overview.OverviewData:
        time.sleep(0.5)
        slow_reads.append(str(store.path))
        return quick(store, today)

    monkeypatch.setattr(overview, "read_overview", slow_read_overview)

    assert app.run_self_test() == 0

    assert slow_reads, "the rosters' read had not finished when the self-test returned"
    assert all(not Path(path).parent.exists() for path in slow_reads)
    assert "self-test: ok" in capsys.readouterr().out
