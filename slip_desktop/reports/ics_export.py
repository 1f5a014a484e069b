"""Meetings as an iCalendar (.ics) file, with stable UIDs so a re-import updates events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from slip_desktop.domain.enums import MeetingStatus
from slip_desktop.domain.meetings import MeetingInfo
from slip_desktop.domain.partnership import DEFAULTS

LONDON = ZoneInfo("Europe/London")
PRODID = "-//SLIP Desktop//Meetings//EN"


def meetings_ics(
    meetings: Sequence[MeetingInfo],
    calendar_name: str,
    stamp: datetime | None = None,
    partnership_name: str = DEFAULTS.name,
) -> bytes:
    """Return an .ics calendar of ``meetings``; cancelled ones are marked CANCELLED."""
    from icalendar import Calendar, Event

    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-wr-timezone", "Europe/London")
    for meeting in meetings:
        start = datetime.combine(meeting.meets_on, meeting.starts_at, LONDON)
        end = (
            datetime.combine(meeting.meets_on, meeting.ends_at, LONDON)
            if meeting.ends_at
            else start + timedelta(hours=2)
        )
        event = Event()
        event.add("uid", meeting.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", f"SLIP {meeting.kind.label}")
        event.add("location", meeting.link or meeting.location or "Microsoft Teams")
        description = [f"{meeting.kind.label} of the {partnership_name}."]
        if meeting.link:
            description.append(f"Join on Teams: {meeting.link}")
            event.add("url", meeting.link)
        if meeting.notes:
            description.append(meeting.notes)
        event.add("description", "\n".join(description))
        event.add(
            "status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED"
        )
        # A later export of a moved or cancelled meeting must win over the earlier one.
        event.add("sequence", int(stamp.timestamp()) // 60 % 1_000_000_000)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
