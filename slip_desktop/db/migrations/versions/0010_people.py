"""people and standing invitations: the partnership's people, each meeting kind's list.

Revision ID: 0010
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("organisation", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "standing_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "meeting_kind",
            sa.Enum(
                "forum",
                "core",
                name="meeting_kind",
                native_enum=False,
                create_constraint=True,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_standing_invitation_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standing_invitation")),
        sa.UniqueConstraint("meeting_kind", "person_id", name="uq_standing_invitation_person"),
    )
    with op.batch_alter_table("standing_invitation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_standing_invitation_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("standing_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_standing_invitation_person_id"))
    op.drop_table("standing_invitation")
    op.drop_table("person")
