"""The dialogs of opening: the passphrase, the backup offered for a damaged file, and sign-in.

What a file is and how it opens is decided without Qt in ``db/opening.py``; this module
asks the coordinator whatever that needs. Dialog modules are imported on first use, so
importing this one costs the start-up nothing.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

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
    from PySide6.QtWidgets import QWidget

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


def offer_backup_for_damaged_file(path: Path, passphrase: str) -> bool:
    """Offer the newest good backup when ``passphrase`` opens it but not the database.

    SQLCipher cannot tell a wrong passphrase from a damaged first page; a backup that the
    same passphrase opens settles it. Return True when the backup was put in place.
    """
    from PySide6.QtWidgets import QMessageBox

    from slip_desktop.db.backup import newest_good_backup, replace_unopenable_database
    from slip_desktop.ui.backup_dialogs import backup_folder

    good = newest_good_backup(backup_folder(), passphrase)
    if good is None:
        return False
    answer = QMessageBox.question(
        None,
        "The database looks damaged",
        f"This passphrase opens the backup {good.path.name} but not the database, so the "
        "database file is probably damaged.\n\nRestore that backup? Anything entered "
        "since it was made is lost; the damaged file is kept beside the database.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    kept = replace_unopenable_database(path, good.path, passphrase)
    log.warning("Restored %s from %s; the damaged file is %s", path, good.path, kept)
    return True


def _ask_passphrase_and_open(path: Path) -> Store | None:
    """Ask until the passphrase fits (a wrong one changes nothing); None if cancelled."""
    from PySide6.QtWidgets import QDialog

    from slip_desktop.db.store import StoreOpenError, WrongPassphrase
    from slip_desktop.ui.passphrase_dialog import UnlockDialog

    opened: list[Store] = []

    def try_open(text: str) -> str | None:
        try:
            opened.append(open_checked_store(path, text))
        except WrongPassphrase:
            if offer_backup_for_damaged_file(path, text):
                opened.append(open_checked_store(path, text))
                return None
            return "That passphrase does not open the database. Check it (and Caps Lock)."
        except StoreOpenError as error:
            return error.message
        return None

    unlock = UnlockDialog(str(path), try_open)
    return opened[0] if unlock.exec() == QDialog.DialogCode.Accepted and opened else None


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
            "Choose the passphrase that will open it; you will type it each time SLIP "
            "Desktop starts and to unlock the window."
        )
    choose = NewPassphraseDialog(title, explanation)
    if choose.exec() != QDialog.DialogCode.Accepted:
        return None
    if found.kind is FileKind.PLAIN:
        encrypt_plain_database(path, choose.chosen())
    return open_checked_store(path, choose.chosen())


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
) -> Store:
    """Open with SLIP_DESKTOP_PASSPHRASE (or a server URL's own); encrypt a plain file with it."""
    from slip_desktop.db.encryption import PASSPHRASE_ENV, encrypt_plain_database
    from slip_desktop.db.store import NotEncrypted, WrongPassphrase

    try:
        return open_checked_store(target, passphrase, defer_check=defer_check, opening=opening)
    except WrongPassphrase:
        if (
            path is not None
            and interactive
            and passphrase is not None
            and offer_backup_for_damaged_file(path, passphrase)
        ):
            return open_checked_store(target, passphrase)
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
        return _open_with_known_passphrase(
            target, path, passphrase, interactive, defer_check=defer_check, opening=opening
        )
    except StoreOpenError as error:
        return fail(error.message, interactive)


def ask_sign_in(store: Store, parent: QWidget | None = None) -> Identity | None:
    """Show the first-run form or the sign-in form; return who signed in, or None."""
    from slip_desktop.ui.login_dialog import ask_sign_in as ask

    return ask(store, parent)


def signed_in(store: Store) -> bool:
    """Ask who is working (or, on first run, create the coordinator's account)."""
    return ask_sign_in(store) is not None
