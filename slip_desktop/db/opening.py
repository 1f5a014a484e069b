"""Opening the database without Qt: what a path holds, then open, check and migrate it.

:func:`classify` looks at a path once (new, zero bytes, plain SQLite, encrypted, on a
network share, not a database); the functions below open what it found. The dialogs
that ask for a passphrase or offer a backup are in ``ui/unlock.py``.
"""

from __future__ import annotations

import logging
import os
import threading
import weakref
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from slip_desktop.db.encryption import passphrase_from_env
from slip_desktop.db.integrity import network_location_reason, require_local_disk
from slip_desktop.db.store import (
    NotEncrypted,
    Store,
    StoreOpenError,
    WrongPassphrase,
    holds_data,
    is_plain_sqlite,
)

log = logging.getLogger("slip_desktop")

#: The smallest page SQLite (and SQLCipher) writes; every database file is whole pages.
SMALLEST_PAGE = 512


class FileKind(StrEnum):
    """What a database target turned out to be."""

    #: A database URL (a server, or ``sqlite://``): nothing on this disk to look at.
    URL = "url"
    #: No file yet: it is created, encrypted, when opened.
    NEW = "new"
    #: A file of zero bytes: never silently replaced; the recovery screen offers backups.
    EMPTY = "empty"
    #: An unencrypted SQLite file from before encryption: it must be encrypted first.
    PLAIN = "plain"
    #: Data that is not plain SQLite: SQLCipher's pages look random.
    ENCRYPTED = "encrypted"
    #: A file on a network share, where SQLite's journal (WAL) is unsafe: refused.
    NETWORK = "network"
    #: Data that cannot be a database: not plain SQLite, and not a whole number of pages.
    DAMAGED = "damaged"


@dataclass(frozen=True)
class Target:
    """A classified database target.

    Attributes:
        kind: what the target holds.
        path: the resolved file, or None for a URL.
        reason: why it is refused (a network share), for the coordinator.
        writable: False for a file (or folder) this user may only read: opened read-only.
    """

    kind: FileKind
    path: Path | None
    reason: str | None = None
    writable: bool = True

    @property
    def needs_its_passphrase(self) -> bool:
        """True when only the passphrase it was encrypted with opens it.

        SQLCipher cannot tell a wrong passphrase from damage, so a file that is not a
        database is asked for too (a backup the passphrase opens may then replace it);
        so is an empty file, whose backups the passphrase opens.
        """
        return self.kind in (FileKind.ENCRYPTED, FileKind.DAMAGED, FileKind.EMPTY)


class NeedsRecovery(StoreOpenError):  # noqa: N818 - reads as 'raise NeedsRecovery'
    """The file cannot be used as it is: the recovery screen offers its good backups.

    Attributes:
        path: the database file.
        store: the file opened read-only (what can be read of it), or None when it
            cannot be opened at all (empty, malformed).
    """

    def __init__(self, message: str, path: Path, store: Store | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.store = store


def is_writable(path: Path) -> bool:
    """True when this user may write ``path`` and its folder (SQLite's journal lives there)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def is_url(target: str | Path) -> bool:
    """Return True when ``target`` is a database URL rather than a file."""
    return "://" in str(target)


def _network_reason(target: str | Path, mounts_text: str | None) -> str | None:
    # Check the path as given too: resolving turns //server/share into /server/share.
    given = Path(target).expanduser()
    return network_location_reason(given, mounts_text) or network_location_reason(
        given.resolve(), mounts_text
    )


def classify(target: str | Path, mounts_text: str | None = None) -> Target:
    """Say in one call what ``target`` is; nothing is opened or changed.

    ``mounts_text`` stands in for /proc/mounts (tests).
    """
    if is_url(target):
        return Target(FileKind.URL, None)
    path = Path(target).expanduser().resolve()
    reason = _network_reason(target, mounts_text)
    if reason is not None:
        return Target(FileKind.NETWORK, path, reason)
    if not holds_data(path):
        return Target(FileKind.EMPTY if path.exists() else FileKind.NEW, path)
    if is_plain_sqlite(path):
        return Target(FileKind.PLAIN, path)
    if path.stat().st_size % SMALLEST_PAGE:
        return Target(FileKind.DAMAGED, path, writable=is_writable(path))
    return Target(FileKind.ENCRYPTED, path, writable=is_writable(path))


def refuse_network_share(target: str | Path) -> None:
    """Raise NetworkLocationError, saying what to do, when ``target`` is on a network share."""
    given = Path(target).expanduser()
    require_local_disk(given)
    require_local_disk(given.resolve())


def open_store(
    target: str | Path, passphrase: str | None = None, *, read_only: bool = False
) -> Store:
    """Open and migrate the database at ``target``.

    Without ``passphrase`` the one in SLIP_DESKTOP_PASSPHRASE is used (tests and headless
    runs set it). A file on a network share is refused (NetworkLocationError), a wrong
    passphrase raises WrongPassphrase and a plain file NotEncrypted; none is changed.
    A read-only store (one that failed its integrity check) is not migrated.
    """
    from slip_desktop.db.migrate import upgrade_safely

    if not is_url(target):
        refuse_network_share(target)
        _refuse_empty(target)
    secret = passphrase or passphrase_from_env()
    store = Store.open(target, database_key(target, secret, not read_only), read_only=read_only)
    if not read_only:
        upgrade_safely(store)
    return store


def database_key(target: str | Path, secret: str | None, writable: bool = True) -> str | None:
    """What keys the file: the key ``secret`` unwraps from a slot (db/key_slots.py).

    A file from before key slots is given them here (its passphrase becomes the
    recovery one); a URL keeps its own password.
    """
    if is_url(target):
        return secret
    from slip_desktop.db.key_slots import resolve_key

    return resolve_key(Path(target).expanduser().resolve(), secret, writable=writable)


def _refuse_empty(target: str | Path) -> None:
    """Raise NeedsRecovery for a 0-byte file: it is never silently replaced by a new one."""
    found = classify(target)
    if found.kind is FileKind.EMPTY and found.path is not None:
        raise NeedsRecovery(
            f"{found.path.name} is empty (0 bytes): its data is gone, perhaps after a crash "
            "or a copy that did not finish. Restore a backup, or start a new database "
            "deliberately.",
            found.path,
        )


class BackgroundOpen:
    """``Store.open`` of a file on a thread of its own, begun before the window is built.

    SQLCipher's key derivation (~80 ms) and the first read of the file release the GIL,
    so they run on the second core while Qt starts and paints the window.
    """

    def __init__(self, path: Path, passphrase: str) -> None:
        self._store: Store | None = None
        self._error: BaseException | None = None
        #: Set once the window is painted: reading the list ahead any earlier would take
        #: the GIL from Qt's start (the first paint measured 1.4x -> 2x the bare window).
        self.read_ahead = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(path, passphrase), name="slip-open", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, passphrase: str) -> None:
        try:
            self._store = Store.open(path, database_key(path, passphrase))
        except BaseException as error:  # noqa: BLE001 - handed to the thread that waits
            self._error = error
            return
        # The newest referrals, which the first tab shows first (a few ms): read here
        # while the window imports its first tab.
        from slip_desktop.db.referral_list import prefetch_first_page

        self.read_ahead.wait()
        prefetch_first_page(self._store)

    def result(self) -> Store:
        """Wait for the store; raise what opening it raised (WrongPassphrase...)."""
        self.read_ahead.set()
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._store is not None
        return self._store


def start_opening(target: str | Path) -> BackgroundOpen | None:
    """Begin opening ``target`` in the background if its passphrase is already known.

    Only an existing encrypted file on a local disk is begun early; anything else (a
    new file, a plain one to encrypt, a network share, no passphrase) is left to
    ``ui.unlock.unlock_store``, which explains it.
    """
    passphrase = passphrase_from_env()
    if passphrase is None:
        return None
    found = classify(target)
    begun = (FileKind.ENCRYPTED, FileKind.DAMAGED)
    if found.kind not in begun or found.path is None or not found.writable:
        return None
    return BackgroundOpen(found.path, passphrase)


def open_checked_store(
    target: str | Path,
    passphrase: str | None,
    *,
    defer_check: bool = False,
    opening: BackgroundOpen | None = None,
) -> Store:
    """Open ``target`` like :func:`open_store`, but read-only when quick_check fails.

    With ``defer_check`` the check (it reads the whole file: 0.2 s at ten years) waits
    so the first list can be read and shown: :func:`finish_opening` starts it in the
    background, and it is settled before the first session, so before any write.
    A file that needs migrating is checked first. ``opening`` is a
    :class:`BackgroundOpen` of ``target`` already under way.
    """
    from slip_desktop.db.integrity import finish_quick_check
    from slip_desktop.db.migrate import HEAD_REVISION, schema_revision, upgrade_safely

    found = None if is_url(target) else classify(target)
    if found is not None:
        refuse_network_share(target)
        _refuse_empty(target)
    read_only = found is not None and found.path is not None and found.path.exists()
    read_only = read_only and found is not None and not found.writable
    try:
        store = (
            opening.result()
            if opening is not None and not read_only
            else Store.open(
                target, database_key(target, passphrase, not read_only), read_only=read_only
            )
        )
    except StoreOpenError as error:
        if found is None or found.path is None or isinstance(error, WrongPassphrase | NotEncrypted):
            raise
        # A malformed file refused at open: its backups are the way back.
        raise NeedsRecovery(error.message, found.path) from error
    if store.path is None or not store.path.exists():
        upgrade_safely(store)
        return store
    if read_only:
        _read_only_reasons[store] = READ_ONLY_FILE
        return store
    try:
        at_head: bool | None = schema_revision(store) == HEAD_REVISION
    except Exception as error:  # noqa: BLE001 - the page holding the schema is damaged
        log.error("The schema of %s cannot be read: %s", store.location, type(error).__name__)
        at_head = None
    if defer_check and at_head:
        store.on_first_session(_settle_before_writing)
        return store
    problems = finish_quick_check(store)
    if at_head is None and not problems:
        problems = ["The list of tables cannot be read."]
    _settled.add(store)
    if problems:
        return _read_only_after(store, problems)
    upgrade_safely(store)
    return store


#: Why a store is read-only, for the banner and the recovery screen.
READ_ONLY_FILE = (
    "This database file can only be read on this account (its permissions, or a "
    "write-protected drive), so it is open read-only: nothing can be saved."
)
DAMAGED_FILE = (
    "This database failed its integrity check, so it is open read-only: nothing can be "
    "saved. Restore a backup (Data protection), or export what can be read."
)
_read_only_reasons: weakref.WeakKeyDictionary[Store, str] = weakref.WeakKeyDictionary()
_problems: weakref.WeakKeyDictionary[Store, list[str]] = weakref.WeakKeyDictionary()


def read_only_reason(store: Store) -> str | None:
    """Say why ``store`` is read-only (None when it is not)."""
    if not store.read_only:
        return None
    return _read_only_reasons.get(store, DAMAGED_FILE)


def integrity_problems(store: Store) -> list[str]:
    """Return what the integrity check found wrong with ``store`` ([] when nothing)."""
    return list(_problems.get(store, []))


def _read_only_after(store: Store, problems: list[str]) -> Store:
    # The complaints name pages and tables, never values: safe for the log.
    log.error("The database %s failed quick_check: %s", store.location, "; ".join(problems[:5]))
    _problems[store] = problems
    _read_only_reasons[store] = DAMAGED_FILE
    store.become_read_only()
    return store


def begin_integrity_check(store: Store) -> None:
    """Start the deferred quick_check in the background, unless it has already been settled."""
    from slip_desktop.db.integrity import start_quick_check

    if not store.has_sessions and store not in _settled:
        start_quick_check(store)


def settle_integrity(store: Store) -> Store:
    """Wait for (or run) the quick_check; a store that failed it becomes read-only. Return it.

    The check runs once per store: settled before sign-in, it is not run again later.
    """
    from slip_desktop.db.integrity import finish_quick_check, has_pending_check

    if store in _settled and not has_pending_check(store):
        return store
    problems = finish_quick_check(store)
    _settled.add(store)
    return _read_only_after(store, problems) if problems else store


_settled: weakref.WeakSet[Store] = weakref.WeakSet()


def _settle_before_writing(store: Store) -> None:
    settle_integrity(store)


def finish_opening(store: Store) -> None:
    """Check the file in the background, then make the first session: the rest of opening.

    The integrity check reads the whole file on the second core while SQLAlchemy loads;
    the first session waits for its answer (so a damaged file turns read-only before
    anything can be written) and starts the audit trail (:func:`start_audit`).
    """
    from slip_desktop.db.referral_list import forget_prefetched_list

    forget_prefetched_list(store)
    begin_integrity_check(store)
    store.sessions  # noqa: B018 - making the session factory runs the first-session hooks


def start_audit(store: Store) -> None:
    """Record every later change to ``store`` in the audit trail, attributed to the user.

    The audit hooks the store's sessions, so it is installed with the first session
    (before any write) and loads nothing until then.
    """
    store.on_first_session(_install_audit)


def _install_audit(store: Store) -> None:
    from slip_desktop.db.audit import install_audit

    install_audit(store)


def seed_if_asked(store: Store, demo: bool) -> None:
    """Seed demo data when ``--demo`` was given, saying what happened."""
    if not demo:
        return
    if store.read_only:
        print(f"{store.location} is open read-only; demo data was not added.")
        return
    from datetime import date

    from slip_desktop.db.demo import seed_demo

    if seed_demo(store, date.today()):
        print(f"Demo data added to {store.location}.")
    else:
        print(f"{store.location} already holds data; demo data was not added.")
