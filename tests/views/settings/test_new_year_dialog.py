"""Settings → New school year, walked as the coordinator would: leavers, check, confirm, run."""

from __future__ import annotations

import threading
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.db.pupils import get_pupil
from slip_desktop.db.rates import current_rates
from slip_desktop.db.rollover import leaver_record
from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import list_terms
from slip_desktop.domain.calendar import typical_terms
from slip_desktop.domain.school_year import Post16Destination
from slip_desktop.jobs.rollover import COPY_STEPS, CopyStep
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.views.settings.menu import add_settings_menu
from slip_desktop.views.settings.new_year_dialog import NewYearDialog
from tests.rollover_fixtures import SEPTEMBER, SUMMER, rollover_world

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def _dialog(qtbot: QtBot, store: Store, notifier: ChangeNotifier) -> NewYearDialog:
    dialog = NewYearDialog(store, notifier, SUMMER)
    qtbot.addWidget(dialog)
    return dialog


def test_the_rollover_dialog_walks_leavers_then_runs_the_new_year(
    qtbot: QtBot, store: Store, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    ids = rollover_world(store)
    notifier = ChangeNotifier()
    dialog = _dialog(qtbot, store, notifier)
    qtmodeltester.check(dialog.leavers.model)
    assert "2026-27" in dialog.years_label.text()
    assert dialog.ended_on.value() == typical_terms(2025)[-1].ends_on
    assert [r.name for r in dialog.leavers.model.rows()] == ["Zoë O'Brien-Ćorić"]
    assert [r.name for r in dialog.year10.model.rows()] == ["Олег Петренко"]

    dialog.leavers.table.selectRow(0)
    dialog.destination.setCurrentIndex(
        dialog.destination.findData(Post16Destination.APPRENTICESHIP.value)
    )
    qtbot.keyClicks(dialog.outcomes, "GCSE Mathematics")
    with patch.object(QMessageBox, "question", return_value=YES) as ask:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    ask.assert_not_called()
    assert "needs a grade" in dialog.errors.messages()["outcomes"]

    qtbot.keyClicks(dialog.outcomes, ": 4")
    with patch.object(QMessageBox, "question", return_value=NO):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert current_rates(store, 2026) is None  # answered No: nothing happened

    with (
        patch.object(QMessageBox, "question", return_value=YES) as ask,
        qtbot.waitSignal(notifier.changed, timeout=10_000) as announced,
    ):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert "ends 1 Year 11 placement" in ask.call_args.args[2]
    assert Area.PLACEMENTS in announced.args[0]
    qtbot.waitUntil(lambda: dialog.task is not None and dialog.start_button.isEnabled())

    record = leaver_record(store, ids["p11"])
    assert record.destination == Post16Destination.APPRENTICESHIP
    assert record.outcomes == "GCSE Mathematics: 4"
    assert current_rates(store, 2026) is not None
    assert len(list_terms(store, 2026)) == 3
    assert "Year 11 leavers: 1 placement(s) ended" in dialog.summary.text()
    assert get_pupil(store, ids["ks3"], SEPTEMBER).year_group == 10
    # The dialog moves on to the year just started: its leavers are last year's Year 10.
    assert "2027-28" in dialog.years_label.text()
    assert [r.name for r in dialog.leavers.model.rows()] == ["Олег Петренко"]


def test_an_unticked_copy_step_is_left_out(qtbot: QtBot, store: Store) -> None:
    rollover_world(store)
    dialog = _dialog(qtbot, store, ChangeNotifier())
    assert [b.text() for b in dialog.step_boxes][:2] == ["The year's offer", "Rates"]
    dialog.step_boxes[1].setChecked(False)  # rates
    plan = dialog.plan()
    assert plan is not None
    assert [s.label for s in plan.steps] == ["The year's offer", "Term dates (same weekdays)"]
    assert plan.leavers[0].destination == Post16Destination.UNKNOWN


def test_an_unreadable_end_date_is_named_beside_its_field(qtbot: QtBot, store: Store) -> None:
    rollover_world(store)
    dialog = _dialog(qtbot, store, ChangeNotifier())
    dialog.ended_on.set_value(None)
    qtbot.keyClicks(dialog.ended_on.edit, "31/02/2026")
    assert dialog.plan() is None
    assert "ended_on" in dialog.errors.messages()


def test_settings_offers_new_school_year(qtbot: QtBot, store: Store) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = add_settings_menu(window, store, ChangeNotifier())
    assert menu.new_year_action.text() == "&New school year..."
    assert menu.new_year_action.isEnabled()


def test_cancelling_stops_before_the_next_step_and_says_so(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = rollover_world(store)
    gate = threading.Event()

    def slow(_store: Store, _from: int, _to: int) -> str:
        gate.wait(10)
        return "waited"

    steps = [CopyStep("A slow first step", slow), *COPY_STEPS]
    monkeypatch.setattr("slip_desktop.views.settings.new_year_dialog.COPY_STEPS", steps)
    dialog = _dialog(qtbot, store, ChangeNotifier())
    assert [b.text() for b in dialog.step_boxes][0] == "A slow first step"
    with patch.object(QMessageBox, "question", return_value=YES):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.task is not None
    dialog.task.context.cancel()  # as the progress dialog's Cancel button does
    gate.set()
    qtbot.waitUntil(dialog.start_button.isEnabled, timeout=10_000)
    assert "Stopped before the end" in dialog.summary.text()
    assert current_rates(store, 2026) is None
    assert leaver_record(store, ids["p11"]).ended_on is None
