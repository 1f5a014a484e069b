from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from slip_desktop.db.migrate import current_revision, head_revision, upgrade_to_head
from slip_desktop.db.models import Base
from slip_desktop.db.store import Store


def test_empty_database_upgrades_to_head_and_matches_models(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.db")
    assert current_revision(store.engine) is None
    upgrade_to_head(store.engine)
    assert current_revision(store.engine) == head_revision(store.engine)
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    store.close()


def test_upgrading_twice_is_harmless(store: Store) -> None:
    upgrade_to_head(store.engine)
    assert current_revision(store.engine) == head_revision(store.engine)


def test_every_foreign_key_is_indexed(store: Store) -> None:
    inspector = inspect(store.engine)
    missing = []
    for table in inspector.get_table_names():
        indexed = [tuple(ix["column_names"]) for ix in inspector.get_indexes(table)]
        indexed += [tuple(uq["column_names"]) for uq in inspector.get_unique_constraints(table)]
        # A composite primary key is an index too (the table itself, WITHOUT ROWID).
        indexed.append(tuple(inspector.get_pk_constraint(table)["constrained_columns"]))
        for fk in inspector.get_foreign_keys(table):
            columns = tuple(fk["constrained_columns"])
            if not any(ix[: len(columns)] == columns for ix in indexed):
                missing.append(f"{table}.{','.join(columns)}")
    assert missing == []


@pytest.mark.sqlite_only
def test_connections_use_wal_full_sync_and_foreign_keys(store: Store) -> None:
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_the_start_up_shortcut_names_alembics_head(store: Store) -> None:
    from slip_desktop.db.migrate import HEAD_REVISION, stored_revision

    assert head_revision(store.engine) == HEAD_REVISION
    assert stored_revision(store.engine) == HEAD_REVISION


def test_an_old_database_is_still_upgraded(tmp_path: Path) -> None:
    from alembic import command

    from slip_desktop.db.migrate import alembic_config

    old = Store.open(tmp_path / "old.db")
    command.upgrade(alembic_config(old.engine), "0004")
    upgrade_to_head(old.engine)
    assert current_revision(old.engine) == head_revision(old.engine)
    old.close()


def test_an_empty_postgresql_database_upgrades_to_head_and_matches_models(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.new_database(empty=True)
    store = Store.open(url)
    try:
        assert current_revision(store.engine) is None
        upgrade_to_head(store.engine)
        assert current_revision(store.engine) == head_revision(store.engine)
        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        store.close()
        pg_server.drop_database(url)
