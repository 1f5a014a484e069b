"""Optimistic locking: a save from a stale form is refused, saying who changed it and when.

Every editable table has a ``version`` column (SQLAlchemy's ``version_id_col``): an
UPDATE names the version it read, so two saves of one record can never silently
overwrite each other. A form keeps the version it opened; the write function calls
``check_version`` (or turns SQLAlchemy's StaleDataError into ``stale_error_by_id``),
and the coordinator reads who changed it, when, and what they changed it to.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from slip_desktop.db.models import AppUser, AuditEvent
from slip_desktop.db.store import Store
from slip_desktop.domain.errors import ConflictError
from slip_desktop.domain.text_rules import label_of

#: Their changes named in the message, at most (the rest: "and 3 more").
_SHOWN = 6
_WIDTH = 60


class StaleRecordError(ConflictError):
    """Someone saved the record after this form opened it; nothing of this save was kept.

    Attributes:
        changed_by: the other person's name ("" when the trail does not say).
        changed_at: when they saved it, local time (None when unknown).
        their_values: field -> the value they saved.
    """

    def __init__(
        self,
        message: str,
        field: str,
        changed_by: str,
        changed_at: datetime | None,
        their_values: dict[str, Any],
    ) -> None:
        super().__init__(message, field)
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.their_values = their_values


def _short(value: Any) -> str:
    text = "(empty)" if value in (None, "") else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"


def _when(at: datetime, today: date) -> str:
    local = at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
    clock = f"{local:%H:%M}"
    return clock if local.date() == today else f"{clock} on {local:%d %b %Y}"


def _last_change(session: Session, table: str, record_id: int | None) -> AuditEvent | None:
    # A setting is keyed by name: the trail knows its table, not which row (record_id NULL).
    same_row = (
        AuditEvent.record_id.is_(None) if record_id is None else AuditEvent.record_id == record_id
    )
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.table_name == table, same_row)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()


def _display_name(session: Session, username: str) -> str:
    name = session.scalar(select(AppUser.display_name).where(AppUser.username == username))
    return str(name or username or "someone")


def stale_error(
    session: Session, obj: Any, what: str, field: str = "", today: date | None = None
) -> StaleRecordError:
    """Return the error for a save of ``obj`` someone else changed first (``what`` names it)."""
    mapper = inspect(obj).mapper
    table = str(mapper.local_table.name)
    key = mapper.primary_key_from_instance(obj)
    record_id = key[0] if len(key) == 1 and isinstance(key[0], int) else None
    event = _last_change(session, table, record_id)
    who, at, theirs = "someone else", None, {}
    if event is not None:
        who = _display_name(session, event.username)
        at = event.at
        try:
            changes = json.loads(event.changes or "{}")
        except ValueError:
            changes = {}
        theirs = {k: v[1] for k, v in changes.items() if isinstance(v, list) and len(v) == 2}
    when = f" at {_when(at, today or date.today())}" if at is not None else ""
    shown = [f"{label_of(k)}: {_short(v)}" for k, v in list(theirs.items())[:_SHOWN]]
    if len(theirs) > _SHOWN:
        shown.append(f"and {len(theirs) - _SHOWN} more")
    values = f" They saved: {'; '.join(shown)}." if shown else ""
    local_at = at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None) if at is not None else None
    return StaleRecordError(
        f"{what} was changed by {who}{when} since you opened it, so your changes were not "
        f"saved.{values} Reopen it to see their version, then make your changes again.",
        field,
        who,
        local_at,
        theirs,
    )


def check_version(
    session: Session, obj: Any, expected: int | None, what: str, field: str = ""
) -> None:
    """Raise StaleRecordError unless ``obj`` is still at the ``expected`` version the form read."""
    if expected is not None and getattr(obj, "version", expected) != expected:
        raise stale_error(session, obj, what, field)


def stale_error_by_id(
    store: Store, model: Any, record_id: int | str | None, what: str, field: str = ""
) -> ConflictError:
    """Return the error for a save that lost a race (StaleDataError), read in a fresh session."""
    with store.session() as session:
        obj = session.get(model, record_id) if record_id is not None else None
        if obj is None:
            return ConflictError(f"{what} was deleted by someone else since you opened it.", field)
        return stale_error(session, obj, what, field)


@contextmanager
def refusing_stale_saves(
    store: Store, model: Any, record_id: int | str | None, what: str, field: str = ""
) -> Iterator[None]:
    """Turn a save that lost a race (StaleDataError at flush) into the coordinator's message."""
    try:
        yield
    except StaleDataError as error:
        raise stale_error_by_id(store, model, record_id, what, field) from error


def newest_change(session: Session, model: Any, rows: Sequence[Any]) -> tuple[int, Any]:
    """Return a set of rows' version (the newest audit id among them) and the row it names.

    Lists saved whole (a year's terms, a year's offer) have no one row to version, so, as
    with the year's rates (whose version is their newest entry's id), their version is the
    newest trail entry touching any of their rows: 0 when nothing is on the trail.
    """
    table = str(inspect(model).local_table.name)
    by_id = {row.id: row for row in rows}
    if not by_id:
        return 0, None
    found = session.execute(
        select(AuditEvent.id, AuditEvent.record_id)
        .where(AuditEvent.table_name == table, AuditEvent.record_id.in_(by_id))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    ).first()
    if found is None:
        return 0, None
    return int(found[0]), by_id[found[1]]


def check_list_version(
    session: Session,
    model: Any,
    rows: Sequence[Any],
    expected: int | None,
    what: str,
    field: Callable[[Any], str],
) -> None:
    """Raise StaleRecordError unless ``rows`` are still at the ``expected`` list version.

    ``field`` names, for the row someone else changed, the field the message goes beside.
    """
    if expected is None:
        return
    newest, row = newest_change(session, model, rows)
    if newest == expected:
        return
    if row is None:
        raise ConflictError(f"{what} was removed by someone else since you opened it.", "")
    raise stale_error(session, row, what, field(row))


@contextmanager
def refusing_stale_list_saves(
    store: Store,
    model: Any,
    rows_of: Callable[[Session], Sequence[Any]],
    what: str,
    field: Callable[[Any], str],
) -> Iterator[None]:
    """Turn a whole-list save that lost a race (StaleDataError) into the coordinator's words."""
    try:
        yield
    except StaleDataError as error:
        with store.session() as session:
            _newest, row = newest_change(session, model, rows_of(session))
            if row is None:
                raise ConflictError(
                    f"{what} was changed by someone else since you opened it.", ""
                ) from error
            raise stale_error(session, row, what, field(row)) from error
