"""Settings → People and standing invitations, driven as the coordinator would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.db import meetings, people
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.people import PersonInput
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import MeetingKind, UserRole
from slip_desktop.ui.empty_state import empty_state_of
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.settings.people_dialog import PeopleDialog, PersonDialog

LEFT = Qt.MouseButton.LeftButton


def _when_modal(qtbot: QtBot, act: Callable[[QWidget], None]) -> None:
    """Run ``act`` on the next modal dialog once it is up."""

    def attempt() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, PersonDialog):
            act(modal)
        else:
            QTimer.singleShot(10, attempt)

    QTimer.singleShot(0, attempt)


def _fill(name: str, role: str, organisation: str, email: str) -> Callable[[QWidget], None]:
    def act(dialog: QWidget) -> None:
        assert isinstance(dialog, PersonDialog)
        dialog.name.clear()
        _type(dialog.name, name)
        dialog.role.setText(role)
        dialog.organisation.setText(organisation)
        dialog.email.setText(email)
        dialog.buttons.accepted.emit()
        if dialog.isVisible():  # refused: leave the test to look, then close
            dialog.reject()

    return act


def _type(widget: QLineEdit, text: str) -> None:
    """Type ``text`` where the cursor is (QTest.keyClicks knows only ASCII keys)."""
    widget.setFocus()
    widget.insert(text)


def _dialog(qtbot: QtBot, store: Store) -> PeopleDialog:
    dialog = PeopleDialog(store, ChangeNotifier())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_adding_people_and_a_standing_list_makes_new_meetings_invite_them(
    qtbot: QtBot, store: Store
) -> None:
    dialog = _dialog(qtbot, store)
    empty = empty_state_of(dialog.people.table)
    assert empty is not None and empty.isVisible()
    _when_modal(
        qtbot,
        _fill("Σοφία Παπαδοπούλου", "Educational Psychologist", "LCC", "sofia@lcc.example.org"),
    )
    qtbot.mouseClick(dialog.add_button, LEFT)
    _when_modal(qtbot, _fill("Nguyễn Thị Ánh", "NHS Care Navigator", "NHS", ""))
    qtbot.mouseClick(dialog.add_button, LEFT)
    assert [r.name for r in dialog.people.model.all_rows()] == [
        "Nguyễn Thị Ánh",
        "Σοφία Παπαδοπούλου",
    ]
    assert not empty.isVisible()
    # Invite both to every forum, then put Sofia first.
    for row in (0, 1):
        dialog.people.table.selectRow(row)
        qtbot.mouseClick(dialog.invite_button, LEFT)
    dialog.standing.table.selectRow(1)
    qtbot.mouseClick(dialog.up_button, LEFT)
    forum = [p.name for p in people.standing_list(store, MeetingKind.FORUM)]
    assert forum == ["Σοφία Παπαδοπούλου", "Nguyễn Thị Ánh"]
    assert people.standing_list(store, MeetingKind.CORE) == []
    meeting = meetings.add_meeting(
        store, MeetingKind.FORUM, date(2026, 11, 10), time(9, 30), time(11)
    )
    assert [a.name for a in meetings.list_attendees(store, meeting)] == forum
    # The Core list is its own.
    dialog.kind.setCurrentIndex(dialog.kind.findData(MeetingKind.CORE.value))
    assert dialog.standing.model.rowCount() == 0
    dialog.people.table.selectRow(0)
    qtbot.mouseClick(dialog.invite_button, LEFT)
    assert [p.name for p in people.standing_list(store, MeetingKind.CORE)] == ["Nguyễn Thị Ánh"]
    dialog.standing.table.selectRow(0)
    qtbot.mouseClick(dialog.uninvite_button, LEFT)
    assert people.standing_list(store, MeetingKind.CORE) == []


def test_a_bad_email_is_said_beside_the_field_and_the_typing_kept(
    qtbot: QtBot, store: Store
) -> None:
    form = PersonDialog(store, None)
    qtbot.addWidget(form)
    form.show()
    _type(form.name, "Олег Петренко")
    form.email.setText("oleg at school")
    form.buttons.accepted.emit()
    assert form.isVisible()
    assert "e-mail" in form.errors.messages()["email"]
    assert form.name.text() == "Олег Петренко"
    assert people.list_people(store) == []


def test_removing_a_person_asks_first(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    people.save_person(store, PersonInput("Zoë O'Brien-Ćorić", "Deputy Coordinator", "SLIP"))
    dialog = _dialog(qtbot, store)
    dialog.people.table.selectRow(0)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.mouseClick(dialog.remove_button, LEFT)
    assert len(people.list_people(store)) == 1
    qtbot.mouseClick(dialog.remove_button, LEFT)
    assert people.list_people(store) == []
    assert "Zoë O'Brien-Ćorić" in asked[0]


def test_staff_see_the_lists_but_cannot_change_them(qtbot: QtBot, store: Store) -> None:
    people.save_person(store, PersonInput("Zoë O'Brien-Ćorić"))
    set_current_user(store, Identity(3, "staffer", "Sam", UserRole.STAFF))
    dialog = _dialog(qtbot, store)
    dialog.people.table.selectRow(0)
    assert not dialog.add_button.isEnabled()
    assert not dialog.remove_button.isEnabled()
    assert not dialog.invite_button.isEnabled()


def test_the_settings_menu_opens_the_people_dialog(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.app import build_window
    from slip_desktop.views.settings.menu import SettingsMenu

    window = build_window(store)
    qtbot.addWidget(window)
    menu = window.findChild(SettingsMenu)
    assert menu is not None
    assert menu.people_action.text() == "P&eople and standing invitations..."
    opened: list[QDialog] = []
    monkeypatch.setattr(PeopleDialog, "exec", lambda self: opened.append(self) or 0)
    menu.people_action.trigger()
    assert opened and opened[0].windowTitle() == "People and standing invitations"
