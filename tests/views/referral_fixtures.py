"""Finding demo pupils in the states the referral tests need."""

from __future__ import annotations

from sqlalchemy import select

from slip_desktop.db.models import ActionPlan, Pupil, Referral
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import ReferralKind


def pupil_with_reviewed_plan(store: Store) -> int:
    """A pupil whose forum plan was reviewed and who has no partnership referral yet."""
    with store.session() as s:
        partnered = set(
            s.scalars(select(Referral.pupil_id).where(Referral.kind == ReferralKind.PARTNERSHIP))
        )
        rows = s.execute(
            select(Referral.pupil_id)
            .join(ActionPlan, ActionPlan.referral_id == Referral.id)
            .where(ActionPlan.reviewed_on.is_not(None), Referral.pupil_id.is_not(None))
        ).scalars()
        return next(p for p in rows if p not in partnered)


def pupil_without_referrals(store: Store) -> int:
    """A pupil the office has never had a referral for."""
    with store.session() as s:
        referred = set(s.scalars(select(Referral.pupil_id)))
        return next(p for p in s.scalars(select(Pupil.id)) if p not in referred)


def pupil_with_unreviewed_plan(store: Store) -> int:
    """A pupil whose only forum referral has a plan not yet reviewed."""
    with store.session() as s:
        reviewed = set(
            s.scalars(
                select(Referral.pupil_id)
                .join(ActionPlan, ActionPlan.referral_id == Referral.id)
                .where(ActionPlan.reviewed_on.is_not(None))
            )
        )
        rows = s.scalars(
            select(Referral.pupil_id)
            .join(ActionPlan, ActionPlan.referral_id == Referral.id)
            .where(ActionPlan.reviewed_on.is_(None), Referral.pupil_id.is_not(None))
        )
        return next(p for p in rows if p not in reviewed)
