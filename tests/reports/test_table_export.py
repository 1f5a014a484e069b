from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

from slip_desktop.domain.enums import ReferralKind
from slip_desktop.reports.table_export import write_csv, write_xlsx

HEADER = ["Pupil", "Received", "Kind", "Attendance %"]
ROWS = [
    ["Nguyễn, Anh", date(2026, 9, 14), ReferralKind.FORUM, Decimal("84.5")],
    ["O'Brien, Zoë", date(2026, 10, 2), ReferralKind.PARTNERSHIP, None],
]


def test_xlsx_reads_back_with_pandas(tmp_path: Path) -> None:
    target = tmp_path / "list.xlsx"
    seen: list[tuple[int, int]] = []
    write_xlsx(target, HEADER, ROWS, progress=lambda done, total: seen.append((done, total)))
    frame = pd.read_excel(target)
    assert list(frame.columns) == HEADER
    assert frame.loc[0, "Pupil"] == "Nguyễn, Anh"
    assert frame.loc[1, "Kind"] == "Partnership"
    assert pd.Timestamp(frame.loc[0, "Received"]).date() == date(2026, 9, 14)
    assert frame.loc[0, "Attendance %"] == 84.5
    assert seen[-1] == (2, 2)


def test_csv_reads_back_with_accents(tmp_path: Path) -> None:
    target = tmp_path / "list.csv"
    write_csv(target, HEADER, ROWS)
    frame = pd.read_csv(target, encoding="utf-8-sig")
    assert frame.loc[1, "Pupil"] == "O'Brien, Zoë"
    assert frame.loc[0, "Received"] == "2026-09-14"


def test_table_export_writes_money_as_pounds_and_dates_as_dates(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "money.xlsx"
    write_xlsx(
        target,
        ["School", "Issued", "Total £"],
        [["Ash Academy", date(2026, 12, 18), Decimal("2814.34")], ["Birch", None, Decimal("-90")]],
    )
    sheet = load_workbook(target).active
    assert sheet["C2"].data_type == "n" and sheet["C2"].value == 2814.34
    assert "£" in sheet["C2"].number_format and sheet["C3"].value == -90
    assert sheet["B2"].is_date
