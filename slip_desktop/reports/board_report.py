"""The termly board report: every impact figure, anonymised, as one PDF and one XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer

from slip_desktop.domain.impact import Figure, Period, for_board
from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.reports.impact_charts import chart_height, chart_png, chartable
from slip_desktop.reports.pdf_layout import STYLES, build_pdf, data_table


def _text(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == value.to_integral() else f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def board_report_pdf(
    figures: Sequence[Figure], period: Period, scope: str, partnership: Partnership = DEFAULTS
) -> bytes:
    """Return the board report PDF: counts only, no pupil named, small counts suppressed."""
    import io

    story: list[Any] = [
        Paragraph("Termly report to the partnership board", STYLES["title"]),
        Paragraph(
            f"{period.label or 'Period'}: {period.start:%d %B %Y} to {period.end:%d %B %Y}"
            f" · {scope}",
            STYLES["body"],
        ),
        Paragraph(
            "Figures only; no pupil is named. Counts below 5 for a school are shown as "
            '"fewer than 5" so that pupils cannot be identified.',
            STYLES["small"],
        ),
        Spacer(1, 6),
    ]
    for figure in (for_board(f) for f in figures):
        block: list[Any] = [Paragraph(figure.title, STYLES["h2"])]
        if figure.note:
            block.append(Paragraph(figure.note, STYLES["small"]))
        rows = [[_text(v) for v in row] for row in figure.rows]
        if rows:
            block.append(data_table(list(figure.columns), rows))
        else:
            block.append(Paragraph("Nothing recorded in this period.", STYLES["body"]))
        if chartable(figure) and len(figure.rows) <= 30:
            png = chart_png(figure)
            width = 170 * mm
            height = width * chart_height(figure) / 6.5
            block += [Spacer(1, 3), Image(io.BytesIO(png), width=width, height=height)]
        story.append(KeepTogether(block[:3]))
        story.extend(block[3:])
    return build_pdf(
        story,
        title="SLIP termly board report",
        subject=period.label or "Impact",
        partnership=partnership,
    )


def board_report_xlsx(path: Path, figures: Sequence[Figure], period: Period, scope: str) -> None:
    """Write the same anonymised figures to a workbook: a contents sheet, then one per figure."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    try:
        bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF5"})
        contents = workbook.add_worksheet("Contents")
        contents.write(0, 0, "SLIP termly board report", bold)
        contents.write(1, 0, f"{period.start:%d/%m/%Y} to {period.end:%d/%m/%Y} · {scope}")
        contents.set_column(0, 0, 40)
        contents.set_column(1, 1, 90)
        for n, figure in enumerate(for_board(f) for f in figures):
            name = f"{n + 1:02d} {figure.title}"[:31].replace("/", "-").replace(":", "")
            contents.write(3 + n, 0, name)
            contents.write(3 + n, 1, figure.note)
            sheet = workbook.add_worksheet(name)
            sheet.write_row(0, 0, list(figure.columns), bold)
            for r, row in enumerate(figure.rows, start=1):
                sheet.write_row(r, 0, [float(v) if isinstance(v, Decimal) else v for v in row])
            sheet.set_column(0, 0, 38)
            sheet.set_column(1, len(figure.columns), 16)
    finally:
        workbook.close()
