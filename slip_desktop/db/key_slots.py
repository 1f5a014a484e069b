"""Key slots: a random database key, wrapped once per person's password and once for recovery.

After LUKS: the file is keyed with 32 random bytes (SQLCipher's raw key ``x'...'``); each
slot in ``<database>.keys`` holds that key encrypted (AES-256-GCM) under a key derived
from one secret with Argon2id and the slot's own salt. A person's password opens their
slot; the recovery passphrase, set by the coordinator, opens its own. The record holds
no secret and no key in clear, and a copy of it goes beside every backup.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slip_desktop.db.store import Store

log = logging.getLogger("slip_desktop")

#: The key-slot record sits beside the database (and beside each backup) with this suffix.
SLOTS_SUFFIX = ".keys"
RECORD_VERSION = 1
USER = "user"
RECOVERY = "recovery"
KEY_BYTES = 32
_RAW_KEY = re.compile(r"^x'([0-9a-f]{64})'$")


@dataclass(frozen=True)
class KdfParams:
    """Argon2id's cost: passes, memory in KiB, lanes."""

    # 19 MiB x 10 passes: the time-memory product of the first cost (64 MiB x 3), which
    # OWASP counts as equal defence, at 45 MiB less memory per open (measured: the
    # decade start's peak went from 144 to 114 MiB) and ~45 ms a slot, not 71.
    time_cost: int = 10
    memory_cost: int = 19456
    parallelism: int = 2


#: Today's cost; tests make it cheap with :func:`use_kdf_params`.
_params = KdfParams()


def use_kdf_params(params: KdfParams) -> KdfParams:
    """Set the cost of new slots (tests use cheap ones); return the previous one."""
    global _params
    previous, _params = _params, params
    return previous


@dataclass(frozen=True)
class KeySlot:
    """One wrapped copy of the database key (hex fields; nothing here is secret)."""

    slot_id: str
    kind: str
    username: str | None
    salt: str
    time_cost: int
    memory_cost: int
    parallelism: int
    nonce: str
    wrapped: str

    def _aad(self) -> bytes:
        # Binds the slot's owner to its ciphertext: a slot copied to another name fails.
        return f"{self.slot_id}|{self.kind}|{self.username or ''}".encode()


def slots_path(database: Path) -> Path:
    """The key-slot record of the database (or backup) file at ``database``."""
    return database.with_name(database.name + SLOTS_SUFFIX)


def new_database_key() -> bytes:
    """Return a fresh random database key."""
    # The operating system's CSPRNG, which is all ``secrets.token_bytes`` calls: importing
    # ``secrets`` loads hmac and OpenSSL's libcrypto (3.4 MiB resident, 5 ms at each start).
    return os.urandom(KEY_BYTES)


def key_string(key: bytes) -> str:
    """SQLCipher's raw-key form of ``key`` (used as the store's passphrase)."""
    return f"x'{key.hex()}'"


def key_of(text: str | None) -> bytes | None:
    """The raw key inside ``text`` when it is SQLCipher's raw-key form, else None."""
    found = _RAW_KEY.match(text or "")
    return bytes.fromhex(found.group(1)) if found else None


def _kek(secret: str, salt: bytes, time_cost: int, memory_cost: int, parallelism: int) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    from slip_desktop.native_heap import return_large_buffers

    return_large_buffers()  # before Argon2's buffer (19 MiB) lifts glibc's threshold

    return hash_secret_raw(
        secret.encode("utf-8"), salt, time_cost, memory_cost, parallelism, KEY_BYTES, Type.ID
    )


def wrap_key(key: bytes, secret: str, kind: str, username: str | None = None) -> KeySlot:
    """Wrap ``key`` under ``secret`` in a new slot."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    params = _params
    blank = KeySlot(
        os.urandom(8).hex(), kind, username, salt.hex(),
        params.time_cost, params.memory_cost, params.parallelism, nonce.hex(), "",
    )  # fmt: skip
    kek = _kek(secret, salt, params.time_cost, params.memory_cost, params.parallelism)
    wrapped = AESGCM(kek).encrypt(nonce, key, blank._aad())
    return KeySlot(**{**asdict(blank), "wrapped": wrapped.hex()})


def unwrap(slot: KeySlot, secret: str) -> bytes | None:
    """The database key when ``secret`` opens ``slot``, else None."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        kek = _kek(
            secret, bytes.fromhex(slot.salt), slot.time_cost, slot.memory_cost, slot.parallelism
        )
        return AESGCM(kek).decrypt(
            bytes.fromhex(slot.nonce), bytes.fromhex(slot.wrapped), slot._aad()
        )
    except (InvalidTag, ValueError):
        return None


def read_slots(database: Path) -> list[KeySlot] | None:
    """The slots beside ``database``, or None when it has no key-slot record."""
    record = slots_path(database)
    if not record.is_file():
        return None
    data: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
    return [KeySlot(**slot) for slot in data.get("slots", [])]


def write_slots(database: Path, slots: list[KeySlot]) -> None:
    """Replace the record beside ``database`` atomically (a crash leaves the old or the new)."""
    record = slots_path(database)
    staged = record.with_name(record.name + ".new")
    text = json.dumps({"version": RECORD_VERSION, "slots": [asdict(s) for s in slots]}, indent=1)
    with staged.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(staged, record)


def _opens(path: Path, key: str) -> bool:
    from slip_desktop.db.encryption import connect_raw
    from slip_desktop.db.store import StoreOpenError

    try:
        connect_raw(path, key).close()
    except StoreOpenError:
        return False
    return True


def key_for_secret(
    database: Path, secret: str, username: str | None = None, *, renew_cost: bool = False
) -> tuple[bytes, KeySlot] | None:
    """The key and slot ``secret`` opens (only ``username``'s slot when given), or None.

    With ``renew_cost``, a slot wrapped at another cost than today's is wrapped again at
    today's (:func:`renew_slot`), so a cost changed in a release reaches every slot.
    """
    slots = read_slots(database) or []
    if username is not None:
        slots = [s for s in slots if s.kind == USER and s.username == username]
    for slot in slots:
        key = unwrap(slot, secret)
        if key is not None:
            if renew_cost and not at_todays_cost(slot):
                slot = renew_slot(database, slot, key, secret)
            return key, slot
    return None


def at_todays_cost(slot: KeySlot) -> bool:
    """True when ``slot`` was wrapped at the cost new slots get today."""
    return (slot.time_cost, slot.memory_cost, slot.parallelism) == (
        _params.time_cost, _params.memory_cost, _params.parallelism,
    )  # fmt: skip


def renew_slot(database: Path, slot: KeySlot, key: bytes, secret: str) -> KeySlot:
    """Wrap ``key`` again under ``secret`` at today's cost in place of ``slot``; return it.

    The record is replaced atomically; where it cannot be written (a read-only folder)
    the old slot stays and still opens.
    """
    renewed = wrap_key(key, secret, slot.kind, slot.username)
    slots = read_slots(database) or []
    try:
        write_slots(database, [renewed if s.slot_id == slot.slot_id else s for s in slots])
    except OSError as error:
        log.warning("key slot of %s not renewed: %s", database.name, error.strerror)
        return slot
    return renewed


def resolve_key(database: Path, secret: str | None, *, writable: bool = True) -> str | None:
    """Turn the secret someone typed into what keys ``database`` (Store.open's passphrase).

    With a key-slot record: the key of the first slot ``secret`` opens. Without one (a
    database from before key slots, or a new file): a writable file is given a random
    key now, and ``secret`` becomes its recovery passphrase (:func:`migrate`). Anything
    else (no slot fits) is returned as it is, so opening says the passphrase is wrong.
    """
    if not secret or key_of(secret) is not None:
        return secret
    found = key_for_secret(database, secret, renew_cost=writable)
    if found is not None:
        key = key_string(found[0])
        if database.exists() and not _opens(database, key) and _opens(database, secret):
            _rekey(database, secret, key)  # a migration cut short before its rekey
        return key
    if read_slots(database) is not None or not writable:
        return secret
    if database.exists() and not database.stat().st_size:
        return secret  # an empty file goes to the recovery screen, not a new key
    return migrate(database, secret)


def migrate(database: Path, passphrase: str) -> str:
    """Give ``database`` a random key; ``passphrase`` becomes its recovery slot. Return the key.

    The record is written before the rekey, so a crash between them is finished by the
    next open (:func:`resolve_key`). A file that does not exist yet is created keyed.
    """
    from slip_desktop.db.store import holds_data

    key = new_database_key()
    text = key_string(key)
    if holds_data(database) and not _sound(database, passphrase):
        return passphrase  # wrong passphrase or damage: nothing changes (recovery first)
    # A new database may be asked for in a folder not made yet (``--db D:\\SLIP\\new.db``):
    # its record is written before the store makes the folder for the file.
    database.parent.mkdir(parents=True, exist_ok=True)
    write_slots(database, [wrap_key(key, passphrase, RECOVERY)])
    if holds_data(database):
        _rekey(database, passphrase, text)
        log.warning("%s now has key slots; its passphrase is the recovery one", database.name)
    return text


def _sound(path: Path, passphrase: str) -> bool:
    """True when ``passphrase`` opens ``path`` and it passes quick_check (safe to rekey)."""
    import sqlcipher3

    from slip_desktop.db.encryption import connect_raw
    from slip_desktop.db.store import StoreOpenError

    try:
        connection = connect_raw(path, passphrase)
    except StoreOpenError:
        return False
    try:
        return bool(connection.execute("PRAGMA quick_check").fetchone()[0] == "ok")
    except sqlcipher3.DatabaseError:
        return False
    finally:
        connection.close()


def _rekey(database: Path, old: str, new: str) -> None:
    from slip_desktop.db.encryption import connect_raw
    from slip_desktop.db.store import sql_string

    connection = connect_raw(database, old)
    try:
        connection.execute(f"PRAGMA rekey = {sql_string(new)}")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def recovery_matches(database: Path, keyed_with: str, candidate: str) -> bool | None:
    """Whether ``candidate`` opens a recovery slot of the key; None without key slots."""
    import hmac

    key = key_of(keyed_with)
    slots = read_slots(database) if key is not None else None
    if key is None or slots is None:
        return None
    for slot in slots:
        found = unwrap(slot, candidate) if slot.kind == RECOVERY else None
        if found is not None and hmac.compare_digest(found, key):
            return True
    return False


def store_key(store: Store) -> bytes | None:
    """The database key a store with key slots holds in memory (None without slots)."""
    if store.path is None or read_slots(store.path) is None:
        return None
    return key_of(store.passphrase)


def has_slot(store: Store, username: str) -> bool:
    """True when ``username`` has a slot in the store's record."""
    assert store.path is not None
    slots = read_slots(store.path) or []
    return any(s.kind == USER and s.username == username for s in slots)


def _replace(store: Store, keep: Any, added: KeySlot | None) -> bool:
    key = store_key(store)
    if key is None or store.path is None:
        return False
    slots = [s for s in read_slots(store.path) or [] if keep(s)]
    write_slots(store.path, slots + ([added] if added is not None else []))
    return True


def put_user_slot(store: Store, username: str, password: str) -> bool:
    """Give ``username`` a slot their password opens (replacing theirs); False without slots."""
    key = store_key(store)
    if key is None:
        return False
    slot = wrap_key(key, password, USER, username)
    return _replace(store, lambda s: not (s.kind == USER and s.username == username), slot)


def remove_user_slot(store: Store, username: str) -> bool:
    """Remove ``username``'s slot: their password no longer opens the file."""
    return _replace(store, lambda s: not (s.kind == USER and s.username == username), None)


def put_recovery_slot(store: Store, passphrase: str) -> bool:
    """Replace the recovery slot with one ``passphrase`` opens (no permission check here)."""
    key = store_key(store)
    if key is None:
        return False
    return _replace(store, lambda s: s.kind != RECOVERY, wrap_key(key, passphrase, RECOVERY))


def copy_slots(database: Path, target: Path) -> None:
    """Copy the key-slot record of ``database`` beside ``target`` (a backup, a restore)."""
    slots = read_slots(database)
    if slots is not None:
        write_slots(target, slots)
