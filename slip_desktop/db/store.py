"""The store: one database (SQLite file by default), its engine and short sessions.

Opening a file loads no SQLAlchemy: the passphrase is checked on a DB-API connection,
which also serves the first reads, and the engine is made when something needs it.
SQLAlchemy costs ~0.25 s and ~30 MiB to import, so the window and its first list are
shown before it loads (bench/run.py times that start).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slip_desktop.domain.errors import DomainError

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine
    from sqlalchemy.orm import Session, sessionmaker

#: The first 16 bytes of every unencrypted SQLite file; SQLCipher files look random.
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
#: How long a write waits for another connection's write lock before it is refused.
#: Short, because a save waits on the GUI thread: 5 s froze the window (issue 20).
BUSY_TIMEOUT_MS = 1500

BUSY_MESSAGE = (
    "The database is busy: another window or program is saving to it. Nothing was "
    "saved; try again in a moment."
)
DISK_FULL_MESSAGE = (
    "The disk is full, so nothing was saved. Free some space (empty the recycle bin, "
    "move old files elsewhere) and try again."
)


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


class DatabaseBusy(DomainError):  # noqa: N818 - reads as 'raise DatabaseBusy'
    """Another connection held the write lock for longer than the busy timeout."""

    def __init__(self) -> None:
        super().__init__(BUSY_MESSAGE)


class DiskFull(DomainError):  # noqa: N818 - reads as 'raise DiskFull'
    """The disk (or the database's size limit) is full: the write was rolled back."""

    def __init__(self) -> None:
        super().__init__(DISK_FULL_MESSAGE)


def known_failure(error: BaseException) -> DomainError | None:
    """Return the coordinator's error for a busy database or a full disk, else None.

    Only the engine's message is read (never parameters, which may hold pupil data).
    """
    import errno

    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return DiskFull()
    engine_error = _engine_error(error)
    if engine_error is None:
        # A domain error's message may quote what was typed ("database is busy" as a
        # register mark was once taken for a busy database): only the engine's own count.
        return None
    text = str(engine_error).lower()
    if "database or disk is full" in text:
        return DiskFull()
    if "database is locked" in text or "database is busy" in text:
        return DatabaseBusy()
    return None


#: The DB-API drivers whose errors carry the engine's own messages.
_DRIVERS = frozenset({"sqlite3", "sqlcipher3", "psycopg", "pysqlite2"})


def _engine_error(error: BaseException) -> BaseException | None:
    """Return the driver's error behind ``error``, or None when the engine did not raise it."""
    if isinstance(error, DomainError):
        return None
    orig = getattr(error, "orig", None)
    if isinstance(orig, BaseException) and type(error).__module__.startswith("sqlalchemy"):
        return orig
    if type(error).__module__.split(".")[0] in _DRIVERS:
        return error
    return None


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
    from sqlalchemy import URL

    if passphrase:
        # URL.create keeps spaces and symbols in the passphrase intact (quote_plus does not).
        return URL.create("sqlite+pysqlcipher", password=passphrase, database=str(path))
    return URL.create("sqlite+pysqlite", database=str(path))


def _set_connection_pragmas(dbapi_connection: Any, read_only: bool = False) -> None:
    """Set what every connection to a SQLite file runs with (after any PRAGMA key)."""
    cursor = dbapi_connection.cursor()
    # WAL + FULL survived 200 SIGKILL cycles without losing an acknowledged commit.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if read_only:
        cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The pysqlcipher dialect has already sent PRAGMA key (its own on-connect hook runs
    # before this listener), so these pragmas act on the decrypted database.
    _set_connection_pragmas(dbapi_connection)


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


def sql_string(text: str) -> str:
    """Quote ``text`` as an SQL string literal (PRAGMA key takes no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"


def open_keyed(path: Path, passphrase: str | None, driver: Any) -> Any:
    """Connect to ``path`` with the DB-API module ``driver``, key it, and read it once.

    The first read is what finds a wrong key: ``driver.DatabaseError`` is raised then,
    with the connection already closed.
    """
    connection = driver.connect(str(path), check_same_thread=False)
    try:
        if passphrase:
            # The key must be the very first statement on the connection.
            connection.execute(f"PRAGMA key = {sql_string(passphrase)}")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except driver.DatabaseError:
        connection.close()
        raise
    return connection


def connect_file(path: Path, passphrase: str | None, *, read_only: bool = False) -> Any:
    """Open a DB-API connection to an existing file, keyed and set up like the engine's.

    Raise WrongPassphrase when the key does not open it, StoreOpenError otherwise.
    """
    if passphrase:
        _quieten_sqlcipher_log()
        from sqlcipher3 import dbapi2 as driver
    else:
        import sqlite3 as driver  # the engine's driver for a plain file: one SQLite per file

    try:
        connection = open_keyed(path, passphrase, driver)
    except driver.DatabaseError as error:
        if "not a database" in str(error):
            if passphrase:
                raise WrongPassphrase(
                    f"That passphrase does not open {path.name}. Check it (and Caps "
                    "Lock) and try again. Nothing was changed."
                ) from error
            raise WrongPassphrase(
                f"{path.name} is encrypted: a passphrase is needed to open it."
            ) from error
        raise StoreOpenError(f"{path} cannot be opened: {error}") from error
    try:
        _set_connection_pragmas(connection, read_only)
    except driver.DatabaseError as error:
        connection.close()
        raise StoreOpenError(f"{path} cannot be opened: {error}") from error
    return connection


def _make_engine(url: URL, read_only: bool) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

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
            # Error messages (logged) must never carry a pupil's name or date of birth.
            hide_parameters=True,
        )
    else:
        engine = create_engine(url, hide_parameters=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        if read_only:
            event.listen(engine, "connect", _on_read_only_connect)
    return engine


StoreHook = Callable[["Store"], None]


class Store:
    """A database the program works on.

    Every user action opens one short session through :meth:`session`, which
    commits when the block ends and rolls back if it raises. A file opened with
    :meth:`open` has no engine until one is needed; :meth:`read_connection` serves
    plain reads before then.

    Attributes:
        path: the database file, or None for a server database.
        read_only: True when the file failed its integrity check and must not be written.
    """

    def __init__(
        self,
        engine: Engine | None = None,
        path: Path | None = None,
        passphrase: str | None = None,
        read_only: bool = False,
        *,
        first_connection: Any = None,
    ) -> None:
        self._engine = engine
        self.path = path
        self.read_only = read_only
        self._passphrase = passphrase
        self._first = first_connection
        self._sessions: sessionmaker[Session] | None = None
        #: True once the first-session hooks have run: until then, a thread other than
        #: the one running them waits for them (no write before the audit is on).
        self._sessions_ready = False
        self._session_hooks: list[StoreHook] = []
        self._making = threading.RLock()
        #: Held while the first connection is read from or closed (a worker may close it
        #: while finishing the opening, when another thread reads through it).
        self._first_lock = threading.RLock()

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
            from slip_desktop.db.server import is_server_url, open_server

            if is_server_url(text):  # the passphrase is SQLCipher's; a server has its own
                return open_server(text, read_only=read_only)
            from sqlalchemy import make_url

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
        first = connect_file(path, passphrase, read_only=read_only) if existing else None
        return cls(None, path, passphrase, read_only, first_connection=first)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made (and SQLAlchemy loaded) the first time it is asked for."""
        if self._engine is None:
            with self._making:
                if self._engine is None:
                    assert self.path is not None
                    self._engine = _make_engine(
                        sqlite_url(self.path, self._passphrase), self.read_only
                    )
        return self._engine

    @property
    def has_engine(self) -> bool:
        """True once the engine exists (SQLAlchemy is loaded)."""
        return self._engine is not None

    @property
    def opened(self) -> bool:
        """True once the store has finished opening: sessions made, their hooks (audit) run."""
        return self._sessions_ready

    @property
    def has_sessions(self) -> bool:
        """True once the session factory is made (its hooks may still be running: ``opened``)."""
        return self._sessions is not None

    def new_connection(self) -> Any:
        """Return a new DB-API connection of its own (for a background thread); close it."""
        if self._engine is None and self.path is not None:
            return connect_file(self.path, self._passphrase, read_only=self.read_only)
        return self.engine.raw_connection()

    @contextmanager
    def read_connection(self) -> Iterator[Any]:
        """Yield a DB-API connection for plain reads on the calling (GUI) thread.

        Before the engine exists this is the connection that checked the passphrase,
        so the first list needs no SQLAlchemy; afterwards a pooled one.
        """
        with self._first_lock:
            if self._engine is None and self._first is not None:
                yield self._first
                return
        connection = self.engine.raw_connection()
        try:
            yield connection.driver_connection
        finally:
            connection.close()

    def on_first_session(self, hook: StoreHook) -> None:
        """Run ``hook(store)`` before the first session is handed out (now if one was)."""
        if self._sessions is not None:
            hook(self)
        else:
            self._session_hooks.append(hook)

    def become_read_only(self) -> None:
        """Refuse every later write (the file failed its integrity check)."""
        if self.read_only:
            return
        self.read_only = True
        with self._first_lock:
            if self._first is not None:
                self._first.execute("PRAGMA query_only=ON")
        if self._engine is not None:
            self._engine.dispose()
            assert self.path is not None
            self._engine = _make_engine(sqlite_url(self.path, self._passphrase), True)
            if self._sessions is not None:
                self._sessions.configure(bind=self._engine)

    @property
    def encrypted(self) -> bool:
        """True when the file is encrypted with SQLCipher."""
        if self._engine is None:
            return bool(self._passphrase)
        return self._engine.dialect.driver == "pysqlcipher"

    @property
    def passphrase(self) -> str | None:
        """The passphrase the file is keyed with (None when it is not encrypted)."""
        return self._passphrase

    def passphrase_matches(self, candidate: str) -> bool:
        """Return True when ``candidate`` is this store's passphrase (constant-time)."""
        if self._passphrase is None:
            return False
        import hmac  # not at start-up: it loads OpenSSL's hashlib (~3 ms before the first paint)

        if self.path is not None:
            from slip_desktop.db.key_slots import recovery_matches

            # Keyed with a random key: the passphrase is the recovery slot's (db/key_slots.py).
            matched = recovery_matches(self.path, self._passphrase, candidate)
            if matched is not None:
                return matched
        return hmac.compare_digest(candidate.encode("utf-8"), self._passphrase.encode("utf-8"))

    def replace_engine(self, passphrase: str | None) -> None:
        """Reconnect with another passphrase (after a rekey or a restore)."""
        assert self.path is not None
        self._close_first()
        if self._engine is not None:
            self._engine.dispose()
        self._engine = _make_engine(sqlite_url(self.path, passphrase), self.read_only)
        self._passphrase = passphrase
        if self._sessions is not None:
            self._sessions.configure(bind=self._engine)

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The session factory, for listeners (the audit trail) that watch every session.

        Made once, by whichever thread asks first (a worker, at start-up); another thread
        asking meanwhile waits until the first-session hooks (the integrity check's
        answer, the audit trail) have run.
        """
        if not self._sessions_ready:
            with self._making:
                if self._sessions is None:
                    from sqlalchemy.orm import sessionmaker

                    sessions = sessionmaker(self.engine, expire_on_commit=False)
                    hooks, self._session_hooks = self._session_hooks, []
                    # Set before the hooks run: they may ask for it (this lock is reentrant).
                    self._sessions = sessions
                    try:
                        # The connection that checked the passphrase has served its reads.
                        self._close_first()
                        for hook in hooks:
                            hook(self)
                    finally:
                        self._sessions_ready = True
        assert self._sessions is not None
        return self._sessions

    @property
    def location(self) -> str:
        """Where the data lives, as shown to the coordinator."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Yield a session that commits on success and rolls back on any error.

        A busy database raises :class:`DatabaseBusy` and a full disk :class:`DiskFull`,
        whose messages the window shows as they are.
        """
        try:
            with self.sessions.begin() as session:
                yield session
        except Exception as error:
            known = known_failure(error)
            if known is None:
                raise
            raise known from error

    def _close_first(self) -> None:
        with self._first_lock:  # not while another thread reads through it
            first, self._first = self._first, None
            if first is not None:
                first.close()

    def close(self) -> None:
        """Release every connection."""
        self._close_first()
        if self._engine is not None:
            self._engine.dispose()
