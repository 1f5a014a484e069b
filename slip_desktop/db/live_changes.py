"""Changes seen live on the office server: PostgreSQL NOTIFY on commit, and a listener.

Every session that writes sends, inside its own transaction, one ``NOTIFY`` naming
the areas it changed (the values of ``ui.notifier.Area``, as strings); PostgreSQL
delivers it only if the transaction commits. A :class:`ChangeListener` thread on each
other PC hears it and hands the areas to a callback. SQLite has one user at a time,
so nothing is sent or heard there.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from slip_desktop.db.store import Store

log = logging.getLogger("slip_desktop")

#: The PostgreSQL channel every PC sends and listens on.
CHANNEL = "slip_changes"

#: Which area of the office's data each table belongs to (the Area values of ui/notifier.py).
TABLE_AREAS: dict[str, str] = {
    "referral": "referrals",
    "pupil": "pupils",
    "meeting": "meetings",
    "meeting_attendee": "meetings",
    "agenda_item": "meetings",
    "action_plan": "meetings",
    "action_item": "meetings",
    "decision": "decisions",
    "managed_move": "placements",
    "placement": "placements",
    "review": "placements",
    "attendance_mark": "placements",
    "school_visit": "schools",
    "school": "schools",
    "provider": "schools",
    "staff_member": "staff",
    "app_user": "staff",
    "rate_set": "finance",
    "statement": "finance",
    "statement_line": "finance",
    "adjustment": "finance",
    "term_lock": "finance",
    "term_dates": "settings",
    "setting": "settings",
}
#: Tables whose writes change nothing a tab shows (every write adds an audit row).
QUIET_TABLES = frozenset({"audit_event", "alembic_version"})
#: A table the map does not know: every tab refreshes rather than one missing it.
ALL = "all"

_TOUCHED = "slip_live_tables"
_sources: dict[int, str] = {}
_installed: set[int] = set()


def areas_of(tables: Iterable[str]) -> list[str]:
    """Return the sorted area names the writes to ``tables`` changed."""
    found = {TABLE_AREAS.get(t, ALL) for t in tables if t not in QUIET_TABLES}
    return sorted(found)


def source_of(store: Store) -> str:
    """Return the token this store signs its notifications with (to skip its own)."""
    return _sources.setdefault(id(store), uuid.uuid4().hex)


def _tables_of(session: Session) -> set[str]:
    touched: set[str] = session.info.setdefault(_TOUCHED, set())
    return touched


def _note_flush(session: Session) -> None:
    touched = _tables_of(session)
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(instance, "__tablename__", None)
        if table:
            touched.add(table)


def _note_statement(state: Any) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name:
        _tables_of(state.session).add(name)


def _send(store: Store, session: Session) -> None:
    # before_commit runs before the commit's own flush: flush now so its tables are noted.
    session.flush()
    tables = session.info.pop(_TOUCHED, set())
    areas = areas_of(tables)
    if not areas:
        return
    from sqlalchemy import text

    payload = json.dumps({"from": source_of(store), "areas": areas})
    session.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
    )


def _forget(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


def install_notify(store: Store) -> None:
    """Make every session of a server store send the areas it changed when it commits."""
    if store.path is not None or store.engine.dialect.name != "postgresql":
        return
    if id(store) in _installed:
        return
    from sqlalchemy import event

    sessions = store.sessions
    event.listen(sessions, "before_flush", lambda s, _c, _i: _note_flush(s))
    event.listen(sessions, "do_orm_execute", _note_statement)
    event.listen(sessions, "before_commit", lambda s: _send(store, s))
    event.listen(sessions, "after_rollback", _forget)
    _installed.add(id(store))


def notify_areas(store: Store, areas: Iterable[str]) -> None:
    """Tell the other PCs that ``areas`` changed (for writes made outside a session)."""
    from sqlalchemy import text

    payload = json.dumps({"from": source_of(store), "areas": sorted(set(areas))})
    with store.engine.begin() as connection:
        connection.execute(
            text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": payload}
        )


AreasHeard = Callable[[list[str]], None]


class ChangeListener:
    """A thread that listens on the server and calls ``on_areas`` with what others changed.

    It holds one connection of its own (LISTEN needs one that stays open) and
    reconnects after the server or network drops it, telling ``on_areas`` that
    everything may have changed meanwhile.
    """

    def __init__(self, store: Store, on_areas: AreasHeard, *, retry_seconds: float = 5.0) -> None:
        self._store = store
        self._on_areas = on_areas
        self._retry = retry_seconds
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._connection: Any = None
        self._thread = threading.Thread(target=self._run, name="slip-live-changes", daemon=True)

    def start(self) -> ChangeListener:
        """Start listening; return self."""
        self._thread.start()
        return self

    def wait_ready(self, timeout: float = 10.0) -> bool:
        """Wait until LISTEN has been sent (tests); return False on timeout."""
        return self._ready.wait(timeout)

    def _connect(self) -> Any:
        import psycopg

        url = self._store.engine.url
        params: dict[str, Any] = {
            "dbname": url.database,
            "user": url.username,
            "autocommit": True,
            "connect_timeout": 10,
        }
        if url.password is not None:
            params["password"] = url.password
        if url.host:
            params["host"] = url.host
        if url.port:
            params["port"] = url.port
        for key, value in url.query.items():
            params[key] = value if isinstance(value, str) else value[0]
        connection = psycopg.connect(**params)
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def _run(self) -> None:
        mine = source_of(self._store)
        first = True
        while not self._stop.is_set():
            try:
                self._connection = self._connect()
            except Exception as error:  # noqa: BLE001 - the server may be away for a while
                log.warning("Cannot listen for changes on the office server: %s", error)
                self._stop.wait(self._retry)
                continue
            if not first:
                self._on_areas([ALL])  # changes made while the connection was down
            first = False
            self._ready.set()
            try:
                self._listen(mine)
            except Exception as error:  # noqa: BLE001 - a dropped connection: reconnect
                if not self._stop.is_set():
                    log.warning("Lost the office server's change messages: %s", error)
            finally:
                self._close()

    def _listen(self, mine: str) -> None:
        while not self._stop.is_set():
            # A short timeout so stop() is noticed; notifications arrive at once.
            for notice in self._connection.notifies(timeout=0.5):
                try:
                    message = json.loads(notice.payload)
                except ValueError:
                    continue
                if message.get("from") == mine:
                    continue
                areas = [str(a) for a in message.get("areas", [])]
                if areas:
                    self._on_areas(areas)

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):  # closing a dead connection
                connection.close()

    def stop(self) -> None:
        """Stop listening and wait for the thread to end."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
