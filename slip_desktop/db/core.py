"""Core Meeting operations: the partnership referrals and their decisions."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import select

from slip_desktop.db.models import Decision, Pupil, Referral, School
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import CoreOutcome, ReferralKind, ReferralStatus, SendStatus


class CoreCaseRow(NamedTuple):
    """A partnership referral as the Core Meeting sees it."""

    referral_id: int
    first_name: str
    last_name: str
    school: str
    year_group: int
    send_status: SendStatus
    received_on: date
    status: ReferralStatus
    outcome: CoreOutcome | None


def list_core_cases(store: Store) -> list[CoreCaseRow]:
    """Return every partnership referral with its decision, if one was made."""
    query = (
        select(
            Referral.id,
            Pupil.first_name,
            Pupil.last_name,
            School.name,
            Referral.year_group,
            Pupil.send_status,
            Referral.received_on,
            Referral.status,
            Decision.outcome,
        )
        .join(Pupil, Pupil.id == Referral.pupil_id)
        .join(School, School.id == Referral.school_id)
        .outerjoin(Decision, Decision.referral_id == Referral.id)
        .where(Referral.kind == ReferralKind.PARTNERSHIP)
        .order_by(Referral.received_on.desc())
    )
    with store.session() as session:
        return [CoreCaseRow._make(row) for row in session.execute(query)]
