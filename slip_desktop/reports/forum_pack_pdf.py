"""A meeting's pack: cover, agenda, attendee list, then each case's plan, review or blank form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from slip_desktop.domain.action_plans import PlanDocument
from slip_desktop.domain.meetings import AgendaLine, MeetingInfo
from slip_desktop.reports.action_plan_pdf import plan_story
from slip_desktop.reports.agenda_pdf import agenda_story
from slip_desktop.reports.pdf_layout import (
    MARGIN,
    NAVY,
    STYLES,
    build_pdf,
    data_table,
    details_table,
    text,
)

WIDTH = A4[0] - 2 * MARGIN

#: What each kind of case brings to the pack, as the cover says it.
CONTENTS = {
    "plan": "Action plan",
    "review": "Action plan and review form",
    "blank": "Blank plan form (new case)",
    "summary": "Case summary",
}


@dataclass(frozen=True)
class PackEntry:
    """One case in a pack: how it is named on the cover, and its pages."""

    position: int
    case_reference: str
    who: str
    school: str
    contents: str  # a key of CONTENTS
    document: PlanDocument | None = None
    summary: Sequence[tuple[str, str]] = ()


def _ruled_box(height_mm: float) -> Table:
    box = Table([[""]], colWidths=[WIDTH], rowHeights=[height_mm * mm])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, NAVY)]))
    return box


def attendee_story(
    meeting: MeetingInfo, attendees: Sequence[tuple[str, str, str]]
) -> list[Flowable]:
    """Return the attendee list: each invitee with a box to tick at the meeting."""
    story: list[Flowable] = [
        Paragraph(f"{text(meeting.kind.label)}: attendee list", STYLES["title"]),
        Paragraph(
            f"{meeting.meets_on:%A} {meeting.meets_on.day} {meeting.meets_on:%B %Y}, "
            f"{meeting.starts_at:%H:%M}. Tick who attends; add anyone not listed.",
            STYLES["body"],
        ),
        Spacer(1, 3 * mm),
    ]
    rows = [
        [str(n), text(name), text(role), text(org), ""]
        for n, (name, role, org) in enumerate(attendees, start=1)
    ]
    rows += [["&nbsp;"] * 5 for _ in range(3)]  # for people who join on the day
    story.append(
        data_table(
            ["#", "Name", "Role", "Organisation", "Present"],
            rows,
            [8 * mm, 50 * mm, 50 * mm, WIDTH - 8 * mm - 100 * mm - 20 * mm, 20 * mm],
        )
    )
    if not attendees:
        story.append(Paragraph("<i>No one is invited yet.</i>", STYLES["body"]))
    return story


def review_form_story(doc: PlanDocument) -> list[Flowable]:
    """Return the plan review form: each agreed action with room for progress, and the question."""
    story: list[Flowable] = [
        Paragraph("Action plan review", STYLES["title"]),
        Paragraph(
            "Completed at the forum with the school: what happened to each agreed action, "
            "and whether the pupil is still at risk of exclusion.",
            STYLES["small"],
        ),
        Spacer(1, 3 * mm),
        details_table(
            [
                ("Case reference", text(doc.case_reference)),
                ("Pupil or case", text(doc.heading_name)),
                ("School", text(doc.school)),
                ("Plan written", f"{doc.written_on:%d %b %Y}" if doc.written_on else "-"),
                ("Review due", f"{doc.review_due:%d %b %Y}" if doc.review_due else "-"),
            ],
            [40 * mm, WIDTH - 40 * mm],
        ),
        Paragraph("Agreed actions", STYLES["h2"]),
    ]
    rows = [[str(n), text(a.what), text(a.who), "", ""] for n, a in enumerate(doc.actions, start=1)]
    rows = rows or [["", "<i>No actions were agreed.</i>", "", "", ""]]
    story.append(
        data_table(
            ["#", "Action", "Who", "Done?", "Progress and evidence"],
            rows,
            [8 * mm, 60 * mm, 30 * mm, 16 * mm, WIDTH - 8 * mm - 60 * mm - 30 * mm - 16 * mm],
        )
    )
    for question, height in (
        ("Is the pupil still at risk of exclusion? (Yes / No) Why?", 22),
        ("Next steps agreed (and referral to the partnership, if still at risk)", 32),
    ):
        story += [Paragraph(question, STYLES["h2"]), _ruled_box(height)]
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            "Reviewed on ______________ &nbsp;&nbsp; by ______________________", STYLES["body"]
        ),
    ]
    return story


def blank_plan_story(doc: PlanDocument) -> list[Flowable]:
    """Return an empty plan form with the case's details, to fill in at the forum."""
    story: list[Flowable] = [
        Paragraph("Inclusion Forum action plan (to complete at the forum)", STYLES["title"]),
        Spacer(1, 3 * mm),
        details_table(
            [
                ("Case reference", text(doc.case_reference)),
                ("Pupil or case", text(doc.heading_name)),
                ("Year group", f"Year {doc.year_group}"),
                ("School", text(doc.school)),
                ("Meeting", f"{text(doc.meeting_title)}, {doc.meeting_on:%d %B %Y}"),
                ("Review date", f"{doc.review_due:%d %B %Y}" if doc.review_due else "-"),
            ],
            [40 * mm, WIDTH - 40 * mm],
        ),
    ]
    for title, height in (
        ("Discussion summary", 40),
        ("Advice from the forum", 30),
    ):
        story += [Paragraph(title, STYLES["h2"]), _ruled_box(height)]
    story += [
        Paragraph("Agreed actions", STYLES["h2"]),
        data_table(
            ["#", "Action", "Who", "By when"],
            [[str(n), "", "", ""] for n in range(1, 6)],
            [8 * mm, WIDTH - 8 * mm - 45 * mm - 25 * mm, 45 * mm, 25 * mm],
        ),
    ]
    for title, height in (("Services signposted", 18), ("Guidance on a SEND plan", 18)):
        story += [Paragraph(title, STYLES["h2"]), _ruled_box(height)]
    return story


def summary_story(entry: PackEntry) -> list[Flowable]:
    """Return one Core Meeting case summary: the referral's key facts."""
    return [
        Paragraph(f"Case summary: {text(entry.who)}", STYLES["title"]),
        Spacer(1, 3 * mm),
        details_table(
            [("Case reference", text(entry.case_reference)), ("School", text(entry.school))]
            + [(label, text(value) or "<i>Not recorded.</i>") for label, value in entry.summary],
            [45 * mm, WIDTH - 45 * mm],
        ),
    ]


def case_story(entry: PackEntry) -> list[Flowable]:
    """Return the pages one case brings to the pack."""
    if entry.contents == "summary" or entry.document is None:
        return summary_story(entry)
    if entry.contents == "blank":
        return blank_plan_story(entry.document)
    story = plan_story(entry.document)
    if entry.contents == "review":
        story += [PageBreak(), *review_form_story(entry.document)]
    return story


def _footer(title: str) -> str:
    return f"SLIP · {title} · OFFICIAL-SENSITIVE"


def case_pdf(entry: PackEntry, meeting: MeetingInfo) -> bytes:
    """Return one case's pages as their own PDF (titled by case reference, never by name)."""
    title = f"{meeting.kind.label} {meeting.meets_on:%d %B %Y}, case {entry.case_reference}"
    return build_pdf(case_story(entry), title=title, subject=title, footer=_footer(title))


def cover_rows(entries: Sequence[PackEntry]) -> list[list[str]]:
    """Return the cover's rows: one per case, told apart by case reference."""
    return [
        [str(e.position), text(e.case_reference), text(e.who), text(e.school), CONTENTS[e.contents]]
        for e in entries
    ]


def meeting_pack_pdf(
    meeting: MeetingInfo,
    lines: Sequence[AgendaLine],
    invited: Sequence[tuple[str, str, str]],
    entries: Sequence[PackEntry],
    printed_on: date,
) -> bytes:
    """Return the combined pack to print: cover, agenda, attendee list, then every case."""
    title = f"{meeting.kind.label} pack, {meeting.meets_on:%d %B %Y}"
    count = len(entries)
    summary = (
        f"{count} case{'s' if count != 1 else ''} booked."
        if count
        else "No cases are booked for this meeting: "
        "this pack holds the agenda and attendee list only."
    )
    story: list[Flowable] = [
        Paragraph(text(title), STYLES["title"]),
        Paragraph(f"{summary} Prepared {printed_on:%d %B %Y}.", STYLES["body"]),
        Spacer(1, 4 * mm),
    ]
    if entries:
        story.append(
            data_table(
                ["#", "Case reference", "Pupil or case", "School", "In this pack"],
                cover_rows(entries),
                [8 * mm, 32 * mm, 45 * mm, WIDTH - 8 * mm - 32 * mm - 45 * mm - 50 * mm, 50 * mm],
            )
        )
    story += [
        PageBreak(),
        *agenda_story(meeting, lines, [", ".join(filter(None, a)) for a in invited]),
    ]
    story += [PageBreak(), *attendee_story(meeting, invited)]
    for entry in entries:
        story += [PageBreak(), *case_story(entry)]
    return build_pdf(story, title=title, subject=title, footer=_footer(title))
