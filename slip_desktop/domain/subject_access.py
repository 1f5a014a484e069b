"""What a subject access export holds: plain sections of rows, ready for PDF and CSV."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Section:
    """One kind of record held about the pupil, as text cells under column names."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""
    #: The database table the rows come from (checked against every table of pupil data).
    table: str = ""
    #: The area of the office's work the section belongs to (a heading of the PDF).
    area: str = ""
    #: The columns the readable PDF prints (record numbers and links are left to the CSV).
    printed: tuple[int, ...] | None = None

    def printed_columns(self) -> tuple[int, ...]:
        """Return the positions of the columns the PDF prints."""
        return self.printed if self.printed is not None else tuple(range(len(self.columns)))

    @property
    def file_stem(self) -> str:
        """Return a file name for this section's CSV (lower-case, underscores)."""
        return "".join(ch if ch.isalnum() else "_" for ch in self.name.lower()).strip("_")


@dataclass(frozen=True)
class PupilFile:
    """Everything held about one pupil, gathered for a subject access request."""

    pupil_id: int
    full_name: str
    date_of_birth: date
    school: str
    gathered_on: date
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def section(self, name: str) -> Section:
        """Return the section called ``name``."""
        return next(s for s in self.sections if s.name == name)


#: The areas of the export, in the order the PDF gives them.
AREAS = (
    "About the pupil",
    "Referrals and meetings",
    "Action plans",
    "Core Meeting decisions",
    "Placements, moves and reviews",
    "Attendance",
    "Money",
    "Audit trail",
)

#: Words a column name abbreviates, as a reader would write them.
_WORDS = {
    "upn": "UPN",
    "send": "SEND",
    "ehcp": "EHCP",
    "eal": "EAL",
    "sen": "SEN",
    "cla": "looked after (CLA)",
    "ks3": "KS3",
    "ks4": "KS4",
    "ap": "AP",
    "dob": "date of birth",
}

#: Columns whose plain name is not simply their words.
_LABELS = {
    "first_name": "First name",
    "consent_on": "Consent given on",
    "sent_on": "Sent to the school on",
    "position": "Place on the agenda",
    "last_name": "Surname",
    "received_on": "Received",
    "requested_on": "Requested",
    "starts_on": "Starts",
    "ends_on": "Ends",
    "ended_on": "Ended",
    "planned_end_on": "Planned end",
    "due_on": "Due",
    "held_on": "Held",
    "meets_on": "Meeting date",
    "starts_at": "Starts at",
    "ends_at": "Ends at",
    "decided_at": "Decided at",
    "created_at": "Recorded at",
    "created_by": "Recorded by",
    "at": "When",
    "by": "By",
    "pupil_premium": "Pupil premium",
    "attendance_percent": "Attendance (%)",
    "year_group": "Year group",
    "school_id": "School",
    "sending_school_id": "Sending school",
    "receiving_school_id": "Receiving school",
    "meeting_id": "Meeting",
    "provider_id": "Provider",
    "mentor_id": "Mentor",
    "staff_member_id": "Staff member",
    "day": "Day",
    "session": "Session (AM/PM)",
    "code": "Attendance code",
    "changes": "What changed",
    "action": "What was done",
    "table_name": "Kind of record",
    "row_id": "Record number",
    "corrects_term": "Corrects term",
    "corrects_year": "Corrects year",
    "academic_year": "Academic year (starting)",
}


def column_label(column: str) -> str:
    """Return a column's name in plain words: "send_funding_pence" -> "SEND funding"."""
    if column in _LABELS:
        return _LABELS[column]
    words = column.removesuffix("_pence").removesuffix("_id").split("_")
    text = " ".join(_WORDS.get(w, w) for w in words)
    return text[:1].upper() + text[1:]


def pounds_text(pence: int) -> str:
    """Return pence as "£1,234.56" (a credit as "-£90.00")."""
    sign = "-" if pence < 0 else ""
    return f"{sign}£{abs(pence) / 100:,.2f}"
