"""Register codes (DfE style), which sessions a pupil attends, and attendance percentages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from slip_desktop.domain.enums import Session
from slip_desktop.domain.errors import RuleError


class Meaning(StrEnum):
    """How a code counts in the attendance figures (the DfE's statistical meaning)."""

    PRESENT = "present"
    #: Attending an approved educational activity off site: counts as attending.
    APPROVED = "approved educational activity"
    AUTHORISED = "authorised absence"
    UNAUTHORISED = "unauthorised absence"
    #: Attendance not possible or not required: left out of possible sessions.
    NOT_POSSIBLE = "not counted"
    #: The name used before August 2024 (an alias of APPROVED), kept for old callers.
    OFF_SITE = "approved educational activity"


class Category(StrEnum):
    """The headings the DfE's guidance groups its codes under."""

    PRESENT = "Present"
    APPROVED = "Attending a place other than the school"
    LEAVE = "Absent: leave of absence"
    OTHER_AUTHORISED = "Absent: other authorised reasons"
    UNAVOIDABLE = "Absent: unable to attend because of an unavoidable cause"
    UNAUTHORISED = "Absent: unauthorised absence"
    ADMINISTRATIVE = "Administrative codes"


@dataclass(frozen=True)
class Code:
    """One register code."""

    mark: str
    meaning: Meaning
    description: str
    category: Category = Category.PRESENT


def _codes(*codes: Code) -> dict[str, Code]:
    return {code.mark: code for code in codes}


_P, _A, _AU, _UN, _NP = (
    Meaning.PRESENT,
    Meaning.APPROVED,
    Meaning.AUTHORISED,
    Meaning.UNAUTHORISED,
    Meaning.NOT_POSSIBLE,
)
_C = Category

#: The codes in force from August 2024: the DfE's "Working together to improve school
#: attendance" (August 2024) and the School Attendance (Pupil Registration) (England)
#: Regulations 2024. The register offers exactly these.
CODES: dict[str, Code] = _codes(
    Code("/", _P, "Present", _C.PRESENT),
    Code("L", _P, "Late, arrived before the register closed", _C.PRESENT),
    Code("K", _A, "Attending education provision arranged by the local authority", _C.APPROVED),
    Code("V", _A, "Attending an educational visit or trip", _C.APPROVED),
    Code("P", _A, "Participating in a sporting activity", _C.APPROVED),
    Code("W", _A, "Attending work experience", _C.APPROVED),
    Code("B", _A, "Attending any other approved educational activity", _C.APPROVED),
    # Counted in the possible sessions of the other school the pupil is registered at.
    Code("D", _NP, "Dual registered: at another school at the time", _C.APPROVED),
    Code("C1", _AU, "Leave: regulated performance or employment abroad", _C.LEAVE),
    Code("M", _AU, "Leave: medical or dental appointment", _C.LEAVE),
    Code("J1", _AU, "Leave: interview for employment or further education", _C.LEAVE),
    Code("S", _AU, "Leave: study leave", _C.LEAVE),
    Code("X", _NP, "Not of compulsory school age and not required to attend", _C.LEAVE),
    Code("C2", _AU, "Leave: temporarily reduced (part-time) timetable", _C.LEAVE),
    Code("C", _AU, "Leave: exceptional circumstances", _C.LEAVE),
    Code("T", _AU, "Parent travelling for occupational purposes", _C.OTHER_AUTHORISED),
    Code("R", _AU, "Religious observance", _C.OTHER_AUTHORISED),
    Code("I", _AU, "Illness (not a medical or dental appointment)", _C.OTHER_AUTHORISED),
    Code("E", _AU, "Suspended or excluded, no alternative provision made", _C.OTHER_AUTHORISED),
    Code("Q", _NP, "Unable to attend: lack of access arrangements", _C.UNAVOIDABLE),
    Code("Y1", _NP, "Unable to attend: transport normally provided not available", _C.UNAVOIDABLE),
    Code("Y2", _NP, "Unable to attend: widespread disruption to travel", _C.UNAVOIDABLE),
    Code("Y3", _NP, "Unable to attend: part of the premises closed", _C.UNAVOIDABLE),
    Code("Y4", _NP, "Unable to attend: whole site unexpectedly closed", _C.UNAVOIDABLE),
    Code("Y5", _NP, "Unable to attend: in criminal justice detention", _C.UNAVOIDABLE),
    Code("Y6", _NP, "Unable to attend: public health guidance or law", _C.UNAVOIDABLE),
    Code("Y7", _NP, "Unable to attend: any other unavoidable cause", _C.UNAVOIDABLE),
    Code("G", _UN, "Holiday or leave not granted", _C.UNAUTHORISED),
    Code("N", _UN, "Reason for absence not yet established", _C.UNAUTHORISED),
    Code("O", _UN, "Absent in other or unknown circumstances", _C.UNAUTHORISED),
    Code("U", _UN, "Arrived after the register closed", _C.UNAUTHORISED),
    Code("Z", _NP, "Prospective pupil, not yet on the register", _C.ADMINISTRATIVE),
    Code("#", _NP, "Planned closure (whole centre)", _C.ADMINISTRATIVE),
)

#: Marks stored before August 2024 that the new list dropped or changed: they stay
#: readable with the meaning they had, but the register no longer offers them.
LEGACY_CODES: dict[str, Code] = _codes(
    Code("Y", _NP, "Unable to attend: exceptional circumstances (before Aug 2024)", _C.UNAVOIDABLE),
    Code("J", _AU, "Interview (before Aug 2024; now J1)", _C.LEAVE),
    Code("H", _AU, "Agreed family holiday (before Sep 2013)", _C.LEAVE),
    Code("F", _AU, "Agreed extended family holiday (before Sep 2013)", _C.LEAVE),
    Code("\\", _P, "Present (afternoon mark)", _C.PRESENT),
)

#: Widest code the register stores.
CODE_LENGTH = 3

PRESENT = "/"


def code_of(mark: str) -> Code:
    """Return what a stored ``mark`` means, current or from before August 2024.

    A mark nobody knows (typed into the database by hand) reads as "not counted"
    rather than failing the whole register.
    """
    found = CODES.get(mark) or LEGACY_CODES.get(mark)
    if found is None:
        return Code(mark, Meaning.NOT_POSSIBLE, "Unknown code", Category.ADMINISTRATIVE)
    return found


def is_absence(mark: str) -> bool:
    """Return True when ``mark`` is an authorised or unauthorised absence."""
    return bool(mark) and code_of(mark).meaning in (Meaning.AUTHORISED, Meaning.UNAUTHORISED)


def codes_starting(prefix: str) -> list[str]:
    """Return the current codes longer than ``prefix`` that begin with it (C gives C1, C2)."""
    return [c for c in CODES if len(c) > len(prefix) and c.startswith(prefix)]


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def check_code(mark: str) -> str:
    """Return ``mark`` as stored (upper case), or raise if it is not a register code."""
    normal = mark.strip().upper()
    if normal in LEGACY_CODES and normal not in CODES:
        longer = codes_starting(normal)
        instead = f" Use {' or '.join(longer)} instead." if longer else ""
        raise RuleError(
            f"'{normal}' is no longer a register code (since August 2024).{instead}", "code"
        )
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
    #: Of the attended sessions, those at an approved educational activity off site.
    approved: int = 0
    #: Sessions marked with a code that is not counted (attendance not possible).
    not_counted: int = 0

    @property
    def percentage(self) -> float | None:
        """Attended sessions as a percentage of possible ones (None when none were possible)."""
        return None if self.possible == 0 else round(100 * self.attended / self.possible, 1)


def tally(marks: Iterable[str]) -> Tally:
    """Count marks the DfE's way: present and approved-activity sessions attend.

    Codes whose meaning is "not counted" are left out of the possible sessions. An
    empty mark (register not yet taken) is counted apart and left out of the
    percentage, so an unfinished register does not look like absence. Marks from
    before August 2024 count with the meaning they had.
    """
    possible = attended = approved = authorised = unauthorised = unmarked = not_counted = 0
    for mark in marks:
        if not mark:
            unmarked += 1
            continue
        meaning = code_of(mark).meaning
        if meaning == Meaning.NOT_POSSIBLE:
            not_counted += 1
            continue
        possible += 1
        if meaning == Meaning.PRESENT:
            attended += 1
        elif meaning == Meaning.APPROVED:
            attended += 1
            approved += 1
        elif meaning == Meaning.AUTHORISED:
            authorised += 1
        else:
            unauthorised += 1
    return Tally(possible, attended, authorised, unauthorised, unmarked, approved, not_counted)


def format_percentage(value: float | None) -> str:
    """Return a percentage for tables: ``92.5%`` or a dash when nothing was possible."""
    return "–" if value is None else f"{value:.1f}%"
