"""On a new office's empty database every list says what to do first, and charts draw no void."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slip_desktop.app import build_window
from slip_desktop.db.store import Store
from slip_desktop.ui.empty_state import EmptyState, empty_state_of
from slip_desktop.ui.main_window import MainWindow


def _window(qtbot: QtBot, store: Store) -> MainWindow:
    window = build_window(store)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    return window


def _in_calendar(view: QWidget) -> bool:
    parent = view.parentWidget()
    while parent is not None:
        if isinstance(parent, QCalendarWidget):
            return True
        parent = parent.parentWidget()
    return False


def _settled(tab: object, seconds: float = 20.0) -> None:
    """Wait while a tab fills in the background (Impact works out its figures off the GUI)."""
    import time

    from PySide6.QtTest import QTest

    deadline = time.monotonic() + seconds
    while getattr(tab, "loading", False) and time.monotonic() < deadline:
        QTest.qWait(10)


def _every_page(window: MainWindow) -> Iterator[str]:
    """Show each tab and each of its inner pages in turn, yielding where we are."""
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        _settled(window.current_tab())
        tab = window.tabs.widget(index)
        inner = [t for t in tab.findChildren(QTabWidget) if t.isVisible()]
        if not inner:
            yield window.tabs.tabText(index)
        for pages in inner:
            for page in range(pages.count()):
                pages.setCurrentIndex(page)
                QApplication.processEvents()
                _settled(pages.currentWidget())  # a page may read in the background too
                yield f"{window.tabs.tabText(index)} / {pages.tabText(page)}"


def test_no_tab_shows_a_bare_empty_grid_on_a_new_database(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    seen = 0
    for where in _every_page(window):
        for view in window.findChildren(QAbstractItemView):
            if not view.isVisible() or isinstance(view, QHeaderView) or _in_calendar(view):
                continue
            if view.model() is None or view.model().rowCount() > 0:
                continue
            seen += 1
            state = empty_state_of(view)
            assert state is not None and state.isVisible(), f"{where}: a bare empty list"
            assert state.message.strip().endswith("."), f"{where}: {state.message!r}"
            assert state.geometry().intersects(view.viewport().rect())
    assert seen >= 20


def test_the_empty_referral_list_sends_a_new_office_to_the_schools_first(
    qtbot: QtBot, store: Store
) -> None:
    window = _window(qtbot, store)
    referrals = window.tab_widgets()[0]
    state = empty_state_of(referrals.list.table)
    assert state is not None and state.isVisible()
    assert "schools" in state.message
    assert state.button.isVisible() and "New referral" in state.button.text()


def test_the_core_board_sends_a_new_office_to_plan_its_meetings(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    window.tabs.setCurrentIndex(2)
    QApplication.processEvents()
    board = window.current_tab()
    qtbot.waitUntil(lambda: not board.loading)  # the board fills from a worker thread
    assert "plan the term's meetings" in board.columns[0].empty_state.message


def test_the_empty_state_goes_once_a_row_exists_and_its_button_works(
    qtbot: QtBot, store: Store
) -> None:
    from slip_desktop.ui.list_panel import ListPanel
    from slip_desktop.ui.models.row_table_model import Column

    clicked: list[bool] = []
    panel: ListPanel[str] = ListPanel([Column("Name", lambda r: r)])
    qtbot.addWidget(panel)
    state = panel.set_empty_state(
        "No names yet: add one.", "Add name...", lambda: clicked.append(True)
    )
    panel.show()
    assert state.isVisible()
    qtbot.mouseClick(state.button, __import__("PySide6.QtCore").QtCore.Qt.MouseButton.LeftButton)
    assert clicked == [True]
    panel.set_rows(["Zoë O'Brien-Ćorić"])
    assert not state.isVisible()
    # Filtered down to nothing is not empty: the search box says why.
    panel.search.setText("nobody")
    assert panel.model.rowCount() == 0 and not state.isVisible()
    panel.set_rows([])
    assert state.isVisible()


def test_a_label_only_empty_state_lets_clicks_and_drops_through(qtbot: QtBot, store: Store) -> None:
    from PySide6.QtCore import Qt

    window = _window(qtbot, store)
    window.tabs.setCurrentIndex(2)
    QApplication.processEvents()
    states = [s for s in window.findChildren(EmptyState) if s.isVisible()]
    assert states and all(
        s.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        for s in states
        if s.button.isHidden()
    )


def test_impact_shows_no_year_2000_dates_and_no_empty_axes(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    window.tabs.setCurrentIndex(window.tabs.count() - 1)
    QApplication.processEvents()
    impact = window.current_tab()
    qtbot.waitUntil(lambda: not impact.loading, timeout=20000)
    assert impact.figure_list.count()
    for row in range(impact.figure_list.count()):
        impact.figure_list.setCurrentRow(row)
        qtbot.waitUntil(lambda: not impact.charting, timeout=20000)
        texts = [w.text() for w in impact.findChildren(QLabel) + impact.findChildren(QLineEdit)]
        assert not any("2000" in t for t in texts), texts
        canvas = impact._canvas
        assert canvas is not None
        for axes in canvas.figure.axes:
            ticks = [t.get_text() for t in axes.get_xticklabels()]
            assert not any("0.06" in t or "0.04" in t for t in ticks), ticks


def test_the_finance_chart_draws_no_centred_zero_bars(qtbot: QtBot, store: Store) -> None:
    window = _window(qtbot, store)
    window.tabs.setCurrentIndex(4)
    QApplication.processEvents()
    finance = window.current_tab()
    qtbot.waitUntil(lambda: finance.chart.drawn)
    texts = finance.chart.figure_texts()
    assert "Nothing charged yet" in texts and "No statements yet" in texts


def test_screenshots_of_an_empty_database_include_the_getting_started_page(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    from PySide6.QtGui import QImage

    from slip_desktop.ui.screenshots import save_help_screenshots, save_tab_screenshots

    window = _window(qtbot, store)
    # Windows another test left open are not this test's concern.
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    written = save_tab_screenshots(window, window.tabs, tmp_path)
    written += save_help_screenshots(window, tmp_path)
    names = [p.name for p in written]
    assert len(names) == window.tabs.count() + 2
    assert names[-2:] == ["getting-started.png", "user-guide.png"]
    checklist = QImage(str(tmp_path / "getting-started.png"))
    # As large as the offscreen screen (800 px wide) lets it be, less the frame.
    assert checklist.width() >= 780 and checklist.height() > 500
    # Each shown Help window was closed again after its picture.
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert not [w for w in shown if id(w) not in before]


def test_a_new_meeting_with_nothing_booked_says_how_to_book(qtbot: QtBot, store: Store) -> None:
    from datetime import date, time, timedelta

    from slip_desktop.db import meetings
    from slip_desktop.domain.enums import MeetingKind

    day = date.today() + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    meetings.add_meeting(store, MeetingKind.FORUM, day, time(9, 30), time(11))
    window = _window(qtbot, store)
    window.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    forum = window.current_tab()
    qtbot.waitUntil(lambda: forum.panel.meeting is not None)
    agenda = empty_state_of(forum.panel.agenda_view)
    waiting = empty_state_of(forum.panel.waiting_view)
    assert agenda is not None and agenda.isVisible() and "Book onto agenda" in agenda.message
    assert waiting is not None and waiting.isVisible()
    # The standing list's role-only defaults fill the invitees: that list is not empty.
    attendees = empty_state_of(forum.panel.attendees_view)
    assert attendees is not None and not attendees.isVisible()
