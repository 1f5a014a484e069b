from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.db import users
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.views.data_protection.users_dialog import (
    PasswordDialog,
    UserFormDialog,
    UsersDialog,
)


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


@pytest.fixture
def office(store: Store) -> Store:
    users.create_first_coordinator(store, "cora", "Cora Ordinator", "a long passphrase 1")
    users.create_user(store, "sam", "Sam Taff", "staff", "staff passphrase 9")
    return store


def _select(dialog: UsersDialog, username: str) -> None:
    rows = dialog.list.model.rows()
    dialog.list.table.selectRow(next(i for i, r in enumerate(rows) if r.username == username))


def test_the_coordinator_adds_an_account(qtbot: QtBot, office: Store) -> None:
    form = UserFormDialog(office)
    qtbot.addWidget(form)
    qtbot.keyClicks(form.username, "Rita")
    qtbot.keyClicks(form.display_name, "Rita Reader")
    form.role.setCurrentIndex(form.role.findData("read_only"))
    qtbot.keyClicks(form.password, "reading passphrase")
    qtbot.keyClicks(form.confirm, "reading passphrase")
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert form.created is not None
    assert ("rita", UserRole.READ_ONLY) in {(u.username, u.role) for u in users.list_users(office)}


def test_a_taken_name_is_shown_beside_the_field(qtbot: QtBot, office: Store) -> None:
    form = UserFormDialog(office)
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.username, "sam")
    qtbot.keyClicks(form.password, "another passphrase")
    qtbot.keyClicks(form.confirm, "another passphrase")
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert form.errors.label("username").isVisible()
    assert "already" in form.errors.label("username").text()


def test_deactivate_asks_first_then_the_list_shows_it(
    qtbot: QtBot, office: Store, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.list.model)
    _select(dialog, "sam")
    assert dialog.deactivate_button.isEnabled() and not dialog.reactivate_button.isEnabled()
    with patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.No):
        qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)
    assert all(u.active for u in users.list_users(office))
    with patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes):
        qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)
    assert {u.username: u.active for u in users.list_users(office)}["sam"] is False
    assert "No" in [dialog.list.model.data(dialog.list.model.index(r, 3)) for r in range(2)]


def test_the_last_coordinator_cannot_be_deactivated_and_says_why(
    qtbot: QtBot, office: Store
) -> None:
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    _select(dialog, "cora")
    with (
        patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes),
        patch.object(QMessageBox, "warning") as warning,
    ):
        qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)
    # The coordinator is still active, as the database reads it and as the list shows it.
    assert {u.username: u.active for u in users.list_users(office)} == {"cora": True, "sam": True}
    assert dialog.list.model.rows()[0].username == "cora" and dialog.list.model.rows()[0].active
    # One message, saying why, in the words of the rule.
    warning.assert_called_once()
    assert warning.call_args.args[2] == "The last active coordinator account cannot be deactivated."


def test_staff_cannot_manage_accounts(qtbot: QtBot, office: Store) -> None:
    set_current_user(office, Identity(2, "sam", "Sam Taff", UserRole.STAFF))
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    assert "Only the coordinator" in dialog.message.text()
    assert not dialog.add_button.isEnabled()
    assert dialog.list.model.rowCount() == 0


def test_a_new_password_must_be_typed_twice(qtbot: QtBot, office: Store) -> None:
    sam = next(u for u in users.list_users(office) if u.username == "sam")
    dialog = PasswordDialog(office, sam)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.password, "brand new passphrase")
    qtbot.keyClicks(dialog.confirm, "brand new passphrasE")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert "differ" in dialog.errors.label("confirm").text()
    dialog.confirm.setText("brand new passphrase")
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert users.authenticate(office, "sam", "brand new passphrase").username == "sam"
