"""The new school year: DfE attendance codes up to 3 characters, year-group anchor, post-16.

Revision ID: 0012
Revises: 0008

The register column widens from one character to three (C1, J1, Y1-Y7 since August
2024); old one-letter marks are kept as they are. A pupil's stored year group
records the academic year it was entered for, so shown year groups follow the
cohort. A placement records a Year 11 pupil's post-16 destination and outcomes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SESSION = sa.Enum("am", "pm", name="session", native_enum=False, create_constraint=True, length=24)
DESTINATION = sa.Enum(
    "college",
    "apprenticeship",
    "sixth_form",
    "employment_training",
    "neet",
    "unknown",
    name="post16_destination",
    native_enum=False,
    create_constraint=True,
    length=24,
)


def _rebuild_marks(width: int) -> None:
    """Copy the register into a table whose code column is ``width`` wide (SQLite)."""
    op.create_table(
        "attendance_mark_new",
        sa.Column("placement_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("session", SESSION, nullable=False),
        sa.Column("code", sa.String(length=width), nullable=False),
        sa.ForeignKeyConstraint(
            ["placement_id"],
            ["placement.id"],
            name="fk_attendance_mark_placement_id_placement",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("placement_id", "day", "session", name="pk_attendance_mark"),
        sqlite_with_rowid=False,
    )
    code = "code" if width >= 3 else "substr(code, 1, 1)"
    op.execute(
        "INSERT INTO attendance_mark_new (placement_id, day, session, code) "
        f"SELECT placement_id, day, session, {code} FROM attendance_mark"
    )
    op.drop_table("attendance_mark")
    op.rename_table("attendance_mark_new", "attendance_mark")


def _widen_marks(width: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Batch mode would rebuild the table WITH a rowid: rebuild it by hand instead.
        _rebuild_marks(width)
    else:
        op.alter_column(
            "attendance_mark",
            "code",
            type_=sa.String(length=width),
            existing_nullable=False,
            postgresql_using=f"substr(code, 1, {width})",
        )


def upgrade() -> None:
    _widen_marks(3)
    with op.batch_alter_table("pupil") as batch_op:
        batch_op.add_column(sa.Column("year_group_as_of", sa.Integer(), nullable=True))
    # Year groups on record were typed for the academic year of their last change.
    if op.get_bind().dialect.name == "sqlite":
        year, month = "CAST(strftime('%Y', updated_at) AS INTEGER)", "strftime('%m', updated_at)"
        op.execute(
            f"UPDATE pupil SET year_group_as_of = {year} - "
            f"CASE WHEN CAST({month} AS INTEGER) < 9 THEN 1 ELSE 0 END"
        )
    else:
        op.execute(
            "UPDATE pupil SET year_group_as_of = CAST(EXTRACT(YEAR FROM updated_at) AS INTEGER) - "
            "CASE WHEN EXTRACT(MONTH FROM updated_at) < 9 THEN 1 ELSE 0 END"
        )
    with op.batch_alter_table("placement") as batch_op:
        batch_op.add_column(sa.Column("post16_destination", DESTINATION, nullable=True))
        batch_op.add_column(
            sa.Column("year11_outcomes", sa.Text(), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("placement") as batch_op:
        batch_op.drop_column("year11_outcomes")
        if op.get_bind().dialect.name == "sqlite":
            # PostgreSQL drops a column's CHECK with it; SQLite's rebuilt table would keep it.
            batch_op.drop_constraint(op.f("ck_placement_post16_destination"), type_="check")
        batch_op.drop_column("post16_destination")
    with op.batch_alter_table("pupil") as batch_op:
        batch_op.drop_column("year_group_as_of")
    _widen_marks(1)
