"""Core Meeting operations: the board's cases, recording decisions and what they start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from slip_desktop.db.managed_moves import add_move
from slip_desktop.db.models import (
    ActionPlan,
    AgendaItem,
    AttendanceMark,
    Decision,
    ManagedMove,
    Meeting,
    MeetingAttendee,
    Placement,
    Pupil,
    Referral,
    Review,
    School,
    SchoolVisit,
    StaffMember,
)
from slip_desktop.db.offer import offer_in
from slip_desktop.db.pupils import this_year
from slip_desktop.db.pupils import year_group_on as year_group_column
from slip_desktop.db.store import Store
from slip_desktop.domain.core_outcomes import (
    DecisionRequest,
    FollowUps,
    StartedPlacement,
    is_full_time,
    tier2_end,
    undo_blocker,
    validate_decision,
)
from slip_desktop.domain.enums import (
    AgendaPurpose,
    CoreOutcome,
    MeetingKind,
    MeetingStatus,
    MoveOutcome,
    PlacementStatus,
    ReferralKind,
    ReferralStatus,
    SendStatus,
    StaffRole,
)
from slip_desktop.domain.errors import ConflictError, NotFoundError, RuleError
from slip_desktop.domain.programmes import info, parse_weekdays, weekdays_text, year_group_on
from slip_desktop.domain.referral_workflow import check_move
from slip_desktop.domain.school_year import academic_year_of, key_stage_label

S = ReferralStatus
#: How each backend names the one-decision-per-case key when it is broken.
_ONE_DECISION_KEYS = ("uq_decision_referral_id", "decision.referral_id")


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
    #: The Core Meeting that decided it, or the one it is booked for.
    meeting_id: int | None
    meeting_on: date | None


def list_core_cases(store: Store) -> list[CoreCaseRow]:
    """Return every partnership referral with its decision and meeting, if any."""
    booked = (
        select(AgendaItem.referral_id, func.max(AgendaItem.meeting_id).label("meeting_id"))
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.kind == MeetingKind.CORE)
        .group_by(AgendaItem.referral_id)
        .subquery()
    )
    meeting_id = func.coalesce(Decision.meeting_id, booked.c.meeting_id)
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
            meeting_id,
            Meeting.meets_on,
        )
        .join(Pupil, Pupil.id == Referral.pupil_id)
        .join(School, School.id == Referral.school_id)
        .outerjoin(Decision, Decision.referral_id == Referral.id)
        .outerjoin(booked, booked.c.referral_id == Referral.id)
        .outerjoin(Meeting, Meeting.id == meeting_id)
        .where(Referral.kind == ReferralKind.PARTNERSHIP)
        .order_by(Referral.received_on.desc())
    )
    with store.session() as session:
        return [CoreCaseRow._make(row) for row in session.execute(query)]


class CoreMeetingRow(NamedTuple):
    """A Core Meeting in the board's chooser."""

    id: int
    meets_on: date
    starts_at: time
    status: MeetingStatus
    cases: int
    decided: int

    @property
    def label(self) -> str:
        """Return how the chooser shows the meeting."""
        state = "" if self.status == MeetingStatus.PLANNED else f" ({self.status.label.lower()})"
        return (
            f"{self.meets_on:%a %d %b %Y} {self.starts_at:%H:%M}{state} - "
            f"{self.decided} of {self.cases} decided"
        )


def list_core_meetings(store: Store) -> list[CoreMeetingRow]:
    """Return every Core Meeting in date order with its case and decision counts."""
    cases = (
        select(AgendaItem.meeting_id, func.count().label("n"))
        .join(Referral, Referral.id == AgendaItem.referral_id)
        .where(Referral.kind == ReferralKind.PARTNERSHIP)
        .group_by(AgendaItem.meeting_id)
        .subquery()
    )
    decided = (
        select(Decision.meeting_id, func.count().label("n"))
        .group_by(Decision.meeting_id)
        .subquery()
    )
    query = (
        select(
            Meeting.id,
            Meeting.meets_on,
            Meeting.starts_at,
            Meeting.status,
            func.coalesce(cases.c.n, 0),
            func.coalesce(decided.c.n, 0),
        )
        .outerjoin(cases, cases.c.meeting_id == Meeting.id)
        .outerjoin(decided, decided.c.meeting_id == Meeting.id)
        .where(Meeting.kind == MeetingKind.CORE)
        .order_by(Meeting.meets_on, Meeting.starts_at)
    )
    with store.session() as session:
        return [CoreMeetingRow._make(row) for row in session.execute(query)]


def default_core_meeting(meetings: list[CoreMeetingRow], today: date) -> CoreMeetingRow | None:
    """Return the meeting the board opens on: today's or the next with cases, else the last."""
    upcoming = [m for m in meetings if m.meets_on >= today and m.status != MeetingStatus.CANCELLED]
    with_cases = [m for m in upcoming if m.cases]
    if with_cases:
        return with_cases[0]
    if upcoming:
        return upcoming[0]
    return meetings[-1] if meetings else None


@dataclass(frozen=True)
class CoreCard:
    """One case on the board: who, from where, the forum's earlier plan and any decision."""

    referral_id: int
    pupil_id: int
    pupil_name: str
    school: str
    school_id: int
    year_group: int
    send_status: SendStatus
    attendance_percent: Decimal | None
    forum_summary: str
    forum_review: str
    status: ReferralStatus
    outcome: CoreOutcome | None = None
    rationale: str = ""
    decided_by: str = ""
    decided_at: datetime | None = None
    started: str = ""
    undo_blocked: str | None = None

    @property
    def key_stage_text(self) -> str:
        """Return e.g. ``Year 9 (KS3)``."""
        stage = key_stage_label(self.year_group)
        return f"Year {self.year_group}" + (f" ({stage})" if stage else "")

    @property
    def attendance_text(self) -> str:
        """Return e.g. ``attendance 78%`` or ``attendance not given``."""
        if self.attendance_percent is None:
            return "attendance not given"
        return f"attendance {self.attendance_percent.normalize():f}%"

    def summary_lines(self) -> list[str]:
        """Return the lines a card shows under the pupil's name."""
        lines = [
            self.school,
            f"{self.key_stage_text} · {self.attendance_text}",
            f"SEND: {self.send_status.label}",
        ]
        if self.outcome is None:
            lines.append("Forum: " + (self.forum_summary or "no forum plan summary"))
        else:
            when = f"{self.decided_at:%d %b %H:%M}" if self.decided_at else ""
            lines.append(f"{self.decided_by} · {when}")
            lines.append(self.rationale)
        return lines

    def tooltip(self) -> str:
        """Return the whole card as text, for the tooltip and screen readers."""
        lines = [self.pupil_name, *self.summary_lines()]
        if self.started:
            lines.append("Started: " + self.started)
        return "\n".join(lines)


@dataclass(frozen=True)
class Board:
    """A Core Meeting and every case on it."""

    meeting_id: int
    meets_on: date
    status: MeetingStatus
    cards: list[CoreCard]

    def column(self, outcome: CoreOutcome | None) -> list[CoreCard]:
        """Return the cards with ``outcome`` (None: still to decide)."""
        return [c for c in self.cards if c.outcome == outcome]


def _meeting(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.kind != MeetingKind.CORE:
        raise NotFoundError("That Core Meeting no longer exists.")
    return meeting


def _board_referral_ids(session: Session, meeting_id: int) -> list[int]:
    on_agenda = session.scalars(
        select(AgendaItem.referral_id)
        .join(Referral, Referral.id == AgendaItem.referral_id)
        .where(AgendaItem.meeting_id == meeting_id, Referral.kind == ReferralKind.PARTNERSHIP)
        .order_by(AgendaItem.position, AgendaItem.id)
    ).all()
    decided = session.scalars(
        select(Decision.referral_id).where(Decision.meeting_id == meeting_id)
    ).all()
    ids = list(dict.fromkeys([*on_agenda, *decided]))
    return ids


def load_board(store: Store, meeting_id: int, today: date) -> Board:
    """Return the board of a Core Meeting: its partnership cases, decided or not."""
    with store.session() as session:
        meeting = _meeting(session, meeting_id)
        ids = _board_referral_ids(session, meeting_id)
        forum = ActionPlan.__table__.alias("forum_plan")
        rows = session.execute(
            select(
                Referral,
                Pupil.first_name,
                Pupil.last_name,
                year_group_column(this_year(today)),
                Pupil.send_status,
                School.name,
                forum.c.discussion_summary,
                forum.c.review_notes,
            )
            .join(Pupil, Pupil.id == Referral.pupil_id)
            .join(School, School.id == Referral.school_id)
            .outerjoin(forum, forum.c.referral_id == Referral.forum_referral_id)
            .where(Referral.id.in_(ids))
        ).all()
        by_id = {row[0].id: row for row in rows}
        decisions = {
            d.referral_id: d
            for d in session.scalars(select(Decision).where(Decision.referral_id.in_(ids)))
        }
        cards = []
        for referral_id in ids:
            if referral_id not in by_id:
                continue
            referral, first, last, year, send, school, summary, review = by_id[referral_id]
            decision = decisions.get(referral_id)
            card = CoreCard(
                referral_id=referral_id,
                pupil_id=referral.pupil_id or 0,
                pupil_name=f"{first} {last}",
                school=school,
                school_id=referral.school_id,
                year_group=year,
                send_status=send,
                attendance_percent=referral.attendance_percent,
                forum_summary=summary or "",
                forum_review=review or "",
                status=referral.status,
            )
            if decision is not None:
                card = CoreCard(
                    **{
                        **card.__dict__,
                        "outcome": decision.outcome,
                        "rationale": decision.rationale,
                        "decided_by": decision.decided_by,
                        "decided_at": decision.decided_at,
                        "started": _started_text(session, decision, referral),
                        "undo_blocked": undo_blocker(
                            _follow_ups(session, decision, referral), today
                        ),
                    }
                )
            cards.append(card)
        return Board(meeting.id, meeting.meets_on, meeting.status, cards)


class Option(NamedTuple):
    """A choice in a combo box: its id and what it shows."""

    id: int
    label: str


def list_mentors(store: Store) -> list[Option]:
    """Return the partnership's inclusion mentors who can be a pupil's learning mentor."""
    query = (
        select(StaffMember.id, StaffMember.name)
        .where(
            StaffMember.role == StaffRole.INCLUSION_MENTOR,
            StaffMember.active.is_(True),
            StaffMember.vacant.is_(False),
        )
        .order_by(StaffMember.name)
    )
    with store.session() as session:
        return [Option(i, n) for i, n in session.execute(query)]


def coordinator_name(store: Store) -> str:
    """Return the partnership coordinator's name, the board's default decision maker."""
    query = select(StaffMember.name).where(
        StaffMember.role == StaffRole.COORDINATOR, StaffMember.vacant.is_(False)
    )
    with store.session() as session:
        return session.scalars(query).first() or ""


def next_forum_with_room(session: Session, after: date) -> Meeting | None:
    """Return the first planned Inclusion Forum after ``after`` whose agenda has room."""
    booked = (
        select(AgendaItem.meeting_id, func.count().label("n"))
        .group_by(AgendaItem.meeting_id)
        .subquery()
    )
    return session.scalars(
        select(Meeting)
        .outerjoin(booked, booked.c.meeting_id == Meeting.id)
        .where(
            Meeting.kind == MeetingKind.FORUM,
            Meeting.status == MeetingStatus.PLANNED,
            Meeting.meets_on > after,
            func.coalesce(booked.c.n, 0) < Meeting.capacity,
        )
        .order_by(Meeting.meets_on, Meeting.starts_at)
    ).first()


@dataclass(frozen=True)
class DecisionResult:
    """What recording a decision did, for the board's status line."""

    decision_id: int
    started: str


def record_decision(
    store: Store, meeting_id: int, referral_id: int, request: DecisionRequest, now: datetime
) -> DecisionResult:
    """Record the Core Meeting's decision on a referral and start what it decides."""
    with store.session() as session:
        meeting = _meeting(session, meeting_id)
        if meeting.status == MeetingStatus.CANCELLED:
            raise RuleError(
                "This Core Meeting was cancelled: book the case onto another Core Meeting first."
            )
        referral = session.get(Referral, referral_id)
        if referral is None or referral.pupil_id is None:
            raise NotFoundError("That referral no longer exists.")
        if referral.kind != ReferralKind.PARTNERSHIP:
            raise RuleError("Only partnership referrals are decided at a Core Meeting.")
        if session.scalar(select(Decision.id).where(Decision.referral_id == referral_id)):
            raise RuleError("This case already has a decision: undo it first to change it.")
        pupil = session.get(Pupil, referral.pupil_id)
        assert pupil is not None
        who = f"{pupil.first_name} {pupil.last_name}"
        # The key stage from the date of birth: a stored year group goes stale each September.
        validate_decision(request, year_group_on(pupil.date_of_birth, meeting.meets_on), who)
        if referral.status == S.NEW:
            check_move(referral.kind, referral.status, S.ON_CORE_AGENDA)
            referral.status = S.ON_CORE_AGENDA
        check_move(referral.kind, referral.status, S.DECIDED)
        programme = request.programme
        decision = Decision(
            referral_id=referral.id,
            meeting_id=meeting.id,
            outcome=request.outcome,
            full_time=is_full_time(programme)
            if request.outcome == CoreOutcome.OUTSIDE_PROGRAMME and programme
            else None,
            rationale=request.rationale.strip(),
            decided_by=request.decided_by.strip(),
            decided_at=now.replace(microsecond=0),
            advice=request.advice.strip(),
        )
        session.add(decision)
        try:
            session.flush()
        except IntegrityError as error:
            # Two PCs deciding the same case at once: the unique key stops the second.
            if not any(key in str(error.orig) for key in _ONE_DECISION_KEYS):
                raise
            raise ConflictError(
                "This case was decided on another computer a moment ago. Reopen the board "
                "to see that decision; undo it first to change it."
            ) from error
        referral.status = S.DECIDED
        today = now.date()
        if request.outcome == CoreOutcome.BACK_TO_FORUM:
            _book_back_to_forum(session, referral, decision, max(today, meeting.meets_on))
        elif request.outcome == CoreOutcome.SCHOOL_CONTINUES:
            check_move(referral.kind, referral.status, S.CLOSED)
            referral.status = S.CLOSED
            referral.closed_on = today
            referral.closing_note = "School continues with the advice shared at Core: " + (
                decision.advice
            )
        elif request.outcome == CoreOutcome.IN_SCHOOL_SUPPORT and request.move is not None:
            add_move(session, pupil, request.move, decision.id, who)
        else:
            assert programme is not None
            placement = Placement(
                pupil_id=pupil.id,
                school_id=pupil.school_id,
                referral_id=referral.id,
                decision_id=decision.id,
                programme=programme,
                status=PlacementStatus.REQUESTED,
                requested_on=today,
                # The year's offer says how many days a week the programme runs.
                days_per_week=offer_in(session, academic_year_of(today))
                .line(programme)
                .days_per_week,
            )
            booked = parse_weekdays(request.weekdays)
            if booked and info(programme).booked_weekdays:
                # A Mon+Wed+Fri booking is 3 days a week, not the programme's usual 2.
                placement.weekdays = weekdays_text(booked)
                placement.days_per_week = Decimal(len(booked))
            if request.outcome == CoreOutcome.IN_SCHOOL_SUPPORT:
                assert request.starts_on is not None and request.weeks is not None
                placement.mentor_id = request.mentor_id
                placement.starts_on = request.starts_on
                placement.planned_end_on = tier2_end(request.starts_on, request.weeks)
            session.add(placement)
        session.flush()
        return DecisionResult(decision.id, _started_text(session, decision, referral))


def _book_back_to_forum(
    session: Session, referral: Referral, decision: Decision, after: date
) -> None:
    forum = next_forum_with_room(session, after)
    if forum is None:
        raise RuleError(
            "No Inclusion Forum after this Core Meeting has room: add a forum date (or raise a "
            "forum's capacity) on the Forum calendar, then decide again.",
            "outcome",
        )
    copy = Referral(
        pupil_id=referral.pupil_id,
        school_id=referral.school_id,
        year_group=referral.year_group,
        kind=ReferralKind.FORUM,
        status=S.NEW,
        received_on=decision.decided_at.date(),
        referrer_name=referral.referrer_name,
        referrer_role=referral.referrer_role,
        referrer_email=referral.referrer_email,
        referrer_phone=referral.referrer_phone,
        consent=referral.consent,
        consent_on=referral.consent_on,
        reasons=referral.reasons,
        presenting_concerns=referral.presenting_concerns,
        strategies_tried=referral.strategies_tried,
        current_support=referral.current_support,
        agencies_involved=referral.agencies_involved,
        attendance_percent=referral.attendance_percent,
        suspensions_this_year=referral.suspensions_this_year,
        previous_permanent_exclusion=referral.previous_permanent_exclusion,
        hoped_for_outcomes=f"Referred back by the Core Meeting: {decision.rationale}",
    )
    session.add(copy)
    session.flush()
    check_move(ReferralKind.FORUM, copy.status, S.ON_AGENDA)
    copy.status = S.ON_AGENDA
    position = session.scalar(
        select(func.coalesce(func.max(AgendaItem.position) + 1, 0)).where(
            AgendaItem.meeting_id == forum.id
        )
    )
    session.add(
        AgendaItem(
            meeting_id=forum.id,
            referral_id=copy.id,
            position=position or 0,
            purpose=AgendaPurpose.NEW_CASE,
        )
    )
    decision.forum_referral_id = copy.id


def _placements(session: Session, decision_id: int) -> list[Placement]:
    return list(
        session.scalars(
            select(Placement).where(Placement.decision_id == decision_id).order_by(Placement.id)
        )
    )


def _moves(session: Session, decision_id: int) -> list[ManagedMove]:
    return list(session.scalars(select(ManagedMove).where(ManagedMove.decision_id == decision_id)))


def _started_text(session: Session, decision: Decision, referral: Referral) -> str:
    """Describe in one line what a decision started."""
    parts: list[str] = []
    if decision.forum_referral_id is not None:
        forum_on = session.scalar(
            select(Meeting.meets_on)
            .join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
            .where(AgendaItem.referral_id == decision.forum_referral_id)
        )
        parts.append(
            f"New forum referral booked for the Inclusion Forum on {forum_on:%d %b %Y}"
            if forum_on
            else "New forum referral (not booked)"
        )
    elif decision.outcome == CoreOutcome.BACK_TO_FORUM:
        parts.append("Back to the Inclusion Forum")
    if decision.outcome == CoreOutcome.SCHOOL_CONTINUES:
        closed = f" on {referral.closed_on:%d %b %Y}" if referral.closed_on else ""
        parts.append(f"Referral closed{closed}; advice recorded")
    for placement in _placements(session, decision.id):
        text = f"{placement.programme.label} ({placement.status.label.lower()})"
        if placement.starts_on and placement.planned_end_on:
            text += f", {placement.starts_on:%d %b} to {placement.planned_end_on:%d %b %Y}"
        if placement.mentor_id:
            mentor = session.get(StaffMember, placement.mentor_id)
            text += f", mentor {mentor.name}" if mentor else ""
        if placement.priority > 0:
            text += ", priority"
        parts.append(text)
    for move in _moves(session, decision.id):
        school = session.get(School, move.receiving_school_id)
        text = f"{move.kind.label} to {school.name if school else '?'} from {move.starts_on:%d %b}"
        if move.trial_ends_on:
            text += f", trial to {move.trial_ends_on:%d %b %Y}"
        if move.guaranteed and move.guarantee_programme:
            text += f"; guaranteed {move.guarantee_programme.label} place if it fails"
        if move.outcome != MoveOutcome.IN_PROGRESS:
            text += f" ({move.outcome.label.lower()})"
        parts.append(text)
    return "; ".join(parts)


def _placement_used(session: Session, placement_id: int) -> bool:
    for model in (Review, AttendanceMark, SchoolVisit):
        used = select(model.placement_id).where(model.placement_id == placement_id).limit(1)
        if session.scalar(used) is not None:
            return True
    return False


def _follow_ups(session: Session, decision: Decision, referral: Referral) -> FollowUps:
    placements = [
        StartedPlacement(p.programme.label, p.status, p.starts_on, _placement_used(session, p.id))
        for p in _placements(session, decision.id)
    ]
    forum_status = None
    forum_discussed = False
    if decision.forum_referral_id is not None:
        forum_referral = session.get(Referral, decision.forum_referral_id)
        forum_status = forum_referral.status if forum_referral else None
        forum_discussed = bool(
            session.scalar(
                select(ActionPlan.id).where(ActionPlan.referral_id == decision.forum_referral_id)
            )
        )
    moves = _moves(session, decision.id)
    return FollowUps(
        outcome=decision.outcome,
        referral_status=referral.status,
        placements=placements,
        forum_referral_status=forum_status,
        forum_discussed=forum_discussed,
        moves_finished=any(m.outcome != MoveOutcome.IN_PROGRESS for m in moves),
    )


def undo_decision(store: Store, referral_id: int, today: date) -> None:
    """Remove a decision and everything it started, if none of it has been used yet."""
    with store.session() as session:
        decision = session.scalars(
            select(Decision).where(Decision.referral_id == referral_id)
        ).first()
        referral = session.get(Referral, referral_id)
        if decision is None or referral is None:
            raise NotFoundError("This case has no decision to undo.")
        blocker = undo_blocker(_follow_ups(session, decision, referral), today)
        if blocker:
            raise RuleError(blocker)
        check_move(referral.kind, referral.status, S.ON_CORE_AGENDA)
        forum_referral_id = decision.forum_referral_id
        session.execute(delete(ManagedMove).where(ManagedMove.decision_id == decision.id))
        session.execute(delete(Placement).where(Placement.decision_id == decision.id))
        session.delete(decision)
        session.flush()
        if forum_referral_id is not None:
            session.execute(delete(AgendaItem).where(AgendaItem.referral_id == forum_referral_id))
            forum_referral = session.get(Referral, forum_referral_id)
            if forum_referral is not None:
                session.delete(forum_referral)
        referral.status = S.ON_CORE_AGENDA


@dataclass(frozen=True)
class MinutesCase:
    """One decided (or undecided) case in the minutes."""

    pupil_name: str
    school: str
    year_group: int
    outcome: CoreOutcome | None
    rationale: str
    started: str
    decided_by: str
    decided_at: datetime | None


@dataclass(frozen=True)
class CoreMinutes:
    """What the decisions PDF needs."""

    meets_on: date
    starts_at: time
    location: str
    attendees: list[str]
    cases: list[MinutesCase]
    #: True until attendance is recorded at the meeting: the names are those invited,
    #: and the PDF is a draft, not minutes.
    draft: bool = False


def minutes_for(store: Store, meeting_id: int, today: date) -> CoreMinutes:
    """Return the decisions of a Core Meeting as plain data for the minutes."""
    board = load_board(store, meeting_id, today)
    with store.session() as session:
        meeting = _meeting(session, meeting_id)
        invited = list(
            session.scalars(
                select(MeetingAttendee)
                .where(MeetingAttendee.meeting_id == meeting_id)
                .order_by(MeetingAttendee.id)
            )
        )
        # nobody is "present" until someone records who came
        draft = all(a.attended is None for a in invited)
        attendees = [
            " - ".join(filter(None, (a.name, a.role, a.organisation)))
            for a in invited
            if a.attended is not False
        ]
        return CoreMinutes(
            meeting.meets_on,
            meeting.starts_at,
            meeting.location,
            attendees,
            [
                MinutesCase(
                    c.pupil_name,
                    c.school,
                    c.year_group,
                    c.outcome,
                    c.rationale,
                    c.started,
                    c.decided_by,
                    c.decided_at,
                )
                for c in board.cards
            ],
            draft=draft,
        )


def next_forum_for(store: Store, meeting_id: int, today: date) -> date | None:
    """Return the date of the forum a back-to-forum decision at this meeting would book."""
    with store.session() as session:
        meeting = _meeting(session, meeting_id)
        forum = next_forum_with_room(session, max(today, meeting.meets_on))
        return forum.meets_on if forum else None
