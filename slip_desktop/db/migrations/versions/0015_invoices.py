"""invoices: a statement's invoice number and due date, and the numbers given per year.

Revision ID: 0015
Revises: 0012

An issued statement carries an invoice number unique and sequential within its
academic year (SLIP-2026-0001) and the date payment is due. ``invoice_sequence``
keeps the last number given in each year, so a number is never given twice.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invoice_sequence",
        sa.Column("academic_year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("academic_year", name=op.f("pk_invoice_sequence")),
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("invoice_number", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_statement_invoice_number"), ["invoice_number"]
        )


def downgrade() -> None:
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_statement_invoice_number"), type_="unique")
        batch_op.drop_column("due_on")
        batch_op.drop_column("invoice_number")
    op.drop_table("invoice_sequence")
