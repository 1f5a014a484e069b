"""A pupil's timeline: every dated thing the office recorded about them, from every table.

Each source is a small function ``(session, pupil_id) -> iterable of TimelineEvent``
listed in ``SOURCES``; a new part of the program adds its own source there (or
through :func:`register_source`) and the timeline panel shows it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from slip_desktop.db.models import (
    ActionPlan,
    AgendaItem,
    Decision,
    ManagedMove,
    Meeting,
    Placement,
    Referral,
    Review,
    School,
    SchoolVisit,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import (
    AgendaPurpose,
    CoreOutcome,
    EndOutcome,
    MeetingKind,
    MeetingStatus,
    MoveKind,
    MoveOutcome,
    PlacementStatus,
    Programme,
    ReferralKind,
    ReturnAnswer,
)


class TimelineEvent(NamedTuple):
    """One dated line of a pupil's timeline."""

    on: date
    #: What sort of record it came from: "Referral", "Meeting", "Action plan", ...
    kind: str
    title: str
    detail: str = ""
    referral_id: int | None = None
    #: True for something planned that has not happened yet (a review due, a meeting ahead).
    upcoming: bool = False


TimelineSource = Callable[[Session, int], Iterable[TimelineEvent]]


def _referrals(session: Session, pupil_id: int) -> Iterator[TimelineEvent]:
    query = (
        select(
            Referral.id,
            Referral.kind,
            Referral.received_on,
            Referral.case_reference,
            Referral.referrer_name,
            Referral.referrer_role,
            Referral.consent_on,
            Referral.closed_on,
            Referral.closing_note,
            School.name,
        )
        .join(School, School.id == Referral.school_id)
        .where(Referral.pupil_id == pupil_id)
    )
    for rid, kind, received, case, who, role, consent_on, closed, note, school in session.execute(
        query
    ):
        by = ", ".join(filter(None, (who, role)))
        title = (
            "Referred to an Inclusion Forum"
            if kind == ReferralKind.FORUM
            else "Referred to the partnership"
        )
        detail = f"By {school}" + (f" ({by})" if by else "")
        if case:
            detail += f"; first held anonymously as {case}"
        yield TimelineEvent(received, "Referral", title, detail, rid)
        if case and consent_on is not None:
            yield TimelineEvent(
                consent_on, "Referral", f"Consent given; {case} linked to this pupil", "", rid
            )
        if closed is not None:
            yield TimelineEvent(closed, "Referral", "Referral closed", note, rid)


def _meetings(session: Session, pupil_id: int) -> Iterator[TimelineEvent]:
    query = (
        select(AgendaItem.referral_id, AgendaItem.purpose, Meeting.kind, Meeting.meets_on)
        .add_columns(Meeting.status)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .join(Referral, Referral.id == AgendaItem.referral_id)
        .where(Referral.pupil_id == pupil_id)
    )
    for rid, purpose, kind, meets_on, status in session.execute(query):
        meeting = MeetingKind(kind).label
        what = " (plan review)" if purpose == AgendaPurpose.PLAN_REVIEW else ""
        if status == MeetingStatus.CANCELLED:
            title = f"{meeting} cancelled"
        elif status == MeetingStatus.HELD:
            title = f"Discussed at the {meeting}{what}"
        else:
            title = f"On the {meeting} agenda{what}"
        yield TimelineEvent(meets_on, "Meeting", title, "", rid, status == MeetingStatus.PLANNED)


def _action_plans(session: Session, pupil_id: int) -> Iterator[TimelineEvent]:
    query = (
        select(
            ActionPlan.referral_id,
            ActionPlan.written_on,
            ActionPlan.sent_on,
            ActionPlan.review_due,
            ActionPlan.reviewed_on,
            ActionPlan.review_notes,
            ActionPlan.services_signposted,
        )
        .join(Referral, Referral.id == ActionPlan.referral_id)
        .where(Referral.pupil_id == pupil_id)
    )
    for rid, written, sent, due, reviewed, notes, services in session.execute(query):
        if written is not None:
            detail = f"Services: {services}" if services else ""
            yield TimelineEvent(written, "Action plan", "Action plan written", detail, rid)
        if sent is not None:
            yield TimelineEvent(sent, "Action plan", "Action plan sent to school", "", rid)
        if reviewed is not None:
            yield TimelineEvent(reviewed, "Action plan", "Action plan reviewed", notes, rid)
        elif due is not None:
            yield TimelineEvent(due, "Action plan", "Action plan review due", "", rid, True)


def _decisions(session: Session, pupil_id: int) -> Iterator[TimelineEvent]:
    query = (
        select(Decision.referral_id, Decision.decided_at, Decision.outcome, Decision.full_time)
        .add_columns(Decision.rationale)
        .join(Referral, Referral.id == Decision.referral_id)
        .where(Referral.pupil_id == pupil_id)
    )
    for rid, decided_at, outcome, full_time, rationale in session.execute(query):
        title = f"Core decision: {CoreOutcome(outcome).label}"
        if full_time is not None:
            title += " (full time)" if full_time else " (part time)"
        day = decided_at.date() if isinstance(decided_at, datetime) else decided_at
        yield TimelineEvent(day, "Decision", title, rationale, rid)


def _placements(session: Session, pupil_id: int) -> Iterator[TimelineEvent]:
    query = select(
        Placement.referral_id,
        Placement.programme,
        Placement.status,
        Placement.requested_on,
        Placement.starts_on,
        Placement.planned_end_on,
        Placement.ended_on,
        Placement.end_outcome,
    ).where(Placement.pupil_id == pupil_id)
    for rid, programme, status, requested, starts, planned_end, ended, outcome in session.execute(
        query
    ):
        name = Programme(programme).label
        yield TimelineEvent(requested, "Placement", f"{name} requested", "", rid)
        if starts is not None and status != PlacementStatus.CANCELLED:
            started = status in (PlacementStatus.ACTIVE, PlacementStatus.ENDED)
            title = f"{name} started" if started else f"{name} due to start"
            yield TimelineEvent(starts, "Placement", title, "", rid, not started)
        if ended is not None:
            how = EndOutcome(outcome).label if outcome else ""
            yield TimelineEvent(ended, "Placement", f"{name} ended", how, rid)
        elif planned_end is not None and status == PlacementStatus.ACTIVE:
            yield TimelineEvent(planned_end, "Placement", f"{name} planned end", "", rid, True)


def _reviews(session: Session, pupil_id: int) -> Iterator[TimelineEvent]:
    query = (
        select(Placement.referral_id, Placement.programme, Review.due_on, Review.held_on)
        .add_columns(Review.able_to_return, Review.notes)
        .join(Placement, Placement.id == Review.placement_id)
        .where(Placement.pupil_id == pupil_id)
    )
    for rid, programme, due, held, answer, notes in session.execute(query):
        name = Programme(programme).label
        if held is not None:
            title = f"{name} review held"
            if answer is not None:
                title += f": able to return to mainstream? {ReturnAnswer(answer).label}"
            yield TimelineEvent(held, "Review", title, notes, rid)
        else:
            yield TimelineEvent(due, "Review", f"{name} review due", "", rid, True)


def _managed_moves(session: Session, pupil_id: int) -> Iterator[TimelineEvent]:
    receiving = School.__table__.alias("receiving")
    query = (
        select(
            ManagedMove.kind,
            ManagedMove.starts_on,
            ManagedMove.trial_ends_on,
            ManagedMove.outcome,
            receiving.c.name,
            ManagedMove.guaranteed,
        )
        .join(receiving, receiving.c.id == ManagedMove.receiving_school_id)
        .where(ManagedMove.pupil_id == pupil_id)
    )
    for kind, starts, trial_ends, outcome, school, guaranteed in session.execute(query):
        label = MoveKind(kind).label
        detail = "With the partnership's guarantee" if guaranteed else ""
        yield TimelineEvent(starts, "Managed move", f"{label} to {school} started", detail)
        if trial_ends is not None:
            result = MoveOutcome(outcome)
            ongoing = result == MoveOutcome.IN_PROGRESS
            title = f"{label} trial ends" if ongoing else f"{label}: {result.label}"
            yield TimelineEvent(trial_ends, "Managed move", title, "", None, ongoing)


def _school_visits(session: Session, pupil_id: int) -> Iterator[TimelineEvent]:
    query = (
        select(Placement.referral_id, SchoolVisit.visited_on, SchoolVisit.visitor_name)
        .add_columns(SchoolVisit.notes)
        .join(Placement, Placement.id == SchoolVisit.placement_id)
        .where(Placement.pupil_id == pupil_id)
    )
    for rid, visited, visitor, notes in session.execute(query):
        title = f"Visited by {visitor}" if visitor else "School visit"
        yield TimelineEvent(visited, "School visit", title, notes, rid)


#: Every source, in the order same-day events are listed.
SOURCES: list[TimelineSource] = [
    _referrals,
    _meetings,
    _action_plans,
    _decisions,
    _placements,
    _reviews,
    _managed_moves,
    _school_visits,
]


def register_source(source: TimelineSource) -> TimelineSource:
    """Add ``source`` to every pupil's timeline (usable as a decorator); return it."""
    if source not in SOURCES:
        SOURCES.append(source)
    return source


def pupil_timeline(store: Store, pupil_id: int) -> list[TimelineEvent]:
    """Return everything recorded about a pupil, oldest first (same-day events by source)."""
    events: list[tuple[date, int, int, TimelineEvent]] = []
    with store.session() as session:
        for rank, source in enumerate(SOURCES):
            for event in source(session, pupil_id):
                events.append((event.on, rank, len(events), event))
    events.sort(key=lambda item: item[:3])
    return [item[3] for item in events]
