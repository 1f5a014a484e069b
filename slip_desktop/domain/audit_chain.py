"""The audit trail's hash chain: each row's hash covers the previous hash and the row itself."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime


def canonical_row(
    at: datetime,
    username: str,
    action: str,
    table_name: str,
    record_id: int | None,
    pupil_id: int | None,
    changes: str,
) -> str:
    """Return the one text a row is hashed as (the same on SQLite and PostgreSQL)."""
    return json.dumps(
        [
            at.isoformat(sep=" ", timespec="microseconds"),
            username,
            action,
            table_name,
            record_id,
            pupil_id,
            changes,
        ],
        ensure_ascii=True,
        separators=(",", ":"),
    )


def chain_hash(previous: str, row: str) -> str:
    """Return the hex sha256 of the previous row's hash and this row's canonical text."""
    return hashlib.sha256(f"{previous}\n{row}".encode("utf-8", "surrogatepass")).hexdigest()
