"""Alembic environment: runs against the engine the program passes in."""

from __future__ import annotations

from alembic import context

from slip_desktop.db.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run migrations on the engine in ``config.attributes`` (batch mode for SQLite).

    SQLite rebuilds a table to alter it; with foreign keys enforced, dropping a
    table that other rows point to fails, so enforcement is off while migrating
    and the whole database is checked for broken references afterwards.
    """
    engine = config.attributes["engine"]
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        with connection.begin():
            if sqlite:
                # The sqlite3 driver begins a transaction only before INSERT/UPDATE/DELETE,
                # so a CREATE TABLE ran (and was committed) on its own: a kill mid-upgrade
                # left "table already exists" for ever. An explicit BEGIN makes the whole
                # upgrade, DDL included, one transaction that a crash rolls back.
                connection.exec_driver_sql("BEGIN")
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=True,
                compare_type=True,
            )
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"Migration left broken references: {broken[:5]}")
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


run_migrations_online()
