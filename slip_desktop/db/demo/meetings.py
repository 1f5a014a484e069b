"""Invented term dates and a year of fortnightly forums and Core Meetings."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from slip_desktop.db.models import Meeting, MeetingAttendee, TermDates
from slip_desktop.domain.calendar import first_weekday_on_or_after, fortnightly_dates
from slip_desktop.domain.enums import MeetingKind, MeetingStatus, Term
from slip_desktop.domain.school_year import academic_year_of

#: The forum's standing invitation list (role, organisation).
FORUM_INVITEES = [
    ("Deputy Partnership Coordinator", "SLIP"),
    ("Educational Psychologist", "LCC Educational Psychology Service"),
    ("NHS Care Navigator", "NHS"),
    ("Inclusion Team representative", "LCC Inclusion Team"),
    ("Autism Outreach Team", "LCC AOT"),
    ("SENA officer", "LCC SENA"),
]
CORE_INVITEES = [
    ("Partnership Coordinator", "SLIP"),
    ("Deputy Partnership Coordinator", "SLIP"),
    ("Headteacher representative", "Partner schools"),
]


@dataclass
class DemoCalendar:
    """The meetings later demo modules book cases onto."""

    forums: list[Meeting] = field(default_factory=list)
    cores: list[Meeting] = field(default_factory=list)


def demo_terms(year: int) -> list[tuple[Term, date, date, date, date]]:
    """Return plausible term dates (term, start, half-term start, half-term end, end)."""
    autumn_start = first_weekday_on_or_after(date(year, 9, 2), 2)
    october_half = first_weekday_on_or_after(date(year, 10, 24), 0)
    autumn_end = first_weekday_on_or_after(date(year, 12, 16), 4)
    spring_start = first_weekday_on_or_after(date(year + 1, 1, 5), 0)
    february_half = first_weekday_on_or_after(date(year + 1, 2, 13), 0)
    spring_end = first_weekday_on_or_after(date(year + 1, 3, 27), 4)
    summer_start = first_weekday_on_or_after(date(year + 1, 4, 13), 0)
    may_half = first_weekday_on_or_after(date(year + 1, 5, 25), 0)
    summer_end = first_weekday_on_or_after(date(year + 1, 7, 17), 2)
    week = timedelta(days=4)
    return [
        (Term.AUTUMN, autumn_start, october_half, october_half + week, autumn_end),
        (Term.SPRING, spring_start, february_half, february_half + week, spring_end),
        (Term.SUMMER, summer_start, may_half, may_half + week, summer_end),
    ]


def seed(session: Session, rng: random.Random, today: date) -> DemoCalendar:
    """Add term dates and meetings for last academic year and this one."""
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
    session.flush()
    return calendar


def _meeting(
    session: Session,
    kind: MeetingKind,
    day: date,
    start: time,
    invitees: list[tuple[str, str]],
    today: date,
    rng: random.Random,
) -> Meeting:
    held = day < today
    meeting = Meeting(
        uid=f"slip-{kind.value}-{day:%Y%m%d}@slip.example.org.uk",
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
    for role, organisation in invitees:
        session.add(
            MeetingAttendee(
                meeting_id=meeting.id,
                role=role,
                organisation=organisation,
                attended=(rng.random() < 0.85) if held else None,
            )
        )
    return meeting
