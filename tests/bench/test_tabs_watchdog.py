"""The GUI-thread watchdog on a mid-size decade: tabs show at once and fill from a worker thread.

Each test does one of the walk's actions (``bench/stalls.py``) on a fifth of the decade
dataset, with :class:`~slip_desktop.ui.stall_watch.StallWatch` running: the longest stall
stays under a bound, the data appears, and the slow reads ran off the GUI thread (the
last is what fails, whatever the machine's load, when a tab reads on the GUI thread).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from bench.decade import main as make_decade
from slip_desktop.db.store import Store
from slip_desktop.ui.heap import freeze_long_lived
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.stall_watch import StallWatch

#: Generous for a loaded 2-core machine (the suite runs two processes on two cores, and
#: a tab's first show includes building its widgets); the reads these tabs did on the
#: GUI thread took seconds at this size. The reads' thread is what is checked exactly.
BOUND_MS = 600.0
#: How long a background fill may take on a loaded machine.
FILL_MS = 120000


@pytest.fixture(scope="module")
def decade_fifth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fifth of the decade dataset (6,000 referrals, 1,000 placements), made once."""
    path = tmp_path_factory.mktemp("decade") / "decade.db"
    make_decade([str(path), "--scale", "0.2"])
    yield path


@pytest.fixture
def store(decade_fifth: Path, tmp_path: Path) -> Iterator[Store]:
    """A copy of the dataset (some tests save), opened as the app opens it."""
    import shutil

    from slip_desktop.db.key_slots import copy_slots

    copy = tmp_path / "decade.db"
    shutil.copyfile(decade_fifth, copy)
    copy_slots(decade_fifth, copy)
    # bench/decade.py encrypts with the passphrase the environment gives (conftest sets it).
    opened = Store.open(copy, os.environ.get("SLIP_DESKTOP_PASSPHRASE") or None)
    yield opened
    opened.close()


class GuiThreadReads:
    """Counts the calls of some functions made on the GUI (main) thread."""

    def __init__(self) -> None:
        self.on_gui_thread: list[str] = []
        self.anywhere: list[str] = []

    def spy(self, monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
        """Wrap ``module.name`` so each call is counted."""
        real: Callable[..., Any] = getattr(module, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.anywhere.append(name)
            if threading.current_thread() is threading.main_thread():
                self.on_gui_thread.append(name)
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


@contextmanager
def watched(name: str) -> Iterator[StallWatch]:
    """Run the block as one named action under the watchdog."""
    watch = StallWatch()
    watch.start()
    try:
        with watch.action(name):
            yield watch
    finally:
        watch.stop()


def longest(watch: StallWatch) -> float:
    """The longest stall the watch saw, in milliseconds."""
    return max((s.milliseconds for s in watch.stalls), default=0.0)


@pytest.mark.timeout(300)
def test_first_show_of_centre_rosters_reads_off_the_gui_thread(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.views.rosters import overview
    from slip_desktop.views.rosters.tab import RostersTab

    reads = GuiThreadReads()
    for name in ("list_placements", "pools_on", "untaken_registers"):
        reads.spy(monkeypatch, overview, name)
    with watched("first show of Centre rosters") as watch:
        tab = RostersTab(store, ChangeNotifier(), pages_when_shown=True)
        freeze_long_lived()  # as the window does with a tab it has built
        qtbot.addWidget(tab)
        tab.show()
        qtbot.waitUntil(lambda: not tab.overview.loading, timeout=FILL_MS)
        qtbot.wait(50)
    assert tab.overview.list.model.total_count() > 0
    assert "Today," in tab.overview.alerts.text()
    assert "list_placements" in reads.anywhere
    assert reads.on_gui_thread == []
    assert longest(watch) <= BOUND_MS, watch.summary()


@pytest.mark.timeout(300)
def test_first_show_of_the_forum_calendar_reads_off_the_gui_thread(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.views.forum import meeting_panel
    from slip_desktop.views.forum import tab as forum

    reads = GuiThreadReads()
    reads.spy(monkeypatch, forum, "list_meetings")
    for name in ("get_meeting", "list_agenda", "waiting_cases", "list_attendees"):
        reads.spy(monkeypatch, meeting_panel, name)
    with watched("first show of Forum calendar") as watch:
        tab = forum.ForumCalendarTab(store, ChangeNotifier(), background=True)
        freeze_long_lived()
        qtbot.addWidget(tab)
        tab.show()
        qtbot.waitUntil(lambda: tab.panel.meeting is not None, timeout=FILL_MS)
        qtbot.waitUntil(lambda: not tab.loading, timeout=FILL_MS)
        qtbot.wait(50)
    assert tab.list.model.total_count() > 0
    assert tab.panel.title.text().endswith(tab.panel.meeting.title)
    assert {"list_meetings", "get_meeting", "list_agenda"} <= set(reads.anywhere)
    assert reads.on_gui_thread == []
    assert longest(watch) <= BOUND_MS, watch.summary()


@pytest.mark.timeout(300)
def test_first_show_of_finance_reads_off_the_gui_thread(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.views.finance import tab as finance

    reads = GuiThreadReads()
    for name in ("term_states", "load_statements", "totals_by_school", "academic_years"):
        reads.spy(monkeypatch, finance, name)
    with watched("first show of Finance") as watch:
        tab = finance.FinanceTab(store, ChangeNotifier())
        freeze_long_lived()
        qtbot.addWidget(tab)
        tab.show()
        assert tab.loading  # the frame is up; the figures are on their way
        qtbot.waitUntil(lambda: not tab.loading, timeout=FILL_MS)
        qtbot.waitUntil(lambda: tab.chart.drawn, timeout=FILL_MS)  # drawn off screen too
        qtbot.wait(50)
    assert tab.year_combo.count() > 0
    assert tab.rates.model.total_count() > 0
    assert "statements" in tab.state_label.text()
    assert "load_statements" in reads.anywhere
    assert reads.on_gui_thread == []
    assert longest(watch) <= BOUND_MS, watch.summary()


@pytest.mark.timeout(300)
def test_first_show_of_core_board_reads_off_the_gui_thread(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.views.core import tab as core

    reads = GuiThreadReads()
    for name in ("list_core_meetings", "load_board", "list_core_cases"):
        reads.spy(monkeypatch, core, name)
    with watched("first show of Core Meeting board") as watch:
        board = core.CoreBoardTab(store, ChangeNotifier())
        freeze_long_lived()
        qtbot.addWidget(board)
        board.show()
        qtbot.waitUntil(lambda: not board.loading, timeout=FILL_MS)
        qtbot.wait(50)
    assert board.meeting.count() > 0
    assert board.list.model.total_count() > 0
    assert "load_board" in reads.anywhere
    assert reads.on_gui_thread == []
    assert longest(watch) <= BOUND_MS, watch.summary()


@pytest.mark.timeout(300)
def test_saving_the_register_reads_only_the_percentages_again_off_the_gui_thread(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt

    from slip_desktop.db.attendance import register
    from slip_desktop.views.rosters import attendance_page, overview
    from slip_desktop.views.rosters.tab import RostersTab

    tab = RostersTab(store, ChangeNotifier(), pages_when_shown=True)
    freeze_long_lived()
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not tab.overview.loading, timeout=FILL_MS)
    page = tab.attendance
    tab.pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=FILL_MS)
    today = date.today()
    weekday = today - timedelta(days=max(0, today.weekday() - 4))  # Friday on a weekend
    page.show_register(page.centre.currentData(), weekday)
    qtbot.waitUntil(lambda: not page.loading, timeout=FILL_MS)
    if not page.register_model.rowCount():
        pytest.skip("nobody is due at the first centre that day (a school holiday)")
    reads = GuiThreadReads()
    reads.spy(monkeypatch, attendance_page, "register")
    reads.spy(monkeypatch, attendance_page, "attendance")
    reads.spy(monkeypatch, overview, "list_placements")
    page.register_model.fill_unmarked()
    with watched("save the day's register") as watch:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.loading, timeout=FILL_MS)
        qtbot.wait(50)
    # Saved: the register read back from the database has every session marked.
    lines = register(store, page.centre.currentData(), page.day.value())
    assert lines and all(line.am != "" and line.pm != "" for line in lines)
    assert "Saved" in page.status.text()
    # The register shown is what was saved: only the percentages were read again.
    assert reads.anywhere == ["attendance"]
    assert reads.on_gui_thread == []
    assert longest(watch) <= BOUND_MS, watch.summary()


@pytest.mark.timeout(300)
def test_recording_a_core_decision_does_not_read_the_board_on_the_gui_thread(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from bench.stalls import _book_core_case
    from slip_desktop.domain.enums import CoreOutcome
    from slip_desktop.views.core import tab as core

    meeting_id = _book_core_case(store)
    assert meeting_id is not None, "the decade has a case waiting for a Core decision"
    board = core.CoreBoardTab(store, ChangeNotifier())
    freeze_long_lived()
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: not board.loading, timeout=FILL_MS)
    board.choose_meeting(meeting_id)
    qtbot.waitUntil(lambda: not board.loading and board._board is not None, timeout=FILL_MS)
    waiting = [c for c in board._board.cards if c.outcome is None] if board._board else []
    assert waiting
    card = waiting[0]
    dialog = board.decide(card.referral_id, CoreOutcome.SCHOOL_CONTINUES)
    assert dialog is not None
    dialog.rationale.setPlainText("The school continues, with the advice given at Core.")
    dialog.advice.setPlainText("A key adult and a one-page profile; review in six weeks.")
    dialog.decided_by.setText("Nguyễn Thị Ánh")
    reads = GuiThreadReads()
    for name in ("list_core_meetings", "load_board", "list_core_cases"):
        reads.spy(monkeypatch, core, name)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    with watched("record a Core decision") as watch:
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        # Recorded in a worker thread too (a commit can wait on the disk): then the board.
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=FILL_MS)
        qtbot.waitUntil(lambda: not board.loading, timeout=FILL_MS)
        qtbot.wait(50)
    assert board.column_of(card.referral_id) == CoreOutcome.SCHOOL_CONTINUES
    assert reads.anywhere.count("load_board") == 1  # one refresh for the whole decision
    assert dialog.started and not dialog.recording  # what it started, said on the board
    assert reads.on_gui_thread == []
    assert longest(watch) <= BOUND_MS, watch.summary()
