"""ui/tasks.LatestRead: a widget filled from a worker thread, the newest request's answer only."""

from __future__ import annotations

import logging
import threading

import pytest
from pytestqt.qtbot import QtBot

from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.tasks import LOADING, LatestRead


def _idle(qtbot: QtBot) -> None:
    from PySide6.QtCore import QThreadPool

    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    qtbot.wait(20)  # the answers queued to the GUI thread are delivered


def test_the_newest_read_wins_and_an_earlier_answer_is_dropped(qtbot: QtBot) -> None:
    panel: ListPanel[str] = ListPanel([Column("Name", lambda r: r)])
    qtbot.addWidget(panel)
    reads = LatestRead(panel)
    slow = threading.Event()
    shown: list[str] = []

    def first() -> str:
        slow.wait(10)
        return "Олег Петренко"

    reads.start(first, shown.append)
    reads.start(lambda: "Zoë O'Brien-Ćorić", shown.append)
    assert reads.loading
    qtbot.waitUntil(lambda: shown == ["Zoë O'Brien-Ćorić"])
    slow.set()
    _idle(qtbot)
    assert shown == ["Zoë O'Brien-Ćorić"] and not reads.loading


def test_a_widget_closed_while_its_read_runs_is_left_alone(qtbot: QtBot) -> None:
    panel: ListPanel[str] = ListPanel([Column("Name", lambda r: r)])
    reads = LatestRead(panel)
    slow = threading.Event()
    shown: list[str] = []

    def read() -> str:
        slow.wait(10)
        return "Σοφία Παπαδοπούλου"

    reads.start(read, shown.append)
    panel.deleteLater()
    qtbot.wait(20)  # the widget and its reader are gone
    slow.set()
    _idle(qtbot)
    assert shown == []


def test_a_failed_read_is_reported_and_the_list_stops_saying_loading(qtbot: QtBot) -> None:
    panel: ListPanel[str] = ListPanel([Column("Name", lambda r: r)])
    qtbot.addWidget(panel)
    panel.set_empty_state("No names yet: add one.")
    failures: list[BaseException] = []
    reads = LatestRead(panel, failures.append, lists=(panel,))
    slow = threading.Event()

    def read() -> str:
        slow.wait(10)
        raise OSError("the database file went away")

    reads.start(read, lambda _rows: None)
    assert panel.empty_state.message == LOADING
    slow.set()
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], OSError)
    assert not reads.loading
    assert panel.empty_state.message == "No names yet: add one."


def test_without_background_the_read_runs_at_once(qtbot: QtBot) -> None:
    panel: ListPanel[str] = ListPanel([Column("Name", lambda r: r)])
    qtbot.addWidget(panel)
    reads = LatestRead(panel, background=False)
    shown: list[list[str]] = []
    reads.start(lambda: ["Nguyễn Thị Ánh"], shown.append)
    assert shown == [["Nguyễn Thị Ánh"]] and not reads.loading


def test_a_refused_background_write_is_shown_not_logged_as_a_bug(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    from slip_desktop.domain.errors import ValidationError
    from slip_desktop.ui.tasks import Task

    refusals: list[BaseException] = []

    def refuse(_context: object) -> None:
        raise ValidationError({"rationale": "Give a short reason for Σοφία Παπαδοπούλου."})

    from PySide6.QtWidgets import QWidget

    owner = QWidget()
    qtbot.addWidget(owner)
    with caplog.at_level(logging.INFO, logger="slip_desktop"):
        Task(refuse, None, refusals.append, None, owner).start()
        qtbot.waitUntil(lambda: bool(refusals))
    assert isinstance(refusals[0], ValidationError)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    # Its words may quote what was typed: only the kind of refusal is logged.
    assert "Παπαδοπούλου" not in caplog.text and "ValidationError" in caplog.text
