"""The term statements job: files written, one export row per pupil, progress and cancel."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from slip_desktop.db.audit import list_audit
from slip_desktop.db.models import Statement
from slip_desktop.db.statements import load_statements, prepare_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import Term
from slip_desktop.jobs.progress import Cancelled
from slip_desktop.jobs.term_statements import export_term
from tests.finance_world import build_world
from tests.jobs.progress_helpers import Recorder


def _exports(store: Store, words: str) -> list[str]:
    return [
        r.changes["what"][1]
        for r in list_audit(store)
        if r.action == AuditAction.EXPORT and words in r.changes["what"][1]
    ]


def _busiest_term(store: Store) -> tuple[int, Term]:
    with store.session() as s:
        year, term, _count = s.execute(
            select(Statement.academic_year, Statement.term, func.count())
            .group_by(Statement.academic_year, Statement.term)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        return year, term


def test_export_writes_pdfs_workbook_and_csv_and_records_each_school(
    store: Store, tmp_path: Path
) -> None:
    build_world(store)
    prepare_statements(store, 2026, Term.AUTUMN, date(2026, 12, 18))
    progress = Recorder()
    result = export_term(store, 2026, Term.AUTUMN, tmp_path / "out", progress=progress)
    assert result.pdfs == 1 and len(list((tmp_path / "out").glob("*.pdf"))) == 1
    assert result.workbook.exists() and result.csv.exists()
    assert load_workbook(result.workbook).sheetnames[0] == "Summary"
    rows = _exports(store, "(PDF, workbook and CSV)")
    assert rows and all("Brookfield Academy (invented)" in what for what in rows)
    # One step per school, then the workbook and the CSV, then done.
    assert [done for done, _total, _text in progress.reports] == [0, 1, 2, 3]
    assert {total for _done, total, _text in progress.reports} == {3}


def test_cancel_stops_before_the_workbook_and_records_only_what_was_written(
    demo_store: Store, tmp_path: Path
) -> None:
    year, term = _busiest_term(demo_store)
    schools = len(load_statements(demo_store, year, term))
    assert schools > 1
    progress = Recorder(stop_after=1)
    with pytest.raises(Cancelled):
        export_term(demo_store, year, term, tmp_path, progress=progress, cancel=progress.cancel)
    assert len(list(tmp_path.glob("*.pdf"))) == 1
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("*.csv"))
    assert not _exports(demo_store, "(PDF, workbook and CSV)")
    assert _exports(demo_store, "the export was cancelled")
