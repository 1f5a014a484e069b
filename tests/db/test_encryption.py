"""Encryption at rest: the file, its WAL and its backups are unreadable without the passphrase."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from slip_desktop.db.backup import make_backup
from slip_desktop.db.encryption import change_passphrase, encrypt_plain_database, key_settings
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.models import Pupil
from slip_desktop.db.store import NotEncrypted, Store, WrongPassphrase
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import SURNAME, raw_bytes, seed_pupil


def _pupil_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(Pupil)) or 0)


def _folder_fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_key_derivation_is_pbkdf2_sha512_with_256000_iterations(store: Store) -> None:
    settings = key_settings(store)
    assert settings.kdf_algorithm == "PBKDF2_HMAC_SHA512"
    assert settings.kdf_iterations >= 256_000
    assert settings.hmac_algorithm == "HMAC_SHA512"
    assert settings.cipher_version.startswith("4.")


def test_surname_is_absent_from_database_wal_and_backup(store: Store, tmp_path: Path) -> None:
    seed_pupil(store)
    assert store.path is not None
    wal = Path(f"{store.path}-wal")
    # While the connection is open the new pages sit in the WAL: it must be encrypted too.
    assert wal.exists() and wal.stat().st_size > 0
    backup = make_backup(store, tmp_path / "backups")
    needle = SURNAME.encode()
    for path in (store.path, wal, backup):
        data = raw_bytes(path)
        assert data, path
        assert needle not in data and needle.lower() not in data.lower(), path
        assert needle.decode().encode("utf-16-le") not in data, path
    assert _pupil_count(store) == 1


def test_the_same_check_finds_the_surname_in_a_plain_file(tmp_path: Path) -> None:
    """Control: the raw-bytes test above would see the name if the file were not encrypted."""
    plain = Store.open(tmp_path / "plain.db")
    upgrade_to_head(plain.engine)
    seed_pupil(plain)
    plain.close()
    assert SURNAME.encode() in raw_bytes(tmp_path / "plain.db")


def test_plain_sqlite_cannot_read_the_encrypted_file(store: Store) -> None:
    seed_pupil(store)
    assert store.path is not None
    connection = sqlite3.connect(store.path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        connection.execute("SELECT * FROM pupil").fetchall()
    connection.close()


def test_wrong_passphrase_gives_a_clear_message_and_changes_nothing(store: Store) -> None:
    seed_pupil(store)
    store.close()
    assert store.path is not None
    folder = store.path.parent
    before = _folder_fingerprint(folder)
    with pytest.raises(WrongPassphrase, match="does not open test.db"):
        Store.open(store.path, "not the passphrase at all")
    with pytest.raises(WrongPassphrase, match="passphrase is needed"):
        Store.open(store.path)
    assert _folder_fingerprint(folder) == before
    again = Store.open(store.path, TEST_PASSPHRASE)
    assert _pupil_count(again) == 1
    again.close()


def test_existing_file_reopens_with_wal_and_foreign_keys_after_the_key(store: Store) -> None:
    store.close()
    assert store.path is not None
    again = Store.open(store.path, TEST_PASSPHRASE)
    with again.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    again.close()


def test_pool_keeps_key_derivation_off_each_session(store: Store) -> None:
    connects: list[object] = []
    event.listen(store.engine, "connect", lambda *_: connects.append(1))
    store.engine.dispose()
    for _ in range(25):
        _pupil_count(store)
    assert len(connects) == 1


def test_passphrase_with_quotes_and_spaces_works(tmp_path: Path) -> None:
    odd = "it's a 'quoted' pass; with spaces % and \\ slashes"
    opened = Store.open(tmp_path / "odd.db", odd)
    upgrade_to_head(opened.engine)
    seed_pupil(opened)
    change_passphrase(opened, odd, odd + " and more")
    assert _pupil_count(opened) == 1
    opened.close()
    again = Store.open(tmp_path / "odd.db", odd + " and more")
    assert _pupil_count(again) == 1
    again.close()


def test_change_passphrase_rekeys_the_file(store: Store) -> None:
    seed_pupil(store)
    new = "violet harbour sixty lanterns"
    with pytest.raises(WrongPassphrase):
        change_passphrase(store, "not the current one", new)
    change_passphrase(store, TEST_PASSPHRASE, new)
    assert _pupil_count(store) == 1  # the open store keeps working with the new key
    store.close()
    assert store.path is not None
    with pytest.raises(WrongPassphrase):
        Store.open(store.path, TEST_PASSPHRASE)
    again = Store.open(store.path, new)
    assert _pupil_count(again) == 1
    assert SURNAME.encode() not in raw_bytes(store.path)
    again.close()


def test_an_old_plain_database_is_encrypted_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    plain = Store.open(path)
    upgrade_to_head(plain.engine)
    seed_pupil(plain)
    plain.close()
    with pytest.raises(NotEncrypted):
        Store.open(path, TEST_PASSPHRASE)
    encrypt_plain_database(path, TEST_PASSPHRASE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.db"]
    assert SURNAME.encode() not in raw_bytes(path)
    encrypted = Store.open(path, TEST_PASSPHRASE)
    upgrade_to_head(encrypted.engine)  # already at head: the schema version came across
    assert _pupil_count(encrypted) == 1
    encrypted.close()


# SQLite files: their encryption, checks and backups (a server keeps its own).
pytestmark = pytest.mark.sqlite_only
