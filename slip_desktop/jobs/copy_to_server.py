"""Move the office onto the server, and take a copy away: copy every table between two stores.

"Copy this database to the office server" copies an (encrypted) local file into an
empty PostgreSQL database; "Take a copy for offline use" copies the server into a new
encrypted file. Both copy every table (the audit trail too) in one transaction on the
target, reset its id sequences, then count and checksum each table on both sides and
commit only when every table matches.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from slip_desktop.db.store import Store, StoreOpenError
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

#: Rows sent to the target per statement.
CHUNK = 2000


@dataclass(frozen=True)
class TableCopy:
    """One table's copy, as checked.

    Attributes:
        table: the table's name.
        rows: how many rows both sides hold.
        checksum: the SHA-256 of the rows in key order (the same on both sides).
    """

    table: str
    rows: int
    checksum: str


@dataclass(frozen=True)
class CopyReport:
    """What was copied, for the coordinator."""

    source: str
    target: str
    tables: tuple[TableCopy, ...]

    @property
    def total_rows(self) -> int:
        """Every row copied."""
        return sum(t.rows for t in self.tables)

    def summary(self) -> str:
        """One sentence saying what was copied and checked."""
        return (
            f"Copied {self.total_rows:,} rows in {len(self.tables)} tables from "
            f"{self.source} to {self.target}; every table's row count and checksum match."
        )


class CopyMismatch(StoreOpenError):  # noqa: N818 - reads as "raise CopyMismatch"
    """A table's count or checksum differs after copying: nothing was kept."""


def _tables() -> list[Table]:
    from slip_desktop.db.models import Base

    return list(Base.metadata.sorted_tables)  # parents before children


def _plain(value: Any) -> str:
    # Each driver hands values back its own way: compare what they mean, not their types.
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def table_checksum(connection: Connection, table: Table) -> tuple[int, str]:
    """Return the row count and the SHA-256 of ``table``'s rows in primary-key order."""
    from sqlalchemy import select

    digest = hashlib.sha256()
    count = 0
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execute(select(table).order_by(*order)).yield_per(CHUNK)
    for row in result:
        digest.update("\x1f".join(_plain(v) for v in row).encode("utf-8"))
        digest.update(b"\x1e")
        count += 1
    return count, digest.hexdigest()


def _require_empty(connection: Connection, tables: list[Table], where: str) -> None:
    from sqlalchemy import func, select

    for table in tables:
        if connection.execute(select(func.count()).select_from(table)).scalar_one():
            raise StoreOpenError(
                f"{where} already holds data ({table.name}); copy only into an empty database."
            )


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    if connection.dialect.name != "postgresql":
        return  # SQLite's next id is one past the largest: nothing to reset
    from sqlalchemy import text

    for table in tables:
        ids = [
            c
            for c in table.primary_key.columns
            if c.autoincrement is True
            or (
                c.autoincrement == "auto"
                and len(table.primary_key.columns) == 1
                and c.type.python_type is int
            )
        ]
        for column in ids:
            connection.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence(:table, :column), "
                    f"COALESCE((SELECT max({column.name}) FROM {table.name}), 1), "
                    f"(SELECT max({column.name}) FROM {table.name}) IS NOT NULL) "
                    "WHERE pg_get_serial_sequence(:table, :column) IS NOT NULL"
                ),
                {"table": table.name, "column": column.name},
            )


def copy_database(
    source: Store,
    target: Store,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> CopyReport:
    """Copy every table of ``source`` into the empty ``target``; check and commit, or keep nothing.

    Both are brought to the newest schema first. Raise StoreOpenError when the target
    holds data, CopyMismatch when a table does not match afterwards, Cancelled when
    the user stopped it (the target is left as it was).
    """
    from sqlalchemy import insert, select

    from slip_desktop.db.migrate import upgrade_to_head

    if target.read_only:
        raise StoreOpenError(f"{target.location} is open read-only; nothing can be copied into it.")
    upgrade_to_head(target.engine)
    tables = _tables()
    total = len(tables) * 2
    copies: list[TableCopy] = []
    with source.engine.connect() as reading, target.engine.begin() as writing:
        _require_empty(writing, tables, target.location)
        for done, table in enumerate(tables):
            step(progress, cancel, done, total, f"Copying {table.name}")
            result = reading.execute(select(table)).mappings().yield_per(CHUNK)
            for chunk in result.partitions(CHUNK):
                if cancel.is_set():
                    step(progress, cancel, done, total)
                writing.execute(insert(table), [dict(row) for row in chunk])
        _reset_sequences(writing, tables)
        for done, table in enumerate(tables, start=len(tables)):
            step(progress, cancel, done, total, f"Checking {table.name}")
            source_sum = table_checksum(reading, table)
            target_sum = table_checksum(writing, table)
            if source_sum != target_sum:
                raise CopyMismatch(
                    f"The copy of {table.name} does not match ({source_sum[0]} rows here, "
                    f"{target_sum[0]} there); nothing was kept on {target.location}."
                )
            copies.append(TableCopy(table.name, *source_sum))
    progress(total, total, "")
    report = CopyReport(source.location, target.location, tuple(copies))
    _record(target, report)
    return report


def _record(target: Store, report: CopyReport) -> None:
    from slip_desktop.db.audit import record_event
    from slip_desktop.domain.audit_actions import AuditAction

    record_event(
        target, AuditAction.BULK_INSERT, "database", None, f"copied from {report.source}"[:500]
    )


def copy_to_server(
    source: Store,
    server_url: str,
    password: str | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> CopyReport:
    """Copy this (local) database into the empty office database at ``server_url``."""
    from slip_desktop.db.server import open_server

    target = open_server(server_url, password)
    try:
        return copy_database(source, target, progress=progress, cancel=cancel)
    finally:
        target.close()


def take_offline_copy(
    server: Store,
    path: Any,
    passphrase: str,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> CopyReport:
    """Copy the office server into a new encrypted file at ``path`` (for a laptop)."""
    from pathlib import Path

    from slip_desktop.db.store import holds_data

    file = Path(path)
    if holds_data(file):
        raise StoreOpenError(f"{file} already exists; choose a new file for the offline copy.")
    target = Store.open(file, passphrase)
    try:
        return copy_database(server, target, progress=progress, cancel=cancel)
    except BaseException:
        target.close()
        file.unlink(missing_ok=True)
        raise
    finally:
        target.close()
