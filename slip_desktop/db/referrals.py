"""Referral operations: the list the Referrals tab shows."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select

from slip_desktop.db.models import AgendaItem, Meeting, Pupil, Referral, School
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import ReferralKind, ReferralStatus


class ReferralRow(NamedTuple):
    """One line of the referral list."""

    id: int
    pupil_id: int | None
    case_reference: str | None
    first_name: str | None
    last_name: str | None
    upn: str | None
    school: str
    year_group: int
    kind: ReferralKind
    status: ReferralStatus
    received_on: date
    meeting_on: date | None


def list_referrals(store: Store) -> list[ReferralRow]:
    """Return every referral with its pupil, school and the meeting it is booked for."""
    booked = (
        select(AgendaItem.referral_id, func.max(Meeting.meets_on).label("meeting_on"))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .group_by(AgendaItem.referral_id)
        .subquery()
    )
    query = (
        select(
            Referral.id,
            Referral.pupil_id,
            Referral.case_reference,
            Pupil.first_name,
            Pupil.last_name,
            Pupil.upn,
            School.name,
            Referral.year_group,
            Referral.kind,
            Referral.status,
            Referral.received_on,
            booked.c.meeting_on,
        )
        .join(School, School.id == Referral.school_id)
        .outerjoin(Pupil, Pupil.id == Referral.pupil_id)
        .outerjoin(booked, booked.c.referral_id == Referral.id)
        .order_by(Referral.received_on.desc(), Referral.id.desc())
    )
    with store.session() as session:
        return [ReferralRow._make(row) for row in session.execute(query)]
