"""The printed agenda of an Inclusion Forum or Core Meeting."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from slip_desktop.domain.meetings import AgendaLine, MeetingInfo
from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.reports.pdf_layout import (
    MARGIN,
    STYLES,
    build_pdf,
    data_table,
    details_table,
    text,
)

WIDTH = A4[0] - 2 * MARGIN


def agenda_pdf(
    meeting: MeetingInfo,
    lines: Sequence[AgendaLine],
    attendees: Sequence[str],
    partnership: Partnership = DEFAULTS,
) -> bytes:
    """Return the agenda: meeting details, the invitation list and the cases in order."""
    title = agenda_title(meeting)
    return build_pdf(
        agenda_story(meeting, lines, attendees),
        title=title,
        subject=title,
        footer=title,
        partnership=partnership,
    )


def agenda_title(meeting: MeetingInfo) -> str:
    """Return the agenda's title (names no pupil)."""
    return f"{meeting.kind.label} agenda, {meeting.meets_on:%d %B %Y}"


def agenda_story(
    meeting: MeetingInfo, lines: Sequence[AgendaLine], attendees: Sequence[str]
) -> list[Flowable]:
    """Return the agenda's flowables (alone, or at the front of a meeting pack)."""
    ends = f" to {meeting.ends_at:%H:%M}" if meeting.ends_at else ""
    where = meeting.location or "Microsoft Teams"
    details = [
        ("Date", f"{meeting.meets_on:%A} {meeting.meets_on.day} {meeting.meets_on:%B %Y}"),
        ("Time", f"{meeting.starts_at:%H:%M}{ends}"),
        ("Where", text(where)),
        ("Join online", text(meeting.link) if meeting.link else "Link to follow"),
        ("Status", meeting.status.label),
    ]
    story: list[Flowable] = [
        Paragraph(f"{meeting.kind.label}: agenda", STYLES["title"]),
        Spacer(1, 2 * mm),
        details_table(details, [32 * mm, WIDTH - 32 * mm]),
        Paragraph("Invited", STYLES["h2"]),
        Paragraph(
            "; ".join(text(a) for a in attendees) or "<i>No one invited yet.</i>", STYLES["body"]
        ),
        Paragraph("Welcome, introductions and apologies", STYLES["h2"]),
        Paragraph(
            "Cases discussed without parental consent are named by case reference only.",
            STYLES["small"],
        ),
        Paragraph(f"Cases ({len(lines)} of {meeting.capacity})", STYLES["h2"]),
    ]
    if lines:
        rows = [
            [
                str(line.position),
                line.time_slot,
                text(line.who),
                text(line.school),
                f"Year {line.year_group}",
                line.purpose.label,
                text(line.reasons),
            ]
            for line in lines
        ]
        story.append(
            data_table(
                ["#", "Time", "Pupil or case", "School", "Year", "Item", "Reasons"],
                rows,
                [
                    7 * mm,
                    22 * mm,
                    40 * mm,
                    WIDTH - 7 * mm - 22 * mm - 40 * mm - 16 * mm - 22 * mm - 32 * mm,
                    16 * mm,
                    22 * mm,
                    32 * mm,
                ],
            )
        )
    else:
        story.append(Paragraph("<i>No cases booked yet.</i>", STYLES["body"]))
    story += [
        Paragraph("Any other business", STYLES["h2"]),
        Paragraph(
            "Partnership staff write an action plan for each case after the meeting "
            "and send it to the school.",
            STYLES["body"],
        ),
    ]
    return story
