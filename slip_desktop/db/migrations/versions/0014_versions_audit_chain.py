"""versions audit chain: a version column on every editable table, and a hash chain on the audit trail.

Revision ID: 0014
Revises: 0008
"""

import hashlib
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Tables edited through forms that had no version column yet.
VERSIONED = (
    "school",
    "staff_member",
    "provider",
    "term_dates",
    "meeting",
    "meeting_attendee",
    "agenda_item",
    "action_item",
    "decision",
    "managed_move",
    "review",
    "school_visit",
    "rate_set",
    "statement",
    "adjustment",
    "app_user",
    "setting",
)

# Kept literal (not imported) so this migration stays what it was when written.
NO_DELETE = """
CREATE TRIGGER IF NOT EXISTS audit_event_no_delete
BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be deleted.');
END
"""
NO_UPDATE = """
CREATE TRIGGER IF NOT EXISTS audit_event_no_update
BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be changed.');
END
"""


def _chain_hash(previous: str, row: sa.Row) -> str:  # type: ignore[type-arg]
    # The same text as slip_desktop.domain.audit_chain at the time of writing.
    text = json.dumps(
        [
            row.at.isoformat(sep=" ", timespec="microseconds"),
            row.username or "",
            row.action,
            row.table_name,
            row.record_id,
            row.pupil_id,
            row.changes or "",
        ],
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{previous}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()


def _chain_existing_rows() -> None:
    bind = op.get_bind()
    audit = sa.table(
        "audit_event",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime),
        sa.column("username", sa.String),
        sa.column("action", sa.String),
        sa.column("table_name", sa.String),
        sa.column("record_id", sa.Integer),
        sa.column("pupil_id", sa.Integer),
        sa.column("changes", sa.Text),
        sa.column("row_hash", sa.String),
    )
    rows = bind.execute(sa.select(audit).order_by(audit.c.id)).all()
    if not rows:
        return
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        # The append-only trigger refuses this one-off fill; it is put back straight after.
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    previous = ""
    updates = []
    for row in rows:
        previous = _chain_hash(previous, row)
        updates.append({"row_id": row.id, "h": previous})
    bind.execute(
        audit.update()
        .where(audit.c.id == sa.bindparam("row_id"))
        .values(row_hash=sa.bindparam("h")),
        updates,
    )
    if sqlite:
        op.execute(NO_UPDATE)


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.add_column(
            sa.Column("row_hash", sa.String(length=64), server_default="", nullable=False)
        )
    _chain_existing_rows()


def downgrade() -> None:
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_column("row_hash")
    if op.get_bind().dialect.name == "sqlite":
        # Dropping a column rebuilds the table, and its triggers with it.
        op.execute(NO_UPDATE)
        op.execute(NO_DELETE)
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
