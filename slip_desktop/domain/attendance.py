"""Register codes (DfE style), which sessions a pupil attends, and attendance percentages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from slip_desktop.domain.enums import Session
from slip_desktop.domain.errors import RuleError


class Meaning(StrEnum):
    """How a code counts in the attendance figures."""

    PRESENT = "present"
    OFF_SITE = "educated off site"  # approved educational activity: counts as attending
    AUTHORISED = "authorised absence"
    UNAUTHORISED = "unauthorised absence"
    NOT_POSSIBLE = "not counted"  # attendance not possible or not required


@dataclass(frozen=True)
class Code:
    """One register code."""

    mark: str
    meaning: Meaning
    description: str


#: The codes the centres use, as in the DfE's school attendance guidance.
CODES: dict[str, Code] = {
    code.mark: code
    for code in (
        Code("/", Meaning.PRESENT, "Present"),
        Code("L", Meaning.PRESENT, "Late, before the register closed"),
        Code("B", Meaning.OFF_SITE, "Educated off site (at school or another provider)"),
        Code("P", Meaning.OFF_SITE, "Approved sporting activity"),
        Code("V", Meaning.OFF_SITE, "Educational visit or trip"),
        Code("W", Meaning.OFF_SITE, "Work experience"),
        Code("I", Meaning.AUTHORISED, "Illness"),
        Code("M", Meaning.AUTHORISED, "Medical or dental appointment"),
        Code("C", Meaning.AUTHORISED, "Other authorised circumstances"),
        Code("E", Meaning.AUTHORISED, "Suspended or excluded"),
        Code("R", Meaning.AUTHORISED, "Religious observance"),
        Code("O", Meaning.UNAUTHORISED, "Unauthorised absence"),
        Code("U", Meaning.UNAUTHORISED, "Arrived after the register closed"),
        Code("G", Meaning.UNAUTHORISED, "Holiday not authorised"),
        Code("N", Meaning.UNAUTHORISED, "No reason given yet"),
        Code("X", Meaning.NOT_POSSIBLE, "Not required to attend this session"),
        Code("Y", Meaning.NOT_POSSIBLE, "Unable to attend: exceptional circumstances"),
        Code("#", Meaning.NOT_POSSIBLE, "Centre closed"),
    )
}

PRESENT = "/"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def check_code(mark: str) -> str:
    """Return ``mark`` as stored (upper case), or raise if it is not a register code."""
    normal = mark.strip().upper()
    if normal not in CODES:
        raise RuleError(f"'{mark}' is not a register code. Use one of: {' '.join(CODES)}", "code")
    return normal


def attends(centre_days: str, day: date, session: Session) -> bool:
    """Return True when a pupil with ``centre_days`` is due at the centre that session.

    ``centre_days`` lists weekdays and half days, e.g. ``"mon,tue,wed-am"``;
    empty means every weekday (a full-time place).
    """
    if day.weekday() >= 5:
        return False
    if not centre_days.strip():
        return True
    name = WEEKDAYS[day.weekday()]
    tokens = {t.strip().lower() for t in centre_days.split(",") if t.strip()}
    return name in tokens or f"{name}-{session.value}" in tokens


def describe_days(centre_days: str) -> str:
    """Return ``centre_days`` as the coordinator reads it: ``Mon, Tue, Wed am``."""
    if not centre_days.strip():
        return "Every day"
    parts = []
    for token in centre_days.split(","):
        token = token.strip().lower()
        if not token:
            continue
        day, _, half = token.partition("-")
        parts.append(f"{day.capitalize()} {half}".strip())
    return ", ".join(parts)


#: What a centre day may be typed as: a weekday, or half of one (``wed-am``).
DAY_TOKENS = frozenset({*WEEKDAYS, *(f"{d}-{s.value}" for d in WEEKDAYS for s in Session)})


def day_tokens(centre_days: str) -> list[str]:
    """Return the days in ``centre_days``, trimmed and in lower case, empty ones dropped."""
    return [t.strip().lower() for t in centre_days.split(",") if t.strip()]


def centre_days_problem(centre_days: str) -> str | None:
    """Return why ``centre_days`` cannot be stored, or None when every day reads as one."""
    tokens = day_tokens(centre_days)
    unknown = [t for t in tokens if t not in DAY_TOKENS]
    if unknown:
        # The register ignores what it cannot read: the pupil would never be expected.
        return f"'{unknown[0][:20]}' is not a day: use mon to fri, or half days like wed-am."
    days = [t.partition("-")[0] for t in tokens]
    if len(days) != len(set(days)):
        return "Name each day once (a half day counts as that day)."
    return None


def days_count(centre_days: str) -> float:
    """Return how many days a week ``centre_days`` adds up to (5 when empty)."""
    if not centre_days.strip():
        return 5.0
    total = 0.0
    for token in centre_days.split(","):
        token = token.strip()
        if token:
            total += 0.5 if "-" in token else 1.0
    return total


@dataclass(frozen=True)
class Tally:
    """Sessions counted for one pupil over a period."""

    possible: int
    attended: int
    authorised: int
    unauthorised: int
    unmarked: int

    @property
    def percentage(self) -> float | None:
        """Attended sessions as a percentage of possible ones (None when none were possible)."""
        return None if self.possible == 0 else round(100 * self.attended / self.possible, 1)


def tally(marks: Iterable[str]) -> Tally:
    """Count marks: present and off-site sessions attend; 'not counted' codes are not possible.

    An empty mark (register not yet taken) is counted apart and left out of the
    percentage, so an unfinished register does not look like absence.
    """
    possible = attended = authorised = unauthorised = unmarked = 0
    for mark in marks:
        if not mark:
            unmarked += 1
            continue
        meaning = CODES[mark].meaning
        if meaning == Meaning.NOT_POSSIBLE:
            continue
        possible += 1
        if meaning in (Meaning.PRESENT, Meaning.OFF_SITE):
            attended += 1
        elif meaning == Meaning.AUTHORISED:
            authorised += 1
        else:
            unauthorised += 1
    return Tally(possible, attended, authorised, unauthorised, unmarked)


def format_percentage(value: float | None) -> str:
    """Return a percentage for tables: ``92.5%`` or a dash when nothing was possible."""
    return "–" if value is None else f"{value:.1f}%"
