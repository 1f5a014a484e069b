"""core board schema changes: decision follow-ups and the managed-move guarantee.

Revision ID: 0004
Revises: 0003
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROGRAMMES = (
    "small_group",
    "one_to_one",
    "engagement",
    "reset",
    "ks3_long_term",
    "ks4_tier3_ap",
    "pathway_1",
    "pathway_2",
    "pathway_3",
)


def upgrade() -> None:
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("advice", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("forum_referral_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_decision_forum_referral_id"), ["forum_referral_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_decision_forum_referral_id_referral"),
            "referral",
            ["forum_referral_id"],
            ["id"],
        )

    with op.batch_alter_table("managed_move", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "guarantee_programme",
                sa.Enum(
                    *PROGRAMMES,
                    name="programme",
                    native_enum=False,
                    create_constraint=True,
                    length=24,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("placement_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ended_on", sa.Date(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_managed_move_placement_id"), ["placement_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_managed_move_placement_id_placement"),
            "placement",
            ["placement_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("managed_move", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_managed_move_placement_id_placement"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_managed_move_placement_id"))
        batch_op.drop_constraint(batch_op.f("ck_managed_move_programme"), type_="check")
        batch_op.drop_column("ended_on")
        batch_op.drop_column("placement_id")
        batch_op.drop_column("guarantee_programme")

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_decision_forum_referral_id_referral"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_decision_forum_referral_id"))
        batch_op.drop_column("forum_referral_id")
        batch_op.drop_column("advice")
