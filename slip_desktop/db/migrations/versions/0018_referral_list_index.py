"""The referral list reads its referral columns from one covering index, in list order.

Revision ID: 0018
Revises: 0016

``ix_referral_list`` holds every referral column the list shows, ordered as the list
is (newest received first), so the list's query never reads the wide referral rows
(forms with their free text) through SQLCipher. It starts with ``received_on``, so it
also serves every date-range filter the old ``ix_referral_received_on`` served; that
one is dropped rather than kept beside it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The list's columns after its order (received_on, id): keep equal to models/referrals.py.
LIST_COLUMNS = [
    "received_on",
    "id",
    "school_id",
    "pupil_id",
    "case_reference",
    "year_group",
    "kind",
    "status",
]


def upgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_received_on"))
        batch_op.create_index(batch_op.f("ix_referral_list"), LIST_COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_list"))
        batch_op.create_index(batch_op.f("ix_referral_received_on"), ["received_on"], unique=False)
