"""The dialogs of opening: the passphrase, the backup offered for a damaged file, and sign-in.

What a file is and how it opens is decided without Qt in ``db/opening.py``; this module
asks the coordinator whatever that needs. Dialog modules are imported on first use, so
importing this one costs the start-up nothing.
"""

from __future__ import annotations

import logging
import sys
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slip_desktop import APP_NAME
from slip_desktop.db.opening import (
    BackgroundOpen,
    FileKind,
    Target,
    classify,
    open_checked_store,
    refuse_network_share,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from slip_desktop.db.identity import Identity
    from slip_desktop.db.store import Store

log = logging.getLogger("slip_desktop")


def fail(message: str, interactive: bool) -> int:
    """Explain a problem that stops the program (on stderr, and in a box if there is a GUI)."""
    print(message, file=sys.stderr)
    if interactive:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, message)
    return 2


def _backups_of(path: Path, passphrase: str | None, store: Store | None = None) -> list[Any]:
    """The newest good backups of the database at ``path`` (never another database's)."""
    from slip_desktop.db.backup import good_backups
    from slip_desktop.db.database_uuid import read_identity, remembered_identity
    from slip_desktop.ui.backup_dialogs import default_folder_of, recovery_folders

    identity = remembered_identity(path)
    if identity is None and store is not None:
        try:
            with store.read_connection() as connection:
                identity = read_identity(connection)
        except Exception:  # noqa: BLE001 - a damaged file may not even read that
            identity = None
    if identity is None:
        # Nothing says which database this was: only its own default folder is trusted.
        return good_backups([default_folder_of(path)], passphrase)
    return good_backups(recovery_folders(path), passphrase, identity)


def recover(
    path: Path,
    passphrase: str | None,
    reason: str,
    store: Store | None = None,
    *,
    can_start_new: bool = False,
) -> Store | None:
    """Show the recovery screen for ``path``; return the store to go on with, or None to quit.

    ``store`` is the damaged file open read-only (None when it would not open at all).
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from slip_desktop.db.backup import replace_unopenable_database
    from slip_desktop.ui.recovery_dialog import RecoveryChoice, RecoveryDialog

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        backups = _backups_of(path, passphrase, store)
    finally:
        QApplication.restoreOverrideCursor()
    log.warning("Recovery screen for %s: %s backups offered", path.name, len(backups))
    dialog = RecoveryDialog(
        path, reason, backups, can_read_only=store is not None, can_start_new=can_start_new
    )
    dialog.exec()
    dialog.deleteLater()  # by Qt, in order: not left to Python's collector in a cycle
    if dialog.choice is RecoveryChoice.READ_ONLY and store is not None:
        return store
    if store is not None:
        store.close()
    if dialog.choice is RecoveryChoice.RESTORE and dialog.chosen is not None:
        kept = replace_unopenable_database(path, dialog.chosen.path, passphrase or "")
        log.warning("Restored %s from %s; the damaged file is %s", path, dialog.chosen.path, kept)
        return open_checked_store(path, passphrase)
    if dialog.choice is RecoveryChoice.START_NEW:
        from datetime import datetime

        path.rename(path.with_name(f"{path.name}.empty-{datetime.now():%Y%m%d-%H%M%S}"))
        return open_checked_store(path, passphrase)
    return None


def recover_if_damaged(store: Store, interactive: bool) -> Store | None:
    """Before sign-in: a store that failed its check goes to the recovery screen.

    Return the store to sign in to (restored, or read-only by choice), or None to quit.
    """
    from slip_desktop.db.opening import integrity_problems, settle_integrity

    settle_integrity(store)
    problems = integrity_problems(store)
    if not problems or store.path is None or not interactive:
        return store
    reason = (
        "It failed its integrity check (part of the file is damaged, perhaps by a failing "
        f"disk or a crash): {problems[0][:160]}"
    )
    return recover(store.path, store.passphrase, reason, store)


def _damaged_not_wrong(path: Path, passphrase: str) -> bool:
    """True when ``passphrase`` opens good backups of ``path`` but not the file itself.

    SQLCipher cannot tell a wrong passphrase from a damaged first page; a backup of the
    same database that the same passphrase opens settles it.
    """
    return bool(_backups_of(path, passphrase))


def _damaged_reason() -> str:
    return (
        "This passphrase opens backups of this database but not the database itself, so "
        "its first page is probably damaged."
    )


def _ask_passphrase_and_open(path: Path) -> Store | None:
    """Ask until the passphrase fits (a wrong one changes nothing); None if cancelled."""
    from PySide6.QtWidgets import QDialog

    from slip_desktop.db.opening import NeedsRecovery
    from slip_desktop.db.store import StoreOpenError, WrongPassphrase
    from slip_desktop.ui.passphrase_dialog import UnlockDialog

    opened: list[Store] = []
    to_recover: list[tuple[str, str]] = []

    def try_open(text: str) -> str | None:
        try:
            opened.append(open_checked_store(path, text))
        except NeedsRecovery as error:
            to_recover.append((text, error.message))
        except WrongPassphrase:
            if _damaged_not_wrong(path, text):
                to_recover.append((text, _damaged_reason()))
                return None
            return "That passphrase does not open the database. Check it (and Caps Lock)."
        except StoreOpenError as error:
            return error.message
        return None

    unlock = _one_secret_dialog(path, try_open, opened) or UnlockDialog(str(path), try_open)
    accepted = unlock.exec() == QDialog.DialogCode.Accepted
    unlock.deleteLater()
    if not accepted:
        return None
    if to_recover:
        passphrase, reason = to_recover[0]
        empty = classify(path).kind is FileKind.EMPTY
        return recover(path, passphrase, reason, can_start_new=empty)
    return opened[0] if opened else None


#: The name and password that opened a store, to sign in with once (db/key_slots.py).
_pending_sign_in: weakref.WeakKeyDictionary[Store, tuple[str, str]] = weakref.WeakKeyDictionary()


def _one_secret_dialog(path: Path, try_open: Any, opened: list[Store]) -> QDialog | None:
    """With key slots: the person's own name and password open the file and sign them in."""
    from slip_desktop.db.key_slots import key_for_secret, key_string, read_slots
    from slip_desktop.domain.passwords import normalise_username
    from slip_desktop.ui.passphrase_dialog import OneSecretDialog

    if read_slots(path) is None:
        return None

    def try_person(name: str, secret: str) -> str | None:
        if not name:  # the recovery passphrase (any slot's secret)
            return try_open(secret)  # type: ignore[no-any-return]
        found = key_for_secret(path, secret, normalise_username(name), renew_cost=True)
        if found is None:
            return (
                "That account name and password do not open this database. Check them "
                "(and Caps Lock), or leave the name empty and type the recovery passphrase."
            )
        message: str | None = try_open(key_string(found[0]))
        if message is None and opened:
            _pending_sign_in[opened[-1]] = (name, secret)
        return message

    return OneSecretDialog(str(path), try_person)


def _choose_passphrase_and_open(path: Path, found: Target) -> Store | None:
    """Choose a passphrase for a new file, or for a plain one (then encrypted in place)."""
    from PySide6.QtWidgets import QDialog

    from slip_desktop.db.encryption import encrypt_plain_database
    from slip_desktop.ui.passphrase_dialog import NewPassphraseDialog

    if found.kind is FileKind.PLAIN:
        title = "Encrypt the database"
        explanation = (
            f"{path} is not encrypted: anyone who copies it can read it. Choose a passphrase "
            "and SLIP Desktop will encrypt it now; the unencrypted file is overwritten."
        )
    else:
        title = "Choose a passphrase"
        explanation = (
            "The database is encrypted, so a lost or stolen laptop gives nothing away. "
            "Choose its recovery passphrase: each person then opens SLIP Desktop with "
            "their own password, and this passphrase opens the database (and its "
            "backups) when a password is forgotten."
        )
    choose = NewPassphraseDialog(title, explanation)
    accepted = choose.exec() == QDialog.DialogCode.Accepted
    chosen = choose.chosen() if accepted else ""
    choose.deleteLater()
    if not accepted:
        return None
    if found.kind is FileKind.PLAIN:
        encrypt_plain_database(path, chosen)
    return open_checked_store(path, chosen)


def ask_and_open(path: Path) -> Store | None:
    """Ask the coordinator for the passphrase of ``path`` and open it; None if cancelled.

    An encrypted file: ask until the passphrase fits (a wrong one changes nothing).
    A new file: choose a passphrase (with a strength check). A plain, unencrypted
    file from before encryption: choose a passphrase and encrypt it in place.
    """
    found = classify(path)
    if found.kind is FileKind.NETWORK:
        refuse_network_share(path)  # raises, saying what to do
    if found.needs_its_passphrase:
        return _ask_passphrase_and_open(path)
    return _choose_passphrase_and_open(path, found)


def _open_with_known_passphrase(
    target: str | Path,
    path: Path | None,
    passphrase: str | None,
    interactive: bool,
    *,
    defer_check: bool,
    opening: BackgroundOpen | None,
) -> Store | None:
    """Open with SLIP_DESKTOP_PASSPHRASE (or a server URL's own); encrypt a plain file with it."""
    from slip_desktop.db.encryption import PASSPHRASE_ENV, encrypt_plain_database
    from slip_desktop.db.opening import NeedsRecovery
    from slip_desktop.db.store import NotEncrypted, WrongPassphrase

    try:
        return open_checked_store(target, passphrase, defer_check=defer_check, opening=opening)
    except NeedsRecovery as error:
        if not interactive:
            raise
        empty = classify(error.path).kind is FileKind.EMPTY
        return recover(error.path, passphrase, error.message, can_start_new=empty)
    except WrongPassphrase:
        if (
            path is not None
            and interactive
            and passphrase is not None
            and _damaged_not_wrong(path, passphrase)
        ):
            return recover(path, passphrase, _damaged_reason())
        raise
    except NotEncrypted:
        assert path is not None and passphrase is not None
        print(f"{path} was not encrypted; encrypting it with the passphrase from {PASSPHRASE_ENV}.")
        encrypt_plain_database(path, passphrase)
        return open_checked_store(target, passphrase)


def unlock_store(
    target: str | Path,
    interactive: bool,
    *,
    defer_check: bool = False,
    opening: BackgroundOpen | None = None,
) -> Store | int:
    """Open the database for ``main``: the Store, or an exit code if it cannot or was cancelled.

    The passphrase comes from SLIP_DESKTOP_PASSPHRASE when set (headless runs must set it),
    otherwise from the dialogs of :func:`ask_and_open`. ``opening`` is the same file
    already being opened by ``db.opening.start_opening``.
    """
    from slip_desktop.db.encryption import PASSPHRASE_ENV, passphrase_from_env
    from slip_desktop.db.store import StoreOpenError

    is_file = "://" not in str(target)
    from slip_desktop.db.server import is_server_url

    if is_server_url(str(target)):  # the office server: its own password, never a passphrase
        from slip_desktop.ui.server_dialogs import open_server_store

        return open_server_store(str(target), interactive)
    path = Path(target).expanduser().resolve() if is_file else None
    passphrase = passphrase_from_env()
    try:
        if path is not None and passphrase is None:
            if not interactive:
                return fail(
                    f"Set the environment variable {PASSPHRASE_ENV} to the database "
                    "passphrase for a run without a window (it is never read from the "
                    "command line, where other users could see it).",
                    interactive,
                )
            refuse_network_share(target)
            store = ask_and_open(path)
            return 0 if store is None else store
        opened = _open_with_known_passphrase(
            target, path, passphrase, interactive, defer_check=defer_check, opening=opening
        )
        return 0 if opened is None else opened
    except StoreOpenError as error:
        return fail(error.message, interactive)


def ask_sign_in(store: Store, parent: QWidget | None = None) -> Identity | None:
    """Show the first-run form or the sign-in form; return who signed in, or None."""
    from slip_desktop.ui.login_dialog import ask_sign_in as ask

    return ask(store, parent)


def signed_in(store: Store) -> bool:
    """Ask who is working (or, on first run, create the coordinator's account).

    Whoever opened the file with their own password is signed in with it, not asked again.
    """
    pending = _pending_sign_in.pop(store, None)
    if pending is not None:
        from slip_desktop.db.users import sign_in
        from slip_desktop.domain.errors import DomainError

        try:
            sign_in(store, *pending)
            return True
        except DomainError:
            pass  # a deactivated account, a throttled name: the form says why
    return ask_sign_in(store) is not None
