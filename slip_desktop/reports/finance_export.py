"""Statements as one Excel workbook (a summary and a sheet per school) and as CSV."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.domain.statement_docs import StatementDoc

if TYPE_CHECKING:  # pandas loads on first export, not at start-up
    import pandas as pd

LINE_COLUMNS = [
    "School",
    "Term",
    "Statement",
    "Status",
    "Pupil and placement",
    "Programme",
    "Tier",
    "From",
    "To",
    "School days",
    "Days a week",
    "School days in year",
    "Cost a year or day rate",
    "Pupil premium",
    "SEND funding",
    "Amount",
    "Working",
]
#: Invoice and Due come last, so the columns the office's own sheets refer to stay put.
SUMMARY_COLUMNS = [
    "School",
    "Term",
    "Statement",
    "Status",
    "Lines",
    "Total",
    "Issued",
    "Paid",
    "Invoice",
    "Due",
]


def sheet_name(school: str, taken: set[str]) -> str:
    """Return a valid, unique Excel sheet name (31 characters, no brackets or slashes)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", school).strip()[:31] or "School"
    name, n = base, 2
    while name.lower() in taken or name.lower() == "summary":
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _line_records(doc: StatementDoc) -> list[dict[str, Any]]:
    term = f"{doc.term.label} {academic_year_label(doc.academic_year)}"
    return [
        {
            "School": doc.school,
            "Term": term,
            "Statement": doc.statement_id,
            "Status": doc.status.label,
            "Pupil and placement": line.description,
            "Programme": line.programme,
            "Tier": line.tier if not line.is_adjustment else "",
            "From": line.starts_on,
            "To": line.ends_on,
            "School days": line.days if not line.is_adjustment else None,
            "Days a week": line.days_per_week if not line.is_adjustment else None,
            "School days in year": line.year_days or None,
            "Cost a year or day rate": line.base,
            "Pupil premium": line.pupil_premium,
            "SEND funding": line.send,
            "Amount": line.amount,
            "Working": line.calculation,
        }
        for line in doc.lines
    ]


def lines_frame(docs: Sequence[StatementDoc]) -> pd.DataFrame:
    """Return every line of every statement as one table."""
    import pandas as pd

    records = [record for doc in docs for record in _line_records(doc)]
    return pd.DataFrame.from_records(records, columns=LINE_COLUMNS)


def summary_records(docs: Sequence[StatementDoc]) -> list[dict[str, Any]]:
    """Return a row per statement with its total and payment status."""
    return [
        {
            "School": doc.school,
            "Term": f"{doc.term.label} {academic_year_label(doc.academic_year)}",
            "Statement": doc.statement_id,
            "Status": doc.status.label,
            "Lines": len(doc.lines),
            "Total": doc.total,
            "Issued": doc.issued_on,
            "Paid": doc.paid_on,
            "Invoice": doc.invoice_number,
            "Due": doc.due_on,
        }
        for doc in docs
    ]


def summary_frame(docs: Sequence[StatementDoc]) -> pd.DataFrame:
    """Return a row per statement with its total and payment status."""
    import pandas as pd

    return pd.DataFrame.from_records(summary_records(docs), columns=SUMMARY_COLUMNS)


#: Excel's number format for money: pounds and pence, credits with a minus sign.
MONEY_FORMAT = "£#,##0.00;-£#,##0.00"
DATE_FORMAT = "dd mmm yyyy"
_LINE_MONEY = {"Cost a year or day rate", "Pupil premium", "SEND funding", "Amount"}
_LINE_DATES = {"From", "To"}
_SUMMARY_DATES = {"Issued", "Paid", "Due"}
_LINE_WIDTHS = {"Pupil and placement": 44, "Working": 90, "School": 30}


def _cell(sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """Write one value as what it is: a number, a date, text or nothing."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        # Decimal pence are exact to 2 places, so the float holds the same pounds and pence
        sheet.write_number(row, col, float(value), fmt)
    else:
        sheet.write_string(row, col, str(value), fmt)


def _sum_formula(
    sheet: Any, row: int, col: int, first: int, last: int, value: Decimal, fmt: Any
) -> None:
    """Write =SUM over rows ``first``..``last`` (0-based) of ``col``, with its cached value."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    if last < first:
        sheet.write_number(row, col, 0.0, fmt)
        return
    top, bottom = xl_rowcol_to_cell(first, col), xl_rowcol_to_cell(last, col)
    sheet.write_formula(row, col, f"=SUM({top}:{bottom})", fmt, float(value))


def write_workbook(docs: Sequence[StatementDoc], path: Path) -> Path:
    """Write the summary sheet and a sheet per school to ``path`` (.xlsx).

    Money is written as numbers with a £ format and dates as dates, so the totals'
    =SUM() formulas add up when Excel or LibreOffice recalculates on opening.
    """
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    try:
        bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF5"})
        money = workbook.add_format({"num_format": MONEY_FORMAT})
        money_total = workbook.add_format({"num_format": MONEY_FORMAT, "bold": True, "top": 1})
        day = workbook.add_format({"num_format": DATE_FORMAT})
        total_label = workbook.add_format({"bold": True, "top": 1})
        summary = workbook.add_worksheet("Summary")
        summary.write_row(0, 0, SUMMARY_COLUMNS, bold)
        for r, record in enumerate(summary_records(docs), start=1):
            for c, column in enumerate(SUMMARY_COLUMNS):
                fmt = money if column == "Total" else day if column in _SUMMARY_DATES else None
                _cell(summary, r, c, record[column], fmt)
        last = len(docs) + 1
        summary.write(last, 0, "Total", total_label)
        total_col = SUMMARY_COLUMNS.index("Total")
        _sum_formula(summary, last, total_col, 1, len(docs), sum_total(docs), money_total)
        summary.set_column(0, 0, 36)
        summary.set_column(1, len(SUMMARY_COLUMNS) - 1, 14)
        summary.freeze_panes(1, 0)
        taken: set[str] = set()
        amount_col = LINE_COLUMNS.index("Amount")
        for doc in docs:
            sheet = workbook.add_worksheet(sheet_name(doc.school, taken))
            sheet.write_row(0, 0, LINE_COLUMNS, bold)
            for r, record in enumerate(_line_records(doc), start=1):
                for c, column in enumerate(LINE_COLUMNS):
                    fmt = money if column in _LINE_MONEY else day if column in _LINE_DATES else None
                    _cell(sheet, r, c, record[column], fmt)
            end = len(doc.lines) + 1
            sheet.write(end, 0, "Total", total_label)
            _sum_formula(sheet, end, amount_col, 1, len(doc.lines), doc.total, money_total)
            for c, column in enumerate(LINE_COLUMNS):
                sheet.set_column(
                    c, c, _LINE_WIDTHS.get(column, 14 if column in _LINE_MONEY else 12)
                )
            sheet.freeze_panes(1, 0)
    finally:
        workbook.close()
    return path


def sum_total(docs: Sequence[StatementDoc]) -> Decimal:
    """Return the total of the statements, to the penny."""
    return sum((doc.total for doc in docs), Decimal("0.00"))


def write_csv(docs: Sequence[StatementDoc], path: Path) -> Path:
    """Write every line of every statement as one CSV (amounts as exact decimals)."""
    lines_frame(docs).to_csv(path, index=False)
    return path
