"""Encrypted, consistent backups: make, rotate, check and restore.

Every backup belongs to one database: the database's identity (``db/database_uuid.py``)
is in its file name and inside it, and rotation, the recovery offer and restore only
ever touch backups of the same identity, even in a folder that several databases share.
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from slip_desktop.db.audit import record_event
from slip_desktop.db.database_uuid import database_identity, read_identity
from slip_desktop.db.encryption import connect_raw, passphrase_problem
from slip_desktop.db.key_slots import (
    copy_slots,
    key_for_secret,
    key_of,
    key_string,
    read_slots,
    slots_path,
)
from slip_desktop.db.store import Store, StoreOpenError
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.typed_input import typed_input

BACKUP_PREFIX = "slip-backup-"
BACKUP_SUFFIX = ".db"
PARTIAL_SUFFIX = ".partial"
#: Rotation: the newest backup of each of the last 7 days and of each of the last 4 weeks.
KEEP_DAILY = 7
KEEP_WEEKLY = 4

_NAME = re.compile(
    rf"^{re.escape(BACKUP_PREFIX)}(?:([0-9a-f]{{32}})-)?(\d{{4}}-\d{{2}}-\d{{2}})_(\d{{6}})"
    rf"(?:-(\d+))?{re.escape(BACKUP_SUFFIX)}$"
)
_SKIPPED_TABLES = ("sqlite_", "alembic_version")


class BackupFailed(StoreOpenError):  # noqa: N818 - reads as 'raise BackupFailed'
    """A backup could not be written (a full disk, a folder that cannot be written)."""


class BackupInfo(NamedTuple):
    """One backup file, when it was taken, and the identity of its database (None: older)."""

    path: Path
    taken_at: datetime
    identity: str | None = None


class BackupCheck(NamedTuple):
    """What checking a backup found.

    Attributes:
        path: the backup file.
        problems: integrity_check complaints; empty when the backup is sound.
        counts: rows per table, to show before restoring.
        identity: the identity stored inside the backup (None for one made before them).
    """

    path: Path
    problems: list[str]
    counts: dict[str, int]
    identity: str | None = None

    @property
    def ok(self) -> bool:
        """True when the backup passed its integrity check."""
        return not self.problems


def backup_name(when: datetime, identity: str | None = None) -> str:
    """Return the file name of a backup of database ``identity`` taken at ``when``."""
    owner = f"{identity}-" if identity else ""
    return f"{BACKUP_PREFIX}{owner}{when:%Y-%m-%d_%H%M%S}{BACKUP_SUFFIX}"


def parse_backup_name(name: str) -> datetime | None:
    """Return when the backup called ``name`` was taken, or None if it is not a backup."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        return datetime.strptime(f"{match[2]} {match[3]}", "%Y-%m-%d %H%M%S")
    except ValueError:
        return None


def backup_identity(name: str) -> str | None:
    """Return the database identity in a backup's file name (None for an older name)."""
    match = _NAME.match(name)
    return match[1] if match else None


def _order(backup: BackupInfo) -> tuple[datetime, int]:
    """Sort key: when taken, then the -2, -3 ... added to a name taken in the same second."""
    match = _NAME.match(backup.path.name)
    return backup.taken_at, int(match[4]) if match and match[4] else 1


_EVERY = object()


def list_backups(folder: Path, identity: str | None | object = _EVERY) -> list[BackupInfo]:
    """Return the backups in ``folder``, newest first.

    With ``identity`` only that database's backups (None: those named before identities).
    """
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        taken_at = parse_backup_name(path.name)
        if taken_at is None or not path.is_file():
            continue
        owner = backup_identity(path.name)
        if identity is _EVERY or owner == identity:
            found.append(BackupInfo(path, taken_at, owner))
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


def rotate_backups(
    folder: Path,
    identity: str | None = None,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
) -> list[Path]:
    """Delete the backups of database ``identity`` rotation no longer keeps; return them.

    Backups of any other database in the same folder are never touched.
    """
    backups = list_backups(folder, identity)
    keep = backups_to_keep(backups, daily, weekly)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            slots_path(backup.path).unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def _free_target(folder: Path, when: datetime, identity: str | None) -> Path:
    name = backup_name(when, identity)
    target = folder / name
    number = 2
    while target.exists():
        target = folder / name.replace(BACKUP_SUFFIX, f"-{number}{BACKUP_SUFFIX}")
        number += 1
    return target


def clean_stale_partials(folder: Path, identity: str | None) -> list[Path]:
    """Delete half-written backups of database ``identity`` left by a crash; return them.

    Only one program works on a database at a time (``ui/instance_lock.py``), so a
    partial file of this database is never one being written now.
    """
    if not folder.is_dir():
        return []
    removed = []
    for path in folder.glob(f"{BACKUP_PREFIX}*{PARTIAL_SUFFIX}"):
        if backup_identity(path.name.removesuffix(PARTIAL_SUFFIX)) == identity:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def is_disk_full(error: BaseException) -> bool:
    """True when ``error`` says the disk is full (an OSError or SQLite's own message)."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    return "database or disk is full" in str(error).lower()


def _copy_pages(source: Any, target_path: Path, passphrase: str | None) -> None:
    """Copy ``source`` page by page (SQLite backup API) into a new file keyed the same way.

    A full disk raises BackupFailed saying so; the half-written copy is removed.
    """
    partial = target_path.with_name(target_path.name + PARTIAL_SUFFIX)
    try:
        partial.unlink(missing_ok=True)
        target = connect_raw(partial, passphrase, create=True)
        try:
            source.backup(target)
            result = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
        if result != "ok":
            raise BackupFailed(f"The copy failed its check ({result}).")
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target_path)
    except (OSError, sqlite3.Error, StoreOpenError, _sqlcipher_error()) as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, StoreOpenError) and not is_disk_full(error):
            raise
        if is_disk_full(error):
            raise BackupFailed(
                f"The backup could not be written: the disk holding {target_path.parent} is "
                "full. Free some space there (or choose another backup folder) and try again."
            ) from error
        raise BackupFailed(
            f"The backup could not be written to {target_path.parent}: {error}"
        ) from error


def backup_key(path: Path, secret: str | None) -> str | None:
    """What keys the backup at ``path``: the key ``secret`` unwraps from its own slots."""
    if secret is None or key_of(secret) is not None or read_slots(path) is None:
        return secret
    found = key_for_secret(path, secret)
    return key_string(found[0]) if found is not None else secret


def _sqlcipher_error() -> type[Exception]:
    import sqlcipher3

    error: type[Exception] = sqlcipher3.Error
    return error


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
    identity = database_identity(store)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupFailed(f"The backup folder {folder} cannot be made: {error}") from error
    clean_stale_partials(folder, identity)
    target = _free_target(folder, when or datetime.now(), identity)
    with store.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        _copy_pages(raw, target, store.passphrase)
    copy_slots(store.path, target)  # the backup opens with the same secrets as the database
    if rotate:
        rotate_backups(folder, identity)
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
    """Open a backup with ``passphrase`` (WrongPassphrase if it does not fit) and check it.

    ``passphrase`` may be any secret of the backup's own key slots (its ``.keys``).
    """
    connection = connect_raw(path, backup_key(path, passphrase))
    try:
        rows = [str(r[0]) for r in connection.execute("PRAGMA integrity_check").fetchall()]
        problems = [] if rows == ["ok"] else rows
        counts = _counts(connection) if not problems else {}
        identity = read_identity(connection)
    except Exception as error:  # noqa: BLE001 - a damaged file can fail in many ways
        problems, counts, identity = [str(error)], {}, None
    finally:
        connection.close()
    return BackupCheck(path, problems, counts, identity)


def good_backups(
    folders: Iterable[Path],
    passphrase: str | None,
    identity: str | None | object = _EVERY,
    limit: int = 5,
) -> list[BackupCheck]:
    """Return up to ``limit`` backups of database ``identity`` that open and pass their check.

    Newest first, looked for in every folder given. A backup whose name claims the
    identity but which holds another inside is left out.
    """
    found: dict[Path, BackupInfo] = {}
    for folder in folders:
        for backup in list_backups(folder, identity):
            found.setdefault(backup.path.resolve(), backup)
    good: list[BackupCheck] = []
    for backup in sorted(found.values(), key=_order, reverse=True):
        try:
            check = check_backup(backup.path, passphrase)
        except StoreOpenError:
            continue
        inside_differs = check.identity is not None and check.identity != backup.identity
        if check.ok and not (backup.identity is not None and inside_differs):
            good.append(check)
            if len(good) >= limit:
                break
    return good


def newest_good_backup(
    folder: Path, passphrase: str | None, identity: str | None | object = _EVERY
) -> BackupCheck | None:
    """Return the check of the newest backup in ``folder`` that opens and is sound."""
    found = good_backups([folder], passphrase, identity, limit=1)
    return found[0] if found else None


def require_same_database(live_identity: str | None, check: BackupCheck) -> None:
    """Refuse (StoreOpenError) a backup that belongs to another database."""
    theirs = check.identity or backup_identity(check.path.name)
    if live_identity is not None and theirs is not None and theirs != live_identity:
        raise StoreOpenError(
            f"{check.path.name} is a backup of another database, not of this one; "
            "nothing was restored. Choose a backup of this database."
        )


@typed_input
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

    if not backup.name or not backup.is_file():
        raise StoreOpenError(f"{backup} is not a backup file; nothing was restored.")
    if backup_passphrase is not None and passphrase_problem(backup_passphrase):
        raise StoreOpenError("That passphrase does not open the backup; nothing was restored.")
    if store.path is None:
        raise StoreOpenError("Only a database file can be restored here.")
    source_passphrase = backup_passphrase if backup_passphrase is not None else store.passphrase
    check = check_backup(backup, source_passphrase)
    if not check.ok:
        raise StoreOpenError(
            f"{backup.name} failed its integrity check ({check.problems[0]}); nothing was restored."
        )
    require_same_database(_live_identity(store), check)
    # With every connection closed the WAL is checkpointed and gone.
    store.engine.dispose()
    _install_copy(
        store.path, backup, source_passphrase, store.passphrase, keep_damaged=store.read_only
    )
    # The restored copy passed its check, so a store opened read-only may be written again.
    store.read_only = False
    store.replace_engine(store.passphrase)
    upgrade_to_head(store.engine)
    database_identity(store)  # the restored copy's, remembered beside the file again
    # The restored trail is the backup's; this row says the data was swapped, and by whom.
    record_event(store, AuditAction.BULK_UPDATE, "database", None, f"restored {backup.name}")
    from slip_desktop.db.users import flush_held_sign_ins

    flush_held_sign_ins(store)


def _live_identity(store: Store) -> str | None:
    from slip_desktop.db.database_uuid import remembered_identity

    try:
        return database_identity(store)
    except Exception:  # noqa: BLE001 - a damaged database: the identity beside it is enough
        return remembered_identity(store.path) if store.path is not None else None


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
    source = connect_raw(backup, backup_key(backup, source_passphrase))
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


def replace_unopenable_database(
    path: Path, backup: Path, passphrase: str, *, migrate: bool = True
) -> Path | None:
    """Put ``backup`` in place of a database file that will not open at all.

    With SQLCipher a damaged first page looks exactly like a wrong passphrase; when the
    same passphrase opens a sound backup, the file is damaged. The damaged file is kept
    beside the database (its path is returned); the restored copy is migrated to head.
    """
    from slip_desktop.db.migrate import upgrade_to_head

    check = check_backup(backup, passphrase)
    if not check.ok:
        raise StoreOpenError(f"{backup.name} failed its integrity check; nothing was restored.")
    key = backup_key(backup, passphrase)
    kept = _install_copy(path, backup, key, key, keep_damaged=True)
    if read_slots(path) is None:
        copy_slots(backup, path)  # a copied folder on another machine: the backup's slots
    if not migrate:
        return kept
    store = Store.open(path, key)
    try:
        upgrade_to_head(store.engine)
    finally:
        store.close()
    return kept
