from __future__ import annotations

from collections.abc import Iterator
from unittest.mock import patch

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from slip_desktop.db import users
from slip_desktop.db.audit import install_audit
from slip_desktop.db.identity import SYSTEM, current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.ui.login_dialog import FirstRunDialog, LoginDialog, ask_sign_in


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


def _ok(dialog: FirstRunDialog | LoginDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_first_run_creates_the_coordinator_and_signs_them_in(qtbot: QtBot, store: Store) -> None:
    install_audit(store)
    dialog = FirstRunDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "cora")
    qtbot.keyClicks(dialog.display_name, "Cora Ordinator")
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.confirm, "short")
    _ok(dialog, qtbot)
    assert dialog.errors.label("password").isVisible()
    assert "at least 10" in dialog.errors.label("password").text()
    assert dialog.username.text() == "cora"  # what was typed is kept
    assert not users.has_users(store)

    dialog.password.setText("a long passphrase 1")
    dialog.confirm.setText("a long passphrase 2")
    _ok(dialog, qtbot)
    assert "differ" in dialog.errors.label("confirm").text()

    dialog.confirm.setText("a long passphrase 1")
    _ok(dialog, qtbot)
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    assert dialog.identity is not None and dialog.identity.role == UserRole.COORDINATOR
    assert current_user(store) == dialog.identity


def test_a_wrong_password_is_explained_and_the_name_kept(qtbot: QtBot, store: Store) -> None:
    users.create_first_coordinator(store, "cora", "Cora", "a long passphrase 1")
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "cora")
    qtbot.keyClicks(dialog.password, "not the passphrase")
    _ok(dialog, qtbot)
    assert dialog.errors.label("password").text() == users.WRONG_SIGN_IN
    assert dialog.username.text() == "cora" and dialog.password.text() == ""
    assert current_user(store) == SYSTEM
    qtbot.keyClicks(dialog.password, "a long passphrase 1")
    _ok(dialog, qtbot)
    assert dialog.identity is not None and current_user(store).username == "cora"


def test_ask_sign_in_offers_the_first_run_form_on_an_empty_database(store: Store) -> None:
    shown: list[str] = []

    def fake_exec(self: object) -> int:
        shown.append(type(self).__name__)
        return 0

    with (
        patch.object(FirstRunDialog, "exec", fake_exec),
        patch.object(LoginDialog, "exec", fake_exec),
    ):
        assert ask_sign_in(store) is None
        users.create_first_coordinator(store, "cora", "Cora", "a long passphrase 1")
        assert ask_sign_in(store) is None
    assert shown == ["FirstRunDialog", "LoginDialog"]
