"""Integrity checks, and the rule that the database lives on a local disk."""

from __future__ import annotations

import os
import sys
import threading
import weakref
from pathlib import Path

from slip_desktop.db.store import Store, StoreOpenError

#: File systems that share a folder over the network; SQLite's WAL needs shared memory
#: that only works on one computer's own disk.
NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "ncpfs", "9p", "fuse.sshfs"}
)
PROC_MOUNTS = Path("/proc/mounts")


class NetworkLocationError(StoreOpenError):
    """The database path is on a network share, where WAL is unsafe."""


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes spaces, tabs and backslashes in octal (\040 ...).
    return (
        field.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
    )


def mount_filesystem(path: Path, mounts_text: str) -> str | None:
    """Return the file system type of the mount holding ``path``, from /proc/mounts text."""
    best: tuple[int, str] | None = None
    target = str(path)
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point, fs_type = _unescape_mount(fields[1]), fields[2]
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and (best is None or len(mount_point) > best[0]):
            best = (len(mount_point), fs_type)
    return best[1] if best else None


def _windows_drive_is_remote(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = path.drive
    if not drive:
        return False
    get_drive_type = ctypes.windll.kernel32.GetDriveTypeW  # type: ignore[attr-defined]
    drive_remote = 4
    return bool(get_drive_type(drive + "\\") == drive_remote)


def network_location_reason(path: Path, mounts_text: str | None = None) -> str | None:
    """Return why ``path`` is on a network share, or None when it is on a local disk."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return f"{text} is a network path (\\\\server\\share)."
    if sys.platform == "win32" and _windows_drive_is_remote(path):  # pragma: no cover
        return f"Drive {path.drive} is a network drive."
    if mounts_text is None:
        try:
            mounts_text = PROC_MOUNTS.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    fs_type = mount_filesystem(Path(os.path.abspath(text)), mounts_text)
    if fs_type is not None and (fs_type in NETWORK_FILESYSTEMS or fs_type.startswith("nfs")):
        return f"{text} is on a network share ({fs_type})."
    return None


def require_local_disk(path: Path, mounts_text: str | None = None) -> None:
    """Raise NetworkLocationError, with the reason and what to do, for a network path."""
    reason = network_location_reason(path, mounts_text)
    if reason is not None:
        raise NetworkLocationError(
            f"{reason} SLIP Desktop keeps its database on this computer's own disk: "
            "its journal (WAL) cannot work safely over a network, and data could be lost. "
            "Choose a folder on this computer; a network folder is fine for backups."
        )


def _database_errors() -> tuple[type[Exception], ...]:
    import sqlite3

    import sqlcipher3

    errors: list[type[Exception]] = [sqlite3.DatabaseError, sqlcipher3.DatabaseError]
    if "sqlalchemy" in sys.modules:
        from sqlalchemy import exc

        errors.append(exc.DatabaseError)
    return tuple(errors)


def _pragma_rows(store: Store, pragmas: tuple[str, ...]) -> list[list[tuple[object, ...]]]:
    if store.path is None and store.engine.dialect.name != "sqlite":
        # A server database checks its own pages; these PRAGMAs are SQLite's: all "ok".
        return [[("ok",)] if p != "foreign_key_check" else [] for p in pragmas]
    connection = store.new_connection()
    try:
        return [connection.execute(f"PRAGMA {p}").fetchall() for p in pragmas]
    finally:
        connection.close()


def quick_check(store: Store) -> list[str]:
    """Run SQLite's quick_check; return its complaints ([] when the database is sound)."""
    try:
        (checked,) = _pragma_rows(store, ("quick_check",))
    except StoreOpenError as error:  # a damaged first page reads like a wrong key
        return [error.message]
    except _database_errors() as error:  # a badly damaged file fails before the check runs
        return [str(error)]
    rows = [str(r[0]) for r in checked]
    return [] if rows == ["ok"] else rows


def integrity_check(store: Store) -> list[str]:
    """Run SQLite's full integrity_check; return its complaints ([] when sound)."""
    try:
        checked, broken = _pragma_rows(store, ("integrity_check", "foreign_key_check"))
    except StoreOpenError as error:
        return [error.message]
    except _database_errors() as error:
        return [str(error)]
    rows = [str(r[0]) for r in checked]
    rows += [f"foreign key broken in {r[0]} row {r[1]}" for r in broken]
    return [] if rows == ["ok"] else rows


class _PendingCheck:
    """quick_check running on its own connection while start-up goes on."""

    def __init__(self, store: Store) -> None:
        self.problems: list[str] = []
        # SQLite releases the GIL while it reads, so the check runs on the second core.
        self._thread = threading.Thread(target=self._run, args=(store,), daemon=True)
        self._thread.start()

    def _run(self, store: Store) -> None:
        self.problems = quick_check(store)

    def result(self) -> list[str]:
        self._thread.join()
        return self.problems


_pending: weakref.WeakKeyDictionary[Store, _PendingCheck] = weakref.WeakKeyDictionary()


def start_quick_check(store: Store) -> None:
    """Begin quick_check in the background; :func:`finish_quick_check` gives its answer."""
    _pending[store] = _PendingCheck(store)


def finish_quick_check(store: Store) -> list[str]:
    """Wait for the check :func:`start_quick_check` began (run it now if none was)."""
    pending = _pending.pop(store, None)
    return pending.result() if pending is not None else quick_check(store)


def has_pending_check(store: Store) -> bool:
    """True while a background quick_check of ``store`` awaits its answer."""
    return store in _pending
