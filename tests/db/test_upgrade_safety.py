"""Upgrades: a backup first, one transaction, and old rows breaking a new rule named by row."""

from __future__ import annotations

from pathlib import Path

import pytest

from slip_desktop.db.backup import backup_identity, backup_key, list_backups
from slip_desktop.db.database_uuid import default_backup_folder, remembered_identity
from slip_desktop.db.integrity import quick_check
from slip_desktop.db.migrate import (
    HEAD_REVISION,
    UpgradeFailed,
    alembic_config,
    stored_revision,
)
from slip_desktop.db.opening import open_store
from slip_desktop.db.store import Store
from slip_desktop.paths import backup_dir
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import seed_pupil


def _old_database(path: Path, revision: str = "0004") -> None:
    from alembic import command

    store = Store.open(path, TEST_PASSPHRASE)
    command.upgrade(alembic_config(store.engine), revision)
    seed_pupil(store)
    store.close()


def test_a_backup_is_taken_before_any_migration(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    _old_database(path)
    store = open_store(path, TEST_PASSPHRASE)
    try:
        assert stored_revision(store.engine) == HEAD_REVISION
    finally:
        store.close()
    identity = remembered_identity(path)
    (backup,) = list_backups(default_backup_folder(path, backup_dir()), identity)
    assert backup_identity(backup.path.name) == identity
    # The passphrase became the recovery slot's (db/key_slots.py): it opens the backup's slot.
    old = Store.open(backup.path, backup_key(backup.path, TEST_PASSPHRASE))
    try:
        assert stored_revision(old.engine) == "0004"  # the data as it was before
    finally:
        old.close()


def test_old_rows_breaking_a_new_rule_are_named_by_row_and_the_file_still_opens(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.db"
    _old_database(path)
    raw = Store.open(path, TEST_PASSPHRASE).new_connection()
    # A mark whose placement is gone, written while references were not enforced (old
    # versions had such gaps); the 0005 rebuild checks every reference.
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute(
        "INSERT INTO attendance_mark (id, placement_id, day, session, code) "
        "VALUES (41, 999, '2025-01-06', 'am', '/')"
    )
    raw.commit()
    raw.close()
    with pytest.raises(UpgradeFailed) as refused:
        open_store(path, TEST_PASSPHRASE)
    assert refused.value.rows == ["attendance_mark row 41"]
    assert "attendance_mark row 41" in refused.value.message
    assert "nothing in it was changed" in refused.value.message
    store = Store.open(path, backup_key(path, TEST_PASSPHRASE))
    try:
        assert quick_check(store) == []
        assert stored_revision(store.engine) == "0004"  # rolled back whole, not half-done
        with store.read_connection() as connection:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert "attendance_mark_new" not in tables
    finally:
        store.close()
