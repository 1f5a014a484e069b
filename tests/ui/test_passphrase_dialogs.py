"""Setting, changing and typing the passphrase, as the coordinator does it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from slip_desktop.app import ask_and_open, build_window
from slip_desktop.db.backup import table_counts
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.store import Store, WrongPassphrase, is_plain_sqlite
from slip_desktop.ui.passphrase_dialog import NewPassphraseDialog, UnlockDialog
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import SURNAME, raw_bytes, seed_pupil

STRONG = "violet harbour sixty lanterns"


def _fill(
    qtbot: QtBot, dialog: NewPassphraseDialog, new: str, again: str, current: str = ""
) -> None:
    for field, text in (
        (dialog.current, current),
        (dialog.passphrase, new),
        (dialog.confirmation, again),
    ):
        field.clear()
        qtbot.keyClicks(field, text)


def _drive(monkeypatch: pytest.MonkeyPatch, cls: type[QDialog], actions) -> None:  # type: ignore[no-untyped-def]
    """Replace ``cls.exec`` with a function that types and presses OK like a user."""

    def fake_exec(dialog: QDialog) -> int:
        actions(dialog)
        return int(dialog.result())

    monkeypatch.setattr(cls, "exec", fake_exec)


def test_weak_passphrase_is_refused_beside_the_field(qtbot: QtBot) -> None:
    dialog = NewPassphraseDialog("Choose a passphrase", "Explanation")
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, "password1", "password1")
    assert dialog.strength_bar.value() <= 1 and "Very weak" in dialog.strength_label.text()
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "at least 12" in dialog.passphrase_error.text() and dialog.passphrase_error.isVisible()
    assert dialog.passphrase.text() == "password1"  # what was typed is kept


def test_mismatched_confirmation_is_refused(qtbot: QtBot) -> None:
    dialog = NewPassphraseDialog("Choose a passphrase", "Explanation")
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, STRONG, STRONG + "s")
    qtbot.keyClick(dialog.confirmation, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not the same" in dialog.confirmation_error.text()
    _fill(qtbot, dialog, STRONG, STRONG)
    qtbot.keyClick(dialog.confirmation, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen() == STRONG


def test_first_run_sets_a_passphrase_and_encrypts_the_new_database(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def choose(dialog: NewPassphraseDialog) -> None:
        _fill(qtbot, dialog, STRONG, STRONG)
        dialog.accept()

    _drive(monkeypatch, NewPassphraseDialog, choose)
    store = ask_and_open(tmp_path / "first.db")
    assert store is not None and store.encrypted and store.passphrase_matches(STRONG)
    seed_pupil(store)
    store.close()
    assert SURNAME.encode() not in raw_bytes(tmp_path / "first.db")


def test_cancelling_the_first_run_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _drive(monkeypatch, NewPassphraseDialog, lambda dialog: dialog.reject())
    assert ask_and_open(tmp_path / "never.db") is None
    assert list(tmp_path.iterdir()) == []


def test_unlock_dialog_says_wrong_passphrase_and_changes_nothing(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_pupil(store)
    store.close()
    assert store.path is not None
    before = hashlib.sha256(store.path.read_bytes()).hexdigest()
    messages: list[str] = []

    def type_wrong_then_right(dialog: UnlockDialog) -> None:
        qtbot.keyClicks(dialog.passphrase, "wrong passphrase")
        dialog.accept()
        messages.append(dialog.error.text())
        assert hashlib.sha256(store.path.read_bytes()).hexdigest() == before  # type: ignore[union-attr]
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, TEST_PASSPHRASE)
        dialog.accept()

    _drive(monkeypatch, UnlockDialog, type_wrong_then_right)
    opened = ask_and_open(store.path)
    assert "does not open" in messages[0]
    assert opened is not None and table_counts(opened)["pupil"] == 1
    opened.close()


def test_an_unencrypted_database_is_encrypted_after_choosing_a_passphrase(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    plain = Store.open(path)
    upgrade_to_head(plain.engine)
    seed_pupil(plain)
    plain.close()
    texts: list[str] = []

    def choose(dialog: NewPassphraseDialog) -> None:
        texts.append(dialog.windowTitle())
        _fill(qtbot, dialog, STRONG, STRONG)
        dialog.accept()

    _drive(monkeypatch, NewPassphraseDialog, choose)
    store = ask_and_open(path)
    assert texts == ["Encrypt the database"]
    assert store is not None and table_counts(store)["pupil"] == 1
    store.close()
    assert not is_plain_sqlite(path) and SURNAME.encode() not in raw_bytes(path)


def test_change_passphrase_from_the_file_menu(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_pupil(store)
    window = build_window(store)
    qtbot.addWidget(window)
    attempts: list[str] = []

    def change(dialog: NewPassphraseDialog) -> None:
        _fill(qtbot, dialog, STRONG, STRONG, current="not the current one")
        dialog.accept()
        attempts.append(dialog.current_error.text())
        _fill(qtbot, dialog, STRONG, STRONG, current=TEST_PASSPHRASE)
        dialog.accept()

    _drive(monkeypatch, NewPassphraseDialog, change)
    window.passphrase_action.trigger()
    assert "not the current passphrase" in attempts[0]
    assert table_counts(store)["pupil"] == 1
    assert window.lock_screen  # unlocking now takes the new passphrase
    window.lock()
    qtbot.keyClicks(window.lock_screen.passphrase, TEST_PASSPHRASE)
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
    assert window.is_locked
    window.lock_screen.passphrase.clear()
    qtbot.keyClicks(window.lock_screen.passphrase, STRONG)
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
    assert not window.is_locked
    store.close()
    assert store.path is not None
    with pytest.raises(WrongPassphrase):
        Store.open(store.path, TEST_PASSPHRASE)
    Store.open(store.path, STRONG).close()
