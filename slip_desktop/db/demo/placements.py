"""Invented placements, reviews, attendance and visits that make the rosters look lived in.

Core decisions become placements first; invented placements (pupils without a
referral in the demo) then fill the centres to a realistic level, always within
capacity: on the demo day both Reset groups are full (group B's cohort ends that
day), KS3 long-term holds about seven, Wigston about eighteen.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from slip_desktop.db.demo.people import DemoWorld
from slip_desktop.db.demo.referrals import DemoCases
from slip_desktop.db.models import (
    AttendanceMark,
    Decision,
    Placement,
    Pupil,
    Referral,
    School,
    SchoolVisit,
    TermDates,
)
from slip_desktop.db.reviews import closed_ranges, schedule_reviews
from slip_desktop.domain.attendance import attends
from slip_desktop.domain.calendar import first_weekday_on_or_after
from slip_desktop.domain.capacity import CENTRE_OF, Centre, reset_planned_end
from slip_desktop.domain.enums import (
    CoreOutcome,
    EndOutcome,
    PlacementStatus,
    Programme,
    ReturnAnswer,
    Term,
)
from slip_desktop.domain.enums import (
    Session as RegisterSession,
)
from slip_desktop.domain.programmes import info, key_stage_on
from slip_desktop.domain.school_year import academic_year_of

RESET_DAYS = ("mon,tue,wed-am", "wed-pm,thu,fri")
NEXT_STEPS = [
    "Continue as planned; link to visit before the next review",
    "School SENCO to request an EHC needs assessment with SENA",
    "Plan a phased return: one extra day in school from next week",
    "Refer to CFWS for family support",
    "Add a weekly AP day; review functional skills targets",
    "Agree a reduced timetable with the school for two weeks",
]
ABSENCE_CODES = ("I", "I", "I", "M", "C", "O", "O", "N")


@dataclass
class _Slot:
    programme: Programme
    starts_on: date
    planned_end_on: date
    group: str = ""
    ks: int = 3


#: Tier-3 AP bookings the demo varies between (days a week follow the weekdays booked).
TIER3_WEEKDAYS = ("tue,thu", "mon,wed,fri", "wed")


def _shape(rng: random.Random, world: DemoWorld, slot: _Slot) -> dict[str, object]:
    """Return a current placement's real shape: days, booked weekdays, provider, AP time."""
    programme = slot.programme
    if programme == Programme.RESET:
        return {"days_per_week": Decimal("2.5"), "centre_days": RESET_DAYS[slot.group == "B"]}
    if programme == Programme.KS4_TIER3_AP:
        weekdays = rng.choice(TIER3_WEEKDAYS)
        return {
            "days_per_week": Decimal(len(weekdays.split(","))),
            "weekdays": weekdays,
            "centre_days": weekdays,
            "provider_id": rng.choice(world.providers).id,
        }
    fields: dict[str, object] = {"days_per_week": Decimal("5.0"), "centre_days": ""}
    if programme == Programme.PATHWAY_3:
        fields["provider_id"] = rng.choice(world.providers).id
    elif info(programme).ap_component and rng.random() < 0.5:
        # Some time in AP (KS3 long-term, pathways 1-2): which provider, which days.
        fields["ap_provider_id"] = rng.choice(world.providers).id
        fields["ap_days"] = rng.choice(("fri", "thu", "thu,fri"))
    return fields


def _term_bounds(session: Session, year: int) -> dict[Term, TermDates]:
    return {
        t.term: t for t in session.scalars(select(TermDates).where(TermDates.academic_year == year))
    }


def seed(
    session: Session, rng: random.Random, today: date, world: DemoWorld, cases: DemoCases
) -> None:
    """Add placements for the Core decisions and invented ones, then their records."""
    year = academic_year_of(today)
    terms = _term_bounds(session, year)
    autumn = terms[Term.AUTUMN].starts_on if Term.AUTUMN in terms else date(year, 9, 2)
    summer_end = terms[Term.SUMMER].ends_on if Term.SUMMER in terms else date(year + 1, 7, 20)
    monday = today - timedelta(days=today.weekday())
    closed = closed_ranges(session)
    used: set[int] = set()
    placements: list[Placement] = []

    def add(pupil: Pupil, programme: Programme, **fields: object) -> Placement:
        used.add(pupil.id)
        placement = Placement(
            pupil_id=pupil.id, school_id=pupil.school_id, programme=programme, **fields
        )
        session.add(placement)
        placements.append(placement)
        return placement

    # Current centre places, filled by recent decisions first, then by invented pupils.
    reset_a = first_weekday_on_or_after(monday - timedelta(weeks=3, days=3), 0)
    reset_b = monday - timedelta(weeks=7)
    slots = [_Slot(Programme.RESET, reset_a, reset_planned_end(reset_a, closed), "A")] * 5
    slots += [_Slot(Programme.RESET, reset_b, reset_planned_end(reset_b, closed), "B")] * 5
    slots += [
        _Slot(Programme.KS3_LONG_TERM, autumn + timedelta(weeks=rng.randint(0, 9)), summer_end)
        for _ in range(7)
    ]
    for programme, count in (
        (Programme.PATHWAY_1, 10),
        (Programme.PATHWAY_2, 8),
        (Programme.PATHWAY_3, 3),
        (Programme.KS4_TIER3_AP, 3),
    ):
        slots += [
            _Slot(
                programme, autumn + timedelta(weeks=rng.choice((0, 0, 1, 3, 5))), summer_end, ks=4
            )
            for _ in range(count)
        ]

    # Old decisions: last year's placements, all ended.
    recent: list[tuple[Referral, Decision, Pupil]] = []
    group_turn = 0
    for referral, decision, pupil in cases.decisions:
        decided = decision.decided_at.date()
        start = first_weekday_on_or_after(decided + timedelta(days=14), 0)
        common = dict(
            referral_id=referral.id, decision_id=decision.id, requested_on=decided, starts_on=start
        )
        if decision.outcome == CoreOutcome.IN_SCHOOL_SUPPORT:
            end = start + timedelta(weeks=rng.randint(6, 8), days=-3)
            status = PlacementStatus.ENDED if end < today else PlacementStatus.ACTIVE
            add(
                pupil,
                rng.choice((Programme.SMALL_GROUP, Programme.ONE_TO_ONE)),
                planned_end_on=end,
                ended_on=end if status == PlacementStatus.ENDED else None,
                end_outcome=EndOutcome.RETURNED if status == PlacementStatus.ENDED else None,
                status=status,
                days_per_week=Decimal("1.0"),
                mentor_id=rng.choice(world.mentors).id,
                **common,
            )
        elif decision.outcome == CoreOutcome.OUTSIDE_PROGRAMME:
            if decided >= date(year, 6, 1) or decided >= today - timedelta(days=120):
                recent.append((referral, decision, pupil))
                continue
            if decided < date(year - 1, 12, 1):
                end = min(start + timedelta(weeks=20), date(year, 7, 17))
                add(
                    pupil,
                    Programme.KS3_LONG_TERM,
                    planned_end_on=end,
                    ended_on=end,
                    end_outcome=rng.choice((EndOutcome.RETURNED, EndOutcome.SPECIALIST)),
                    status=PlacementStatus.ENDED,
                    **common,
                )
            else:
                end = reset_planned_end(start, closed)
                group_turn += 1
                add(
                    pupil,
                    Programme.RESET,
                    group_name="AB"[group_turn % 2],
                    planned_end_on=end,
                    ended_on=end,
                    end_outcome=rng.choice(
                        (EndOutcome.RETURNED, EndOutcome.RETURNED, EndOutcome.SPECIALIST)
                    ),
                    status=PlacementStatus.ENDED,
                    days_per_week=Decimal("2.5"),
                    centre_days=RESET_DAYS[group_turn % 2],
                    **common,
                )

    def stage(pupil: Pupil) -> int | None:
        return key_stage_on(pupil.date_of_birth, today)

    def pupil_for(ks: int) -> Pupil:
        for pupil in rng.sample(world.pupils, len(world.pupils)):
            if pupil.id not in used and stage(pupil) == ks:
                return pupil
        raise LookupError("The demo ran out of pupils")

    for slot in slots:
        match = next(
            (c for c in recent if stage(c[2]) == slot.ks and c[2].id not in used),
            None,
        )
        if match is not None:
            referral, decision, pupil = match
            recent.remove(match)
            links = dict(referral_id=referral.id, decision_id=decision.id)
            requested = decision.decided_at.date()
        else:
            pupil = pupil_for(slot.ks)
            links = {}
            requested = slot.starts_on - timedelta(days=rng.randint(10, 30))
        add(
            pupil,
            slot.programme,
            group_name=slot.group,
            status=PlacementStatus.ACTIVE,
            requested_on=min(requested, slot.starts_on),
            starts_on=slot.starts_on,
            planned_end_on=slot.planned_end_on,
            **_shape(rng, world, slot),
            **links,
        )

    # Reset's earlier cohort this term, ended with outcomes.
    early = first_weekday_on_or_after(autumn, 0)
    for outcome in (
        EndOutcome.RETURNED,
        EndOutcome.RETURNED,
        EndOutcome.SPECIALIST,
        EndOutcome.EXTENDED,
    ):
        end = reset_planned_end(early, closed)
        add(
            pupil_for(3),
            Programme.RESET,
            group_name="A",
            status=PlacementStatus.ENDED,
            requested_on=early - timedelta(days=21),
            starts_on=early,
            planned_end_on=end,
            ended_on=end,
            end_outcome=outcome,
            days_per_week=Decimal("2.5"),
            centre_days=RESET_DAYS[0],
        )

    # Tier-2 programmes running now with mentors.
    for _ in range(8):
        start = monday - timedelta(weeks=rng.randint(1, 6))
        add(
            pupil_for(rng.choice((3, 3, 4))),
            rng.choice((Programme.SMALL_GROUP, Programme.ONE_TO_ONE, Programme.ENGAGEMENT)),
            status=PlacementStatus.ACTIVE,
            requested_on=start - timedelta(days=14),
            starts_on=start,
            planned_end_on=start + timedelta(weeks=rng.randint(6, 8), days=-3),
            days_per_week=Decimal("1.0"),
            mentor_id=rng.choice(world.mentors).id,
        )

    # Reset is full: the waiting list, with a failed guaranteed managed move first.
    for index, (priority, note) in enumerate(
        (
            (0, "Waiting for the next Reset cohort"),
            (1, "Guarantee case: managed move to the receiving school failed"),
            (0, "Waiting for the next Reset cohort"),
        )
    ):
        add(
            pupil_for(3),
            Programme.RESET,
            status=PlacementStatus.WAITING,
            priority=priority,
            requested_on=today - timedelta(days=30 - index * 9),
            days_per_week=Decimal("2.5"),
            notes=note,
        )

    # New requests from the Core board, waiting for the coordinator to place them.
    for ks, programme in (
        (3, Programme.KS3_LONG_TERM),
        (4, Programme.PATHWAY_2),
        (3, Programme.SMALL_GROUP),
    ):
        match = next((c for c in recent if stage(c[2]) == ks), None)
        if match is not None:
            recent.remove(match)
            referral, decision, pupil = match
            add(
                pupil,
                programme,
                status=PlacementStatus.REQUESTED,
                referral_id=referral.id,
                decision_id=decision.id,
                requested_on=decision.decided_at.date(),
            )
        else:
            add(
                pupil_for(ks),
                programme,
                status=PlacementStatus.REQUESTED,
                requested_on=today - timedelta(days=rng.randint(1, 8)),
            )
    session.flush()
    _reviews(session, rng, today, placements)
    _attendance(session, rng, today, autumn, placements)
    _visits(session, rng, today, placements, terms)


def _reviews(
    session: Session, rng: random.Random, today: date, placements: list[Placement]
) -> None:
    links = {i: name for i, name in session.execute(select(School.id, School.link_name))}
    overdue_left = 4
    for placement in placements:
        if placement.starts_on is None:
            continue
        for review in schedule_reviews(session, placement):
            if placement.ended_on is not None and review.due_on > placement.ended_on:
                continue
            if review.due_on >= today:
                continue
            if placement.status == PlacementStatus.ACTIVE and overdue_left and rng.random() < 0.3:
                overdue_left -= 1
                continue
            review.held_on = min(review.due_on + timedelta(days=rng.randint(0, 3)), today)
            review.able_to_return = rng.choice(
                (ReturnAnswer.NOT_YET, ReturnAnswer.NOT_YET, ReturnAnswer.YES, ReturnAnswer.NO)
            )
            review.attendees = (
                f"{links.get(placement.school_id, 'School link')} (school link); parent; "
                "Karen Ashdown (Deputy Coordinator)"
            )
            review.next_step = rng.choice(NEXT_STEPS)
            review.notes = "Settled well; engagement improving in core subjects."
    session.flush()


def _attendance(
    session: Session, rng: random.Random, today: date, first: date, placements: list[Placement]
) -> None:
    for placement in placements:
        if placement.status not in (PlacementStatus.ACTIVE, PlacementStatus.ENDED):
            continue
        if CENTRE_OF[placement.programme] == Centre.IN_SCHOOL or placement.starts_on is None:
            continue
        rate = rng.choice((0.99, 0.97, 0.96, 0.95, 0.93, 0.9, 0.85, 0.7))
        last = placement.ended_on or placement.planned_end_on or today
        day = max(first, placement.starts_on)
        while day <= min(today, last):
            for sess in RegisterSession:
                if not attends(placement.centre_days, day, sess):
                    continue
                if day == today and sess == RegisterSession.PM:
                    continue  # this afternoon's register is not taken yet
                roll = rng.random()
                code = "/" if roll < rate else rng.choice(ABSENCE_CODES)
                if code == "/" and rng.random() < 0.05:
                    code = "L"
                session.add(
                    AttendanceMark(placement_id=placement.id, day=day, session=sess, code=code)
                )
            day += timedelta(days=1)


def _visits(
    session: Session,
    rng: random.Random,
    today: date,
    placements: list[Placement],
    terms: dict[Term, TermDates],
) -> None:
    links = {i: name for i, name in session.execute(select(School.id, School.link_name))}
    term_start = min((t.starts_on for t in terms.values() if t.starts_on <= today), default=today)
    current = [t for t in terms.values() if t.starts_on <= today <= t.ends_on]
    if current:
        term_start = current[0].starts_on
    for placement in placements:
        if placement.status != PlacementStatus.ACTIVE or placement.starts_on is None:
            continue
        if CENTRE_OF[placement.programme] == Centre.IN_SCHOOL or placement.starts_on > today:
            continue
        if rng.random() < 0.75:
            earliest = max(placement.starts_on, term_start)
            span = max((today - earliest).days, 0)
            session.add(
                SchoolVisit(
                    placement_id=placement.id,
                    visited_on=earliest + timedelta(days=rng.randint(0, span)),
                    visitor_name=links.get(placement.school_id, ""),
                    notes=rng.choice(
                        (
                            "Met pupil and key worker; reviewed timetable",
                            "Observed a lesson; discussed reintegration",
                            "Brief visit; pupil shared work folder",
                        )
                    ),
                )
            )
