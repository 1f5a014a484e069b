"""finance schema changes: traceable statement lines, adjustments that correct locked terms.

Revision ID: 0006
Revises: 0005
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _term(name: str) -> sa.Enum:
    return sa.Enum(
        "autumn",
        "spring",
        "summer",
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
    )


def upgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rate_set_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("prepared_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_statement_rate_set_id"), ["rate_set_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_statement_rate_set_id_rate_set"), "rate_set", ["rate_set_id"], ["id"]
        )
        batch_op.create_unique_constraint(
            "uq_statement_school_term", ["school_id", "academic_year", "term"]
        )

    with op.batch_alter_table("statement_line", schema=None) as batch_op:
        batch_op.add_column(sa.Column("adjustment_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("programme", sa.String(length=24), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("tier", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column(
                "days_per_week",
                sa.Numeric(precision=2, scale=1),
                nullable=False,
                server_default="5.0",
            )
        )
        batch_op.add_column(
            sa.Column("year_days", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("calculation", sa.Text(), nullable=False, server_default="")
        )
        batch_op.create_index(
            batch_op.f("ix_statement_line_adjustment_id"), ["adjustment_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_statement_line_adjustment_id_adjustment"),
            "adjustment",
            ["adjustment_id"],
            ["id"],
        )
    # The server defaults only filled existing rows; the models keep Python defaults.
    with op.batch_alter_table("statement_line", schema=None) as batch_op:
        for column in ("programme", "tier", "days_per_week", "year_days", "calculation"):
            batch_op.alter_column(column, server_default=None)

    with op.batch_alter_table("adjustment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrects_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("corrects_term", _term("corrects_term"), nullable=True))

    with op.batch_alter_table("term_lock", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_term_lock_year_term", ["academic_year", "term"])


def downgrade() -> None:
    # statement_line first: it refers to adjustment and statement, which are rebuilt after it.
    with op.batch_alter_table("statement_line", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_statement_line_adjustment_id_adjustment"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_statement_line_adjustment_id"))
        for column in ("calculation", "year_days", "days_per_week", "tier", "programme"):
            batch_op.drop_column(column)
        batch_op.drop_column("adjustment_id")
    with op.batch_alter_table("adjustment", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_adjustment_corrects_term"), type_="check")
        batch_op.drop_column("corrects_term")
        batch_op.drop_column("corrects_year")
    with op.batch_alter_table("term_lock", schema=None) as batch_op:
        batch_op.drop_constraint("uq_term_lock_year_term", type_="unique")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_constraint("uq_statement_school_term", type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_statement_rate_set_id_rate_set"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_statement_rate_set_id"))
        batch_op.drop_column("prepared_on")
        batch_op.drop_column("rate_set_id")
