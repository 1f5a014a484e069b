"""Apply the Alembic migrations shipped inside the package, with no alembic.ini."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

    from slip_desktop.db.store import Store

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

#: The newest migration shipped. A test holds it equal to Alembic's own head, so a
#: database already there is opened without loading Alembic (~0.2 s at start-up).
HEAD_REVISION = "0016"


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic configuration bound to ``engine``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def stored_revision(engine: Engine) -> str | None:
    """Return the revision recorded in the database, read directly (None when empty)."""
    from sqlalchemy import exc

    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar_one_or_none()
    except exc.OperationalError:  # no alembic_version table: a new database
        return None


def schema_revision(store: Store) -> str | None:
    """Return the revision recorded in ``store``, read without loading SQLAlchemy."""
    with store.read_connection() as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except Exception as error:  # noqa: BLE001 - sqlite3 and sqlcipher3 raise their own
            if "no such table" in str(error):
                return None
            raise
    return None if row is None else str(row[0])


def upgrade_to_head(engine: Engine) -> None:
    """Bring the database's schema up to the newest migration."""
    if stored_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """Return the newest revision the program ships, as Alembic reads the scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
