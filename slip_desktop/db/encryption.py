"""Encryption at rest: the passphrase from the environment, key settings, encrypt and rekey."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from slip_desktop.db.store import (
    Store,
    StoreOpenError,
    WrongPassphrase,
    is_plain_sqlite,
    open_keyed,
    sql_string,
)
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.typed_input import typed_input

#: Headless runs (--demo, --screenshot, --self-test, tests) read the passphrase from here,
#: never from a command-line argument, which other users of the computer can see.
PASSPHRASE_ENV = "SLIP_DESKTOP_PASSPHRASE"


class KeySettings(NamedTuple):
    """How SQLCipher turns the passphrase into the key."""

    cipher_version: str
    kdf_algorithm: str
    kdf_iterations: int
    hmac_algorithm: str


def passphrase_from_env() -> str | None:
    """Return the passphrase set in SLIP_DESKTOP_PASSPHRASE, or None."""
    value = os.environ.get(PASSPHRASE_ENV)
    return value if value else None


def connect_raw(path: Path, passphrase: str | None, *, create: bool = False) -> Any:
    """Open a raw SQLCipher connection keyed with ``passphrase``; raise WrongPassphrase.

    Without a passphrase the file is plain SQLite. Unless ``create`` is True the file
    must already exist, so a mistyped path never leaves a new empty database behind.
    """
    import sqlcipher3

    if not create and not path.exists():
        raise StoreOpenError(f"There is no file at {path}.")
    try:
        return open_keyed(path, passphrase, sqlcipher3)
    except sqlcipher3.DatabaseError as error:
        raise WrongPassphrase(f"That passphrase does not open {path.name}.") from error


def key_settings(store: Store) -> KeySettings:
    """Return the cipher and key-derivation settings of an encrypted store."""
    with store.engine.connect() as connection:

        def pragma(name: str) -> str:
            return str(connection.exec_driver_sql(f"PRAGMA {name}").scalar())

        return KeySettings(
            cipher_version=pragma("cipher_version"),
            kdf_algorithm=pragma("cipher_kdf_algorithm"),
            kdf_iterations=int(pragma("kdf_iter")),
            hmac_algorithm=pragma("cipher_hmac_algorithm"),
        )


#: A passphrase longer than this is a paste gone wrong, not something to type at each start.
LONGEST_PASSPHRASE = 1024


def passphrase_problem(text: str) -> str | None:
    """Return why ``text`` cannot be a passphrase (None when it can).

    SQLCipher takes the key as SQL text: no NUL or other control characters, no lone
    surrogates (they have no UTF-8), and not empty.
    """
    if not text:
        return "Enter a passphrase."
    if len(text) > LONGEST_PASSPHRASE:
        return f"A passphrase can be at most {LONGEST_PASSPHRASE} characters long."
    if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in text):
        return "A passphrase cannot hold control characters or broken characters."
    return None


@typed_input
def change_passphrase(store: Store, current: str, new: str) -> None:
    """Re-encrypt the store's file with ``new`` (PRAGMA rekey); raise if ``current`` is wrong."""
    from slip_desktop.db.identity import require_permission
    from slip_desktop.domain.permissions import Action

    require_permission(store, Action.CHANGE_PASSPHRASE)
    if problem := passphrase_problem(new):
        raise ValidationError({"new": problem})
    if passphrase_problem(current):
        # Nothing typed like that can be the passphrase (and it cannot reach SQLCipher).
        raise WrongPassphrase("The current passphrase is not right. Nothing was changed.")
    if not store.encrypted or store.path is None:
        raise StoreOpenError("Only an encrypted database file has a passphrase to change.")
    if _change_recovery_slot(store, current, new):
        return
    if not store.passphrase_matches(current):
        raise WrongPassphrase("The current passphrase is not right. Nothing was changed.")
    # Every pooled connection holds the old key; rekey on one, then reconnect with the new.
    store.engine.dispose()
    with store.engine.connect() as connection:
        connection.exec_driver_sql(f"PRAGMA rekey = {sql_string(new)}")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.replace_engine(new)
    from slip_desktop.db.audit import record_event
    from slip_desktop.domain.audit_actions import AuditAction

    record_event(store, AuditAction.UPDATE, "database", None, "passphrase changed")


def encrypt_plain_database(path: Path, passphrase: str) -> None:
    """Encrypt the plain SQLite file at ``path`` in place, leaving no readable copy behind.

    The data is exported (sqlcipher_export) into an encrypted file beside it, checked,
    and moved over the original; the plain original is overwritten with zeros before
    it is deleted (on an SSD old blocks may survive: say so in the README).
    """
    import sqlcipher3

    if not is_plain_sqlite(path):
        raise StoreOpenError(f"{path.name} is not a plain SQLite database.")
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    plain = sqlcipher3.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.execute(
            f"ATTACH DATABASE {sql_string(str(target))} AS encrypted KEY {sql_string(passphrase)}"
        )
        plain.execute("SELECT sqlcipher_export('encrypted')")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    check = connect_raw(target, passphrase)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        target.unlink(missing_ok=True)
        raise StoreOpenError(
            f"Encrypting {path.name} failed its check ({result}); nothing changed."
        )
    # Move the plain file aside first, so a crash at any point leaves one whole copy.
    aside = path.with_name(path.name + ".plain")
    os.replace(path, aside)
    os.replace(target, path)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    size = aside.stat().st_size
    with aside.open("r+b") as handle:
        handle.write(b"\x00" * size)
        handle.flush()
        os.fsync(handle.fileno())
    aside.unlink()


def _change_recovery_slot(store: Store, current: str, new: str) -> bool:
    """With key slots the passphrase is the recovery slot's: re-wrap only it (no rekey)."""
    from slip_desktop.db.key_slots import RECOVERY, put_recovery_slot, read_slots, store_key, unwrap

    if store.path is None or store_key(store) is None:
        return False
    recovery = [s for s in read_slots(store.path) or [] if s.kind == RECOVERY]
    if recovery and not any(unwrap(s, current) is not None for s in recovery):
        raise WrongPassphrase("The current recovery passphrase is not right. Nothing was changed.")
    put_recovery_slot(store, new)
    from slip_desktop.db.audit import record_event
    from slip_desktop.domain.audit_actions import AuditAction

    record_event(store, AuditAction.UPDATE, "database", None, "recovery passphrase changed")
    return True
