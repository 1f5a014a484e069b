"""Attendance marks keyed by (placement, day, session) in a WITHOUT ROWID table.

Revision ID: 0005
Revises: 0004

The rowid table kept every mark twice (the table and its unique index) plus a
day index: ten years of registers took 22 MiB. Keyed on the natural key alone
it takes about 9 MiB.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SESSION = sa.Enum("am", "pm", name="session", native_enum=False, create_constraint=True, length=24)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        # WITHOUT ROWID is SQLite's; elsewhere the same key is made on the table in place.
        op.drop_index("ix_attendance_mark_day", table_name="attendance_mark")
        op.drop_constraint("uq_attendance_mark_session", "attendance_mark", type_="unique")
        op.drop_constraint("pk_attendance_mark", "attendance_mark", type_="primary")
        op.drop_column("attendance_mark", "id")
        op.create_primary_key("pk_attendance_mark", "attendance_mark", ["placement_id", "day", "session"])
        return
    op.create_table(
        "attendance_mark_new",
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("session", SESSION, nullable=False),
        sa.Column("code", sa.String(length=1), nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name="fk_attendance_mark_placement_id_placement",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("placement_id", "day", "session", name="pk_attendance_mark"),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO attendance_mark_new (placement_id, day, session, code) "
        "SELECT placement_id, day, session, code FROM attendance_mark"
    )
    op.drop_table("attendance_mark")
    op.rename_table("attendance_mark_new", "attendance_mark")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("pk_attendance_mark", "attendance_mark", type_="primary")
        op.add_column("attendance_mark", sa.Column("id", sa.Integer(), sa.Identity(), nullable=False))
        op.create_primary_key("pk_attendance_mark", "attendance_mark", ["id"])
        op.create_unique_constraint(
            "uq_attendance_mark_session", "attendance_mark", ["placement_id", "day", "session"]
        )
        op.create_index("ix_attendance_mark_day", "attendance_mark", ["day"], unique=False)
        return
    op.create_table(
        "attendance_mark_old",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("session", SESSION, nullable=False),
        sa.Column("code", sa.String(length=1), nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name="fk_attendance_mark_placement_id_placement",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_attendance_mark"),
        sa.UniqueConstraint("placement_id", "day", "session", name="uq_attendance_mark_session"),
    )
    op.execute(
        "INSERT INTO attendance_mark_old (placement_id, day, session, code) "
        "SELECT placement_id, day, session, code FROM attendance_mark"
    )
    op.drop_table("attendance_mark")
    op.rename_table("attendance_mark_old", "attendance_mark")
    op.create_index("ix_attendance_mark_day", "attendance_mark", ["day"], unique=False)
