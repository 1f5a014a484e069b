"""The Core Meeting decisions PDF: each case with its outcome, rationale and what it started."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.reports.fonts import escape_printable as escape
from slip_desktop.reports.pdf_layout import LIGHT, NAVY, STYLES, build_pdf, data_table


@dataclass(frozen=True)
class MinutesCase:
    """One case as the minutes record it (plain text, labels already chosen)."""

    pupil_name: str
    school: str
    year_group: int
    outcome: str
    rationale: str
    started: str
    decided_by: str
    decided_at: datetime | None


def _case_block(number: int, case: MinutesCase, draft: bool = False) -> Flowable:
    cell = STYLES["cell"]
    when = f"{case.decided_at:%d %b %Y %H:%M}" if case.decided_at else ""
    decided = ", ".join(filter(None, (case.decided_by, when)))
    undecided = "To be decided at the meeting" if draft else "Not decided at this meeting"
    rows = [["Outcome", case.outcome or undecided]]
    if case.outcome:
        rows += [
            ["Rationale", case.rationale or "-"],
            ["What it started", case.started or "-"],
            ["Decided by", decided or "-"],
        ]
    body = [
        [Paragraph(f"<b>{label}</b>", cell), Paragraph(escape(value), cell)]
        for label, value in rows
    ]
    heading = Paragraph(
        f"{number}. {escape(case.pupil_name)} - {escape(case.school)}, Year {case.year_group}",
        STYLES["h2"],
    )
    table = Table(body, colWidths=[32 * mm, None])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, NAVY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return KeepTogether([heading, table])


def core_minutes_pdf(
    meets_on: date,
    starts_at: time,
    location: str,
    attendees: Sequence[str],
    cases: Sequence[MinutesCase],
    partnership: Partnership = DEFAULTS,
    *,
    draft: bool = False,
) -> bytes:
    """Return the decisions PDF of one Core Meeting.

    Before attendance is recorded at the meeting it is a ``draft``: marked DRAFT on
    every page, the people listed as invited (not present), open cases "to be decided".
    """
    title = f"Core Meeting decisions - {meets_on:%d %B %Y}"
    if draft:
        title = f"DRAFT Core Meeting decisions - {meets_on:%d %B %Y}"
    decided = [c for c in cases if c.outcome]
    counts: dict[str, int] = {}
    for case in decided:
        counts[case.outcome] = counts.get(case.outcome, 0) + 1
    story: list[Flowable] = [
        Paragraph(title, STYLES["title"]),
        Paragraph(
            f"{meets_on:%A %d %B %Y}, {starts_at:%H:%M}, {escape(location)}. "
            f"{len(decided)} of {len(cases)} cases decided.",
            STYLES["body"],
        ),
    ]
    if draft:
        story.insert(
            1,
            Paragraph(
                "<b>DRAFT, not minutes.</b> Prepared before the meeting: attendance has not "
                "been recorded, so the people below were invited, not necessarily present.",
                STYLES["body"],
            ),
        )
    if attendees:
        label = "Invited" if draft else "Present"
        story.append(Paragraph(f"{label}: " + escape("; ".join(attendees)) + ".", STYLES["small"]))
    if counts:
        story += [
            Spacer(1, 6),
            data_table(
                ["Outcome", "Cases"],
                [[outcome, str(n)] for outcome, n in counts.items()],
                widths=[110 * mm, 20 * mm],
            ),
        ]
    story.append(Spacer(1, 4))
    story += [_case_block(i, case, draft) for i, case in enumerate(cases, start=1)]
    if not cases:
        story.append(Paragraph("No cases were on this meeting's agenda.", STYLES["body"]))
    return build_pdf(
        story,
        title=title,
        subject="Core Meeting decisions (names inside)",
        partnership=partnership,
        watermark="DRAFT" if draft else "",
    )
