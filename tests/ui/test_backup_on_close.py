"""A backup on close that fails is shown to the coordinator, not only logged."""

from __future__ import annotations

import errno
from pathlib import Path
from unittest.mock import patch

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.app import build_window
from slip_desktop.db.backup import list_backups
from slip_desktop.db.database_uuid import database_identity
from slip_desktop.db.store import Store
from slip_desktop.ui.backup_dialogs import FOLDER_KEY, backup_folder, default_folder_of


def test_a_backup_on_close_that_fails_for_a_full_disk_is_shown(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    QSettings().setValue(FOLDER_KEY, str(tmp_path / "usb"))
    window = build_window(store, auto_backup=True)
    qtbot.addWidget(window)

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with (
        patch("slip_desktop.db.backup.os.fsync", full),
        patch.object(QMessageBox, "warning") as warned,
    ):
        window.close()
    warned.assert_called_once()
    title, text = warned.call_args.args[1:3]
    assert title == "Backup on close failed"
    assert "disk" in text and "full" in text and "Your data itself is saved" in text
    assert list((tmp_path / "usb").glob("*.partial")) == []


def test_the_default_backup_folder_is_the_databases_own(store: Store, tmp_path: Path) -> None:
    assert store.path is not None
    assert backup_folder(store.path) == default_folder_of(store.path)
    assert backup_folder(store.path) != backup_folder(tmp_path / "another.db")


def test_backups_from_the_window_carry_the_databases_identity(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    QSettings().setValue(FOLDER_KEY, str(tmp_path / "usb"))
    window = build_window(store, auto_backup=True)
    qtbot.addWidget(window)
    with patch.object(QMessageBox, "warning") as warned:
        window.close()
    warned.assert_not_called()
    identity = database_identity(store)
    assert [b.identity for b in list_backups(tmp_path / "usb")] == [identity]
