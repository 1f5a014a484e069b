"""One secret per person: the start asks once; the person's password opens the file and signs in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from slip_desktop import app as slip_app
from slip_desktop.db import users
from slip_desktop.db.audit import install_audit
from slip_desktop.db.encryption import PASSPHRASE_ENV
from slip_desktop.db.identity import current_user
from slip_desktop.db.key_slots import KdfParams, read_slots, use_kdf_params
from slip_desktop.db.migrate import upgrade_safely
from slip_desktop.db.opening import open_store
from slip_desktop.db.store import Store
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.ui import unlock
from slip_desktop.ui.login_dialog import LoginDialog
from slip_desktop.ui.passphrase_dialog import OneSecretDialog, UnlockDialog
from slip_desktop.ui.running import RunningApp, StartHooks

RECOVERY = "recovery: ochre lantern meadow 7"
PASSWORD = "Σοφία's kettle ribbon 42"


class _Application:
    """Stands in for the QApplication: exit() would end every later test's event loops."""

    def __init__(self) -> None:
        self.exit_codes: list[int] = []

    def exit(self, code: int) -> None:
        self.exit_codes.append(code)


@pytest.fixture(autouse=True)
def _cheap_and_no_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    previous = use_kdf_params(KdfParams(time_cost=1, memory_cost=8, parallelism=1))
    hasher = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    said: list[str] = []
    monkeypatch.setattr(unlock, "fail", lambda message, interactive: said.append(message) or 2)
    monkeypatch.setattr(UnlockDialog, "exec", lambda dialog: pytest.fail("asked a passphrase"))
    yield said
    use_kdf_params(previous)
    use_hasher(hasher)


def _start(qtbot: QtBot, path: Path) -> RunningApp:
    hooks = StartHooks(auto_backup=False)
    running = slip_app.running_app(_Application(), path, False, None, hooks)  # type: ignore[arg-type]
    qtbot.addWidget(running.window)
    running.window.show()
    return running


def _type(name: str, secret: str, asked: list[str]):  # type: ignore[no-untyped-def]
    def fake_exec(dialog: OneSecretDialog) -> int:
        asked.append("one secret")
        dialog.username.setText(name)
        dialog.secret.setText("not my password")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert "do not open" in dialog.error.text() or "does not open" in dialog.error.text()
        dialog.secret.setText(secret)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    return fake_exec


def test_typing_my_own_password_once_opens_the_window_signed_in(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "office.db"
    store = open_store(path, RECOVERY)
    install_audit(store)
    users.create_first_coordinator(store, "sofia", "Σοφία Παπαδοπούλου", PASSWORD)
    store.close()
    asked: list[str] = []
    monkeypatch.setattr(OneSecretDialog, "exec", _type("Sofia", PASSWORD, asked))
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: pytest.fail("asked a second time"))
    running = _start(qtbot, path)
    qtbot.waitUntil(lambda: running.store is not None, timeout=20000)
    assert asked == ["one secret"]
    assert current_user(running.store).username == "sofia"
    qtbot.waitUntil(
        lambda: running.window.findChild(QAction, "change_my_password") is not None,
        timeout=20000,
    )
    settings = Path(QSettings().fileName())
    saved = settings.read_bytes() if settings.exists() else b""
    assert PASSWORD.encode() not in saved and RECOVERY.encode() not in saved
    running.window.close()
    running.store.close()


def test_an_old_passphrase_database_opens_with_it_and_then_my_sign_in_gives_me_my_slot(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "office.db"
    old = Store.open(path, RECOVERY)  # from before key slots: one shared passphrase
    upgrade_safely(old)
    install_audit(old)
    users.create_first_coordinator(old, "sofia", "Σοφία Παπαδοπούλου", PASSWORD)
    old.close()
    # The shared passphrase still opens it: the UnlockDialog of before is asked once.
    monkeypatch.undo()
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(unlock, "fail", lambda message, interactive: pytest.fail(message))

    def type_passphrase(dialog: UnlockDialog) -> int:
        dialog.passphrase.setText(RECOVERY)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    def sign_in(dialog: LoginDialog) -> int:
        dialog.username.setText("sofia")
        dialog.password.setText(PASSWORD)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        return int(dialog.result())

    monkeypatch.setattr(UnlockDialog, "exec", type_passphrase)
    monkeypatch.setattr(LoginDialog, "exec", sign_in)
    running = _start(qtbot, path)
    qtbot.waitUntil(lambda: running.store is not None, timeout=20000)
    assert current_user(running.store).username == "sofia"
    assert sorted(str(s.username) for s in read_slots(path) or []) == ["None", "sofia"]
    running.window.close()
    running.store.close()
    # Next time her own password alone opens it.
    open_store(path, PASSWORD).close()


def test_change_my_password_rewraps_only_my_slot(qtbot: QtBot, tmp_path: Path) -> None:
    from slip_desktop.db.store import WrongPassphrase
    from slip_desktop.ui.my_password import ChangeMyPasswordDialog

    path = tmp_path / "office.db"
    store = open_store(path, RECOVERY)
    install_audit(store)
    users.create_first_coordinator(store, "sofia", "Σοφία Παπαδοπούλου", PASSWORD)
    users.sign_in(store, "sofia", PASSWORD)
    users.create_user(store, "oleg", "Олег Петренко", "staff", "пароль Олега 2 довгий")
    users.sign_in(store, "oleg", "пароль Олега 2 довгий")
    before = {s.username: s for s in read_slots(path) or []}
    dialog = ChangeMyPasswordDialog(store)
    qtbot.addWidget(dialog)
    dialog.current.setText("not my password at all")
    dialog.new.setText("Zoë's lantern meadow 77")
    dialog.again.setText("Zoë's lantern meadow 77")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.current.setText("пароль Олега 2 довгий")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() == dialog.DialogCode.Accepted
    after = {s.username: s for s in read_slots(path) or []}
    assert after["oleg"] != before["oleg"]
    assert after["sofia"] == before["sofia"] and after[None] == before[None]
    store.close()
    open_store(path, "Zoë's lantern meadow 77").close()
    with pytest.raises(WrongPassphrase):
        open_store(path, "пароль Олега 2 довгий")
