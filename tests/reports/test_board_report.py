from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from pypdf import PdfReader

from slip_desktop.db.impact import impact_figures
from slip_desktop.db.store import Store
from slip_desktop.reports.board_report import board_report_pdf, board_report_xlsx
from tests.db.test_impact import TERM, known  # noqa: F401 - fixture

PUPIL_WORDS = ("Zara", "Quenby", "Owen", "Pemberly", "Ruth", "Tolland")


def test_board_report_pdf_names_no_pupil_and_hides_small_counts(known: Store) -> None:  # noqa: F811
    pdf = board_report_pdf(impact_figures(known, TERM), TERM, "All schools")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    for word in PUPIL_WORDS:
        assert word not in text and word not in meta
    assert "Referrals by school" in text and "Ash Academy" in text
    assert "<5" in text and "fewer than 5" not in text  # Ash Academy made 4 referrals
    assert "Managed moves" in text and "Money charged" in text


def test_board_report_xlsx_has_the_same_figures(known: Store, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "board.xlsx"
    board_report_xlsx(target, impact_figures(known, TERM), TERM, "All schools")
    sheets = pd.read_excel(target, sheet_name=None)
    by_school = next(df for name, df in sheets.items() if "Referrals by school" in name)
    assert list(by_school["School"]) == ["Ash Academy", "Birch College"]
    assert list(by_school["Referrals"]) == ["<5", "<5"]
    tier = next(df for name, df in sheets.items() if "Referrals by tier" in name)
    assert list(tier["Referrals"]) == [3, 2]
