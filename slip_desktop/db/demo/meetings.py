"""Invented term dates and a year of fortnightly forums and Core Meetings."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from slip_desktop.db.models import Meeting, MeetingAttendee, Person, StandingInvitation, TermDates
from slip_desktop.domain.calendar import fortnightly_dates, typical_terms
from slip_desktop.domain.enums import MeetingKind, MeetingStatus, Term
from slip_desktop.domain.meetings import CORE_INVITEES as CORE_INVITEES_DEFAULT
from slip_desktop.domain.meetings import FORUM_INVITEES as FORUM_INVITEES_DEFAULT
from slip_desktop.domain.meetings import Invitee
from slip_desktop.domain.school_year import academic_year_of

#: Invented people filling the standing invitation lists (same order as the domain's lists).
FORUM_NAMES = (
    "Helen Marsh",
    "Dr Priya Nandra",
    "Tom Ashworth",
    "Gemma Lowe",
    "Sunil Patel",
    "Claire Fenwick",
)
CORE_NAMES = ("Gareth Pryce", "Helen Marsh", "Anne Whitlock")
FORUM_INVITEES = [
    i._replace(name=n) for i, n in zip(FORUM_INVITEES_DEFAULT, FORUM_NAMES, strict=True)
]
CORE_INVITEES = [i._replace(name=n) for i, n in zip(CORE_INVITEES_DEFAULT, CORE_NAMES, strict=True)]


@dataclass
class DemoCalendar:
    """The meetings later demo modules book cases onto."""

    forums: list[Meeting] = field(default_factory=list)
    cores: list[Meeting] = field(default_factory=list)


def demo_terms(year: int) -> list[tuple[Term, date, date, date, date]]:
    """Return plausible term dates (term, start, half-term start, half-term end, end)."""
    return [
        (
            t.term,
            t.starts_on,
            t.half_term_starts or t.starts_on,
            t.half_term_ends or t.starts_on,
            t.ends_on,
        )
        for t in typical_terms(year)
    ]


def seed(session: Session, rng: random.Random, today: date) -> DemoCalendar:
    """Add the standing lists, term dates and meetings for last academic year and this one."""
    _standing_lists(session)
    calendar = DemoCalendar()
    this_year = academic_year_of(today)
    for year in (this_year - 1, this_year):
        for term, start, half_start, half_end, end in demo_terms(year):
            session.add(
                TermDates(
                    academic_year=year,
                    term=term,
                    starts_on=start,
                    half_term_starts=half_start,
                    half_term_ends=half_end,
                    ends_on=end,
                )
            )
            closed = [(half_start, half_end)]
            forum_days = fortnightly_dates(start + timedelta(days=7), end, 1, closed)
            core_days = fortnightly_dates(start + timedelta(days=14), end, 3, closed)[::2]
            for day in forum_days:
                calendar.forums.append(
                    _meeting(
                        session, MeetingKind.FORUM, day, time(9, 30), FORUM_INVITEES, today, rng
                    )
                )
            for day in core_days:
                calendar.cores.append(
                    _meeting(
                        session, MeetingKind.CORE, day, time(13, 30), CORE_INVITEES, today, rng
                    )
                )
    # One cancelled meeting late in the year, so the calendar shows what that looks like.
    if calendar.cores and calendar.cores[-1].meets_on > today:
        calendar.cores[-1].status = MeetingStatus.CANCELLED
        calendar.cores[-1].notes = "Cancelled: clashes with the county moderation day."
    session.flush()
    return calendar


def _standing_lists(session: Session) -> None:
    """Record the invented people and put them on each kind's standing list."""
    people: dict[tuple[str, str], Person] = {}
    for kind, invitees in ((MeetingKind.FORUM, FORUM_INVITEES), (MeetingKind.CORE, CORE_INVITEES)):
        for position, invitee in enumerate(invitees):
            key = (invitee.name, invitee.organisation)
            person = people.get(key)
            if person is None:
                person = Person(
                    name=invitee.name,
                    role=invitee.role,
                    organisation=invitee.organisation,
                    email=_email(invitee.name),
                )
                session.add(person)
                session.flush()
                people[key] = person
            session.add(
                StandingInvitation(meeting_kind=kind, person_id=person.id, position=position)
            )


def _email(name: str) -> str:
    words = [w for w in name.lower().replace(".", "").split() if w != "dr"]
    return f"{words[0]}.{words[-1]}@slip.example.org.uk"


def _meeting(
    session: Session,
    kind: MeetingKind,
    day: date,
    start: time,
    invitees: list[Invitee],
    today: date,
    rng: random.Random,
) -> Meeting:
    held = day < today
    meeting = Meeting(
        uid=f"slip-{kind.value}-{day:%Y%m%d}-demo@slip.example.org.uk",
        kind=kind,
        meets_on=day,
        starts_at=start,
        ends_at=time(start.hour + 2, start.minute),
        status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
        link=f"https://teams.example.org/l/meetup-join/{kind.value}-{day:%Y%m%d}",
        capacity=6,
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
                attended=(rng.random() < 0.85) if held else None,
            )
        )
    return meeting
