"""Backups from the window: on close, daily, on demand, and restore with a check."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from unittest.mock import patch

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.app import ask_and_open, build_window, open_checked_store
from slip_desktop.db.backup import list_backups, make_backup, table_counts
from slip_desktop.db.store import Store
from slip_desktop.ui.backup_dialogs import FOLDER_KEY
from slip_desktop.ui.main_window import MainWindow
from slip_desktop.ui.notifier import Area
from slip_desktop.ui.passphrase_dialog import UnlockDialog
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import seed_pupil

MW = "slip_desktop.ui.backup_dialogs"


@pytest.fixture
def backup_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "usb-drive" / "SLIP backups"
    QSettings().setValue(FOLDER_KEY, str(folder))
    return folder


def _window(qtbot: QtBot, store: Store, **options: object) -> MainWindow:
    window = build_window(store, **options)
    qtbot.addWidget(window)
    return window


def test_coordinator_chooses_the_backup_folder(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    window = _window(qtbot, store)
    chosen = tmp_path / "usb"
    with (
        patch(f"{MW}.QFileDialog.getExistingDirectory", return_value=str(chosen)),
        patch(f"{MW}.QMessageBox.information") as said,
    ):
        window.backup_folder_action.trigger()
    assert window.backups.folder == chosen
    assert "off this laptop" in said.call_args.args[2]


def test_backup_now_writes_an_encrypted_backup_to_the_chosen_folder(
    qtbot: QtBot, demo_store: Store, backup_folder: Path
) -> None:
    window = _window(qtbot, demo_store)
    assert window.backups.folder == backup_folder
    with (
        patch(f"{MW}.QMessageBox.information") as said,
        qtbot.waitSignal(window.backups.backup_written, timeout=10000) as written,
    ):
        window.backup_action.trigger()
    path = Path(written.args[0])
    assert path.parent == backup_folder and path.exists()
    assert str(backup_folder) in said.call_args.args[2]


def test_closing_the_window_writes_a_backup(
    qtbot: QtBot, demo_store: Store, backup_folder: Path
) -> None:
    window = _window(qtbot, demo_store, auto_backup=True)
    window.close()
    assert len(list_backups(backup_folder)) == 1


def test_closing_the_window_ends_the_daily_checks(
    qtbot: QtBot, demo_store: Store, backup_folder: Path
) -> None:
    window = _window(qtbot, demo_store, auto_backup=True)
    controller = window.backups
    assert controller.timer.isActive() and controller.first_check.isActive()
    window.close()
    # Nothing may fire later on a store closed after the window (it once crashed a test run).
    assert not controller.timer.isActive() and not controller.first_check.isActive()


def test_a_backup_is_made_when_the_last_is_a_day_old(
    qtbot: QtBot, demo_store: Store, backup_folder: Path
) -> None:
    window = _window(qtbot, demo_store, auto_backup=True)
    controller = window.backups
    assert controller.timer.isActive() and controller.timer.interval() <= 24 * 3600 * 1000
    make_backup(demo_store, backup_folder, datetime.now() - timedelta(hours=3))
    assert not controller.due()
    controller.clock = lambda: datetime.now() + timedelta(hours=22)
    assert controller.due()
    with qtbot.waitSignal(controller.backup_written, timeout=10000):
        controller.timer.timeout.emit()
    assert len(list_backups(backup_folder)) == 2


def test_restore_from_backup_checks_confirms_and_brings_counts_back(
    qtbot: QtBot, demo_store: Store, backup_folder: Path
) -> None:
    window = _window(qtbot, demo_store)
    backup = make_backup(demo_store, backup_folder, datetime.now() - timedelta(hours=1))
    counts = table_counts(demo_store)
    seed_pupil(demo_store, "Afterthebackup")
    refreshed: list[frozenset[Area]] = []
    window.notifier.changed.connect(refreshed.append)
    with (
        patch(f"{MW}.QFileDialog.getOpenFileName", return_value=(str(backup), "")),
        patch(f"{MW}.QMessageBox.question", return_value=QMessageBox.StandardButton.Yes) as asked,
        patch(f"{MW}.QMessageBox.information"),
        qtbot.waitSignal(window.backups.restored, timeout=15000),
    ):
        window.restore_action.trigger()
    question = asked.call_args.args[2]
    assert (
        f"{counts['pupil']:,} pupils" in question and f"{counts['pupil'] + 1:,} pupils" in question
    )
    # ...plus the audit row that says the data was restored.
    assert table_counts(demo_store) == counts | {"audit_event": counts["audit_event"] + 1}
    assert any(Area.ALL in changed for changed in refreshed)
    # The data as it was just before the restore was backed up first.
    assert len(list_backups(backup_folder)) == 2


def test_restore_is_not_done_without_confirmation(
    qtbot: QtBot, demo_store: Store, backup_folder: Path
) -> None:
    window = _window(qtbot, demo_store)
    backup = make_backup(demo_store, backup_folder)
    seed_pupil(demo_store, "Staysputson")
    counts = table_counts(demo_store)
    with (
        patch(f"{MW}.QFileDialog.getOpenFileName", return_value=(str(backup), "")),
        patch(f"{MW}.QMessageBox.question", return_value=QMessageBox.StandardButton.No) as asked,
    ):
        window.restore_action.trigger()
        qtbot.waitUntil(lambda: asked.called, timeout=10000)
    assert table_counts(demo_store) == counts


def _damage_a_data_page(path: Path) -> None:
    # Two thirds in: row data, well past the schema pages (a damaged schema page reads,
    # under SQLCipher, exactly like a wrong passphrase).
    page = path.stat().st_size // 4096 * 2 // 3
    with path.open("r+b") as handle:
        handle.seek(4096 * page)
        handle.write(b"\x00" * 4096)


def test_damaged_backup_is_refused(qtbot: QtBot, demo_store: Store, backup_folder: Path) -> None:
    window = _window(qtbot, demo_store)
    backup = make_backup(demo_store, backup_folder)
    _damage_a_data_page(backup)
    with (
        patch(f"{MW}.QFileDialog.getOpenFileName", return_value=(str(backup), "")),
        patch(f"{MW}.QMessageBox.warning") as warned,
        patch(f"{MW}.QMessageBox.question") as asked,
        qtbot.waitSignal(window.backups.failed, timeout=10000),
    ):
        window.restore_action.trigger()
    assert "failed its integrity check" in warned.call_args.args[2]
    asked.assert_not_called()


def test_damaged_database_opens_read_only_and_offers_the_newest_good_backup(
    qtbot: QtBot, demo_store: Store, backup_folder: Path
) -> None:
    make_backup(demo_store, backup_folder)
    counts = table_counts(demo_store)
    demo_store.close()
    assert demo_store.path is not None
    _damage_a_data_page(demo_store.path)
    damaged = open_checked_store(demo_store.path, TEST_PASSPHRASE)
    window = _window(qtbot, damaged)
    window.show()
    assert damaged.read_only and window.read_only_banner.isVisible()
    with (
        patch(f"{MW}.QMessageBox.question", return_value=QMessageBox.StandardButton.Yes),
        patch(f"{MW}.QMessageBox.information"),
        qtbot.waitSignal(window.backups.restored, timeout=15000),
    ):
        window.restore_newest_button.click()
    assert not damaged.read_only and not window.read_only_banner.isVisible()
    # ...plus the audit row that says the data was restored.
    assert table_counts(damaged) == counts | {"audit_event": counts["audit_event"] + 1}
    damaged.close()


def test_database_that_will_not_open_is_replaced_by_a_backup_the_passphrase_opens(
    demo_store: Store, backup_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_backup(demo_store, backup_folder)
    counts = table_counts(demo_store)
    demo_store.close()
    path = demo_store.path
    assert path is not None
    with path.open("r+b") as handle:  # page 1 damaged: SQLCipher sees a wrong key
        handle.seek(100)
        handle.write(b"\x00" * 200)

    def type_passphrase(dialog: UnlockDialog) -> int:
        dialog.passphrase.setText(TEST_PASSPHRASE)
        dialog.accept()
        return int(dialog.result())

    from PySide6.QtWidgets import QLabel

    from slip_desktop.ui.recovery_dialog import RecoveryDialog

    said: list[str] = []

    def restore_newest(dialog: RecoveryDialog) -> None:
        said.extend(label.text() for label in dialog.findChildren(QLabel))
        dialog.restore_button.click()

    monkeypatch.setattr(UnlockDialog, "exec", type_passphrase)
    monkeypatch.setattr(RecoveryDialog, "exec", restore_newest)
    opened = ask_and_open(path)
    assert any("probably damaged" in text for text in said)
    assert opened is not None and not opened.read_only
    assert table_counts(opened) == counts
    assert list(path.parent.glob("test.db.damaged-*"))
    opened.close()


def test_window_asks_for_a_backup_folder_off_the_laptop_until_one_is_chosen(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    window = _window(qtbot, store, auto_backup=True)
    assert "USB drive" in window.statusBar().currentMessage()
    QSettings().setValue(FOLDER_KEY, str(tmp_path / "usb"))
    again = _window(qtbot, store, auto_backup=True)
    assert again.statusBar().currentMessage() == ""
