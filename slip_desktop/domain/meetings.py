"""Meeting rules: standing invitation lists, agenda capacity and single-meeting checks."""

from __future__ import annotations

from datetime import date, time
from typing import NamedTuple

from slip_desktop.domain.enums import AgendaPurpose, MeetingKind, MeetingStatus
from slip_desktop.domain.errors import RuleError, ValidationError

#: Cases a forum takes unless the office sets another number.
DEFAULT_CASES_PER_MEETING = 6


class Invitee(NamedTuple):
    """Someone on a standing invitation list."""

    role: str
    organisation: str
    name: str = ""


#: Usually present at an Inclusion Forum (BRIEF: "Inclusion Forum").
FORUM_INVITEES: tuple[Invitee, ...] = (
    Invitee("Deputy Partnership Coordinator", "SLIP"),
    Invitee("Educational Psychologist", "LCC Educational Psychology Service"),
    Invitee("NHS Care Navigator", "NHS"),
    Invitee("Inclusion Team representative", "LCC Inclusion Team"),
    Invitee("Autism Outreach Team (AOT)", "LCC"),
    Invitee("Special Educational Needs Assessment (SENA)", "LCC"),
)

#: Usually present at a Core Meeting.
CORE_INVITEES: tuple[Invitee, ...] = (
    Invitee("Partnership Coordinator", "SLIP"),
    Invitee("Deputy Partnership Coordinator", "SLIP"),
    Invitee("Headteacher representative", "Partner schools"),
)


def standing_invitees(kind: MeetingKind) -> tuple[Invitee, ...]:
    """Return the default invitation list of a meeting of ``kind``."""
    return FORUM_INVITEES if kind == MeetingKind.FORUM else CORE_INVITEES


def validate_meeting(
    meets_on: date | None,
    starts_at: time | None,
    ends_at: time | None,
    link: str,
    capacity: int,
) -> None:
    """Raise ValidationError naming each field of a single meeting that is wrong."""
    errors: dict[str, str] = {}
    if meets_on is None:
        errors["meets_on"] = "Choose the meeting's date."
    elif meets_on.weekday() >= 5:
        errors["meets_on"] = "Meetings are held on school days; choose Monday to Friday."
    if starts_at is None:
        errors["starts_at"] = "Give the start time."
    elif ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = "The meeting must end after it starts."
    text = link.strip()
    if text and not text.lower().startswith(("https://", "http://")):
        errors["link"] = "Paste the whole Teams link, starting with https://."
    if not 1 <= capacity <= 20:
        errors["capacity"] = "A meeting takes between 1 and 20 cases."
    if errors:
        raise ValidationError(errors)


def check_room(kind: MeetingKind, status: MeetingStatus, booked: int, capacity: int) -> None:
    """Raise RuleError unless one more case fits on a meeting's agenda."""
    if status == MeetingStatus.CANCELLED:
        raise RuleError("This meeting is cancelled; choose another date for the case.", "meeting")
    if booked >= capacity:
        raise RuleError(
            f"This {kind.label} already has {booked} of {capacity} cases. "
            "Choose the next meeting with room, or raise its number of cases.",
            "meeting",
        )


def purpose_for(kind: MeetingKind, plan_due_for_review: bool) -> AgendaPurpose:
    """Return why a case goes on an agenda of ``kind``."""
    if kind == MeetingKind.CORE:
        return AgendaPurpose.CORE_CASE
    return AgendaPurpose.PLAN_REVIEW if plan_due_for_review else AgendaPurpose.NEW_CASE


def reordered(ids: list[int], moved: int, to_position: int) -> list[int]:
    """Return ``ids`` with ``moved`` taken out and put back at ``to_position`` (clamped)."""
    if moved not in ids:
        raise ValueError(f"{moved} is not on the agenda")
    rest = [i for i in ids if i != moved]
    position = max(0, min(to_position, len(rest)))
    return [*rest[:position], moved, *rest[position:]]


class MeetingInfo(NamedTuple):
    """One meeting as reports and calendars need it."""

    id: int
    uid: str
    kind: MeetingKind
    meets_on: date
    starts_at: time
    ends_at: time | None
    status: MeetingStatus
    link: str
    location: str
    capacity: int
    notes: str
    #: The meeting's version when read, so a one-click change refuses a meeting changed since.
    version: int = 0

    @property
    def title(self) -> str:
        """Return e.g. ``Inclusion Forum, Tuesday 10 November 2026``."""
        return f"{self.kind.label}, {self.meets_on:%A} {self.meets_on.day} {self.meets_on:%B %Y}"


class AgendaLine(NamedTuple):
    """One case on a printed agenda; ``who`` is a case reference for anonymous cases."""

    position: int
    time_slot: str
    who: str
    school: str
    year_group: int
    purpose: AgendaPurpose
    reasons: str


def case_slots(starts_at: time, ends_at: time | None, cases: int) -> list[str]:
    """Return a time slot per case, sharing the meeting evenly (20 minutes if no end)."""
    start = starts_at.hour * 60 + starts_at.minute
    end = ends_at.hour * 60 + ends_at.minute if ends_at else start + 20 * max(cases, 1)
    length = (end - start) // max(cases, 1)
    slots = []
    for n in range(cases):
        a, b = start + n * length, start + (n + 1) * length
        slots.append(f"{a // 60:02d}:{a % 60:02d}-{b // 60:02d}:{b % 60:02d}")
    return slots
