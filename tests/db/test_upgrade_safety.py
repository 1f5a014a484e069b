"""Upgrades: a backup first, one transaction, and old rows breaking a new rule named by row."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import MetaData, Table

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
from tests.db.safety_helpers import SURNAME


def _seed_old_pupil(store: Store) -> None:
    """One school and one pupil, written with the columns the old schema has.

    The models describe the newest schema (school.urn came later), so the rows go in
    through the tables as they stand at the old revision.
    """
    old = MetaData()
    old.reflect(store.engine, only=["school", "pupil"])
    school, pupil = old.tables["school"], old.tables["pupil"]
    when = datetime(2025, 1, 6, 9)
    with store.engine.begin() as connection:
        connection.execute(
            school.insert().values(
                _known(
                    school,
                    {
                        "id": 1,
                        "name": f"Harbour Vale Academy {SURNAME}",
                        "short_name": "HVA",
                        "created_at": when,
                        "updated_at": when,
                    },
                )
            )
        )
        connection.execute(
            pupil.insert().values(
                _known(
                    pupil,
                    {
                        "id": 1,
                        "first_name": "Tamsin",
                        "last_name": SURNAME,
                        "date_of_birth": date(2013, 3, 14),
                        "year_group": 8,
                        "school_id": 1,
                        "notes": f"Notes about {SURNAME}",
                        "send_status": "none",
                        "created_at": when,
                        "updated_at": when,
                    },
                )
            )
        )


def _known(table: Table, values: dict[str, object]) -> dict[str, object]:
    """``values`` for the columns ``table`` has at this revision, a blank for other NOT NULLs."""
    row = {name: value for name, value in values.items() if name in table.columns}
    for column in table.columns:
        if column.name in row or column.nullable or column.server_default is not None:
            continue
        python = column.type.python_type
        row[column.name] = "" if python is str else 1 if python is bool else 0
    return row


def _old_database(path: Path, revision: str = "0004") -> None:
    from alembic import command

    store = Store.open(path, TEST_PASSPHRASE)
    command.upgrade(alembic_config(store.engine), revision)
    _seed_old_pupil(store)
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
