"""Invented managed moves and fresh starts, and this term's Core cases still to decide."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from slip_desktop.db.demo.meetings import DemoCalendar
from slip_desktop.db.demo.people import DemoWorld
from slip_desktop.db.models import AgendaItem, ManagedMove, Placement, Pupil, Referral
from slip_desktop.domain.enums import (
    AgendaPurpose,
    Consent,
    MeetingStatus,
    MoveKind,
    MoveOutcome,
    PlacementStatus,
    Programme,
    ReferralKind,
    ReferralStatus,
)
from slip_desktop.domain.managed_moves import GUARANTEE_PRIORITY
from slip_desktop.domain.programmes import key_stage_on

#: Separate from the shared generator, so adding this module changes no other demo data.
SEED = 505

#: (kind, weeks ago it started, outcome, guaranteed, pupil now on the receiving roll)
MOVES = [
    (MoveKind.MANAGED_MOVE, 40, MoveOutcome.SUCCESSFUL, False, True),
    (MoveKind.MANAGED_MOVE, 34, MoveOutcome.FAILED, False, False),
    (MoveKind.FRESH_START, 30, MoveOutcome.SUCCESSFUL, False, True),
    (MoveKind.MANAGED_MOVE, 24, MoveOutcome.SUCCESSFUL, True, True),
    (MoveKind.MANAGED_MOVE, 18, MoveOutcome.WITHDRAWN, False, False),
    (MoveKind.FRESH_START, 14, MoveOutcome.SUCCESSFUL, False, True),
    (MoveKind.MANAGED_MOVE, 9, MoveOutcome.FAILED, True, False),
    (MoveKind.MANAGED_MOVE, 4, MoveOutcome.IN_PROGRESS, True, False),
    (MoveKind.MANAGED_MOVE, 2, MoveOutcome.IN_PROGRESS, False, False),
    (MoveKind.FRESH_START, 1, MoveOutcome.IN_PROGRESS, False, False),
]


def seed(session: Session, today: date, world: DemoWorld, calendar: DemoCalendar) -> None:
    """Add managed moves and fill the next Core Meeting's agenda with cases to decide."""
    rng = random.Random(SEED)
    _moves(session, rng, today, world)
    _next_core_cases(session, rng, today, calendar)
    session.flush()


def _moves(session: Session, rng: random.Random, today: date, world: DemoWorld) -> None:
    pupils = rng.sample(world.pupils, k=len(MOVES))
    for pupil, (kind, weeks_ago, outcome, guaranteed, moved) in zip(pupils, MOVES, strict=True):
        other = rng.choice([s for s in world.schools if s.id != pupil.school_id])
        sending, receiving = (other.id, pupil.school_id) if moved else (pupil.school_id, other.id)
        starts = today - timedelta(weeks=weeks_ago, days=today.weekday())
        trial_end = starts + timedelta(weeks=rng.choice((6, 8, 12)))
        fallback = None
        if guaranteed:
            stage = key_stage_on(pupil.date_of_birth, starts)
            fallback = Programme.KS3_LONG_TERM if stage == 3 else Programme.PATHWAY_2
        move = ManagedMove(
            pupil_id=pupil.id,
            kind=kind,
            sending_school_id=sending,
            receiving_school_id=receiving,
            starts_on=starts,
            trial_ends_on=trial_end,
            outcome=outcome,
            guaranteed=guaranteed,
            guarantee_programme=fallback,
            ended_on=min(trial_end, today) if outcome != MoveOutcome.IN_PROGRESS else None,
            notes="Arranged by the partnership with both headteachers and the family.",
        )
        session.add(move)
        if guaranteed and outcome == MoveOutcome.FAILED and fallback is not None:
            placement = Placement(
                pupil_id=pupil.id,
                school_id=pupil.school_id,
                programme=fallback,
                status=PlacementStatus.REQUESTED,
                priority=GUARANTEE_PRIORITY,
                requested_on=min(trial_end, today),
                days_per_week=Decimal("5.0"),
                notes="Guaranteed place: a managed move offered instead of a tier-4 place failed.",
            )
            session.add(placement)
            session.flush()
            move.placement_id = placement.id


def _next_core_cases(
    session: Session, rng: random.Random, today: date, calendar: DemoCalendar
) -> None:
    core = next(
        (m for m in calendar.cores if m.meets_on >= today and m.status == MeetingStatus.PLANNED),
        None,
    )
    if core is None:
        return
    booked = session.scalar(
        select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == core.id)
    )
    room = core.capacity - (booked or 0)
    already = set(
        session.scalars(select(Referral.pupil_id).where(Referral.kind == ReferralKind.PARTNERSHIP))
    )
    candidates = [
        (referral, pupil)
        for referral, pupil in session.execute(
            select(Referral, Pupil)
            .join(Pupil, Pupil.id == Referral.pupil_id)
            .where(
                Referral.kind == ReferralKind.FORUM,
                Referral.status == ReferralStatus.PLAN_REVIEWED,
            )
            .order_by(Referral.received_on.desc())
        ).all()
        if pupil.id not in already and 7 <= pupil.year_group <= 11
    ]
    for position, (forum_referral, pupil) in enumerate(candidates[: max(room - 1, 0)]):
        received = today - timedelta(days=rng.randint(1, 10))
        referral = Referral(
            pupil_id=pupil.id,
            school_id=pupil.school_id,
            year_group=pupil.year_group,
            kind=ReferralKind.PARTNERSHIP,
            status=ReferralStatus.ON_CORE_AGENDA,
            received_on=received,
            referrer_name=forum_referral.referrer_name,
            referrer_role=forum_referral.referrer_role,
            consent=Consent.GIVEN,
            consent_on=received,
            reasons=forum_referral.reasons,
            presenting_concerns=forum_referral.presenting_concerns,
            strategies_tried=forum_referral.strategies_tried + " Forum action plan followed.",
            attendance_percent=forum_referral.attendance_percent,
            suspensions_this_year=forum_referral.suspensions_this_year,
            forum_referral_id=forum_referral.id,
        )
        session.add(referral)
        session.flush()
        session.add(
            AgendaItem(
                meeting_id=core.id,
                referral_id=referral.id,
                position=(booked or 0) + position,
                purpose=AgendaPurpose.CORE_CASE,
            )
        )
