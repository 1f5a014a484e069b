"""What a database path holds, told in one call, and opening each kind without Qt."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from slip_desktop.db.audit import is_installed
from slip_desktop.db.integrity import NetworkLocationError
from slip_desktop.db.opening import (
    BackgroundOpen,
    FileKind,
    NeedsRecovery,
    classify,
    finish_opening,
    open_checked_store,
    open_store,
    seed_if_asked,
    settle_integrity,
    start_audit,
    start_opening,
)
from slip_desktop.db.store import NotEncrypted, Store, WrongPassphrase
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import damage_a_page

PASSPHRASE_ENV = "SLIP_DESKTOP_PASSPHRASE"


def _closed(store: Store) -> Path:
    assert store.path is not None
    store.close()
    return store.path


def _plain_file(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE note (text TEXT)")
        connection.execute("INSERT INTO note VALUES ('written before encryption')")
    connection.close()
    return path


def _mounts_with_share_at(folder: Path) -> str:
    return f"/dev/sda1 / ext4 rw 0 0\nfileserver:/export {folder.resolve()} nfs4 rw 0 0\n"


def test_a_missing_file_is_new(tmp_path: Path) -> None:
    found = classify(tmp_path / "slip.db")
    assert found.kind is FileKind.NEW and found.path == (tmp_path / "slip.db").resolve()
    assert not found.needs_its_passphrase
    assert not (tmp_path / "slip.db").exists()  # looking creates nothing


def test_a_zero_byte_file_is_never_silently_replaced(tmp_path: Path) -> None:
    path = tmp_path / "slip.db"
    path.touch()
    assert classify(path).kind is FileKind.EMPTY
    assert start_opening(path) is None  # nothing to begin early
    with pytest.raises(NeedsRecovery, match="0 bytes"):
        open_store(path, TEST_PASSPHRASE)
    with pytest.raises(NeedsRecovery, match="0 bytes"):
        open_checked_store(path, TEST_PASSPHRASE)
    assert path.stat().st_size == 0 and classify(path).kind is FileKind.EMPTY


def test_an_unencrypted_file_is_plain_and_is_refused_until_encrypted(tmp_path: Path) -> None:
    path = _plain_file(tmp_path / "old.db")
    before = path.read_bytes()
    assert classify(path).kind is FileKind.PLAIN
    assert start_opening(path) is None
    with pytest.raises(NotEncrypted):
        open_checked_store(path, TEST_PASSPHRASE)
    assert path.read_bytes() == before  # refused, not changed


def test_an_encrypted_file_is_encrypted_and_begins_opening_at_once(demo_store: Store) -> None:
    path = _closed(demo_store)
    found = classify(path)
    assert found.kind is FileKind.ENCRYPTED and found.needs_its_passphrase
    opening = start_opening(path)
    assert isinstance(opening, BackgroundOpen)
    store = open_checked_store(path, TEST_PASSPHRASE, defer_check=True, opening=opening)
    try:
        assert not store.read_only and not store.has_engine  # the check waits for a session
    finally:
        store.close()


def test_nothing_is_begun_early_without_the_passphrase(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _closed(demo_store)
    monkeypatch.delenv(PASSPHRASE_ENV)
    assert start_opening(path) is None


@pytest.mark.parametrize("written", [b"not a database at all\n", b"\x00" * 1000])
def test_data_that_cannot_be_a_database_is_damaged(tmp_path: Path, written: bytes) -> None:
    path = tmp_path / "slip.db"
    path.write_bytes(written)
    found = classify(path)
    assert found.kind is FileKind.DAMAGED
    # SQLCipher cannot tell it from a wrong passphrase, so it is asked for (and a backup
    # it opens may be offered) exactly as for an encrypted file.
    assert found.needs_its_passphrase
    opening = start_opening(path)
    assert opening is not None
    with pytest.raises(WrongPassphrase):
        opening.result()
    assert path.read_bytes() == written


def test_a_file_on_a_network_share_is_network_and_refused(tmp_path: Path) -> None:
    path = tmp_path / "slip.db"
    found = classify(path, _mounts_with_share_at(tmp_path))
    assert found.kind is FileKind.NETWORK and found.reason is not None
    assert "nfs4" in found.reason
    unc = classify("//server/share/slip.db")
    assert unc.kind is FileKind.NETWORK and unc.reason is not None and "\\\\server" in unc.reason
    with pytest.raises(NetworkLocationError, match="WAL"):
        open_store("//server/share/slip.db", TEST_PASSPHRASE)


def test_a_url_is_a_url(tmp_path: Path) -> None:
    found = classify(f"sqlite:///{tmp_path / 'server.db'}")
    assert found.kind is FileKind.URL and found.path is None and not found.needs_its_passphrase


def test_a_damaged_page_turns_the_store_read_only_when_the_check_settles(
    demo_store: Store,
) -> None:
    path = _closed(demo_store)
    damage_a_page(path)
    store = open_checked_store(path, TEST_PASSPHRASE, defer_check=True)
    try:
        assert not store.read_only  # the check waits until the first session...
        assert settle_integrity(store) is store and store.read_only  # ...which settles it
    finally:
        store.close()


def test_finishing_the_opening_makes_the_first_session_and_starts_the_audit(
    demo_store: Store,
) -> None:
    path = _closed(demo_store)
    store = open_checked_store(path, TEST_PASSPHRASE, defer_check=True)
    try:
        start_audit(store)
        assert not store.has_sessions and not is_installed(store)
        finish_opening(store)
        assert store.has_sessions and is_installed(store) and not store.read_only
    finally:
        store.close()


def test_demo_data_goes_only_into_a_writable_empty_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(tmp_path / "demo.db", TEST_PASSPHRASE)
    try:
        seed_if_asked(store, False)
        assert capsys.readouterr().out == ""
        seed_if_asked(store, True)
        assert "Demo data added" in capsys.readouterr().out
        seed_if_asked(store, True)
        assert "already holds data" in capsys.readouterr().out
        store.become_read_only()
        seed_if_asked(store, True)
        assert "read-only" in capsys.readouterr().out
    finally:
        store.close()


# SQLite files: their encryption, checks and backups (a server keeps its own).
pytestmark = pytest.mark.sqlite_only
