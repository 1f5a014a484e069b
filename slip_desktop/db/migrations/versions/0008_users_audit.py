"""users audit schema changes: account and audit CHECK constraints, append-only audit trail.

Revision ID: 0008
Revises: 0007
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept literal (not imported) so this migration stays what it was when written.
AUDIT_ACTIONS = (
    "'create', 'update', 'delete', 'export', 'print', 'bulk_insert', 'bulk_update', "
    "'bulk_delete', 'sign_in', 'sign_in_failed', 'anonymise', 'dispose'"
)

NO_UPDATE = """
CREATE TRIGGER IF NOT EXISTS audit_event_no_update
BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be changed.');
END
"""
NO_DELETE = """
CREATE TRIGGER IF NOT EXISTS audit_event_no_delete
BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be deleted.');
END
"""


def upgrade() -> None:
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_app_user_username_format"),
            "length(username) BETWEEN 3 AND 60 AND username = lower(trim(username))",
        )
        batch_op.create_check_constraint(
            op.f("ck_app_user_password_set"), "length(password_hash) > 0"
        )
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_audit_event_action_known"), f"action IN ({AUDIT_ACTIONS})"
        )
        batch_op.create_check_constraint(
            op.f("ck_audit_event_table_named"), "length(table_name) > 0"
        )
        batch_op.create_index(
            op.f("ix_audit_event_table_name"), ["table_name", "record_id"], unique=False
        )
    with op.batch_alter_table("setting") as batch_op:
        batch_op.create_check_constraint(op.f("ck_setting_key_named"), "length(key) > 0")
    # After the batch rebuild, so the recreated table carries the triggers.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(NO_UPDATE)
        op.execute(NO_DELETE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    with op.batch_alter_table("setting") as batch_op:
        batch_op.drop_constraint(op.f("ck_setting_key_named"), type_="check")
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_index(op.f("ix_audit_event_table_name"))
        batch_op.drop_constraint(op.f("ck_audit_event_table_named"), type_="check")
        batch_op.drop_constraint(op.f("ck_audit_event_action_known"), type_="check")
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.drop_constraint(op.f("ck_app_user_password_set"), type_="check")
        batch_op.drop_constraint(op.f("ck_app_user_username_format"), type_="check")
