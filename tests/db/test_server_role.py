"""The app's own server role (docs/office-server.md) does what the app does, and no more."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.models import School
from slip_desktop.db.opening import start_audit
from slip_desktop.db.referral_list import list_referrals
from slip_desktop.db.store import Store
from tests.pg import database_name

SETUP = """
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'slip_owner') THEN
    CREATE ROLE slip_owner LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'slip_app') THEN
    CREATE ROLE slip_app LOGIN;
  END IF;
END $$;
"""
IN_DATABASE = (
    "REVOKE ALL ON SCHEMA public FROM PUBLIC",
    "GRANT ALL ON SCHEMA public TO slip_owner",
    "GRANT USAGE ON SCHEMA public TO slip_app",
    "ALTER DEFAULT PRIVILEGES FOR ROLE slip_owner IN SCHEMA public "
    "GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO slip_app",
    "ALTER DEFAULT PRIVILEGES FOR ROLE slip_owner IN SCHEMA public "
    "GRANT USAGE, SELECT ON SEQUENCES TO slip_app",
)


def _as(url: str, role: str) -> str:
    return url.replace("postgresql://postgres@", f"postgresql://{role}@", 1)


def test_the_app_role_saves_and_reads_but_cannot_change_the_schema_or_the_audit_trail(
    pg_server,  # type: ignore[no-untyped-def]
) -> None:
    import psycopg

    url = pg_server.new_database(empty=True)
    name = database_name(url)
    try:
        pg_server._admin(SETUP, f"ALTER DATABASE {name} OWNER TO slip_owner")
        with psycopg.connect(pg_server._libpq(url), autocommit=True) as connection:
            for statement in IN_DATABASE:
                connection.execute(statement)  # type: ignore[arg-type]
        owner = Store.open(_as(url, "slip_owner"))
        upgrade_to_head(owner.engine)
        with owner.engine.begin() as connection:
            connection.execute(text("REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM slip_app"))
        owner.close()

        app = Store.open(_as(url, "slip_app"))
        try:
            upgrade_to_head(app.engine)  # already at head: nothing to do, nothing refused
            start_audit(app)
            with app.session() as session:
                session.add(School(name="Zoë O'Brien-Ćorić Academy"))
            with app.session() as session:
                assert session.scalar(select(School.name)) == "Zoë O'Brien-Ćorić Academy"
            assert list_referrals(app) == []
            for refused in (
                "DROP TABLE referral",
                "CREATE TABLE intruder (id integer)",
                "UPDATE audit_event SET username = 'someone else'",
                "DELETE FROM audit_event",
            ):
                with (
                    pytest.raises(DBAPIError, match="permission denied|must be owner"),
                    app.engine.begin() as connection,
                ):
                    connection.execute(text(refused))
        finally:
            app.close()
    finally:
        pg_server.drop_database(url)
