"""The Inclusion Forum action plan on A4: one per case, or a combined pack for a meeting."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from slip_desktop.domain.action_plans import PlanDocument
from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.domain.school_year import key_stage_label
from slip_desktop.reports.pdf_layout import (
    MARGIN,
    STYLES,
    build_pdf,
    data_table,
    details_table,
    text,
)

WIDTH = A4[0] - 2 * MARGIN


def _long_date(day: date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else "Not set"


def _short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def plan_title(doc: PlanDocument) -> str:
    """Return the PDF title: names no pupil when the case is anonymous."""
    return f"Action plan: {doc.heading_name}, {doc.meeting_title} {doc.meeting_on:%d %B %Y}"


def _details(doc: PlanDocument) -> list[tuple[str, str]]:
    year = f"Year {doc.year_group}"
    stage = key_stage_label(doc.year_group)
    rows: list[tuple[str, str]] = []
    if doc.anonymous:
        rows.append(("Case reference", f"{text(doc.case_reference)} (discussed anonymously)"))
    else:
        rows.append(("Pupil", text(doc.pupil_name)))
        born = _short_date(doc.date_of_birth) or "Not recorded"
        rows.append(
            ("Date of birth / UPN", f"{born} &nbsp;/&nbsp; {text(doc.upn) or 'Not recorded'}")
        )
    rows += [
        ("Year group", f"{year} ({stage})" if stage else year),
        ("School", text(doc.school)),
        ("Meeting", f"{text(doc.meeting_title)}, {_long_date(doc.meeting_on)}"),
        ("Plan written", _long_date(doc.written_on) if doc.written_on else "Draft"),
        ("Review date", f"<b>{_long_date(doc.review_due)}</b>"),
    ]
    return rows


def _section(title: str, body: str) -> list[Flowable]:
    content = text(body) or "<i>None recorded.</i>"
    return [
        CondPageBreak(30 * mm),
        Paragraph(title, STYLES["h2"]),
        Paragraph(content, STYLES["body"]),
    ]


def plan_story(doc: PlanDocument) -> list[Flowable]:
    """Return the flowables of one action plan (used alone or inside a pack)."""
    story: list[Flowable] = [
        Paragraph("Inclusion Forum action plan", STYLES["title"]),
        Paragraph(
            "Written by partnership staff after the forum discussed this case. "
            "Please share it with the staff who support the pupil and keep it with "
            "the pupil's records.",
            STYLES["small"],
        ),
        Spacer(1, 4 * mm),
        details_table(_details(doc), [45 * mm, WIDTH - 45 * mm]),
    ]
    story += _section("Discussion summary", doc.discussion_summary)
    story += _section("Advice from the forum", doc.advice)
    story += [CondPageBreak(40 * mm), Paragraph("Agreed actions", STYLES["h2"])]
    if doc.actions:
        rows = [
            [
                str(n),
                text(a.what),
                text(a.who),
                _short_date(a.by_when) or "Ongoing",
                "Done" if a.done else "",
            ]
            for n, a in enumerate(doc.actions, start=1)
        ]
        story.append(
            data_table(
                ["#", "Action", "Who", "By when", "Done"],
                rows,
                [8 * mm, WIDTH - 8 * mm - 42 * mm - 24 * mm - 14 * mm, 42 * mm, 24 * mm, 14 * mm],
            )
        )
    else:
        story.append(Paragraph("<i>No actions were agreed.</i>", STYLES["body"]))
    story += _section("Services signposted", doc.services_signposted)
    story += _section("Guidance on a SEND plan", doc.send_guidance)
    review = (
        f"The school reviews this plan with the partnership on or about "
        f"<b>{_long_date(doc.review_due)}</b>. If the pupil remains at risk of exclusion "
        "after the review, the school may refer to the partnership (tier 2 and above)."
    )
    story.append(
        KeepTogether([Paragraph("Review", STYLES["h2"]), Paragraph(review, STYLES["body"])])
    )
    if doc.attendees:
        story += [
            Paragraph("Present at the forum", STYLES["h2"]),
            Paragraph("; ".join(text(a) for a in doc.attendees), STYLES["small"]),
        ]
    return story


def _footer(doc: PlanDocument) -> str:
    # The footer names the case reference only, so a stray page never identifies a pupil.
    return f"Action plan · case {doc.case_reference}"


def action_plan_pdf(doc: PlanDocument, partnership: Partnership = DEFAULTS) -> bytes:
    """Return one case's action plan as PDF bytes, headed with ``partnership``'s details."""
    subject = f"{doc.meeting_title} action plan, case {doc.case_reference}"
    return build_pdf(
        plan_story(doc),
        title=plan_title(doc),
        subject=subject,
        footer=_footer(doc),
        partnership=partnership,
    )


def action_plan_pack_pdf(
    docs: Sequence[PlanDocument],
    meeting_title: str,
    meeting_on: date,
    partnership: Partnership = DEFAULTS,
) -> bytes:
    """Return every plan of one meeting in one PDF, each starting on a new page."""
    when = _long_date(meeting_on)
    contents = [
        [
            str(n),
            text(d.heading_name + (" (anonymous)" if d.anonymous else "")),
            text(d.school),
            _short_date(d.review_due),
        ]
        for n, d in enumerate(docs, start=1)
    ]
    story: list[Flowable] = [
        Paragraph(f"{text(meeting_title)} action plans", STYLES["title"]),
        Paragraph(f"{when}. {len(docs)} plan{'s' if len(docs) != 1 else ''}.", STYLES["body"]),
        Spacer(1, 4 * mm),
        data_table(
            ["#", "Pupil or case", "School", "Review"],
            contents,
            [8 * mm, 70 * mm, WIDTH - 8 * mm - 70 * mm - 26 * mm, 26 * mm],
        ),
    ]
    for doc in docs:
        story.append(PageBreak())
        story += plan_story(doc)
    title = f"{meeting_title} action plans, {meeting_on:%d %B %Y}"
    return build_pdf(
        story,
        title=title,
        subject=title,
        footer=title,
        partnership=partnership,
    )


def action_plan_html(doc: PlanDocument, partnership: Partnership = DEFAULTS) -> str:
    """Return the plan as simple HTML, for the in-app print preview (QTextDocument)."""
    details = "".join(
        f"<tr><td class='k'><b>{label}</b></td><td>{value}</td></tr>"
        for label, value in _details(doc)
    )

    def section(title: str, body: str) -> str:
        return f"<h3>{title}</h3><p>{text(body) or '<i>None recorded.</i>'}</p>"

    actions = "".join(
        f"<tr><td>{n}</td><td>{text(a.what)}</td><td>{text(a.who)}</td>"
        f"<td>{_short_date(a.by_when) or 'Ongoing'}</td><td>{'Done' if a.done else ''}</td></tr>"
        for n, a in enumerate(doc.actions, start=1)
    )
    action_table = (
        "<table width='100%' cellspacing='0' cellpadding='4' border='1'>"
        "<tr class='h'><th>#</th><th>Action</th><th>Who</th><th>By when</th><th>Done</th></tr>"
        f"{actions}</table>"
        if doc.actions
        else "<p><i>No actions were agreed.</i></p>"
    )
    return (
        "<html><head><style>"
        "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;}"
        "h1{color:#1F3A5F;font-size:16pt;} h3{color:#1F3A5F;font-size:11.5pt;}"
        "td.k{background:#E8EEF5;} tr.h{background:#E8EEF5;}"
        ".band{background:#1F3A5F;color:white;padding:4px;}"
        "</style></head><body>"
        f"<p class='band'><b>{text(partnership.name)}</b> — {text(partnership.marking)}</p>"
        "<h1>Inclusion Forum action plan</h1>"
        f"<table width='100%' cellspacing='0' cellpadding='4' border='1'>{details}</table>"
        + section("Discussion summary", doc.discussion_summary)
        + section("Advice from the forum", doc.advice)
        + "<h3>Agreed actions</h3>"
        + action_table
        + section("Services signposted", doc.services_signposted)
        + section("Guidance on a SEND plan", doc.send_guidance)
        + f"<h3>Review</h3><p>Review on or about <b>{_long_date(doc.review_due)}</b>.</p>"
        + "</body></html>"
    )
