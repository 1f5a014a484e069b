"""Migration 0012 keeps old registers and year groups: marks stay, year groups get their year."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import MetaData, Table, inspect, text

from slip_desktop.db.attendance import register
from slip_desktop.db.migrate import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    upgrade_to_head,
)
from slip_desktop.db.pupils import list_pupils
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import Centre
from tests.conftest import TEST_PASSPHRASE

ROWS: list[tuple[str, dict[str, object]]] = [
    ("school", {"id": 1, "name": "Brackenridge Academy"}),
    # Entered in the summer term of 2024-25 as Year 9 (the date of birth says so too).
    (
        "pupil",
        {
            "id": 1,
            "first_name": "Amara",
            "last_name": "Okonkwo-Lindqvist",
            "date_of_birth": date(2011, 5, 20),
            "year_group": 9,
            "school_id": 1,
            "send_status": "none",
            "created_at": datetime(2025, 6, 10, 10),
            "updated_at": datetime(2025, 6, 10, 10),
        },
    ),
    (
        "placement",
        {
            "id": 1,
            "pupil_id": 1,
            "school_id": 1,
            "programme": "pathway_1",
            "status": "active",
            "requested_on": date(2026, 9, 1),
            "starts_on": date(2026, 9, 2),
            "days_per_week": 5,
        },
    ),
    (
        "attendance_mark",
        {"placement_id": 1, "day": date(2026, 11, 23), "session": "am", "code": "Y"},
    ),
]


def _filled(table: Table, given: dict[str, object]) -> dict[str, object]:
    """Return ``given`` with a plain value for every other NOT NULL column of the old table."""
    values = dict(given)
    for column in table.columns:
        if column.name in values or column.nullable or column.server_default is not None:
            continue
        python = column.type.python_type
        values[column.name] = (
            "" if python is str else datetime(2025, 6, 10) if python is datetime else 0
        )
    return values


def test_an_old_register_and_pupil_survive_the_upgrade(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "old.db", TEST_PASSPHRASE)
    command.upgrade(alembic_config(store.engine), "0008")
    old = MetaData()
    old.reflect(store.engine)
    with store.engine.begin() as connection:
        for name, given in ROWS:
            table = old.tables[name]
            connection.execute(table.insert().values(_filled(table, given)))
    upgrade_to_head(store.engine)
    assert current_revision(store.engine) == HEAD_REVISION  # through 0012 and on
    code = next(
        c for c in inspect(store.engine).get_columns("attendance_mark") if c["name"] == "code"
    )
    assert code["type"].length == 3
    with store.engine.connect() as connection:
        ddl = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'attendance_mark'")
        ).scalar()
        assert "WITHOUT ROWID" in str(ddl)
        assert connection.execute(text("SELECT year_group_as_of FROM pupil")).scalar() == 2024
    (line,) = register(store, Centre.WIGSTON, date(2026, 11, 23))
    assert line.am == "Y"
    # Year 9 in 2024-25, so Year 11 in 2026-27.
    assert list_pupils(store, date(2026, 11, 23))[0].year_group == 11
    store.close()


def test_the_school_year_migration_downgrades_and_upgrades_again(store: Store) -> None:
    command.downgrade(alembic_config(store.engine), "0008")
    assert "post16_destination" not in {
        c["name"] for c in inspect(store.engine).get_columns("placement")
    }
    upgrade_to_head(store.engine)
    assert "year_group_as_of" in {c["name"] for c in inspect(store.engine).get_columns("pupil")}
