"""Backups from the window: daily and on close, on demand, and restoring one with a check."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from slip_desktop.db.backup import (
    BACKUP_PREFIX,
    BackupCheck,
    check_backup,
    good_backups,
    list_backups,
    make_backup,
    parse_backup_name,
    restore_backup,
    table_counts,
)
from slip_desktop.db.database_uuid import (
    database_identity,
    default_backup_folder,
    remembered_identity,
)
from slip_desktop.db.store import Store, WrongPassphrase
from slip_desktop.domain.date_style import date_time
from slip_desktop.paths import backup_dir
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.tasks import TaskContext, run_with_progress

log = logging.getLogger(__name__)

FOLDER_KEY = "backup/folder"
#: A backup is due when the newest one is older than this.
BACKUP_EVERY = timedelta(days=1)
#: How often the window checks whether a backup is due.
CHECK_INTERVAL_MS = 60 * 60 * 1000

_SHOWN_COUNTS = (("pupil", "pupils"), ("referral", "referrals"), ("meeting", "meetings"))


def default_folder_of(database: Path) -> Path:
    """The default backup folder of ``database``: one per database, beside the data."""
    return default_backup_folder(database, backup_dir())


def backup_folder(database: Path | None = None) -> Path:
    """The folder the coordinator chose for backups (default: one per database)."""
    value = QSettings().value(FOLDER_KEY, "")
    if value:
        return Path(str(value))
    return default_folder_of(database) if database is not None else backup_dir()


def recovery_folders(database: Path) -> list[Path]:
    """Every folder where backups of ``database`` may be: chosen, its own, the old shared one."""
    folders = [backup_folder(database), default_folder_of(database), backup_dir()]
    return list(dict.fromkeys(folders))


def describe_counts(counts: dict[str, int]) -> str:
    """Return '150 pupils, 124 referrals, ...; 1,234 records in all'."""
    shown = ", ".join(f"{counts.get(table, 0):,} {label}" for table, label in _SHOWN_COUNTS)
    return f"{shown}; {sum(counts.values()):,} records in all"


class BackupController(QObject):
    """Makes backups (daily while open, on close, on demand) and restores them.

    Work runs off the GUI thread through ``ui.tasks``; messages go through
    QMessageBox/QFileDialog statics (which tests patch).

    Signals:
        backup_written(str): the path of a backup just written.
        restored(str): the path of the backup the data was restored from.
        failed(str): what went wrong, in the coordinator's words.
    """

    backup_written = Signal(str)
    restored = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        parent: QWidget,
        auto: bool = False,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.notifier = notifier
        self.auto = auto
        self.clock = clock
        self._parent = parent
        self.busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        #: The first check, soon after the window opens.
        self.first_check = QTimer(self)
        self.first_check.setSingleShot(True)
        self.first_check.setInterval(5000)
        self.first_check.timeout.connect(self._on_timer_timeout)
        if auto and store.path is not None:
            self.timer.start()
            self.first_check.start()
        # Daily backups are for an open window: closing writes its own and ends them,
        # so a timer never fires on a store that is closed after the window.
        parent.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._parent and event.type() == QEvent.Type.Close:
            self.timer.stop()
            self.first_check.stop()
        return False

    # Where backups go -------------------------------------------------------------------

    @property
    def folder(self) -> Path:
        """The folder the coordinator chose (default: one per database, beside the data)."""
        return backup_folder(self.store.path)

    def identity(self) -> str | None:
        """The identity of the store's database, which its backups carry."""
        try:
            return database_identity(self.store)
        except Exception:  # noqa: BLE001 - a damaged file: the identity kept beside it
            path = self.store.path
            return remembered_identity(path) if path is not None else None

    def folder_chosen(self) -> bool:
        """True once the coordinator has chosen a backup folder."""
        return bool(QSettings().value(FOLDER_KEY, ""))

    def set_folder(self, folder: Path) -> None:
        """Remember ``folder`` as the place for backups."""
        QSettings().setValue(FOLDER_KEY, str(folder))

    def choose_folder(self) -> None:
        """Let the coordinator pick the backup folder (ideally a USB drive or network folder)."""
        name = QFileDialog.getExistingDirectory(
            self._parent, "Choose the folder for backups", str(self.folder)
        )
        if name:
            self.set_folder(Path(name))
            QMessageBox.information(
                self._parent,
                "Backup folder",
                f"Backups will be written to {name}. Keep a copy off this laptop: a USB "
                "drive kept elsewhere or a network folder.",
            )

    # Making backups ---------------------------------------------------------------------

    def due(self) -> bool:
        """True when no backup in the folder is younger than a day."""
        backups = list_backups(self.folder, self.identity())
        return not backups or self.clock() - backups[0].taken_at >= BACKUP_EVERY

    def _on_timer_timeout(self) -> None:
        if not self.busy and not self.store.read_only and self.due():
            self.backup_now(quiet=True)

    def backup_now(self, quiet: bool = False) -> None:
        """Write a backup in the background; say where it went unless ``quiet``."""
        if self.busy or self.store.path is None:
            return
        self.busy = True
        folder, when = self.folder, self.clock()

        def work(context: TaskContext) -> Path:
            context.progress(0, 1, "Writing an encrypted backup...")
            return make_backup(self.store, folder, when, scheduled=quiet)

        def done(path: Path) -> None:
            self.busy = False
            self.backup_written.emit(str(path))
            if not quiet:
                QMessageBox.information(self._parent, "Backup", f"Backup written to {path}.")

        run_with_progress(self._parent, "Backing up", work, done, self._failure("Backup"))

    def backup_blocking(self) -> Path | None:
        """Write a backup now, on this thread (used on close, when the window is going).

        A failure is shown (closing goes on after it): a backup the coordinator believes
        was made, and was not, is worse than a message.
        """
        if self.store.path is None or self.store.read_only:
            return None
        try:
            path = make_backup(self.store, self.folder, self.clock(), scheduled=True)
        except Exception as error:  # noqa: BLE001 - closing must go on; the log says why
            log.exception("The backup on close failed")
            reason = getattr(error, "message", None) or "something went wrong (see the log)"
            message = (
                f"The backup on closing could not be written to {self.folder}: {reason}\n\n"
                "Your data itself is saved. Make a backup with File > Back up now next time "
                "(or choose another backup folder)."
            )
            self.failed.emit(message)
            QMessageBox.warning(self._parent, "Backup on close failed", message)
            return None
        self.backup_written.emit(str(path))
        return path

    def _failure(self, what: str) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            self.busy = False
            message = getattr(error, "message", None) or f"{what} failed: {error}"
            self.failed.emit(message)
            QMessageBox.warning(self._parent, what, message)

        return failed

    # Restoring ------------------------------------------------------------------------

    def restore_from_file(self) -> None:
        """Pick a backup, check it, confirm, then restore it."""
        name, _filter = QFileDialog.getOpenFileName(
            self._parent,
            "Restore from backup",
            str(self.folder),
            f"SLIP backups ({BACKUP_PREFIX}*.db);;All files (*)",
        )
        if name:
            self._check_then_confirm(Path(name), self.store.passphrase)

    def restore_newest_good(self) -> None:
        """Find the newest backup that passes its check and offer to restore it."""
        if self.busy:
            return
        self.busy = True
        folder, passphrase = self.folder, self.store.passphrase
        identity = self.identity()
        assert self.store.path is not None
        folders = recovery_folders(self.store.path)

        def work(context: TaskContext) -> BackupCheck | None:
            context.progress(0, 1, "Checking backups...")
            found = good_backups(folders, passphrase, identity, limit=1)
            return found[0] if found else None

        def done(check: BackupCheck | None) -> None:
            self.busy = False
            if check is None:
                message = f"No backup in {folder} opens and passes its check."
                self.failed.emit(message)
                QMessageBox.warning(self._parent, "Restore from backup", message)
                return
            self._confirm_and_restore(check, passphrase)

        run_with_progress(self._parent, "Checking backups", work, done, self._failure("Restore"))

    def _check_then_confirm(self, path: Path, passphrase: str | None) -> None:
        self.busy = True

        def work(context: TaskContext) -> BackupCheck:
            context.progress(0, 1, f"Checking {path.name}...")
            return check_backup(path, passphrase)

        def done(check: BackupCheck) -> None:
            self.busy = False
            if not check.ok:
                message = (
                    f"{path.name} failed its integrity check ({check.problems[0]}). "
                    "It was not restored; choose another backup."
                )
                self.failed.emit(message)
                QMessageBox.warning(self._parent, "Restore from backup", message)
                return
            self._confirm_and_restore(check, passphrase)

        def failed(error: BaseException) -> None:
            self.busy = False
            if isinstance(error, WrongPassphrase):
                older, ok = QInputDialog.getText(
                    self._parent,
                    "Restore from backup",
                    f"{path.name} was made with an earlier passphrase. Type that passphrase:",
                    QLineEdit.EchoMode.Password,
                )
                if ok and older:
                    self._check_then_confirm(path, older)
                return
            self._failure("Restore")(error)

        run_with_progress(self._parent, "Checking backup", work, done, failed)

    def _confirm_and_restore(self, check: BackupCheck, passphrase: str | None) -> None:
        taken = parse_backup_name(check.path.name)
        when = f" taken on {date_time(taken)}" if taken else ""
        try:
            current = describe_counts(table_counts(self.store))
        except Exception:  # noqa: BLE001 - a damaged database may not count
            current = "unreadable"
        answer = QMessageBox.question(
            self._parent,
            "Restore from backup",
            f"Replace the data with the backup{when}?\n\n"
            f"The backup holds {describe_counts(check.counts)}.\n"
            f"The data now holds {current}.\n\n"
            "Everything entered since the backup will be lost. A backup of the data as it "
            "is now is written first.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.busy = True
        folder, when_now = self.folder, self.clock()

        def work(context: TaskContext) -> Any:
            context.progress(0, 2, "Backing up the current data...")
            if not self.store.read_only:
                make_backup(self.store, folder, when_now, rotate=False)
            context.progress(1, 2, f"Restoring {check.path.name}...")
            restore_backup(self.store, check.path, passphrase)
            return check.path

        def done(path: Path) -> None:
            self.busy = False
            self.restored.emit(str(path))
            self.notifier.announce(Area.ALL)
            QMessageBox.information(
                self._parent, "Restore from backup", f"The data was restored from {path.name}."
            )

        run_with_progress(self._parent, "Restoring", work, done, self._failure("Restore"))
