"""The partnership's A4 page: heading, footer with page numbers, and shared styles."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.reports.fonts import FONT, FONT_BOLD, printable, register

NAVY = colors.HexColor("#1F3A5F")
LIGHT = colors.HexColor("#E8EEF5")
MARGIN = 18 * mm

# Paragraphs look their fonts up when they are made, so the family is known before any is.
register()

_base = getSampleStyleSheet()
STYLES: dict[str, ParagraphStyle] = {
    "title": ParagraphStyle(
        "SlipTitle",
        parent=_base["Title"],
        fontSize=17,
        leading=21,
        fontName=FONT_BOLD,
        alignment=0,
        textColor=NAVY,
        spaceAfter=4,
    ),
    "h2": ParagraphStyle(
        "SlipH2",
        parent=_base["Heading2"],
        fontName=FONT_BOLD,
        fontSize=12,
        leading=15,
        textColor=NAVY,
        spaceBefore=8,
        spaceAfter=3,
    ),
    "body": ParagraphStyle(
        "SlipBody", parent=_base["BodyText"], fontName=FONT, fontSize=9.5, leading=12.5
    ),
    "small": ParagraphStyle(
        "SlipSmall", parent=_base["BodyText"], fontName=FONT, fontSize=8, leading=10
    ),
    "cell": ParagraphStyle(
        "SlipCell", parent=_base["BodyText"], fontName=FONT, fontSize=8.5, leading=10.5
    ),
    "right": ParagraphStyle(
        "SlipRight",
        parent=_base["BodyText"],
        fontName=FONT,
        fontSize=8.5,
        leading=10.5,
        alignment=TA_RIGHT,
    ),
}


class _NumberedCanvas(Canvas):
    """A canvas that writes "Page n of m" once the page count is known."""

    def __init__(self, *args: Any, footer: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved: list[dict[str, Any]] = []
        self._footer = footer

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved)
        for state in self._saved:
            self.__dict__.update(state)
            self._draw_footer(total)
            super().showPage()
        super().save()

    def _draw_footer(self, total: int) -> None:
        width, _height = A4
        self.setFont(FONT, 7.5)
        self.setFillColor(colors.grey)
        self.drawString(MARGIN, 10 * mm, self._footer)
        self.drawRightString(width - MARGIN, 10 * mm, f"Page {self._pageNumber} of {total}")


def _draw_logo(canvas: Canvas, logo_png: bytes, x: float, y: float, height: float) -> float:
    """Draw the logo ``height`` tall at (x, y); return its width (0 when it cannot be read)."""
    from reportlab.lib.utils import ImageReader

    try:
        image = ImageReader(io.BytesIO(logo_png))
        pixels_wide, pixels_high = image.getSize()
    except Exception:  # noqa: BLE001 - a damaged logo must not stop a document printing
        return 0.0
    width = float(height * pixels_wide / max(pixels_high, 1))
    canvas.drawImage(image, x, y, width=width, height=height, mask="auto")
    return width


def _heading_for(partnership: Partnership) -> Any:
    """Return the page-heading callback printing ``partnership``'s name, logo and marking."""

    def _heading(canvas: Canvas, _doc: Any) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, height - 14 * mm, width, 14 * mm, stroke=0, fill=1)
        name_x = MARGIN
        if partnership.logo_png:
            drawn = _draw_logo(canvas, partnership.logo_png, MARGIN, height - 12.5 * mm, 11 * mm)
            name_x += drawn + 3 * mm if drawn else 0
        canvas.setFillColor(colors.white)
        canvas.setFont(FONT_BOLD, 10.5)
        canvas.drawString(name_x, height - 9 * mm, printable(partnership.name))
        canvas.setFont(FONT, 8)
        canvas.drawRightString(width - MARGIN, height - 9 * mm, printable(partnership.marking))
        canvas.restoreState()

    return _heading


def _watermark(canvas: Canvas, word: str) -> None:
    """Draw ``word`` large, pale and diagonal across the page (DRAFT on a draft)."""
    width, height = A4
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 110)
    canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.13))
    canvas.translate(width / 2, height / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -35, word)
    canvas.restoreState()


def build_pdf(
    flowables: Sequence[Flowable],
    title: str,
    subject: str = "",
    footer: str = "",
    partnership: Partnership = DEFAULTS,
    watermark: str = "",
) -> bytes:
    """Lay out ``flowables`` on the partnership's A4 page and return the PDF bytes.

    ``title`` and ``subject`` become the PDF's metadata: callers printing an
    anonymous case must pass text without names. Every page is headed with
    ``partnership``'s name (and logo) and its marking line, which also ends the footer.
    """
    register()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=22 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=partnership.name,
        subject=subject,
        creator="SLIP Desktop",
        producer="SLIP Desktop",
    )
    footer_text = " · ".join(
        filter(
            None,
            (
                footer or f"{partnership.name} · printed {date.today():%d %B %Y}",
                partnership.marking,
            ),
        )
    )

    def make_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, footer=footer_text, **kwargs)

    heading = _heading_for(partnership)

    def decorate(canvas: Canvas, page_doc: Any) -> None:
        heading(canvas, page_doc)
        if watermark:
            _watermark(canvas, watermark)

    doc.build(list(flowables), onFirstPage=decorate, onLaterPages=decorate, canvasmaker=make_canvas)
    return buffer.getvalue()


def data_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float] | None = None
) -> Table:
    """Return a table with a shaded header row that repeats on each page."""
    cell = STYLES["cell"]
    data = [[Paragraph(f"<b>{h}</b>", cell) for h in header]]
    data += [[Paragraph(str(value), cell) for value in row] for row in rows]
    table = Table(data, colWidths=list(widths) if widths else None, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, NAVY),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
            ]
        )
    )
    return table


def text(value: str) -> str:
    """Return typed text made safe for a Paragraph, keeping the typist's line breaks."""
    from xml.sax.saxutils import escape

    return escape(printable(value.strip())).replace("\n", "<br/>")


def details_table(rows: Sequence[tuple[str, str]], widths: Sequence[float]) -> Table:
    """Return a boxed two-column table of labels and values (the record's key facts)."""
    cell = STYLES["cell"]
    data = [[Paragraph(f"<b>{label}</b>", cell), Paragraph(value, cell)] for label, value in rows]
    table = Table(data, colWidths=list(widths))
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("BOX", (0, 0), (-1, -1), 0.6, NAVY),
                ("INNERGRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
