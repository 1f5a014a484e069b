"""Agenda operations: cases booked onto a meeting, the waiting list, and their order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from slip_desktop.db.meetings import MeetingRow, list_meetings
from slip_desktop.db.models import ActionPlan, AgendaItem, Meeting, Pupil, Referral, School
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.enums import (
    AgendaPurpose,
    MeetingKind,
    MeetingStatus,
    Reason,
    ReferralKind,
    ReferralStatus,
)
from slip_desktop.domain.errors import NotFoundError, RuleError
from slip_desktop.domain.meetings import AgendaLine, case_slots, check_room, reordered
from slip_desktop.domain.referral_workflow import check_move
from slip_desktop.domain.typed_input import typed_input

#: A plan is offered for review at a forum up to this long before its review date.
REVIEW_LEAD = timedelta(days=14)


#: How a refused agenda click names the row.
_WHAT = "This case's place on the agenda"


class AgendaRow(NamedTuple):
    """One case on a meeting's agenda."""

    item_id: int
    referral_id: int
    position: int
    purpose: AgendaPurpose
    who: str
    anonymous: bool
    school: str
    year_group: int
    status: ReferralStatus
    plan_id: int | None
    plan_sent_on: date | None
    plan_reviewed_on: date | None
    review_due: date | None
    #: The item's version when listed, so a move or removal of a row changed since is refused.
    version: int = 0


class WaitingCase(NamedTuple):
    """A case that could go on the chosen meeting's agenda."""

    referral_id: int
    purpose: AgendaPurpose
    who: str
    school: str
    year_group: int
    waiting_since: date
    note: str


def case_label(first: str | None, last: str | None, reference: str | None) -> str:
    """Return how a case is named on screen: ``Last, First`` or its case reference."""
    if first and last:
        return f"{last}, {first}"
    return f"{reference or '?'} (anonymous)"


def list_agenda(store: Store, meeting_id: int) -> list[AgendaRow]:
    """Return a meeting's cases in agenda order."""
    query = (
        select(
            AgendaItem.id,
            AgendaItem.referral_id,
            AgendaItem.position,
            AgendaItem.purpose,
            Pupil.first_name,
            Pupil.last_name,
            Referral.case_reference,
            School.name,
            Referral.year_group,
            Referral.status,
            ActionPlan.id,
            ActionPlan.sent_on,
            ActionPlan.reviewed_on,
            ActionPlan.review_due,
            AgendaItem.version,
        )
        .join(Referral, Referral.id == AgendaItem.referral_id)
        .join(School, School.id == Referral.school_id)
        .outerjoin(Pupil, Pupil.id == Referral.pupil_id)
        .outerjoin(ActionPlan, ActionPlan.referral_id == Referral.id)
        .where(AgendaItem.meeting_id == meeting_id)
        .order_by(AgendaItem.position, AgendaItem.id)
    )
    with store.session() as session:
        return [
            AgendaRow(
                r[0],
                r[1],
                rank,  # shown order, even where stored positions have gaps
                r[3],
                case_label(r[4], r[5], r[6]),
                r[4] is None,
                r[7],
                r[8],
                r[9],
                r[10],
                r[11],
                r[12],
                r[13],
                r[14],
            )
            for rank, r in enumerate(session.execute(query))
        ]


def waiting_cases(store: Store, meeting_id: int) -> list[WaitingCase]:
    """Return the cases that could join this meeting, longest-waiting first.

    For a forum: forum referrals not yet booked, and plans sent to schools whose
    review falls due by the meeting (within two weeks after it) and is not yet on
    an agenda. For a Core Meeting: partnership referrals not yet booked.
    """
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            return []
        booked_new = exists().where(
            AgendaItem.referral_id == Referral.id, AgendaItem.purpose != AgendaPurpose.PLAN_REVIEW
        )
        base = (
            select(
                Referral.id,
                Pupil.first_name,
                Pupil.last_name,
                Referral.case_reference,
                School.name,
                Referral.year_group,
                Referral.received_on,
            )
            .join(School, School.id == Referral.school_id)
            .outerjoin(Pupil, Pupil.id == Referral.pupil_id)
        )
        found: list[WaitingCase] = []
        kind = ReferralKind.FORUM if meeting.kind == MeetingKind.FORUM else ReferralKind.PARTNERSHIP
        purpose = (
            AgendaPurpose.NEW_CASE if meeting.kind == MeetingKind.FORUM else AgendaPurpose.CORE_CASE
        )
        new_cases = base.where(
            Referral.kind == kind, Referral.status == ReferralStatus.NEW, ~booked_new
        ).order_by(Referral.received_on, Referral.id)
        for r in session.execute(new_cases):
            found.append(
                WaitingCase(
                    r[0],
                    purpose,
                    case_label(r[1], r[2], r[3]),
                    r[4],
                    r[5],
                    r[6],
                    f"Received {r[6]:%d %b %Y}",
                )
            )
        if meeting.kind == MeetingKind.FORUM:
            booked_review = exists().where(
                AgendaItem.referral_id == Referral.id,
                AgendaItem.purpose == AgendaPurpose.PLAN_REVIEW,
            )
            reviews = (
                base.add_columns(ActionPlan.review_due)
                .join(ActionPlan, ActionPlan.referral_id == Referral.id)
                .where(
                    Referral.status == ReferralStatus.PLAN_SENT,
                    ActionPlan.reviewed_on.is_(None),
                    ActionPlan.review_due <= meeting.meets_on + REVIEW_LEAD,
                    ~booked_review,
                )
                .order_by(ActionPlan.review_due, Referral.id)
            )
            for r in session.execute(reviews):
                found.append(
                    WaitingCase(
                        r[0],
                        AgendaPurpose.PLAN_REVIEW,
                        case_label(r[1], r[2], r[3]),
                        r[4],
                        r[5],
                        r[7],
                        f"Plan review due {r[7]:%d %b %Y}",
                    )
                )
        found.sort(key=lambda c: (c.waiting_since, c.referral_id))
        return found


def next_meeting_with_room(store: Store, kind: MeetingKind, on_or_after: date) -> MeetingRow | None:
    """Return the first planned meeting of ``kind`` from ``on_or_after`` that has room."""
    for row in list_meetings(store):
        if (
            row.kind == kind
            and row.meets_on >= on_or_after
            and row.status == MeetingStatus.PLANNED
            and row.cases < row.capacity
        ):
            return row
    return None


def _items(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id)
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


@typed_input
def add_case(
    store: Store, meeting_id: int, referral_id: int, purpose: AgendaPurpose | None = None
) -> int:
    """Book a case onto a meeting's agenda, at the end; return the agenda item's id."""
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        referral = session.get(Referral, referral_id)
        if meeting is None or referral is None:
            raise NotFoundError("That meeting or case no longer exists; the lists were refreshed.")
        items = _items(session, meeting_id)
        check_room(meeting.kind, meeting.status, len(items), meeting.capacity)
        if purpose is None:
            purpose = (
                AgendaPurpose.CORE_CASE
                if meeting.kind == MeetingKind.CORE
                else AgendaPurpose.PLAN_REVIEW
                if referral.status == ReferralStatus.PLAN_SENT
                else AgendaPurpose.NEW_CASE
            )
        wanted_kind = (
            ReferralKind.PARTNERSHIP if meeting.kind == MeetingKind.CORE else ReferralKind.FORUM
        )
        if referral.kind != wanted_kind:
            raise RuleError(
                f"A {referral.kind.label} referral cannot go on a {meeting.kind.label} agenda.",
                "meeting",
            )
        if any(item.referral_id == referral_id and item.purpose == purpose for item in items):
            raise RuleError("This case is already on this meeting's agenda.", "meeting")
        if purpose == AgendaPurpose.NEW_CASE:
            check_move(referral.kind, referral.status, ReferralStatus.ON_AGENDA)
            referral.status = ReferralStatus.ON_AGENDA
        elif purpose == AgendaPurpose.CORE_CASE:
            check_move(referral.kind, referral.status, ReferralStatus.ON_CORE_AGENDA)
            referral.status = ReferralStatus.ON_CORE_AGENDA
        position = max((item.position for item in items), default=-1) + 1
        item = AgendaItem(
            meeting_id=meeting_id, referral_id=referral_id, position=position, purpose=purpose
        )
        session.add(item)
        session.flush()
        return item.id


@typed_input
def remove_case(store: Store, item_id: int, version: int | None = None) -> None:
    """Take a case off an agenda; a new case goes back to the waiting list.

    ``version`` is the one the agenda showed: a case changed by someone else since is refused.
    """
    with (
        refusing_stale_saves(store, AgendaItem, item_id, _WHAT, "agenda"),
        store.session() as session,
    ):
        item = session.get(AgendaItem, item_id)
        if item is None:
            return
        check_version(session, item, version, _WHAT, "agenda")
        referral = session.get(Referral, item.referral_id)
        has_plan = session.scalar(
            select(func.count())
            .select_from(ActionPlan)
            .where(
                ActionPlan.referral_id == item.referral_id, ActionPlan.meeting_id == item.meeting_id
            )
        )
        if has_plan:
            raise RuleError(
                "An action plan has been written for this case at this meeting; "
                "it stays on the agenda.",
                "agenda",
            )
        if (
            referral is not None
            and item.purpose != AgendaPurpose.PLAN_REVIEW
            and referral.status in (ReferralStatus.ON_AGENDA, ReferralStatus.ON_CORE_AGENDA)
        ):
            check_move(referral.kind, referral.status, ReferralStatus.NEW)
            referral.status = ReferralStatus.NEW
        meeting_id = item.meeting_id
        session.delete(item)
        session.flush()
        for position, rest in enumerate(_items(session, meeting_id)):
            rest.position = position


@typed_input
def move_case(store: Store, item_id: int, to_position: int, version: int | None = None) -> None:
    """Move one case to ``to_position`` (0 is first) on its agenda.

    ``version`` is the one the agenda showed: a case changed by someone else since is refused.
    """
    with (
        refusing_stale_saves(store, AgendaItem, item_id, _WHAT, "agenda"),
        store.session() as session,
    ):
        item = session.get(AgendaItem, item_id)
        if item is None:
            raise NotFoundError("That case is no longer on the agenda; the list was refreshed.")
        check_version(session, item, version, _WHAT, "agenda")
        items = _items(session, item.meeting_id)
        order = reordered([i.id for i in items], item_id, to_position)
        by_id = {i.id: i for i in items}
        for position, agenda_id in enumerate(order):
            by_id[agenda_id].position = position


def agenda_lines(store: Store, meeting_id: int) -> list[AgendaLine]:
    """Return the printed agenda: anonymous cases by reference only."""
    rows = list_agenda(store, meeting_id)
    with store.session() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None:
            raise NotFoundError("That meeting no longer exists.")
        slots = case_slots(meeting.starts_at, meeting.ends_at, len(rows))
        query = select(Referral.id, Referral.reasons).where(
            Referral.id.in_([r.referral_id for r in rows])
        )
        reasons: dict[int, str] = {rid: text for rid, text in session.execute(query)}
    labels = {r.value: r.label for r in Reason}
    lines = []
    for number, (row, slot) in enumerate(zip(rows, slots, strict=True), start=1):
        reason_text = ", ".join(
            labels.get(code, code)
            for code in (reasons.get(row.referral_id) or "").split(",")
            if code
        )
        lines.append(
            AgendaLine(number, slot, row.who, row.school, row.year_group, row.purpose, reason_text)
        )
    return lines


class CaseSummary(NamedTuple):
    """One Core Meeting case as its summary page prints it (labels and values, plain words)."""

    position: int
    referral_id: int
    case_reference: str
    who: str
    school: str
    facts: list[tuple[str, str]]


def core_case_summaries(store: Store, meeting_id: int) -> list[CaseSummary]:
    """Return a summary of each case booked at a Core Meeting, in agenda order."""
    rows = list_agenda(store, meeting_id)
    labels = {r.value: r.label for r in Reason}
    summaries = []
    with store.session() as session:
        for number, row in enumerate(rows, start=1):
            referral = session.get(Referral, row.referral_id)
            if referral is None:
                continue
            plan = session.scalar(
                select(ActionPlan).where(
                    ActionPlan.referral_id == (referral.forum_referral_id or referral.id)
                )
            )
            reasons = ", ".join(
                labels.get(code, code) for code in (referral.reasons or "").split(",") if code
            )
            attendance = (
                f"{referral.attendance_percent}%" if referral.attendance_percent is not None else ""
            )
            facts = [
                ("Year group", f"Year {referral.year_group}"),
                ("Received", f"{referral.received_on:%d %B %Y}"),
                ("Reasons", reasons),
                ("Presenting concerns", referral.presenting_concerns),
                ("Strategies tried", referral.strategies_tried),
                ("Current support", referral.current_support),
                ("Agencies involved", referral.agencies_involved),
                ("Attendance", attendance),
                ("Suspensions this year", str(referral.suspensions_this_year)),
                (
                    "Forum plan reviewed",
                    f"{plan.reviewed_on:%d %B %Y}" if plan and plan.reviewed_on else "",
                ),
                ("Review notes", plan.review_notes if plan else ""),
                ("Pupil's views", referral.pupil_views),
                ("Parents' views", referral.parent_views),
                ("Hoped-for outcomes", referral.hoped_for_outcomes),
            ]
            summaries.append(
                CaseSummary(
                    number,
                    referral.id,
                    referral.case_reference or f"R{referral.id}",
                    row.who,
                    row.school,
                    facts,
                )
            )
    return summaries
