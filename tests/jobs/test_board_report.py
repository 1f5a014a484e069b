"""The board report job: the PDF or workbook written, an anonymous export row, progress, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from slip_desktop.db.audit import list_audit
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.jobs.board_report import save_board_report, save_figures_workbook
from slip_desktop.jobs.progress import Cancelled
from tests.db.test_impact import TERM, known  # noqa: F401 - fixture
from tests.jobs.progress_helpers import Recorder


def _board_rows(store: Store) -> list[int | None]:
    return [
        r.pupil_id
        for r in list_audit(store)
        if r.action == AuditAction.EXPORT and "Board report" in r.changes["what"][1]
    ]


def test_board_report_pdf_is_written_and_audited_without_a_pupil(
    known: Store,  # noqa: F811
    tmp_path: Path,
) -> None:
    progress = Recorder()
    target = save_board_report(known, tmp_path / "board.pdf", TERM, progress=progress)
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Termly report to the partnership board" in text and "Zara" not in text
    assert _board_rows(known) == [None]
    assert progress.reports[-1][:2] == (3, 3)


def test_figures_workbook_for_one_school_is_written_and_audited(
    known: Store,  # noqa: F811
    tmp_path: Path,
) -> None:
    target = save_figures_workbook(known, tmp_path / "figures.xlsx", TERM, "Birch College")
    assert "Birch College" in load_workbook(target)["Contents"]["A2"].value
    assert _board_rows(known) == [None]


def test_cancel_writes_nothing_and_records_nothing(
    known: Store,  # noqa: F811
    tmp_path: Path,
) -> None:
    progress = Recorder(stop_after=1)
    with pytest.raises(Cancelled):
        save_board_report(
            known, tmp_path / "board.pdf", TERM, progress=progress, cancel=progress.cancel
        )
    assert not (tmp_path / "board.pdf").exists()
    assert _board_rows(known) == []
