"""The store: one database (SQLite file by default), its engine and short sessions."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, exc, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

#: The first 16 bytes of every unencrypted SQLite file; SQLCipher files look random.
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"


class StoreOpenError(Exception):
    """A database cannot be opened for a reason the coordinator can act on.

    Attributes:
        message: the sentence shown to the coordinator.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class WrongPassphrase(StoreOpenError):  # noqa: N818 - reads as 'raise WrongPassphrase'
    """The passphrase does not open this (encrypted) database."""


class NotEncrypted(StoreOpenError):  # noqa: N818 - reads as 'raise NotEncrypted'
    """The file is a plain, unencrypted SQLite database; it must be encrypted first."""


def _is_url(target: str) -> bool:
    return "://" in target


def is_plain_sqlite(path: Path) -> bool:
    """Return True when ``path`` is an unencrypted SQLite file."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(PLAIN_SQLITE_HEADER)) == PLAIN_SQLITE_HEADER
    except OSError:
        return False


def holds_data(path: Path) -> bool:
    """Return True when ``path`` exists and is not empty."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def sqlite_url(path: Path, passphrase: str | None = None) -> URL:
    """Return the URL of a SQLite file, encrypted with SQLCipher when a passphrase is given."""
    if passphrase:
        # URL.create keeps spaces and symbols in the passphrase intact (quote_plus does not).
        return URL.create("sqlite+pysqlcipher", password=passphrase, database=str(path))
    return URL.create("sqlite+pysqlite", database=str(path))


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The pysqlcipher dialect has already sent PRAGMA key (its own on-connect hook runs
    # before this listener), so these pragmas act on the decrypted database.
    cursor = dbapi_connection.cursor()
    # WAL + FULL survived 200 SIGKILL cycles without losing an acknowledged commit.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _on_read_only_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


_sqlcipher_log_quietened = False


def _quieten_sqlcipher_log() -> None:
    """Stop SQLCipher printing to stderr on a wrong key; the caller raises a clear error."""
    global _sqlcipher_log_quietened
    if _sqlcipher_log_quietened:
        return
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")  # process-wide setting
    finally:
        connection.close()
    _sqlcipher_log_quietened = True


def _make_engine(url: URL, read_only: bool) -> Engine:
    if url.get_driver_name() == "pysqlcipher":
        _quieten_sqlcipher_log()
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        # Key derivation costs ~80 ms per new SQLCipher connection: keep a pool of them,
        # shared by the GUI thread and background tasks (each task opens its own session).
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=3,
            max_overflow=5,
            connect_args={"check_same_thread": False},
        )
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        if read_only:
            event.listen(engine, "connect", _on_read_only_connect)
    return engine


class Store:
    """A database the program works on.

    Every user action opens one short session through :meth:`session`, which
    commits when the block ends and rolls back if it raises.

    Attributes:
        engine: the SQLAlchemy engine (replaced when the passphrase changes).
        path: the database file, or None for a server database.
        read_only: True when the file failed its integrity check and must not be written.
    """

    def __init__(
        self,
        engine: Engine,
        path: Path | None = None,
        passphrase: str | None = None,
        read_only: bool = False,
    ) -> None:
        self.engine = engine
        self.path = path
        self.read_only = read_only
        self._passphrase = passphrase
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(
        cls, target: str | Path, passphrase: str | None = None, *, read_only: bool = False
    ) -> Store:
        """Open a SQLite file (created if missing) or any database URL.

        With a passphrase the file is encrypted with SQLCipher. An existing file
        is tried at once, so a wrong passphrase raises :class:`WrongPassphrase`
        and a plain file raises :class:`NotEncrypted`; neither file is changed.
        """
        text = str(target)
        if text == ":memory:":
            text = "sqlite://"  # not a file called ':memory:' in the working folder
        if _is_url(text):
            url = make_url(text)
            path = (
                Path(url.database) if url.database and url.get_backend_name() == "sqlite" else None
            )
            return cls(_make_engine(url, read_only), path, url.password, read_only)
        path = Path(text).expanduser().resolve()
        existing = holds_data(path)
        if passphrase and existing and is_plain_sqlite(path):
            raise NotEncrypted(
                f"{path.name} is not encrypted yet. It must be encrypted before it can be used."
            )
        if not existing and read_only:
            raise StoreOpenError(f"There is no database at {path}.")
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = _make_engine(sqlite_url(path, passphrase), read_only)
        store = cls(engine, path, passphrase, read_only)
        if existing:
            store._try_first_connection()
        return store

    def _try_first_connection(self) -> None:
        """Connect once (the connection stays pooled); explain a file that will not open."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").all()
        except exc.DatabaseError as error:
            self.engine.dispose()
            assert self.path is not None
            if "not a database" in str(error.orig):
                if self._passphrase:
                    raise WrongPassphrase(
                        f"That passphrase does not open {self.path.name}. Check it (and Caps "
                        "Lock) and try again. Nothing was changed."
                    ) from error
                raise WrongPassphrase(
                    f"{self.path.name} is encrypted: a passphrase is needed to open it."
                ) from error
            raise StoreOpenError(f"{self.path} cannot be opened: {error.orig}") from error

    @property
    def encrypted(self) -> bool:
        """True when the file is encrypted with SQLCipher."""
        return self.engine.dialect.driver == "pysqlcipher"

    @property
    def passphrase(self) -> str | None:
        """The passphrase the file is keyed with (None when it is not encrypted)."""
        return self._passphrase

    def passphrase_matches(self, candidate: str) -> bool:
        """Return True when ``candidate`` is this store's passphrase (constant-time)."""
        if self._passphrase is None:
            return False
        return hmac.compare_digest(candidate.encode("utf-8"), self._passphrase.encode("utf-8"))

    def replace_engine(self, passphrase: str | None) -> None:
        """Reconnect with another passphrase (after a rekey or a restore)."""
        assert self.path is not None
        self.engine.dispose()
        self.engine = _make_engine(sqlite_url(self.path, passphrase), self.read_only)
        self._passphrase = passphrase
        self._sessions.configure(bind=self.engine)

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The session factory, for listeners (the audit trail) that watch every session."""
        return self._sessions

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
