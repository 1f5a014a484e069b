"""Encrypted, consistent backups: make, rotate, check and restore."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from slip_desktop.db.audit import record_event
from slip_desktop.db.encryption import connect_raw
from slip_desktop.db.store import Store, StoreOpenError
from slip_desktop.domain.audit_actions import AuditAction

BACKUP_PREFIX = "slip-backup-"
BACKUP_SUFFIX = ".db"
#: Rotation: the newest backup of each of the last 7 days and of each of the last 4 weeks.
KEEP_DAILY = 7
KEEP_WEEKLY = 4

_NAME = re.compile(
    rf"^{re.escape(BACKUP_PREFIX)}(\d{{4}}-\d{{2}}-\d{{2}})_(\d{{6}})(?:-(\d+))?"
    rf"{re.escape(BACKUP_SUFFIX)}$"
)
_SKIPPED_TABLES = ("sqlite_", "alembic_version")


class BackupInfo(NamedTuple):
    """One backup file and when it was taken."""

    path: Path
    taken_at: datetime


class BackupCheck(NamedTuple):
    """What checking a backup found.

    Attributes:
        path: the backup file.
        problems: integrity_check complaints; empty when the backup is sound.
        counts: rows per table, to show before restoring.
    """

    path: Path
    problems: list[str]
    counts: dict[str, int]

    @property
    def ok(self) -> bool:
        """True when the backup passed its integrity check."""
        return not self.problems


def backup_name(when: datetime) -> str:
    """Return the file name of a backup taken at ``when`` (local time)."""
    return f"{BACKUP_PREFIX}{when:%Y-%m-%d_%H%M%S}{BACKUP_SUFFIX}"


def parse_backup_name(name: str) -> datetime | None:
    """Return when the backup called ``name`` was taken, or None if it is not a backup."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        return datetime.strptime(f"{match[1]} {match[2]}", "%Y-%m-%d %H%M%S")
    except ValueError:
        return None


def _order(backup: BackupInfo) -> tuple[datetime, int]:
    """Sort key: when taken, then the -2, -3 ... added to a name taken in the same second."""
    match = _NAME.match(backup.path.name)
    return backup.taken_at, int(match[3]) if match and match[3] else 1


def list_backups(folder: Path) -> list[BackupInfo]:
    """Return the backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        taken_at = parse_backup_name(path.name)
        if taken_at is not None and path.is_file():
            found.append(BackupInfo(path, taken_at))
    return sorted(found, key=_order, reverse=True)


def backups_to_keep(
    backups: Iterable[BackupInfo], daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY
) -> set[Path]:
    """Return the backups rotation keeps.

    That is the newest of each of the last ``daily`` days and of each of the last
    ``weekly`` ISO weeks; the newest backup is always among them.
    """
    newest_first = sorted(backups, key=_order, reverse=True)
    keep: set[Path] = set()
    days: set[object] = set()
    weeks: set[object] = set()
    for backup in newest_first:
        day = backup.taken_at.date()
        week = backup.taken_at.isocalendar()[:2]
        if day not in days and len(days) < daily:
            days.add(day)
            keep.add(backup.path)
        if week not in weeks and len(weeks) < weekly:
            weeks.add(week)
            keep.add(backup.path)
    return keep


def rotate_backups(folder: Path, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY) -> list[Path]:
    """Delete the backups rotation no longer keeps; return what was deleted."""
    backups = list_backups(folder)
    keep = backups_to_keep(backups, daily, weekly)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def _free_target(folder: Path, when: datetime) -> Path:
    target = folder / backup_name(when)
    number = 2
    while target.exists():
        target = folder / backup_name(when).replace(BACKUP_SUFFIX, f"-{number}{BACKUP_SUFFIX}")
        number += 1
    return target


def _copy_pages(source: Any, target_path: Path, passphrase: str | None) -> None:
    """Copy ``source`` page by page (SQLite backup API) into a new file keyed the same way."""
    partial = target_path.with_name(target_path.name + ".partial")
    partial.unlink(missing_ok=True)
    target = connect_raw(partial, passphrase, create=True)
    try:
        source.backup(target)
        result = target.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        target.close()
    if result != "ok":
        partial.unlink(missing_ok=True)
        raise StoreOpenError(f"The copy failed its check ({result}).")
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target_path)


def make_backup(
    store: Store,
    folder: Path,
    when: datetime | None = None,
    *,
    rotate: bool = True,
    scheduled: bool = False,
) -> Path:
    """Write a consistent, encrypted copy of ``store`` into ``folder``; return its path.

    The SQLite backup API copies a snapshot even while the program writes; the copy
    is keyed with the store's passphrase, so it is as unreadable as the database.
    A backup someone asks for (a copy of everyone's data, to a folder they choose)
    needs BACKUP_RESTORE; the ``scheduled`` ones (timer, on close) run for anyone.
    """
    if not scheduled:
        from slip_desktop.db.identity import require_permission
        from slip_desktop.domain.permissions import Action

        require_permission(store, Action.BACKUP_RESTORE)
    if store.path is None:
        raise StoreOpenError("Only a database file can be backed up here.")
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_target(folder, when or datetime.now())
    with store.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        _copy_pages(raw, target, store.passphrase)
    if rotate:
        rotate_backups(folder)
    return target


def _counts(connection: Any) -> dict[str, int]:
    tables = [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        if not str(row[0]).startswith(_SKIPPED_TABLES)
    ]
    return {
        table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
        for table in tables
    }


def table_counts(store: Store) -> dict[str, int]:
    """Return rows per table of ``store`` (to compare with a backup)."""
    with store.engine.connect() as connection:
        return _counts(connection.connection.dbapi_connection)


def check_backup(path: Path, passphrase: str | None) -> BackupCheck:
    """Open a backup with ``passphrase`` (WrongPassphrase if it does not fit) and check it."""
    connection = connect_raw(path, passphrase)
    try:
        rows = [str(r[0]) for r in connection.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        counts = _counts(connection) if not problems else {}
    except Exception as error:  # noqa: BLE001 - a damaged file can fail in many ways
        problems, counts = [str(error)], {}
    finally:
        connection.close()
    return BackupCheck(path, problems, counts)


def newest_good_backup(folder: Path, passphrase: str | None) -> BackupCheck | None:
    """Return the check of the newest backup in ``folder`` that opens and is sound."""
    for backup in list_backups(folder):
        try:
            check = check_backup(backup.path, passphrase)
        except StoreOpenError:
            continue
        if check.ok:
            return check
    return None


def restore_backup(store: Store, backup: Path, backup_passphrase: str | None = None) -> None:
    """Replace the store's data with ``backup`` (checked first), keyed with the store's passphrase.

    ``backup_passphrase`` opens a backup made before the passphrase was changed. The
    restored file is migrated to the newest schema. Raise StoreOpenError if the backup
    is not sound; the current data is then left as it was.
    """
    from slip_desktop.db.identity import require_permission
    from slip_desktop.db.migrate import upgrade_to_head
    from slip_desktop.domain.permissions import Action

    require_permission(store, Action.BACKUP_RESTORE)

    if store.path is None:
        raise StoreOpenError("Only a database file can be restored here.")
    source_passphrase = backup_passphrase if backup_passphrase is not None else store.passphrase
    check = check_backup(backup, source_passphrase)
    if not check.ok:
        raise StoreOpenError(
            f"{backup.name} failed its integrity check ({check.problems[0]}); nothing was restored."
        )
    # With every connection closed the WAL is checkpointed and gone.
    store.engine.dispose()
    _install_copy(
        store.path, backup, source_passphrase, store.passphrase, keep_damaged=store.read_only
    )
    # The restored copy passed its check, so a store opened read-only may be written again.
    store.read_only = False
    store.replace_engine(store.passphrase)
    upgrade_to_head(store.engine)
    # The restored trail is the backup's; this row says the data was swapped, and by whom.
    record_event(store, AuditAction.BULK_UPDATE, "database", None, f"restored {backup.name}")


def _install_copy(
    live: Path,
    backup: Path,
    source_passphrase: str | None,
    passphrase: str | None,
    keep_damaged: bool,
) -> Path | None:
    """Copy ``backup`` into a staged file keyed with ``passphrase`` and move it over ``live``.

    A damaged database is kept beside it (still encrypted) rather than deleted, in case
    something can be recovered from it; its path is returned.
    """
    staged = live.with_name(live.name + ".restoring")
    source = connect_raw(backup, source_passphrase)
    try:
        _copy_pages(source, staged, passphrase)
    finally:
        source.close()
    kept: Path | None = None
    if keep_damaged and live.exists():
        kept = live.with_name(f"{live.name}.damaged-{datetime.now():%Y%m%d-%H%M%S}")
        os.replace(live, kept)
    # A stale WAL left beside the new file would be replayed into it: none may remain.
    for suffix in ("-wal", "-shm"):
        Path(str(live) + suffix).unlink(missing_ok=True)
    os.replace(staged, live)
    return kept


def replace_unopenable_database(path: Path, backup: Path, passphrase: str) -> Path | None:
    """Put ``backup`` in place of a database file that will not open at all.

    With SQLCipher a damaged first page looks exactly like a wrong passphrase; when the
    same passphrase opens a sound backup, the file is damaged. The damaged file is kept
    beside the database (its path is returned); the restored copy is migrated to head.
    """
    from slip_desktop.db.migrate import upgrade_to_head

    check = check_backup(backup, passphrase)
    if not check.ok:
        raise StoreOpenError(f"{backup.name} failed its integrity check; nothing was restored.")
    kept = _install_copy(path, backup, passphrase, passphrase, keep_damaged=True)
    store = Store.open(path, passphrase)
    try:
        upgrade_to_head(store.engine)
    finally:
        store.close()
    return kept
