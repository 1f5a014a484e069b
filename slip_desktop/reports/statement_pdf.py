"""A school's termly statement as a PDF: a line per placement with its working."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from slip_desktop.domain.charges import CHARGE_RULES
from slip_desktop.domain.enums import StatementStatus
from slip_desktop.domain.money import format_money
from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.domain.statement_docs import StatementDoc, StatementLineDoc
from slip_desktop.reports.fonts import escape_printable as escape
from slip_desktop.reports.pdf_layout import LIGHT, NAVY, STYLES, build_pdf

HEADER = [
    "Pupil, placement and working",
    "Tier",
    "Dates",
    "School days",
    "Days a week",
    "Cost a year or day rate",
    "Pupil premium a year",
    "SEND a year",
    "Amount",
]
WIDTHS = [50 * mm, 8 * mm, 19 * mm, 12 * mm, 11 * mm, 19 * mm, 18 * mm, 18 * mm, 19 * mm]
#: Columns holding numbers, set right-aligned.
NUMERIC = range(3, 9)
_CELL = ParagraphStyle("StatementCell", parent=STYLES["cell"], fontSize=8, leading=9.8)
_NUMBER = ParagraphStyle("StatementNumber", parent=_CELL, alignment=TA_RIGHT)


def statement_title(doc: StatementDoc) -> str:
    """Return e.g. ``Statement: Brookfield Academy, Autumn 2026-27``."""
    return f"Statement: {doc.school}, {doc.term.label} {academic_year_label(doc.academic_year)}"


def _money_or_blank(value: Decimal) -> str:
    return format_money(value) if value else ""


def _line_cells(line: StatementLineDoc) -> list[str]:
    working = escape(line.calculation)
    head = f"<b>{escape(line.description)}</b>"
    if line.programme:
        head += f"<br/>{escape(line.programme)}"
    dates = ""
    if line.starts_on and line.ends_on:
        dates = f"{line.starts_on:%d %b %Y} to<br/>{line.ends_on:%d %b %Y}"
    if line.is_adjustment:
        return [
            f"{head}<br/><font size=7>{working}</font>",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            f"<b>{format_money(line.amount)}</b>",
        ]
    return [
        f"{head}<br/><font size=7>{working}</font>",
        str(line.tier),
        dates,
        str(line.days),
        f"{line.days_per_week.normalize():f}",
        _money_or_blank(line.base),
        _money_or_blank(line.pupil_premium),
        _money_or_blank(line.send),
        f"<b>{format_money(line.amount)}</b>",
    ]


def _table(rows: list[list[str]]) -> Table:
    def cell(text: str, column: int) -> Paragraph:
        return Paragraph(text, _NUMBER if column in NUMERIC else _CELL)

    data = [[cell(f"<b>{h}</b>", i) for i, h in enumerate(HEADER)]]
    data += [[cell(value, i) for i, value in enumerate(row)] for row in rows]
    table = Table(data, colWidths=WIDTHS, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
                ("LINEBELOW", (0, 1), (-1, -2), 0.25, colors.lightgrey),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, NAVY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def is_draft(doc: StatementDoc) -> bool:
    """True while the term is not issued: the PDF is marked DRAFT and is not an invoice."""
    return doc.status == StatementStatus.DRAFT


def addressee_lines(doc: StatementDoc) -> list[str]:
    """Return who the statement is to: the finance contact, the school and its address."""
    lines = [doc.contact_name or "The finance officer"]
    if doc.contact_email:
        lines.append(doc.contact_email)
    lines.append(doc.school)
    lines += [part.strip() for part in doc.school_address.splitlines() if part.strip()]
    return lines


def invoice_lines(doc: StatementDoc) -> list[str]:
    """Return the invoice number, issue date and due date (or why a draft has none)."""
    if is_draft(doc):
        return [
            "DRAFT: not an invoice. The invoice number and the date payment is due are "
            "given when the term is issued."
        ]
    lines = []
    if doc.invoice_number:
        lines.append(f"Invoice number: {doc.invoice_number}")
    if doc.issued_on:
        lines.append(f"Issue date: {doc.issued_on.day} {doc.issued_on:%B %Y}")
    if doc.total > 0:
        lines.append(f"Amount due: {format_money(doc.total)}")
    elif doc.total < 0:
        lines.append(f"Credit to the school: {format_money(-doc.total)}; nothing to pay")
    else:
        lines.append("Nothing to pay this term")
    if doc.due_on and doc.total > 0:
        lines.append(f"Payment due by: {doc.due_on.day} {doc.due_on:%B %Y}")
    return lines


def _heading_table(doc: StatementDoc) -> Table:
    """The addressee on the left, the invoice details on the right, as on a letter."""
    to = "<br/>".join(escape(line) for line in addressee_lines(doc))
    invoice = "<br/>".join(escape(line) for line in invoice_lines(doc))
    table = Table(
        [[Paragraph(f"<b>To</b><br/>{to}", STYLES["body"]), Paragraph(invoice, STYLES["body"])]],
        colWidths=[90 * mm, 84 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOX", (1, 0), (1, 0), 0.5, NAVY),
                ("LEFTPADDING", (1, 0), (1, 0), 6),
                ("TOPPADDING", (1, 0), (1, 0), 4),
                ("BOTTOMPADDING", (1, 0), (1, 0), 4),
            ]
        )
    )
    return table


def statement_story(doc: StatementDoc) -> list[Flowable]:
    """Return the flowables of one statement (also used to build a batch)."""
    status = doc.status.label
    if doc.issued_on:
        status += f", issued {doc.issued_on:%d %B %Y}"
    if doc.paid_on:
        status += f", paid {doc.paid_on:%d %B %Y}"
    rows = [_line_cells(line) for line in doc.lines]
    rows.append(
        ["<b>Total due</b>", "", "", "", "", "", "", "", f"<b>{format_money(doc.total)}</b>"]
    )
    table = _table(rows)
    story: list[Flowable] = [
        Paragraph(escape(statement_title(doc)), STYLES["title"]),
        _heading_table(doc),
        Spacer(1, 6),
        Paragraph(
            f"Places used by {escape(doc.school)} in the {doc.term.label.lower()} term of "
            f"{academic_year_label(doc.academic_year)}. Statement {doc.statement_id}: {status}.",
            STYLES["body"],
        ),
        Paragraph(escape(doc.rates_note), STYLES["small"]),
        Spacer(1, 6),
        table,
        Spacer(1, 8),
        Paragraph("How the charges are worked out", STYLES["h2"]),
    ]
    story += [
        Paragraph(f"<b>{escape(title)}.</b> {escape(text)}", STYLES["small"])
        for title, text in CHARGE_RULES
    ]
    return story


def payment_story(partnership: Partnership, doc: StatementDoc | None = None) -> list[Flowable]:
    """Return how to pay the partnership (empty when no payment details were set).

    With an issued ``doc``, the exact due date and the reference to quote are given too.
    """
    lines = partnership.payment_lines()
    if not lines:
        return []
    if doc is not None and doc.due_on is not None and not is_draft(doc):
        lines[-1] = (
            f"Payment due by {doc.due_on.day} {doc.due_on:%B %Y} "
            f"({partnership.payment_terms_days} days from the issue date)."
        )
    if doc is not None and doc.invoice_number:
        lines.append(f"Please quote {doc.invoice_number} as the payment reference.")
    return [
        Paragraph("How to pay", STYLES["h2"]),
        *(Paragraph(escape(line), STYLES["body"]) for line in lines),
    ]


def statement_pdf(doc: StatementDoc, partnership: Partnership = DEFAULTS) -> bytes:
    """Return one school's statement for one term as PDF bytes, from ``partnership``.

    A statement of a term not yet issued is watermarked DRAFT on every page.
    """
    title = statement_title(doc)
    if doc.invoice_number:
        title += f" ({doc.invoice_number})"
    story = statement_story(doc) + payment_story(partnership, doc)
    return build_pdf(
        story,
        title=title,
        subject="Termly statement of charges",
        partnership=partnership,
        watermark="DRAFT" if is_draft(doc) else "",
    )
