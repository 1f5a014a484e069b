"""offer: the offer per academic year, and placements' booked weekdays and AP component.

Revision ID: 0011
Revises: 0008
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept literal (not imported) so this migration stays what it was when written.
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
CHARGE_RULES = ("none", "day_rate", "pro_rata")


def upgrade() -> None:
    op.create_table(
        "offer_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("academic_year", sa.Integer(), nullable=False),
        sa.Column(
            "programme",
            sa.Enum(*PROGRAMMES, name="programme", native_enum=False, create_constraint=True,
                    length=24),
            nullable=False,
        ),
        sa.Column("places", sa.Integer(), nullable=True),
        sa.Column("weeks", sa.Integer(), nullable=True),
        sa.Column("days_per_week", sa.Numeric(2, 1), nullable=False),
        sa.Column("charged", sa.Boolean(), nullable=False),
        sa.Column(
            "charge_rule",
            sa.Enum(*CHARGE_RULES, name="charge_rule", native_enum=False, create_constraint=True,
                    length=24),
            nullable=False,
        ),
        sa.Column(
            "entered_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column("entered_by", sa.String(length=120), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint(
            "places IS NULL OR places >= 0", name=op.f("ck_offer_line_places_not_negative")
        ),
        sa.CheckConstraint(
            "weeks IS NULL OR weeks BETWEEN 1 AND 52", name=op.f("ck_offer_line_weeks_range")
        ),
        sa.CheckConstraint(
            "days_per_week > 0 AND days_per_week <= 5",
            name=op.f("ck_offer_line_days_per_week_range"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_line")),
        sa.UniqueConstraint(
            "academic_year", "programme", name=op.f("uq_offer_line_year_programme")
        ),
    )  # fmt: skip
    with op.batch_alter_table("offer_line") as batch_op:
        batch_op.create_index(
            op.f("ix_offer_line_academic_year"), ["academic_year"], unique=False
        )
    with op.batch_alter_table("placement") as batch_op:
        batch_op.add_column(
            sa.Column("weekdays", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("ap_provider_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("ap_days", sa.String(length=40), server_default="", nullable=False)
        )
        batch_op.create_index(
            op.f("ix_placement_ap_provider_id"), ["ap_provider_id"], unique=False
        )
        batch_op.create_foreign_key(
            op.f("fk_placement_ap_provider_id_provider"), "provider", ["ap_provider_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("placement") as batch_op:
        batch_op.drop_constraint(op.f("fk_placement_ap_provider_id_provider"), type_="foreignkey")
        batch_op.drop_index(op.f("ix_placement_ap_provider_id"))
        batch_op.drop_column("ap_days")
        batch_op.drop_column("ap_provider_id")
        batch_op.drop_column("weekdays")
    with op.batch_alter_table("offer_line") as batch_op:
        batch_op.drop_index(op.f("ix_offer_line_academic_year"))
    op.drop_table("offer_line")
