"""The termly board report: every impact figure, anonymised, as one PDF and one XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Paragraph, Spacer

from slip_desktop.domain.impact import Figure, Period
from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.domain.small_numbers import SUPPRESSED, for_release
from slip_desktop.reports.impact_charts import chart_height, chart_png, chartable, unit_of
from slip_desktop.reports.pdf_layout import STYLES, build_pdf, data_table

#: Excel's number formats by unit.
XLSX_FORMATS = {"money": "£#,##0.00;-£#,##0.00", "percent": "0.0", "count": "#,##0"}


def _text(value: Any, unit: str = "count") -> str:
    if unit == "money" and isinstance(value, Decimal | int | float):
        return f"-£{-value:,.2f}" if value < 0 else f"£{value:,.2f}"
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == value.to_integral() else f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _units(figure: Figure, row: Sequence[Any]) -> list[str]:
    return [unit_of(figure, str(row[0]), c) for c in range(len(figure.columns))]


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
            "Figures only; no pupil is named. A count from 1 to 4 for a school is shown as "
            f'"{SUPPRESSED}", in tables and charts alike, so that pupils cannot be identified; '
            "a percentage is given only over at least 5 cases, otherwise the count is.",
            STYLES["small"],
        ),
        Spacer(1, 6),
    ]
    for figure in (for_release(f) for f in figures):
        block: list[Any] = [Paragraph(figure.title, STYLES["h2"])]
        if figure.note:
            block.append(Paragraph(figure.note, STYLES["small"]))
        rows = [
            [_text(v, unit) for v, unit in zip(row, _units(figure, row), strict=True)]
            for row in figure.rows
        ]
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
    """Write the same released figures to a workbook: a contents sheet, then one per figure.

    Numbers are numbers (money with a £ format), "<5" stays text, and a Total row is a
    =SUM() of the rows above it, so the sheet adds up when it is recalculated.
    """
    import xlsxwriter
    from xlsxwriter.utility import xl_rowcol_to_cell

    workbook = xlsxwriter.Workbook(str(path))
    try:
        bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF5"})
        formats = {unit: workbook.add_format({"num_format": f}) for unit, f in XLSX_FORMATS.items()}
        day = workbook.add_format({"num_format": "dd mmm yyyy"})
        contents = workbook.add_worksheet("Contents")
        contents.write(0, 0, "SLIP termly board report", bold)
        contents.write(1, 0, f"{period.start:%d/%m/%Y} to {period.end:%d/%m/%Y} · {scope}")
        contents.write(2, 0, "From")
        contents.write_datetime(2, 1, _midnight(period.start), day)
        contents.write(3, 0, "To")
        contents.write_datetime(3, 1, _midnight(period.end), day)
        contents.set_column(0, 0, 40)
        contents.set_column(1, 1, 90)
        for n, figure in enumerate(for_release(f) for f in figures):
            name = f"{n + 1:02d} {figure.title}"[:31].replace("/", "-").replace(":", "")
            contents.write(5 + n, 0, name)
            contents.write(5 + n, 1, figure.note)
            sheet = workbook.add_worksheet(name)
            sheet.write_row(0, 0, list(figure.columns), bold)
            for r, row in enumerate(figure.rows, start=1):
                units = _units(figure, row)
                sheet.write_string(r, 0, str(row[0]))
                for c, value in enumerate(row[1:], start=1):
                    fmt = formats.get(units[c], formats["count"])
                    if row[0] == "Total" and r > 1 and isinstance(value, Decimal | int | float):
                        top, bottom = xl_rowcol_to_cell(1, c), xl_rowcol_to_cell(r - 1, c)
                        sheet.write_formula(r, c, f"=SUM({top}:{bottom})", fmt, float(value))
                    elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                        sheet.write_number(r, c, float(value), fmt)
                    else:
                        sheet.write_string(r, c, str(value))
            sheet.set_column(0, 0, 38)
            sheet.set_column(1, len(figure.columns), 16)
    finally:
        workbook.close()


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)
