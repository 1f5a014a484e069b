"""Apply the Alembic migrations shipped inside the package, with no alembic.ini."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slip_desktop.db.store import StoreOpenError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

    from slip_desktop.db.store import Store

log = logging.getLogger("slip_desktop")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

#: The newest migration shipped. A test holds it equal to Alembic's own head, so a
#: database already there is opened without loading Alembic (~0.2 s at start-up).
HEAD_REVISION = "0018"


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
    except (exc.OperationalError, exc.ProgrammingError):  # no alembic_version: a new database
        return None


def schema_revision(store: Store) -> str | None:
    """Return the revision recorded in ``store``, read without loading SQLAlchemy."""
    with store.read_connection() as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except Exception as error:  # noqa: BLE001 - sqlite3 and sqlcipher3 raise their own
            if "no such table" in str(error) or "does not exist" in str(error):
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


class UpgradeFailed(StoreOpenError):  # noqa: N818 - reads as 'raise UpgradeFailed'
    """The schema upgrade was refused; the file was left (or put back) as it was before it.

    Attributes:
        rows: the rows that stop it, as "table row id" (no personal data).
    """

    def __init__(self, message: str, rows: list[str]) -> None:
        super().__init__(message)
        self.rows = rows


def upgrade_safely(store: Store, backup_folder: Path | None = None) -> Path | None:
    """Upgrade ``store`` to the newest schema with a backup first; return the backup.

    The upgrade runs in one transaction (``migrations/env.py``), so a crash or a broken
    rule leaves the file at its old version. Should the file then not open, the backup
    taken just before is put back. A broken rule raises :class:`UpgradeFailed` naming the
    rows that stop it, for the coordinator to correct with the previous version.
    """
    revision = stored_revision(store.engine)
    if revision == HEAD_REVISION:
        return None
    backup = _backup_before_upgrade(store, backup_folder) if revision is not None else None
    try:
        upgrade_to_head(store.engine)
    except Exception as error:
        log.error("The upgrade from schema %s failed: %s", revision, type(error).__name__)
        rows = _rows_in_the_way(store, error)
        if backup is not None and not _still_opens(store):
            _put_back(store, backup)
        raise UpgradeFailed(_upgrade_message(error, rows, backup), rows) from error
    return backup


def _backup_before_upgrade(store: Store, folder: Path | None) -> Path | None:
    from slip_desktop.db.backup import make_backup
    from slip_desktop.db.database_uuid import database_identity, default_backup_folder
    from slip_desktop.paths import backup_dir

    if store.path is None:
        return None
    database_identity(store)  # the setting table is there in every schema
    folder = folder or default_backup_folder(store.path, backup_dir())
    return make_backup(store, folder, rotate=False)


def _still_opens(store: Store) -> bool:
    from slip_desktop.db.integrity import quick_check

    try:
        return not quick_check(store)
    except Exception:  # noqa: BLE001 - anything at all means it does not
        return False


def _put_back(store: Store, backup: Path) -> None:
    from slip_desktop.db.backup import replace_unopenable_database

    store.close()
    assert store.path is not None
    log.error("The database did not open after a failed upgrade; putting back %s", backup.name)
    replace_unopenable_database(store.path, backup, store.passphrase or "", migrate=False)
    store.replace_engine(store.passphrase)


_CONSTRAINT = re.compile(r"(UNIQUE|NOT NULL) constraint failed: ([\w.]+(?:, [\w.]+)*)")


def _rows_in_the_way(store: Store, error: BaseException) -> list[str]:
    """Return "table row id" for the rows that break the rule the upgrade stopped on."""
    text = str(getattr(error, "orig", None) or error)
    try:
        with store.engine.connect() as connection:
            if "FOREIGN KEY" in text or "broken references" in text:
                found = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                return [f"{row[0]} row {row[1]}" for row in found[:50]]
            match = _CONSTRAINT.search(text)
            if match is None:
                return []
            return _offending_rows(connection, match[1], match[2].split(", "))
    except Exception:  # noqa: BLE001 - the report is a help; the refusal stands without it
        log.exception("Could not list the rows that stopped the upgrade")
        return []


def _offending_rows(connection: Any, kind: str, columns: list[str]) -> list[str]:
    table = columns[0].split(".")[0]
    if not re.fullmatch(r"\w+", table):
        return []
    names = [c.split(".")[1] for c in columns if re.fullmatch(r"\w+\.\w+", c)]
    exists = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).first()
    if exists is None or not names:
        return []
    quoted = ", ".join(f'"{n}"' for n in names)
    if kind == "NOT NULL":
        where = " OR ".join(f'"{n}" IS NULL' for n in names)
        sql = f'SELECT rowid FROM "{table}" WHERE {where} LIMIT 50'
    else:
        sql = (
            f'SELECT rowid FROM "{table}" WHERE ({quoted}) IN (SELECT {quoted} FROM "{table}" '
            f"GROUP BY {quoted} HAVING count(*) > 1) LIMIT 50"
        )
    return [f"{table} row {row[0]}" for row in connection.exec_driver_sql(sql).fetchall()]


def _upgrade_message(error: BaseException, rows: list[str], backup: Path | None) -> str:
    text = str(getattr(error, "orig", None) or error).splitlines()[0][:200]
    listed = "; ".join(rows[:10]) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
    where = f" The rows in the way: {listed}." if rows else ""
    kept = f" A backup taken just before is {backup}." if backup is not None else ""
    return (
        "This version of SLIP Desktop could not upgrade the database, so nothing in it "
        f"was changed ({text}).{where} Correct those records with the previous version "
        f"(or ask for help), then open it here again.{kept}"
    )
