"""Invented referrals, forum agendas, action plans and Core decisions."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from slip_desktop.db.demo.meetings import DemoCalendar
from slip_desktop.db.demo.people import FIRST_NAMES, LAST_NAMES, DemoWorld
from slip_desktop.db.models import (
    ActionItem,
    ActionPlan,
    AgendaItem,
    Decision,
    Meeting,
    Pupil,
    Referral,
)
from slip_desktop.domain.enums import (
    AgendaPurpose,
    Consent,
    CoreOutcome,
    Reason,
    ReferralKind,
    ReferralStatus,
)
from slip_desktop.domain.school_year import academic_year_of

CONCERNS = [
    "Frequent removals from lessons for defiance; two suspensions this term.",
    "Attendance has fallen sharply since the summer; anxious about busy corridors.",
    "Verbal aggression towards peers at unstructured times; struggles after lunch.",
    "Refusing to attend some lessons; possible unmet speech and language needs.",
    "Disclosed low mood; CAMHS referral declined; disengaged from learning.",
    "Physical altercation with a peer; family report difficulties at home.",
]
STRATEGIES = [
    "Pastoral check-ins twice daily; reduced timetable for two weeks; report card.",
    "Time-out pass and key adult; seating plan changes; SENCO observation.",
    "Restorative meetings; mentoring with the year lead; parent meetings.",
]
ACTIONS = [
    ("Arrange an Educational Psychologist consultation", "School SENCO"),
    ("Refer the family to the Children and Family Wellbeing Service", "Head of Year"),
    ("Set up a daily check-in with a key adult", "Pastoral lead"),
    ("Request Autism Outreach Team advice", "School SENCO"),
    ("Review the timetable and trial a reduced day for two weeks", "Deputy Head"),
    ("Complete a speech and language screening", "SENCO"),
]


@dataclass
class DemoCases:
    """Decisions the placement demo turns into programmes."""

    decisions: list[tuple[Referral, Decision, Pupil]] = field(default_factory=list)


def _reasons(rng: random.Random) -> str:
    picked = rng.sample(list(Reason)[:-1], k=rng.randint(1, 3))
    return ",".join(r.value for r in picked)


def seed(
    session: Session, rng: random.Random, today: date, world: DemoWorld, calendar: DemoCalendar
) -> DemoCases:
    """Add forum referrals for most forums, their plans, and partnership referrals."""
    cases = DemoCases()
    case_numbers: dict[int, int] = {}
    busy: set[int] = set()
    reviewed: list[tuple[Referral, ActionPlan, Pupil]] = []
    this_year = academic_year_of(today)
    horizon = today + timedelta(days=21)

    for forum in calendar.forums:
        if forum.meets_on > horizon:
            break
        for position in range(rng.randint(3, 6)):
            pupil = rng.choice(world.pupils)
            received = forum.meets_on - timedelta(days=rng.randint(5, 20))
            if received > today:
                continue
            year_group = pupil.year_group - (this_year - academic_year_of(received))
            if pupil.id in busy or year_group < 7:
                continue
            busy.add(pupil.id)
            anonymous = rng.random() < 0.2
            referral = _forum_referral(rng, pupil, received, year_group, anonymous, case_numbers)
            session.add(referral)
            session.flush()
            session.add(AgendaItem(meeting_id=forum.id, referral_id=referral.id, position=position))
            if forum.meets_on >= today:
                referral.status = ReferralStatus.ON_AGENDA
                continue
            plan = _plan(session, rng, referral, forum, today)
            if plan.reviewed_on is not None:
                referral.status = ReferralStatus.PLAN_REVIEWED
                if not anonymous:
                    reviewed.append((referral, plan, pupil))
            elif plan.sent_on is not None:
                referral.status = ReferralStatus.PLAN_SENT
            else:
                referral.status = ReferralStatus.DISCUSSED
            if plan.reviewed_on is None or rng.random() < 0.5:
                busy.discard(pupil.id)

    # Recently received forum referrals not yet booked.
    for _ in range(6):
        pupil = rng.choice(world.pupils)
        if pupil.id in busy:
            continue
        busy.add(pupil.id)
        received = today - timedelta(days=rng.randint(0, 9))
        session.add(_forum_referral(rng, pupil, received, pupil.year_group, False, case_numbers))

    for forum_referral, plan, pupil in reviewed:
        if rng.random() > 0.5 or plan.reviewed_on is None:
            continue
        received = plan.reviewed_on + timedelta(days=rng.randint(3, 20))
        core = next((m for m in calendar.cores if m.meets_on > received + timedelta(days=4)), None)
        if core is None or received > today:
            continue
        _partnership(session, rng, forum_referral, pupil, received, core, today, cases)
    session.flush()
    return cases


def _forum_referral(
    rng: random.Random,
    pupil: Pupil,
    received: date,
    year_group: int,
    anonymous: bool,
    case_numbers: dict[int, int],
) -> Referral:
    referral = Referral(
        school_id=pupil.school_id,
        year_group=year_group,
        kind=ReferralKind.FORUM,
        status=ReferralStatus.NEW,
        received_on=received,
        referrer_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        referrer_role=rng.choice(("SENCO", "Head of Year", "Pastoral lead", "Deputy Head")),
        reasons=_reasons(rng),
        presenting_concerns=rng.choice(CONCERNS),
        strategies_tried=rng.choice(STRATEGIES),
        attendance_percent=rng.choice((62, 71, 78, 84, 88, 91, 95)),
        suspensions_this_year=rng.choice((0, 0, 1, 2, 3)),
    )
    if anonymous:
        year = received.year
        case_numbers[year] = case_numbers.get(year, 0) + 1
        referral.case_reference = f"SLIP-{year}-{case_numbers[year]:03d}"
        referral.consent = rng.choice((Consent.REFUSED, Consent.NOT_ASKED))
    else:
        referral.pupil_id = pupil.id
        referral.consent = Consent.GIVEN
        referral.consent_on = received - timedelta(days=rng.randint(1, 10))
    return referral


def _plan(
    session: Session, rng: random.Random, referral: Referral, forum: Meeting, today: date
) -> ActionPlan:
    written = forum.meets_on + timedelta(days=rng.randint(1, 4))
    review_due = forum.meets_on + timedelta(weeks=6)
    plan = ActionPlan(
        referral_id=referral.id,
        meeting_id=forum.id,
        discussion_summary="The forum discussed the concerns and the support tried so far.",
        advice="Keep a consistent key adult; share a one-page profile with all staff.",
        services_signposted=rng.choice(("CFWS; EP", "AOT; SENA", "NHS Care Navigator; CFWS")),
        send_guidance="Gather evidence over six weeks; consider SEN support plan review.",
        review_due=review_due,
        written_on=min(written, today),
        sent_on=written + timedelta(days=1) if written + timedelta(days=1) <= today else None,
    )
    if review_due <= today and rng.random() < 0.85:
        plan.reviewed_on = review_due + timedelta(days=rng.randint(0, 6))
        if plan.reviewed_on > today:
            plan.reviewed_on = today
        plan.review_notes = rng.choice(
            (
                "Some improvement; attendance up, incidents down.",
                "Little change; school considering a partnership referral.",
                "Actions completed; continue with current support.",
            )
        )
    session.add(plan)
    session.flush()
    for position, (what, who) in enumerate(rng.sample(ACTIONS, k=3)):
        session.add(
            ActionItem(
                action_plan_id=plan.id,
                position=position,
                what=what,
                who=who,
                by_when=forum.meets_on + timedelta(weeks=rng.randint(2, 5)),
                done=review_due <= today,
            )
        )
    return plan


def _partnership(
    session: Session,
    rng: random.Random,
    forum_referral: Referral,
    pupil: Pupil,
    received: date,
    core: Meeting,
    today: date,
    cases: DemoCases,
) -> None:
    referral = Referral(
        pupil_id=pupil.id,
        school_id=pupil.school_id,
        year_group=forum_referral.year_group,
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
        AgendaItem(meeting_id=core.id, referral_id=referral.id, purpose=AgendaPurpose.CORE_CASE)
    )
    if core.meets_on >= today:
        return
    outcome = rng.choices(list(CoreOutcome), weights=(10, 20, 35, 35))[0]
    decision = Decision(
        referral_id=referral.id,
        meeting_id=core.id,
        outcome=outcome,
        full_time=(rng.random() < 0.5) if outcome == CoreOutcome.OUTSIDE_PROGRAMME else None,
        rationale="Agreed by the Core Meeting after hearing the school and the forum plan review.",
        decided_by="Gareth Pryce",
        decided_at=datetime.combine(core.meets_on, time(15, 0)),
    )
    session.add(decision)
    session.flush()
    referral.status = ReferralStatus.DECIDED
    if outcome == CoreOutcome.SCHOOL_CONTINUES:
        referral.status = ReferralStatus.CLOSED
        referral.closed_on = core.meets_on
        referral.closing_note = "School continues with the advice shared at Core."
    cases.decisions.append((referral, decision, pupil))
