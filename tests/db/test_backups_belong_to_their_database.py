"""Backups belong to their database: identity in name and inside, own rotation and restore."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from slip_desktop.db.backup import (
    PARTIAL_SUFFIX,
    backup_identity,
    backups_to_keep,
    good_backups,
    list_backups,
    make_backup,
    restore_backup,
)
from slip_desktop.db.database_uuid import (
    database_identity,
    default_backup_folder,
    remembered_identity,
)
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.store import Store, StoreOpenError
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import seed_pupil

#: Backups are files of the laptop's own database; the office server has pg_dump instead.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def second(tmp_path: Path) -> Store:
    other = Store.open(tmp_path / "other" / "second.db", TEST_PASSPHRASE)
    upgrade_to_head(other.engine)
    return other


def test_each_database_has_its_own_identity_inside_and_beside_it(
    store: Store, second: Store
) -> None:
    mine = database_identity(store)
    assert mine is not None and mine == database_identity(store)  # made once, then kept
    assert database_identity(second) not in (None, mine)
    assert store.path is not None and remembered_identity(store.path) == mine
    backup = make_backup(store, store.path.parent / "b", rotate=False)
    assert backup_identity(backup.name) == mine
    (check,) = good_backups([backup.parent], TEST_PASSPHRASE, mine)
    assert check.identity == mine  # the header: carried inside the copy


def test_two_databases_backing_up_into_one_folder_for_ten_days_keep_their_own_rotation(
    store: Store, second: Store, tmp_path: Path
) -> None:
    seed_pupil(store, "Παπαδοπούλου")
    shared = tmp_path / "shared-backups"
    start = datetime(2026, 11, 2, 17, 30)
    office_made = []
    for day in range(10):
        when = start + timedelta(days=day)
        office_made.append(make_backup(store, shared, when))
        make_backup(second, shared, when + timedelta(minutes=5))
    office, other = database_identity(store), database_identity(second)
    office_left = {b.path for b in list_backups(shared, office)}
    # Every backup the office's own rotation keeps is still there, and nothing else of it.
    from slip_desktop.db.backup import BackupInfo, parse_backup_name

    made = [BackupInfo(p, parse_backup_name(p.name) or start, office) for p in office_made]
    assert office_left == backups_to_keep(made) and len(office_left) >= 7
    assert len(list_backups(shared, other)) == len(office_left)
    # The recovery offer lists only the office's backups, never the other database's.
    offered = good_backups([shared], TEST_PASSPHRASE, office, limit=20)
    assert offered and {c.path for c in offered} <= office_left
    assert all(c.counts.get("pupil") == 1 for c in offered)


def test_a_backup_of_another_database_is_not_restored(
    store: Store, second: Store, tmp_path: Path
) -> None:
    seed_pupil(store)
    theirs = make_backup(second, tmp_path / "b", rotate=False)
    with pytest.raises(StoreOpenError, match="another database"):
        restore_backup(store, theirs)
    with store.read_connection() as connection:
        assert connection.execute("SELECT count(*) FROM pupil").fetchone()[0] == 1


def test_a_backup_renamed_to_claim_another_identity_is_not_offered(
    store: Store, second: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "b"
    theirs = make_backup(second, folder, rotate=False)
    mine, other = database_identity(store), database_identity(second)
    assert mine is not None and other is not None
    theirs.rename(theirs.with_name(theirs.name.replace(other, mine)))
    assert good_backups([folder], TEST_PASSPHRASE, mine) == []


def test_stale_partial_files_of_this_database_are_cleaned_and_others_left(
    store: Store, second: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    mine, other = database_identity(store), database_identity(second)
    stale = folder / f"slip-backup-{mine}-2026-11-01_120000.db{PARTIAL_SUFFIX}"
    theirs = folder / f"slip-backup-{other}-2026-11-01_120000.db{PARTIAL_SUFFIX}"
    stale.write_bytes(b"half a copy")
    theirs.write_bytes(b"half a copy")
    make_backup(store, folder)
    assert not stale.exists() and theirs.exists()


def test_the_default_backup_folder_is_one_per_database(tmp_path: Path) -> None:
    root = tmp_path / "backups"
    first = default_backup_folder(tmp_path / "a" / "slip.db", root)
    again = default_backup_folder(tmp_path / "a" / "slip.db", root)
    other = default_backup_folder(tmp_path / "b" / "slip.db", root)
    assert first == again and first != other and first.parent == root


def test_a_full_disk_during_a_backup_says_so_and_leaves_no_partial_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    import slip_desktop.db.backup as backup

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.os, "fsync", full)
    folder = tmp_path / "b"
    with pytest.raises(backup.BackupFailed, match="disk .* is full"):
        make_backup(store, folder)
    assert list(folder.iterdir()) == []
