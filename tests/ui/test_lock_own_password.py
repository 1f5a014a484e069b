"""The lock screen opens with the signed-in person's own password, never the shared passphrase."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from slip_desktop.app import build_window
from slip_desktop.db import users
from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.identity import current_user, set_current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.ui.login_dialog import LoginDialog
from slip_desktop.ui.main_window import MainWindow
from tests.conftest import TEST_PASSPHRASE

CORA_PASSWORD = "amber kettle lighthouse 7"


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


@pytest.fixture
def window(qtbot: QtBot, store: Store) -> MainWindow:
    install_audit(store)
    users.create_first_coordinator(store, "cora", "Cora Lindqvist", CORA_PASSWORD)
    users.create_user(store, "sofia", "Σοφία Παπαδοπούλου", "staff", "velvet harbour pines 42")
    users.sign_in(store, "cora", CORA_PASSWORD)
    built = build_window(store, idle_limit_seconds=600.0)
    qtbot.addWidget(built)
    built.show()
    qtbot.waitExposed(built)
    return built


def _type(qtbot: QtBot, window: MainWindow, secret: str) -> None:
    field = window.lock_screen.passphrase
    field.clear()
    qtbot.keyClicks(field, secret)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_the_shared_passphrase_does_not_open_a_signed_in_persons_window(
    qtbot: QtBot, window: MainWindow, store: Store
) -> None:
    window.lock()
    assert "Cora Lindqvist" in window.lock_screen.reason.text()
    assert "Cora Lindqvist" in window.lock_screen.passphrase.placeholderText()
    _type(qtbot, window, TEST_PASSPHRASE)
    assert window.is_locked
    assert "not the password" in window.lock_screen.error.text()
    with qtbot.waitSignal(window.unlocked):
        _type(qtbot, window, CORA_PASSWORD)
    assert not window.is_locked
    assert current_user(store).username == "cora"
    set_current_user(store, None)
    failed = [r for r in list_audit(store) if r.action == AuditAction.SIGN_IN_FAILED]
    assert failed, "a wrong password at the lock screen is on the audit trail"


def test_someone_else_signs_in_as_themselves_and_the_coordinators_session_ends(
    qtbot: QtBot, window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def sofia_signs_in(dialog: LoginDialog) -> int:
        dialog.identity = users.sign_in(store, "sofia", "velvet harbour pines 42")
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(LoginDialog, "exec", sofia_signs_in)
    window.lock()
    assert window.lock_screen.switch_button.isVisible()
    with qtbot.waitSignal(window.unlocked):
        qtbot.mouseClick(window.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    assert not window.is_locked
    me = current_user(store)
    assert me.username == "sofia" and me.role == UserRole.STAFF


def test_cancelling_the_other_sign_in_leaves_the_window_locked(
    qtbot: QtBot, window: MainWindow, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: int(QDialog.DialogCode.Rejected))
    window.lock()
    qtbot.mouseClick(window.lock_screen.switch_button, Qt.MouseButton.LeftButton)
    assert window.is_locked
    assert current_user(store).username == "cora"
