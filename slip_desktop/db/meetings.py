"""Meeting operations: the forum and Core calendar, series, single meetings and attendees."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from slip_desktop.db.models import AgendaItem, Meeting, MeetingAttendee, Referral, Setting
from slip_desktop.db.people import stored_invitees
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.calendar import SeriesPlan, TermSpan, series_dates
from slip_desktop.domain.enums import AgendaPurpose, MeetingKind, MeetingStatus, ReferralStatus
from slip_desktop.domain.errors import NotFoundError, RuleError, ValidationError
from slip_desktop.domain.meetings import (
    DEFAULT_CASES_PER_MEETING,
    Invitee,
    MeetingInfo,
    standing_invitees,
    validate_meeting,
)
from slip_desktop.domain.referral_workflow import check_move
from slip_desktop.domain.text_rules import SCHOOL_FIRST, SCHOOL_LAST
from slip_desktop.domain.typed_input import typed_input

#: The office setting holding how many cases a new forum takes.
CASES_SETTING = "forum.cases_per_meeting"


class MeetingRow(NamedTuple):
    """One meeting in a list."""

    id: int
    kind: MeetingKind
    meets_on: date
    starts_at: time
    status: MeetingStatus
    capacity: int
    cases: int
    link: str


class AttendeeRow(NamedTuple):
    """Someone invited to a meeting; ``attended`` is None until recorded."""

    id: int
    name: str
    role: str
    organisation: str
    attended: bool | None
    #: The row's version when listed, so a click on a row changed since is refused.
    version: int = 0


def list_meetings(store: Store) -> list[MeetingRow]:
    """Return every meeting in date order with the number of cases on its agenda."""
    cases = (
        select(AgendaItem.meeting_id, func.count().label("cases"))
        .group_by(AgendaItem.meeting_id)
        .subquery()
    )
    query = (
        select(
            Meeting.id,
            Meeting.kind,
            Meeting.meets_on,
            Meeting.starts_at,
            Meeting.status,
            Meeting.capacity,
            func.coalesce(cases.c.cases, 0),
            Meeting.link,
        )
        .outerjoin(cases, cases.c.meeting_id == Meeting.id)
        .order_by(Meeting.meets_on, Meeting.starts_at)
    )
    with store.session() as session:
        return [MeetingRow._make(row) for row in session.execute(query)]


def _info(meeting: Meeting) -> MeetingInfo:
    return MeetingInfo(
        meeting.id,
        meeting.uid,
        meeting.kind,
        meeting.meets_on,
        meeting.starts_at,
        meeting.ends_at,
        meeting.status,
        meeting.link,
        meeting.location,
        meeting.capacity,
        meeting.notes,
        meeting.version,
    )


def _get(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise NotFoundError("That meeting no longer exists; the calendar has been refreshed.")
    return meeting


def get_meeting(store: Store, meeting_id: int) -> MeetingInfo:
    """Return one meeting."""
    with store.session() as session:
        return _info(_get(session, meeting_id))


def meeting_version(store: Store, meeting_id: int) -> int:
    """Return the version of a meeting the edit form reads (handed back to update_meeting)."""
    with store.session() as session:
        return _get(session, meeting_id).version


def meetings_between(store: Store, first: date, last: date) -> list[MeetingInfo]:
    """Return the meetings from ``first`` to ``last`` inclusive, cancelled ones included."""
    query = (
        select(Meeting)
        .where(Meeting.meets_on >= first, Meeting.meets_on <= last)
        .order_by(Meeting.meets_on, Meeting.starts_at)
    )
    with store.session() as session:
        return [_info(m) for m in session.scalars(query)]


def cases_per_meeting_version(store: Store) -> int:
    """Return the version of the cases-per-meeting setting the form reads (0: never set)."""
    with store.session() as session:
        found = session.get(Setting, CASES_SETTING)
        return found.version if found is not None else 0


def cases_per_meeting(store: Store) -> int:
    """Return how many cases a new forum takes (the office setting; 6 unless changed)."""
    with store.session() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == CASES_SETTING))
    try:
        return int(value) if value else DEFAULT_CASES_PER_MEETING
    except ValueError:
        return DEFAULT_CASES_PER_MEETING


@typed_input
def set_cases_per_meeting(store: Store, cases: int, version: int | None = None) -> None:
    """Change how many cases new forums take (from the ``version`` the form read; 0: unset)."""
    if not 1 <= cases <= 20:
        raise ValidationError({"capacity": "A meeting takes between 1 and 20 cases."})
    what = "The number of cases per meeting"
    with (
        refusing_stale_saves(store, Setting, CASES_SETTING, what, "capacity"),
        store.session() as session,
    ):
        found = session.get(Setting, CASES_SETTING)
        if found is not None:
            check_version(session, found, version, what, "capacity")
        setting = found or Setting(key=CASES_SETTING)
        setting.value = str(cases)
        session.add(setting)


def _new_uid(kind: MeetingKind, day: date) -> str:
    # Random part: a moved meeting keeps its uid, so another meeting may later take the date.
    return f"slip-{kind.value}-{day:%Y%m%d}-{uuid.uuid4().hex[:10]}@slip.example.org.uk"


def _invitees(session: Session, kind: MeetingKind) -> tuple[Invitee, ...]:
    # The office's own list once it has one; the role-only defaults until then.
    return stored_invitees(session, kind) or standing_invitees(kind)


def _add(
    session: Session,
    kind: MeetingKind,
    day: date,
    starts_at: time,
    ends_at: time | None,
    link: str,
    capacity: int,
    invitees: tuple[Invitee, ...],
) -> Meeting:
    meeting = Meeting(
        uid=_new_uid(kind, day),
        kind=kind,
        meets_on=day,
        starts_at=starts_at,
        ends_at=ends_at,
        status=MeetingStatus.PLANNED,
        link=link.strip(),
        capacity=capacity,
    )
    session.add(meeting)
    session.flush()
    for invitee in invitees:
        session.add(
            MeetingAttendee(
                meeting_id=meeting.id,
                name=invitee.name,
                role=invitee.role,
                organisation=invitee.organisation,
            )
        )
    return meeting


@typed_input
def add_meeting(
    store: Store,
    kind: MeetingKind,
    meets_on: date,
    starts_at: time,
    ends_at: time | None,
    link: str = "",
    capacity: int | None = None,
) -> int:
    """Add one meeting with the standing invitation list; return its id."""
    capacity = capacity or cases_per_meeting(store)
    validate_meeting(meets_on, starts_at, ends_at, link, capacity)
    with store.session() as session:
        return _add(
            session, kind, meets_on, starts_at, ends_at, link, capacity, _invitees(session, kind)
        ).id


def preview_series(plan: SeriesPlan, span: TermSpan) -> list[date]:
    """Return the dates a series would have (no database needed; here for the dialog)."""
    return series_dates(plan, span)


@typed_input
def create_series(
    store: Store,
    kind: MeetingKind,
    span: TermSpan,
    plan: SeriesPlan,
    link: str = "",
    capacity: int | None = None,
) -> list[int]:
    """Add the term's meetings of ``kind``; dates that already hold one are left alone."""
    for field, day in (
        ("starts_on", span.starts_on),
        ("ends_on", span.ends_on),
        ("first_on", plan.first_on),
    ):
        if day is not None and not SCHOOL_FIRST <= day <= SCHOOL_LAST:
            raise ValidationError({field: "Choose a date in a school year from 2000 to 2099."})
    capacity = capacity or cases_per_meeting(store)
    days = series_dates(plan, span)
    if days:
        validate_meeting(days[0], plan.starts_at, plan.ends_at, link, capacity)
    with store.session() as session:
        taken = set(
            session.scalars(
                select(Meeting.meets_on).where(
                    Meeting.kind == kind,
                    Meeting.meets_on >= span.starts_on,
                    Meeting.meets_on <= span.ends_on,
                    Meeting.status != MeetingStatus.CANCELLED,
                )
            )
        )
        invitees = _invitees(session, kind)
        return [
            _add(session, kind, day, plan.starts_at, plan.ends_at, link, capacity, invitees).id
            for day in days
            if day not in taken
        ]


@typed_input
def update_meeting(
    store: Store,
    meeting_id: int,
    meets_on: date,
    starts_at: time,
    ends_at: time | None,
    link: str,
    capacity: int,
    status: MeetingStatus,
    notes: str = "",
    version: int | None = None,
) -> None:
    """Move a meeting, change its link, size or status; the uid stays so calendars update.

    ``version`` is the one the form read: a meeting saved by someone else since is refused.
    """
    validate_meeting(meets_on, starts_at, ends_at, link, capacity)
    with (
        refusing_stale_saves(store, Meeting, meeting_id, "This meeting", "meets_on"),
        store.session() as session,
    ):
        meeting = _get(session, meeting_id)
        check_version(session, meeting, version, "This meeting", "meets_on")
        booked = session.scalar(
            select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
        )
        if capacity < (booked or 0):
            raise ValidationError(
                {"capacity": f"{booked} cases are already booked; remove some first."}
            )
        if status == MeetingStatus.CANCELLED and meeting.status != MeetingStatus.CANCELLED:
            _release_cases(session, meeting)
        meeting.meets_on = meets_on
        meeting.starts_at = starts_at
        meeting.ends_at = ends_at
        meeting.link = link.strip()
        meeting.capacity = capacity
        meeting.status = status
        meeting.notes = notes


def _release_cases(session: Session, meeting: Meeting) -> int:
    """Take every case off a meeting's agenda, putting new cases back on the waiting list."""
    items = list(session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)))
    for item in items:
        referral = session.get(Referral, item.referral_id)
        if referral is not None and item.purpose != AgendaPurpose.PLAN_REVIEW:
            target = (
                ReferralStatus.NEW
                if referral.status in (ReferralStatus.ON_AGENDA, ReferralStatus.ON_CORE_AGENDA)
                else referral.status
            )
            check_move(referral.kind, referral.status, target)
            referral.status = target
        session.delete(item)
    return len(items)


@typed_input
def cancel_meeting(store: Store, meeting_id: int) -> int:
    """Cancel a meeting, releasing its cases to the waiting list; return how many."""
    with store.session() as session:
        meeting = _get(session, meeting_id)
        if meeting.status == MeetingStatus.HELD:
            raise RuleError("This meeting has been held; it cannot be cancelled.", "status")
        released = _release_cases(session, meeting)
        meeting.status = MeetingStatus.CANCELLED
        return released


def list_attendees(store: Store, meeting_id: int) -> list[AttendeeRow]:
    """Return a meeting's invitation list in the order it was made."""
    query = (
        select(
            MeetingAttendee.id,
            MeetingAttendee.name,
            MeetingAttendee.role,
            MeetingAttendee.organisation,
            MeetingAttendee.attended,
            MeetingAttendee.version,
        )
        .where(MeetingAttendee.meeting_id == meeting_id)
        .order_by(MeetingAttendee.id)
    )
    with store.session() as session:
        return [AttendeeRow._make(row) for row in session.execute(query)]


@typed_input
def add_attendee(
    store: Store, meeting_id: int, role: str, name: str = "", organisation: str = ""
) -> int:
    """Invite one more person or service to a meeting; return the attendee's id."""
    if not role.strip() and not name.strip():
        raise ValidationError({"role": "Give the person's role or name."})
    with store.session() as session:
        _get(session, meeting_id)
        attendee = MeetingAttendee(
            meeting_id=meeting_id,
            role=role.strip() or "Guest",
            name=name.strip(),
            organisation=organisation.strip(),
        )
        session.add(attendee)
        session.flush()
        return attendee.id


@typed_input
def remove_attendee(store: Store, attendee_id: int) -> None:
    """Take someone off a meeting's invitation list."""
    with store.session() as session:
        attendee = session.get(MeetingAttendee, attendee_id)
        if attendee is not None:
            session.delete(attendee)


@typed_input
def set_attended(
    store: Store, attendee_id: int, attended: bool | None, version: int | None = None
) -> None:
    """Record whether an invitee came (None: not yet recorded).

    ``version`` is the one the list showed: a row someone else changed since is refused.
    """
    what = "This invitee"
    with (
        refusing_stale_saves(store, MeetingAttendee, attendee_id, what, "attended"),
        store.session() as session,
    ):
        attendee = session.get(MeetingAttendee, attendee_id)
        if attendee is None:
            raise NotFoundError("That invitee was removed; the list has been refreshed.")
        check_version(session, attendee, version, what, "attended")
        attendee.attended = attended
