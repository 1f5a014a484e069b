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

# PostgreSQL: one function refuses both; SQLSTATE 23000 reaches Python as IntegrityError.
PG_REFUSE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit trail is append-only: entries cannot be %.',
        CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END
        USING ERRCODE = 'integrity_constraint_violation';
END
$$ LANGUAGE plpgsql
"""
PG_TRIGGERS = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()",
)


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
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(PG_REFUSE)
        for trigger in PG_TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    elif op.get_bind().dialect.name == "postgresql":
        for name in ("no_truncate", "no_delete", "no_update"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_event_{name} ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    with op.batch_alter_table("setting") as batch_op:
        batch_op.drop_constraint(op.f("ck_setting_key_named"), type_="check")
    with op.batch_alter_table("audit_event") as batch_op:
        batch_op.drop_index(op.f("ix_audit_event_table_name"))
        batch_op.drop_constraint(op.f("ck_audit_event_table_named"), type_="check")
        batch_op.drop_constraint(op.f("ck_audit_event_action_known"), type_="check")
    with op.batch_alter_table("app_user") as batch_op:
        batch_op.drop_constraint(op.f("ck_app_user_password_set"), type_="check")
        batch_op.drop_constraint(op.f("ck_app_user_username_format"), type_="check")
