"""Statements as one Excel workbook (a summary and a sheet per school) and as CSV."""

from __future__ import annotations

import re
from collections.abc import Sequence
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
SUMMARY_COLUMNS = ["School", "Term", "Statement", "Status", "Lines", "Total", "Issued", "Paid"]


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


def summary_frame(docs: Sequence[StatementDoc]) -> pd.DataFrame:
    """Return a row per statement with its total and payment status."""
    import pandas as pd

    return pd.DataFrame.from_records(
        [
            {
                "School": doc.school,
                "Term": f"{doc.term.label} {academic_year_label(doc.academic_year)}",
                "Statement": doc.statement_id,
                "Status": doc.status.label,
                "Lines": len(doc.lines),
                "Total": doc.total,
                "Issued": doc.issued_on,
                "Paid": doc.paid_on,
            }
            for doc in docs
        ],
        columns=SUMMARY_COLUMNS,
    )


def write_workbook(docs: Sequence[StatementDoc], path: Path) -> Path:
    """Write the summary sheet and a sheet per school to ``path`` (.xlsx, via xlsxwriter)."""
    import pandas as pd

    taken: set[str] = set()
    with pd.ExcelWriter(path, engine="xlsxwriter", date_format="dd mmm yyyy") as writer:
        book = writer.book
        money = book.add_format({"num_format": "£#,##0.00;-£#,##0.00"})
        summary = summary_frame(docs)
        summary.to_excel(writer, sheet_name="Summary", index=False)
        sheet = writer.sheets["Summary"]
        sheet.set_column(0, 0, 36)
        sheet.set_column(1, 4, 14)
        sheet.set_column(5, 5, 14, money)
        sheet.set_column(6, 7, 14)
        last = len(summary) + 1
        sheet.write(last, 0, "Total")
        sheet.write_formula(last, 5, f"=SUM(F2:F{last})", money, float(summary["Total"].sum()))
        for doc in docs:
            name = sheet_name(doc.school, taken)
            frame = lines_frame([doc])
            frame.to_excel(writer, sheet_name=name, index=False)
            school_sheet = writer.sheets[name]
            school_sheet.set_column(0, 3, 12)
            school_sheet.set_column(4, 4, 44)
            school_sheet.set_column(5, 11, 12)
            school_sheet.set_column(12, 15, 14, money)
            school_sheet.set_column(16, 16, 90)
            school_sheet.freeze_panes(1, 0)
    return path


def write_csv(docs: Sequence[StatementDoc], path: Path) -> Path:
    """Write every line of every statement as one CSV (amounts as exact decimals)."""
    lines_frame(docs).to_csv(path, index=False)
    return path
