"""A home school's attendance summary for a day or a week, as PDF and as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from slip_desktop.domain.attendance import Tally, code_of, format_percentage, is_absence
from slip_desktop.domain.enums import Session
from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.reports.pdf_layout import STYLES, build_pdf, data_table


class PupilLine(Protocol):
    """One pupil's sessions (db.attendance.PupilAttendance has this shape)."""

    @property
    def name(self) -> str:
        """The ``name`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def year_group(self) -> int:
        """The ``year_group`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def programme(self) -> Any:
        """The ``programme`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def tally(self) -> Tally:
        """The ``tally`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def marks(self) -> Mapping[tuple[date, Session], str]:
        """The ``marks`` of the row (read-only: frozen rows satisfy it)."""


class Summary(Protocol):
    """A school's summary (db.attendance.SchoolSummary has this shape)."""

    @property
    def school(self) -> str:
        """The ``school`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def contact_name(self) -> str:
        """The ``contact_name`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def first(self) -> date:
        """The ``first`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def last(self) -> date:
        """The ``last`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def pupils(self) -> Sequence[PupilLine]:
        """The ``pupils`` of the row (read-only: frozen rows satisfy it)."""


def period_label(first: date, last: date) -> str:
    """Return ``Friday 27 November 2026`` for a day, ``week of Monday 23 November 2026`` else."""
    if first == last:
        return f"{first:%A %d %B %Y}"
    return f"{first:%d %b} to {last:%d %b %Y}"


def _days(first: date, last: date) -> list[date]:
    return [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + timedelta(days=n)).weekday() < 5
    ]


def _cell(marks: Mapping[tuple[date, Session], str], day: date, session: Session) -> str:
    if (day, session) not in marks:
        return "·"  # not due at the centre (in school, or not yet placed)
    return marks[(day, session)] or "?"


def _absences(pupil: PupilLine) -> str:
    parts = []
    for (day, session), code in sorted(pupil.marks.items()):
        if is_absence(code):
            meaning = code_of(code).meaning.value
            parts.append(
                f"{day:%a} {session.value}: {code} {code_of(code).description} ({meaning})"
            )
    return "; ".join(parts) or "None"


def summary_pdf(summary: Summary, printed_on: date, partnership: Partnership = DEFAULTS) -> bytes:
    """Return the school's summary as a PDF: marks per session, percentage, absences, key."""
    days = _days(summary.first, summary.last)
    story: list[Flowable] = [
        Paragraph(f"Attendance summary: {summary.school}", STYLES["title"]),
        Paragraph(
            f"Pupils placed by the partnership, {period_label(summary.first, summary.last)}. "
            f"For {summary.contact_name or 'the school'}; printed {printed_on:%d %B %Y}.",
            STYLES["body"],
        ),
        Spacer(1, 4 * mm),
    ]
    if not summary.pupils:
        story.append(
            Paragraph("No pupils from this school were placed in this period.", STYLES["body"])
        )
    else:
        header = ["Pupil", "Yr", "Programme"]
        header += [f"{d:%a}<br/>{d:%d %b}" for d in days]
        header += ["Attended", "%"]
        rows = []
        for pupil in summary.pupils:
            row = [pupil.name, str(pupil.year_group), getattr(pupil.programme, "label", "")]
            row += [
                f"{_cell(pupil.marks, d, Session.AM)} {_cell(pupil.marks, d, Session.PM)}"
                for d in days
            ]
            row += [
                f"{pupil.tally.attended} of {pupil.tally.possible}",
                format_percentage(pupil.tally.percentage),
            ]
            rows.append(row)
        # 174 mm of A4 between the margins: fixed columns first, the days share the rest.
        fixed = [32 * mm, 8 * mm, 36 * mm, 18 * mm, 16 * mm]
        day_width = (174 * mm - sum(fixed)) / max(len(days), 1)
        widths = fixed[:3] + [min(day_width, 30 * mm)] * len(days) + fixed[3:]
        story.append(data_table(header, rows, widths))
        story.append(Paragraph("Absences", STYLES["h2"]))
        story.append(
            data_table(
                ["Pupil", "Sessions missed"],
                [[p.name, _absences(p)] for p in summary.pupils],
                [45 * mm, 129 * mm],
            )
        )
    used = sorted({c for p in summary.pupils for c in p.marks.values() if c})
    key = "; ".join(
        f"<b>{c}</b> {code_of(c).description.lower()} ({code_of(c).meaning.value})" for c in used
    )
    story.append(Spacer(1, 3 * mm))
    story.append(
        Paragraph(
            "Each day shows the morning then the afternoon mark. · not due at the centre "
            f"(in school); ? register not yet taken. {key}",
            STYLES["small"],
        )
    )
    return build_pdf(
        story,
        title=f"Attendance summary {summary.school} {summary.first:%Y-%m-%d}",
        subject="Daily attendance information for a home school",
        partnership=partnership,
    )


CSV_HEADER = [
    "School",
    "Pupil",
    "Year",
    "Programme",
    "Date",
    "AM",
    "PM",
    "Absence reasons",
    "Attended sessions (period)",
    "Possible sessions (period)",
    "Attendance % (period)",
    "Approved educational activity (period)",
    "Authorised absences (period)",
    "Unauthorised absences (period)",
]


def summary_csv(summary: Summary) -> str:
    """Return the summary as CSV: one line per pupil per day at the centre."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for pupil in summary.pupils:
        for day in _days(summary.first, summary.last):
            am = pupil.marks.get((day, Session.AM))
            pm = pupil.marks.get((day, Session.PM))
            if am is None and pm is None:
                continue
            reasons = [code_of(c).description for c in (am, pm) if c and is_absence(c)]
            percentage = pupil.tally.percentage
            writer.writerow(
                [
                    summary.school,
                    pupil.name,
                    pupil.year_group,
                    getattr(pupil.programme, "label", ""),
                    day.isoformat(),
                    am or "",
                    pm or "",
                    "; ".join(reasons),
                    pupil.tally.attended,
                    pupil.tally.possible,
                    "" if percentage is None else f"{percentage:.1f}",
                    pupil.tally.approved,
                    pupil.tally.authorised,
                    pupil.tally.unauthorised,
                ]
            )
    return out.getvalue()
