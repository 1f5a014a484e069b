"""Each database's identity: a UUID kept inside it, so its backups can be told from others'.

The UUID lives in the ``setting`` table (there since the first schema), so it is copied
into every backup. A copy of it sits in a small file beside the database, for when the
database itself is too damaged to read; the UUID is random and says nothing about the data.
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from pathlib import Path
from typing import Any

from slip_desktop.db.store import Store

log = logging.getLogger("slip_desktop")

#: The ``setting`` row that holds the UUID.
IDENTITY_KEY = "database.identity"
#: Beside the database: ``slip.db`` -> ``slip.db.identity``.
SIDECAR_SUFFIX = ".identity"
_UUID = re.compile(r"^[0-9a-f]{32}$")


def is_identity(text: object) -> bool:
    """Return True when ``text`` looks like an identity (32 lower-case hex digits)."""
    return isinstance(text, str) and bool(_UUID.match(text))


def sidecar_path(database: Path) -> Path:
    """Return the file beside ``database`` that remembers its identity."""
    return database.with_name(database.name + SIDECAR_SUFFIX)


def remembered_identity(database: Path) -> str | None:
    """Return the identity remembered beside ``database`` (None if none or unreadable)."""
    try:
        text = sidecar_path(database).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text if is_identity(text) else None


def _remember(database: Path, identity: str) -> None:
    if remembered_identity(database) == identity:
        return
    try:
        sidecar_path(database).write_text(identity + "\n", encoding="ascii")
    except OSError:  # a read-only folder: the identity inside the database still holds
        log.warning("Could not write the identity file beside %s", database.name)


def read_identity(connection: Any) -> str | None:
    """Return the identity stored in the database behind a DB-API ``connection``, or None."""
    try:
        row = connection.execute(
            "SELECT value FROM setting WHERE key = ?", (IDENTITY_KEY,)
        ).fetchone()
    except Exception:  # noqa: BLE001 - no setting table yet, or an unreadable page
        return None
    value = None if row is None else str(row[0])
    return value if is_identity(value) else None


def database_identity(store: Store) -> str | None:
    """Return the store's identity, storing a new one first if it has none.

    A read-only store is not written: its identity is the one inside it or the one
    remembered beside it (None when neither is known).
    """
    with store.read_connection() as connection:
        inside = read_identity(connection)
    beside = remembered_identity(store.path) if store.path is not None else None
    if inside is None:
        if store.read_only:
            return beside
        inside = beside or uuid.uuid4().hex
        _store_inside(store, inside)
    if store.path is not None:
        _remember(store.path, inside)
    return inside


def _store_inside(store: Store, identity: str) -> None:
    """Write the identity row (the setting table exists in every schema since the first)."""
    connection = store.new_connection()
    try:
        connection.execute(
            "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (IDENTITY_KEY, identity)
        )
        connection.commit()
    finally:
        connection.close()


def default_backup_folder(database: Path, root: Path) -> Path:
    """Return the default backup folder of ``database`` under ``root``: one per database file."""
    digest = hashlib.sha256(str(database.resolve()).encode("utf-8")).hexdigest()[:8]
    stem = re.sub(r"[^\w.-]+", "_", database.stem)[:40] or "database"
    return root / f"{stem}-{digest}"
