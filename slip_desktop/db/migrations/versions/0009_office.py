"""office: the partnership's details, schools' DfE details and contacts by role.

The single contact a school had (contact_name, contact_email) becomes its SENCO
contact, since plans, the mail it received, go to the SENCO.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept literal (not imported) so this migration stays what it was when written.
PHASES = ("secondary", "all_through", "middle", "primary", "special", "alternative", "sixth_form")
ROLES = ("head", "senco", "dsl", "attendance", "finance", "link")


def _stamps() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
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
    ]


def upgrade() -> None:
    op.create_table(
        "partnership_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("website", sa.String(length=200), nullable=False),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.Column("coordinator", sa.String(length=120), nullable=False),
        sa.Column("payee", sa.String(length=120), nullable=False),
        sa.Column("sort_code", sa.String(length=8), nullable=False),
        sa.Column("account_number", sa.String(length=8), nullable=False),
        sa.Column("remittance", sa.Text(), nullable=False),
        sa.Column("payment_terms_days", sa.Integer(), nullable=False),
        sa.Column("marking", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        *_stamps(),
        sa.CheckConstraint("id = 1", name=op.f("ck_partnership_settings_single_row")),
        sa.CheckConstraint(
            "payment_terms_days BETWEEN 0 AND 120", name=op.f("ck_partnership_settings_terms_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partnership_settings")),
    )
    op.create_table(
        "school_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                *ROLES, name="contact_role", native_enum=False, create_constraint=True, length=24
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        *_stamps(),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_school_contact_named")),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_school_contact_school_id_school"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_contact")),
    )
    with op.batch_alter_table("school_contact") as batch_op:
        batch_op.create_index(op.f("ix_school_contact_school_id"), ["school_id"], unique=False)
    op.execute(
        "INSERT INTO school_contact (school_id, role, name, email, phone) "
        "SELECT id, 'senco', trim(contact_name), contact_email, '' FROM school "
        "WHERE length(trim(contact_name)) > 0"
    )
    with op.batch_alter_table("school") as batch_op:
        batch_op.add_column(
            sa.Column("urn", sa.String(length=6), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("la_code", sa.String(length=3), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("la_name", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "phase",
                sa.Enum(
                    *PHASES,
                    name="school_phase",
                    native_enum=False,
                    create_constraint=True,
                    length=24,
                ),
                server_default="secondary",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("address", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.drop_column("contact_name")
        batch_op.drop_column("contact_email")


def downgrade() -> None:
    with op.batch_alter_table("school") as batch_op:
        batch_op.add_column(
            sa.Column("contact_name", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("contact_email", sa.String(length=200), server_default="", nullable=False)
        )
    op.execute(
        "UPDATE school SET contact_name = coalesce((SELECT c.name FROM school_contact c "
        "WHERE c.school_id = school.id AND c.role = 'senco' ORDER BY c.id LIMIT 1), ''), "
        "contact_email = coalesce((SELECT c.email FROM school_contact c "
        "WHERE c.school_id = school.id AND c.role = 'senco' ORDER BY c.id LIMIT 1), '')"
    )
    with op.batch_alter_table("school") as batch_op:
        # The phase CHECK names its column: it goes first, or the rebuilt table refers to it.
        batch_op.drop_constraint(op.f("ck_school_school_phase"), type_="check")
        for column in ("closed_on", "address", "phase", "la_name", "la_code", "urn"):
            batch_op.drop_column(column)
    op.drop_table("school_contact")
    op.drop_table("partnership_settings")
