"""One program per database: a lock file beside it, and a call that brings its window forward.

Two programs on one file lost saves: after one restored a backup, the other confirmed
saves that never reached the file. So the first start takes a ``QLockFile`` beside the
database (``slip.db.lock``) and watches a small request file beside it; a second start
reads who holds the lock (user, computer, process, since when), writes to the request
file so the first window comes forward, says so and exits. A lock left by a crashed
program (its process is gone) is taken over: ``QLockFile`` checks whether it lives.
A file watcher, not a local socket: the packaged build leaves QtNetwork out.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QLockFile, QObject, Signal

from slip_desktop.domain.date_style import date_time

log = logging.getLogger("slip_desktop")


def lock_path(database: Path) -> Path:
    """The lock file beside ``database``."""
    return database.with_name(database.name + ".lock")


def holder_path(database: Path) -> Path:
    """The small file beside ``database`` that says who holds its lock."""
    return database.with_name(database.name + ".in-use")


def request_path(database: Path) -> Path:
    """The file a later start writes to, asking the running window to come forward."""
    return database.with_name(database.name + ".come-forward")


@dataclass(frozen=True)
class Holder:
    """Who has the database open."""

    user: str
    host: str
    pid: int
    started: datetime | None

    def describe(self) -> str:
        """Say who has the database open, for the message the second start shows."""
        since = f" since {date_time(self.started)}" if self.started else ""
        return f"{self.user} on {self.host} (process {self.pid}){since}"


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment
        return "another user"


class InstanceLock(QObject):
    """The lock on one database for this program, and the socket that hears later starts.

    Signals:
        come_forward_asked(): another start on the same database asked for this window.
    """

    come_forward_asked = Signal()

    def __init__(self, database: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self._lock = QLockFile(str(lock_path(database)))
        # Never stale by age (a day-long session is normal); a dead process makes it stale.
        self._lock.setStaleLockTime(0)
        self._watcher: QFileSystemWatcher | None = None

    def try_acquire(self) -> bool:
        """Take the lock (a crashed program's lock is taken over); False if another holds it."""
        if not self._lock.tryLock(200):
            return False
        self._write_holder()
        self._watch()
        return True

    def _write_holder(self) -> None:
        record = {
            "user": _user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started": datetime.now().isoformat(timespec="seconds"),
        }
        try:
            holder_path(self.database).write_text(json.dumps(record), encoding="utf-8")
        except OSError:
            log.warning("Could not write %s", holder_path(self.database).name)

    def _watch(self) -> None:
        request = request_path(self.database)
        try:
            request.write_bytes(b"")
        except OSError:
            log.warning("Could not write %s; a later start cannot call this window", request.name)
            return
        self._watcher = QFileSystemWatcher([str(request)], self)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)

    def _on_watcher_file_changed(self, name: str) -> None:
        if Path(name).exists() and Path(name).stat().st_size:
            self.come_forward_asked.emit()
        # Some editors and systems replace the file: watch the path again.
        if self._watcher is not None and name not in self._watcher.files():
            self._watcher.addPath(name)

    def holder(self) -> Holder:
        """Say who holds the lock (from the file beside it, else from the lock itself)."""
        try:
            record = json.loads(holder_path(self.database).read_text(encoding="utf-8"))
            started = datetime.fromisoformat(str(record["started"]))
            return Holder(str(record["user"]), str(record["host"]), int(record["pid"]), started)
        except (OSError, ValueError, KeyError, TypeError):
            ok, pid, host, _app = self._lock.getLockInfo()
            return Holder("another user", host if ok else "?", pid if ok else 0, None)

    def release(self) -> None:
        """Give the lock up (the window closed)."""
        if self._watcher is not None:
            self._watcher.deleteLater()
            self._watcher = None
        if self._lock.isLocked():
            holder_path(self.database).unlink(missing_ok=True)
            request_path(self.database).unlink(missing_ok=True)
            self._lock.unlock()


def ask_to_come_forward(database: Path) -> bool:
    """Ask the program holding ``database`` to bring its window forward; False if it cannot."""
    try:
        with request_path(database).open("ab") as request:
            request.write(f"{os.getpid()} {datetime.now():%H:%M:%S}\n".encode("ascii"))
    except OSError:
        return False
    return True


def bring_forward(window: QObject) -> None:
    """Show ``window`` normal and on top (what a second start on the same file asks for)."""
    from PySide6.QtWidgets import QWidget

    if isinstance(window, QWidget):
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
