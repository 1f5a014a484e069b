"""The audit trail: an append-only row for every create, update, delete, export and print.

``install_audit(store)`` hooks the store's sessions once: after each flush it
writes one ``audit_event`` row per new, changed or deleted ORM object (who,
when, which table and record, which fields with old and new values), in the
same transaction as the change. ORM bulk statements (``session.execute(
update(Model)...)``) leave one summary row. Plain Core statements on a
connection bypass the ORM and are NOT audited: every write path in ``db/``
must go through an ORM session. Deletes cascaded by the database (ON DELETE
CASCADE) are read just before the flush and recorded as deletes too.
"""

from __future__ import annotations

import enum
import json
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Table, insert, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from slip_desktop.db.identity import current_user, require_permission
from slip_desktop.db.input_guard import check_session, refuse_unencodable
from slip_desktop.db.models import AgendaItem, AuditEvent, Base, Placement, Referral
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.audit_chain import canonical_row, chain_hash
from slip_desktop.domain.permissions import Action, PermissionDenied, allowed, require
from slip_desktop.domain.text_rules import scrub

#: Columns the database keeps itself; their changes say nothing about who did what.
_SKIPPED = frozenset({"created_at", "updated_at", "version"})
#: Columns whose values never go into the trail.
_MASKED = frozenset({"password_hash"})

#: How to reach the pupil from tables that do not hold pupil_id: (column, parent table).
_PUPIL_PATH: dict[str, tuple[str, str]] = {
    "review": ("placement_id", "placement"),
    "attendance_mark": ("placement_id", "placement"),
    "school_visit": ("placement_id", "placement"),
    "statement_line": ("placement_id", "placement"),
    "adjustment": ("placement_id", "placement"),
    "action_plan": ("referral_id", "referral"),
    "decision": ("referral_id", "referral"),
    "agenda_item": ("referral_id", "referral"),
    "action_item": ("action_plan_id", "action_plan"),
}

_MISSING = object()
_installed: weakref.WeakSet[Store] = weakref.WeakSet()
_audit_table: Table = AuditEvent.__table__  # type: ignore[assignment]


def _plain(value: Any) -> Any:
    """Return ``value`` as something JSON holds (dates as ISO text, money as text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return str(value)


def now_utc() -> datetime:
    """Return the time audit rows are stamped with: naive UTC."""
    return _now()


def _now() -> datetime:
    # Stored as naive UTC, like the column's CURRENT_TIMESTAMP default.
    return datetime.now(UTC).replace(tzinfo=None)


def _value(name: str, value: Any) -> Any:
    return "(hidden)" if name in _MASKED and value else _plain(value)


def _columns(obj: Any) -> Iterable[tuple[str, Any]]:
    mapper = inspect(obj).mapper
    for attr in mapper.column_attrs:
        if attr.key not in _SKIPPED:
            yield attr.key, attr


def _snapshot(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for key, _attr in _columns(obj):
        value = state.dict.get(key, _MISSING)
        if value is not _MISSING:
            changes[key] = [None, _value(key, value)]
    return changes


def _differences(obj: Any) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for key, _attr in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old != new:
            changes[key] = [_value(key, old), _value(key, new)]
    return changes


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def _pupil_of(connection: Connection, table: str, values: dict[str, Any]) -> int | None:
    if table == "pupil":
        return _int_or_none(values.get("id"))
    if "pupil_id" in values:
        return _int_or_none(values["pupil_id"])
    seen = 0
    while table in _PUPIL_PATH and seen < 4:
        column, parent = _PUPIL_PATH[table]
        parent_id = values.get(column)
        if parent_id is None:
            return None
        parent_table = Base.metadata.tables[parent]
        wanted = [
            c for c in ("pupil_id", *(p[0] for p in _PUPIL_PATH.values())) if c in parent_table.c
        ]
        row = connection.execute(
            select(*(parent_table.c[c] for c in dict.fromkeys(wanted))).where(
                parent_table.c.id == parent_id
            )
        ).first()
        if row is None:
            return None
        values = dict(row._mapping)
        if "pupil_id" in values:
            return _int_or_none(values["pupil_id"])
        table, seen = parent, seen + 1
    return None


def _record_id(obj: Any) -> int | None:
    # New objects get their identity key only after the flush; the mapper reads the key columns.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return key[0] if len(key) == 1 and isinstance(key[0], int) else None


def _entry(
    connection: Connection,
    username: str,
    action: AuditAction,
    obj: Any,
    changes: dict[str, list[Any]],
    values: dict[str, Any],
) -> dict[str, Any]:
    table = inspect(obj).mapper.local_table.name
    record_id = _record_id(obj)
    if record_id is not None:
        values.setdefault("id", record_id)
    return {
        "at": _now(),
        "username": username,
        "action": action.value,
        "table_name": table,
        "record_id": record_id,
        "pupil_id": _pupil_of(connection, table, values),
        "changes": json.dumps(changes, sort_keys=True, ensure_ascii=False),
    }


def _current_values(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    return {k: v for k, v in state.dict.items() if not k.startswith("_")}


def _deleted_values(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    values = _current_values(obj)
    for key, _attr in _columns(obj):
        history = state.attrs[key].history
        if history.deleted:
            values[key] = history.deleted[0]
    return values


#: Set ``session.info[HIDE_VALUES] = True`` while disposing of records: the trail then
#: names the fields changed but does not copy the personal data being removed into itself.
HIDE_VALUES = "audit_hide_values"


def _hidden(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    return {key: ["(removed)", None] for key in changes}


#: session.info key holding rows the database will delete by ON DELETE CASCADE this flush.
_CASCADED = "audit_cascaded"


def _cascading_children(table: Table) -> list[tuple[Table, Any]]:
    """Return (child table, foreign key column) pairs the database deletes with ``table``."""
    found = []
    for child in Base.metadata.tables.values():
        for fk in child.foreign_keys:
            if fk.column.table is table and (fk.ondelete or "").upper() == "CASCADE":
                found.append((child, fk.parent))
    return found


def _collect_cascade(
    connection: Connection,
    table: Table,
    key: Any,
    depth: int,
    out: list[tuple[str, dict[str, Any], int | None]],
) -> None:
    if depth > 3:
        return
    for child, column in _cascading_children(table):
        for row in connection.execute(select(child).where(column == key)):
            values = dict(row._mapping)
            out.append((child.name, values, _pupil_of(connection, child.name, dict(values))))
            if "id" in values:
                _collect_cascade(connection, child, values["id"], depth + 1, out)


#: Tables only a role with EDIT_FINANCE may write.
FINANCE_TABLES = frozenset(
    {
        "rate_set",
        "statement",
        "statement_line",
        "adjustment",
        "term_lock",
        "offer_line",
        "invoice_sequence",
    }
)
#: Tables the flush guard leaves alone: the trail is written below, never through the ORM.
_SELF_CHECKED = frozenset({"audit_event"})
#: ``session.info`` key: the account whose password hash sign-in is upgrading (db/users.py).
REHASH_ON_SIGN_IN = "audit_rehash_user"


def _own_password_only(store: Store, session: Session, obj: Any) -> bool:
    """True when ``obj`` is an account whose only change is its password hash, by its owner.

    Sign-in upgrading the hash of the account signing in counts as its owner too.
    """
    if obj not in session.dirty or not isinstance(getattr(obj, "id", None), int):
        return False
    changed = {key for key, _attr in _columns(obj) if inspect(obj).attrs[key].history.has_changes()}
    if changed - {"password_hash"}:
        return False
    return obj.id in (current_user(store).user_id, session.info.get(REHASH_ON_SIGN_IN))


def _row_text(row: dict[str, Any]) -> str:
    return canonical_row(
        row["at"],
        row["username"],
        row["action"],
        row["table_name"],
        row["record_id"],
        row["pupil_id"],
        row["changes"],
    )


def _last_hash(connection: Connection) -> str:
    if connection.dialect.name == "postgresql":
        # Two sessions must not both chain onto the same row: one waits for the other.
        connection.execute(text("SELECT pg_advisory_xact_lock(725001)"))
    last = connection.execute(
        select(_audit_table.c.row_hash).order_by(_audit_table.c.id.desc()).limit(1)
    ).scalar()
    return str(last or "")


def insert_audit_rows(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert audit rows in order, each carrying the hash that chains it to the one before.

    Every write to the trail goes through here (new db/ modules too): a row inserted any
    other way has no hash and verify_audit_trail reports it.
    """
    previous = _last_hash(connection)
    for row in rows:
        row.setdefault("at", _now())
        row.setdefault("username", "")
        row.setdefault("record_id", None)
        row.setdefault("pupil_id", None)
        row.setdefault("changes", "")
        previous = row["row_hash"] = chain_hash(previous, _row_text(row))
    connection.execute(insert(_audit_table), rows)


def _chain_orm_rows(session: Session) -> None:
    """Give audit rows added as ORM objects (retention's disposal rows) their chained hash."""
    added = sorted(
        (o for o in session.new if isinstance(o, AuditEvent)),
        key=lambda o: inspect(o).insert_order or 0,
    )
    if not added:
        return
    previous = _last_hash(session.connection())
    for event in added:
        if event.at is None:
            event.at = _now()
        row = {c: getattr(event, c) for c in _CHAINED}
        row["username"] = row["username"] or ""
        row["changes"] = row["changes"] or ""
        event.username, event.changes = row["username"], row["changes"]
        previous = event.row_hash = chain_hash(previous, _row_text(row))


_CHAINED = ("at", "username", "action", "table_name", "record_id", "pupil_id", "changes")


def _guard(store: Store, session: Session) -> None:
    """Refuse a flush that writes what the signed-in role may not change, or hostile values."""
    role = current_user(store).role
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = str(inspect(obj).mapper.local_table.name)
        if table in _SELF_CHECKED:
            continue
        if table == "app_user":
            # Accounts: only user admins, except a person's own password (not their role).
            if not allowed(role, Action.MANAGE_USERS) and not _own_password_only(
                store, session, obj
            ):
                raise PermissionDenied(
                    f"{role.label} accounts may not change accounts or roles; ask the coordinator."
                )
        elif table in FINANCE_TABLES:
            require(role, Action.EDIT_FINANCE)
        else:
            require(role, Action.EDIT_RECORDS)


def _on_before_flush(session: Session, _context: UOWTransaction, _instances: Any) -> None:
    # Rows the database will delete by ON DELETE CASCADE never pass through the ORM:
    # read them now, while they (and their parents) still exist.
    _chain_orm_rows(session)
    doomed: list[tuple[str, dict[str, Any], int | None]] = []
    if session.deleted:
        connection = session.connection()
        for obj in session.deleted:
            if isinstance(obj, AuditEvent):
                continue
            record_id = _record_id(obj)
            if record_id is not None:
                table = inspect(obj).mapper.local_table
                _collect_cascade(connection, table, record_id, 0, doomed)
    session.info[_CASCADED] = doomed


def _on_after_flush(store: Store, session: Session, _context: UOWTransaction) -> None:
    username = current_user(store).username
    connection = session.connection()
    rows: list[dict[str, Any]] = []
    hide = bool(session.info.get(HIDE_VALUES))
    explicit = {(inspect(o).mapper.local_table.name, _record_id(o)) for o in session.deleted}
    for table_name, values, pupil_id in session.info.pop(_CASCADED, []):
        if (table_name, values.get("id")) in explicit:
            continue
        old = {
            k: ["(removed)" if hide else _value(k, v), None]
            for k, v in values.items()
            if k not in _SKIPPED
        }
        rows.append(
            {
                "at": _now(),
                "username": username,
                "action": AuditAction.DELETE.value,
                "table_name": table_name,
                "record_id": _int_or_none(values.get("id")),
                "pupil_id": pupil_id,
                "changes": json.dumps(old, sort_keys=True, ensure_ascii=False),
            }
        )
    for obj in session.new:
        if not isinstance(obj, AuditEvent):
            rows.append(
                _entry(
                    connection,
                    username,
                    AuditAction.CREATE,
                    obj,
                    _snapshot(obj),
                    _current_values(obj),
                )
            )
    for obj in session.dirty:
        if isinstance(obj, AuditEvent) or not session.is_modified(obj, include_collections=False):
            continue
        changes = _differences(obj)
        if changes:
            rows.append(
                _entry(
                    connection,
                    username,
                    AuditAction.UPDATE,
                    obj,
                    _hidden(changes) if hide else changes,
                    _current_values(obj),
                )
            )
    for obj in session.deleted:
        if not isinstance(obj, AuditEvent):
            old = {k: [v[1], None] for k, v in _snapshot(obj).items()}
            old = _hidden(old) if hide else old
            rows.append(
                _entry(connection, username, AuditAction.DELETE, obj, old, _deleted_values(obj))
            )
    if rows:
        insert_audit_rows(connection, rows)


_BULK = {"insert": AuditAction.BULK_INSERT, "update": AuditAction.BULK_UPDATE}


def _on_do_orm_execute(store: Store, state: ORMExecuteState) -> None:
    if state.is_insert:
        action = AuditAction.BULK_INSERT
    elif state.is_update:
        action = AuditAction.BULK_UPDATE
    elif state.is_delete:
        action = AuditAction.BULK_DELETE
    else:
        return
    mapper = state.bind_mapper
    table = str(getattr(mapper.local_table, "name", "unknown")) if mapper else "unknown"
    if table == "audit_event":
        return
    params = state.parameters
    count = len(params) if isinstance(params, Sequence) and not isinstance(params, dict) else 1
    try:
        statement = str(state.statement)
    except Exception:  # noqa: BLE001 - some ORM statements only compile against a dialect
        statement = f"{action.label} on {table}"
    changes = {"statement": [None, statement[:2000]], "rows_given": [None, count]}
    insert_audit_rows(
        state.session.connection(),
        [
            {
                "at": _now(),
                "username": current_user(store).username,
                "action": action.value,
                "table_name": table,
                "record_id": None,
                "pupil_id": None,
                "changes": json.dumps(changes, sort_keys=True),
            }
        ],
    )


def install_audit(store: Store) -> None:
    """Audit every ORM write made through ``store.session()`` (safe to call twice).

    It also guards every flush: a read-only account changes nothing, and only a
    role with EDIT_FINANCE writes the finance tables (PermissionDenied otherwise),
    so write functions elsewhere need no change of signature to respect roles.
    """
    if store in _installed:
        return
    from sqlalchemy import event

    # The store's sessionmaker: listening there limits the audit to this store.
    sessions = store.sessions
    event.listen(sessions, "before_flush", lambda s, c, i: _guard(store, s))
    event.listen(sessions, "before_flush", lambda s, c, i: check_session(s))
    event.listen(store.engine, "before_cursor_execute", refuse_unencodable)
    event.listen(sessions, "before_flush", _on_before_flush)
    event.listen(sessions, "after_flush", lambda s, c: _on_after_flush(store, s, c))
    event.listen(sessions, "do_orm_execute", lambda st: _on_do_orm_execute(store, st))
    _installed.add(store)


def is_installed(store: Store) -> bool:
    """Return True once install_audit has hooked ``store``."""
    return store in _installed


def _export_row(
    username: str, action: AuditAction, what: str, pupil_id: int | None
) -> dict[str, Any]:
    return {
        "at": _now(),
        "username": username,
        "action": action.value,
        "table_name": "pupil" if pupil_id is not None else "export",
        "record_id": pupil_id,
        "pupil_id": pupil_id,
        "changes": json.dumps({"what": [None, scrub(what, 500)]}, ensure_ascii=False),
    }


def record_export(
    store: Store,
    what: str,
    pupil_id: int | None = None,
    action: AuditAction = AuditAction.EXPORT,
) -> None:
    """Leave an audit row for an export or print of pupil data (``what`` says which)."""
    user = current_user(store)
    with store.session() as session:
        insert_audit_rows(
            session.connection(), [_export_row(user.username, action, what, pupil_id)]
        )


def record_exports(
    store: Store,
    what: str,
    *,
    referral_ids: Iterable[int] = (),
    placement_ids: Iterable[int] = (),
    meeting_id: int | None = None,
    action: AuditAction = AuditAction.EXPORT,
) -> None:
    """Leave one export (or print) row per pupil whose data went out in ``what``.

    The pupils are those of the referrals, the placements, and the cases on the
    agenda of ``meeting_id``. Anonymous cases (no pupil yet) and outputs naming no
    pupil leave one row without a pupil, so every output is still on the trail.
    """
    user = current_user(store)
    with store.session() as session:
        referrals = set(referral_ids)
        if meeting_id is not None:
            referrals.update(
                session.scalars(
                    select(AgendaItem.referral_id).where(AgendaItem.meeting_id == meeting_id)
                )
            )
        pupils: set[int | None] = set()
        if referrals:
            pupils.update(
                session.scalars(select(Referral.pupil_id).where(Referral.id.in_(referrals)))
            )
        placements = set(placement_ids)
        if placements:
            pupils.update(
                session.scalars(select(Placement.pupil_id).where(Placement.id.in_(placements)))
            )
        named = sorted(p for p in pupils if p is not None)
        rows = [_export_row(user.username, action, what, p) for p in named]
        if None in pupils or not named:
            rows.append(_export_row(user.username, action, what, None))
        insert_audit_rows(session.connection(), rows)


def record_event(
    store: Store, action: AuditAction, table: str, record_id: int | None, note: str
) -> None:
    """Leave an audit row that no ORM change produces (a sign-in, a refused sign-in)."""
    with store.session() as session:
        insert_audit_rows(
            session.connection(),
            [
                {
                    "at": _now(),
                    "username": current_user(store).username,
                    "action": action.value,
                    "table_name": table,
                    "record_id": record_id,
                    "pupil_id": None,
                    "changes": json.dumps({"note": [None, scrub(note, 500)]}, ensure_ascii=False),
                }
            ],
        )


class AuditRow(NamedTuple):
    """One line of the audit view, with the time in local time."""

    id: int
    at: datetime
    username: str
    action: AuditAction
    table_name: str
    record_id: int | None
    pupil_id: int | None
    pupil_name: str
    fields: str
    changes: dict[str, list[Any]]


def _local(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def _action(text: str) -> AuditAction:
    try:
        return AuditAction(text)
    except ValueError:
        return AuditAction.UPDATE


def list_audit(
    store: Store,
    pupil_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 20_000,
) -> list[AuditRow]:
    """Return audit rows, newest first, for one pupil and/or between two local dates."""
    require_permission(store, Action.VIEW_AUDIT)
    from slip_desktop.db.models import Pupil

    query = (
        select(AuditEvent, Pupil.first_name, Pupil.last_name)
        .outerjoin(Pupil, Pupil.id == AuditEvent.pupil_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    if pupil_id is not None:
        query = query.where(AuditEvent.pupil_id == pupil_id)
    # Widen by a day each side in UTC, then filter exactly on local dates below.
    if since is not None:
        query = query.where(AuditEvent.at >= datetime.combine(since - timedelta(days=1), time.min))
    if until is not None:
        query = query.where(AuditEvent.at < datetime.combine(until + timedelta(days=2), time.min))
    rows: list[AuditRow] = []
    with store.session() as session:
        for event, first, last in session.execute(query):
            local = _local(event.at)
            if (since is not None and local.date() < since) or (
                until is not None and local.date() > until
            ):
                continue
            try:
                changes = json.loads(event.changes) if event.changes else {}
            except ValueError:
                changes = {}
            rows.append(
                AuditRow(
                    event.id,
                    local,
                    event.username,
                    _action(event.action),
                    event.table_name,
                    event.record_id,
                    event.pupil_id,
                    f"{last}, {first}" if last is not None else "",
                    ", ".join(sorted(changes)),
                    changes,
                )
            )
    return rows


#: The triggers that keep the trail append-only (SQLite), by name: the same text as migration 0008.
AUDIT_TRIGGERS: dict[str, str] = {
    "audit_event_no_update": """
CREATE TRIGGER IF NOT EXISTS audit_event_no_update
BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be changed.');
END
""",
    "audit_event_no_delete": """
CREATE TRIGGER IF NOT EXISTS audit_event_no_delete
BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be deleted.');
END
""",
}
#: How many broken rows a report names (a long list says nothing more).
_NAMED_BREAKS = 20


class AuditCheck(NamedTuple):
    """What verify_audit_trail found: rows checked, rows whose hash breaks the chain, triggers."""

    rows: int
    broken: tuple[int, ...]
    broken_count: int
    missing_triggers: tuple[str, ...]
    recreated_triggers: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when the chain is whole and every trigger was in place."""
        return not self.broken_count and not self.missing_triggers

    def messages(self) -> list[str]:
        """Return the findings in the coordinator's words (empty when all is well)."""
        found: list[str] = []
        if self.broken_count:
            named = ", ".join(str(i) for i in self.broken)
            more = "" if self.broken_count <= len(self.broken) else ", ..."
            found.append(
                f"The audit trail has been tampered with: {self.broken_count:,} "
                f"entr{'y does' if self.broken_count == 1 else 'ies do'} not follow from the one "
                f"before (entry {named}{more}). Entries may have been deleted or changed "
                "outside the program. Keep a copy of this database and tell your data "
                "protection officer."
            )
        if self.missing_triggers:
            again = " They have been put back." if self.recreated_triggers else ""
            found.append(
                "The protection that stops audit entries being changed or deleted was "
                f"removed ({', '.join(self.missing_triggers)}).{again}"
            )
        return found


def _present_triggers(connection: Connection) -> set[str]:
    rows = connection.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'")
    )
    return {str(r[0]) for r in rows}


@contextmanager
def _own_engine(store: Store) -> Iterator[Engine]:
    """An engine of the check's own (one connection, closed by the thread that used it).

    The start-up check runs in the background; the store's pooled connections may be
    closed under it when the window closes first, which SQLCipher does not survive.
    """
    if store.path is None or store.engine.dialect.name != "sqlite":
        yield store.engine
        return
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from slip_desktop.db.encryption import connect_raw

    path, passphrase = store.path, store.passphrase
    engine = create_engine(
        "sqlite://", creator=lambda: connect_raw(path, passphrase), poolclass=NullPool
    )
    try:
        yield engine
    finally:
        engine.dispose()


def _recreate_triggers(engine: Engine) -> list[str]:
    if engine.dialect.name != "sqlite":
        return []
    with engine.begin() as connection:
        missing = [n for n in AUDIT_TRIGGERS if n not in _present_triggers(connection)]
        for name in missing:
            connection.exec_driver_sql(AUDIT_TRIGGERS[name])
    return missing


def recreate_audit_triggers(store: Store) -> list[str]:
    """Put back any missing append-only trigger; return the names re-created (SQLite only)."""
    return _recreate_triggers(store.engine)


def verify_audit_trail(store: Store, *, repair: bool = True) -> AuditCheck:
    """Check the hash chain row by row and the append-only triggers; re-create missing triggers.

    Run at start-up (as the system, before sign-in) and from Data protection → Verify audit
    trail (coordinator only). A deleted, changed or inserted-by-hand row breaks the chain at
    the row after it; deleting the newest rows cannot be seen this way.
    """
    require_permission(store, Action.VIEW_AUDIT)
    return check_audit_trail(store, repair=repair)


def check_audit_trail(store: Store, *, repair: bool = True) -> AuditCheck:
    """The start-up check: verify_audit_trail run by the program itself, whoever signs in.

    It names row ids and trigger names only, so its report may be shown to anyone.
    """
    with _own_engine(store) as engine:
        return _check(engine, repair)


def _check(engine: Engine, repair: bool) -> AuditCheck:
    columns = [_audit_table.c[c] for c in ("id", *_CHAINED, "row_hash")]
    previous, rows, broken_count = "", 0, 0
    broken: list[int] = []
    with engine.connect() as connection:
        result = connection.execution_options(yield_per=5000).execute(
            select(*columns).order_by(_audit_table.c.id)
        )
        for row in result:
            values = dict(row._mapping)
            rows += 1
            expected = chain_hash(previous, _row_text(values))
            if values["row_hash"] != expected:
                broken_count += 1
                if len(broken) < _NAMED_BREAKS:
                    broken.append(int(values["id"]))
            # Go on from the stored hash: one bad row is reported once, not with all after it.
            previous = str(values["row_hash"] or "")
        missing: list[str] = []
        if engine.dialect.name == "sqlite":
            present = _present_triggers(connection)
            missing = [n for n in AUDIT_TRIGGERS if n not in present]
    recreated = _recreate_triggers(engine) if repair and missing else []
    return AuditCheck(rows, tuple(broken), broken_count, tuple(missing), tuple(recreated))
