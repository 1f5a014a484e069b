"""The operations helper and the stale-when-hidden refresher: one write, one announcement."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.notifier import Area, ChangeNotifier, Changes, changes, touches
from slip_desktop.ui.operations import perform, save_and_close
from slip_desktop.ui.refresh import StaleWhenHidden


def _announced(notifier: ChangeNotifier) -> list[Changes]:
    seen: list[Changes] = []
    notifier.changed.connect(seen.append)
    return seen


def _form(qtbot: QtBot) -> tuple[QDialog, FieldErrors, QLineEdit]:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    form = QFormLayout(dialog)
    general = QLabel(dialog)
    errors = FieldErrors(general)
    name = QLineEdit(dialog)
    errors.add_row(form, "name", "&Name", name)
    form.addRow(general)
    return dialog, errors, name


def test_areas_are_typed_and_a_typo_is_a_bug() -> None:
    assert changes("referrals", Area.PUPILS) == {Area.REFERRALS, Area.PUPILS}
    assert touches(changes("all"), {Area.FINANCE})
    assert not touches(changes("staff"), {Area.FINANCE})
    with pytest.raises(ValueError):
        changes("referral")


def test_a_write_announces_every_area_it_changed_once_together(qtbot: QtBot) -> None:
    notifier = ChangeNotifier()
    seen = _announced(notifier)
    ok, result = perform(QWidget(), notifier, "Saved", lambda: 7, (Area.DECISIONS, "placements"))
    assert (ok, result) == (True, 7)
    assert seen == [frozenset({Area.DECISIONS, Area.PLACEMENTS})]


def test_a_broken_rule_shows_beside_its_field_keeps_the_text_and_announces_nothing(
    qtbot: QtBot,
) -> None:
    notifier = ChangeNotifier()
    seen = _announced(notifier)
    dialog, errors, name = _form(qtbot)
    name.setText("Nguyễn Thị Ánh")

    def refuse() -> None:
        raise ValidationError({"name": "Type the name as the school records it."})

    ok, result = save_and_close(
        dialog, notifier, "Not saved", refuse, (Area.PUPILS,), errors=errors
    )
    assert (ok, result) == (False, None)
    assert errors.messages() == {"name": "Type the name as the school records it."}
    assert name.text() == "Nguyễn Thị Ánh"
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert seen == []


def test_a_rule_with_no_field_goes_to_the_form_line_or_a_message_box(qtbot: QtBot) -> None:
    dialog, errors, _name = _form(qtbot)
    perform(dialog, None, "Not placed", _raise(RuleError("The group is full.")), errors=errors)
    assert errors.fallback is not None and errors.fallback.text() == "The group is full."
    with patch("PySide6.QtWidgets.QMessageBox.warning") as warning:
        perform(QWidget(), None, "Not placed", _raise(RuleError("The group is full.")))
    assert warning.call_args.args[1:] == ("Not placed", "The group is full.")


def test_a_bug_is_logged_and_explained_without_announcing(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = ChangeNotifier()
    seen = _announced(notifier)
    with patch("PySide6.QtWidgets.QMessageBox.critical") as critical:
        ok, _ = perform(QWidget(), notifier, "Not saved", _raise(OSError("disk")), (Area.STAFF,))
    assert not ok and seen == []
    assert "Something went wrong" in critical.call_args.args[2]
    assert "OSError: disk" in caplog.text


def test_save_and_close_closes_the_dialog_only_when_saved(qtbot: QtBot) -> None:
    dialog, errors, _name = _form(qtbot)
    errors.show({"name": "an earlier problem"})
    ok, _ = save_and_close(dialog, None, "Saved", lambda: None, errors=errors)
    assert ok and dialog.result() == QDialog.DialogCode.Accepted
    assert errors.messages() == {}


def test_a_visible_widget_refreshes_once_per_operation_and_a_hidden_one_when_shown(
    qtbot: QtBot,
) -> None:
    notifier = ChangeNotifier()
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    shown, hidden = QWidget(), QWidget()
    tabs.addTab(shown, "Shown")
    tabs.addTab(hidden, "Hidden")
    counts = {"shown": 0, "hidden": 0}
    on_shown = StaleWhenHidden(shown, notifier, {Area.REFERRALS}, lambda: _count(counts, "shown"))
    on_hidden = StaleWhenHidden(
        hidden, notifier, {Area.REFERRALS}, lambda: _count(counts, "hidden")
    )
    tabs.show()
    qtbot.waitExposed(tabs)

    notifier.announce(Area.REFERRALS, Area.PUPILS, Area.DECISIONS)
    notifier.announce(Area.REFERRALS)
    notifier.announce(Area.FINANCE)  # shown by neither
    assert counts == {"shown": 2, "hidden": 0}
    assert on_hidden.stale and not on_shown.stale

    tabs.setCurrentWidget(hidden)
    assert counts == {"shown": 2, "hidden": 1}
    tabs.setCurrentWidget(shown)
    tabs.setCurrentWidget(hidden)
    assert counts["hidden"] == 1  # nothing changed since: no second reload
    notifier.announce(Area.ALL)
    assert counts == {"shown": 2, "hidden": 2}


def _count(counts: dict[str, int], key: str) -> None:
    counts[key] += 1


def _raise(error: Exception):  # type: ignore[no-untyped-def]
    def run() -> None:
        raise error

    return run


def test_a_form_is_told_of_a_refusal_after_it_was_shown(qtbot: QtBot) -> None:
    dialog, errors, _name = _form(qtbot)
    refusal = ValidationError({"name": "This pupil is already recorded."})
    told: list[Exception] = []

    def shown_first(error: Exception) -> None:
        assert errors.messages() == {"name": "This pupil is already recorded."}
        told.append(error)

    save_and_close(
        dialog, None, "Not saved", _raise(refusal), errors=errors, on_refused=shown_first
    )
    assert told == [refusal]
    save_and_close(dialog, None, "Saved", lambda: 1, errors=errors, on_refused=told.append)
    assert told == [refusal]


def test_a_background_write_keeps_the_window_responsive_and_announces_once(
    qtbot: QtBot,
) -> None:
    import threading

    from slip_desktop.ui.operations import perform_in_background

    notifier = ChangeNotifier()
    seen = _announced(notifier)
    dialog, errors, name = _form(qtbot)
    button = QLineEdit(dialog)  # stands for the button that started it
    release = threading.Event()
    ran_on: list[str] = []
    results: list[int] = []

    def slow_write() -> int:
        ran_on.append(threading.current_thread().name)
        release.wait(10)
        return 14

    task = perform_in_background(
        dialog,
        notifier,
        "Prepared",
        slow_write,
        (Area.FINANCE,),
        busy=(button,),
        on_success=results.append,
    )
    # The write is still running: the GUI thread is free, the form kept, its button held.
    ticks: list[int] = []
    timer = QTimer(dialog)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=5000)
    timer.stop()
    name.setText("Zoë")
    assert not button.isEnabled() and seen == [] and not results
    release.set()
    qtbot.waitUntil(lambda: results == [14], timeout=10000)
    assert task.error is None
    assert ran_on[0] != threading.main_thread().name
    assert button.isEnabled()
    assert seen == [changes(Area.FINANCE)]


def test_a_background_write_refused_shows_beside_the_field_and_announces_nothing(
    qtbot: QtBot,
) -> None:
    from slip_desktop.ui.operations import perform_in_background

    notifier = ChangeNotifier()
    seen = _announced(notifier)
    dialog, errors, name = _form(qtbot)
    name.setText("Σοφία Παπαδοπούλου")
    refused: list[object] = []

    def refuse() -> None:
        raise ValidationError({"name": "Type the name as the school records it."})

    perform_in_background(
        dialog,
        notifier,
        "Not saved",
        refuse,
        (Area.PUPILS,),
        errors=errors,
        on_refused=refused.append,
    )
    qtbot.waitUntil(lambda: bool(refused), timeout=10000)
    assert errors.messages() == {"name": "Type the name as the school records it."}
    assert name.text() == "Σοφία Παπαδοπούλου"
    assert seen == []
