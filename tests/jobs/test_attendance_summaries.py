"""The attendance summaries job writes each school's PDF and CSV, audits them, reports, stops."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from slip_desktop.db.attendance import school_summaries
from slip_desktop.db.audit import AuditRow, list_audit
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.jobs.attendance_summaries import write_summaries
from slip_desktop.jobs.progress import Cancelled
from tests.conftest import DEMO_TODAY

MONDAY, FRIDAY = date(2026, 11, 23), date(2026, 11, 27)


def _summary_rows(store: Store, before: set[int]) -> list[AuditRow]:
    return [
        r
        for r in list_audit(store)
        if r.id not in before
        and r.action == AuditAction.EXPORT
        and "Attendance summary" in r.changes["what"][1]
    ]


def test_each_school_gets_a_pdf_and_a_csv_audited_per_pupil(
    demo_store: Store, tmp_path: Path
) -> None:
    schools = school_summaries(demo_store, MONDAY, FRIDAY)
    before = {r.id for r in list_audit(demo_store)}
    steps: list[tuple[int, int, str]] = []
    written = write_summaries(
        demo_store,
        tmp_path,
        MONDAY,
        FRIDAY,
        DEMO_TODAY,
        progress=lambda d, t, x="": steps.append((d, t, x)),
    )
    assert len(written) == 2 * len(schools) > 0
    assert all(p.exists() and p.parent == tmp_path for p in written)
    assert {p.suffix for p in written} == {".pdf", ".csv"}
    assert all(p.name.endswith("2026-11-23-to-2026-11-27" + p.suffix) for p in written)
    rows = _summary_rows(demo_store, before)
    assert {r.changes["what"][1].split(" (PDF")[0] for r in rows} == {
        f"Attendance summary for {s.school}" for s in schools
    }
    assert any(r.pupil_id is not None for r in rows)
    assert [s[2] for s in steps[:-1]] == [s.school for s in schools]
    assert steps[-1][:2] == (len(schools), len(schools))


def test_cancel_stops_before_the_next_school(demo_store: Store, tmp_path: Path) -> None:
    cancel = threading.Event()
    before = {r.id for r in list_audit(demo_store)}
    folder = tmp_path / "summaries"
    folder.mkdir()

    def progress(done: int, total: int, text: str = "") -> None:
        if done == 1:
            cancel.set()  # the user presses Cancel while the second school is written

    with pytest.raises(Cancelled):
        write_summaries(
            demo_store, folder, MONDAY, FRIDAY, DEMO_TODAY, progress=progress, cancel=cancel
        )
    # The first two schools went out (and are on the trail); nothing after them.
    assert len(list(folder.iterdir())) == 4
    schools = {r.changes["what"][1].split(" (PDF")[0] for r in _summary_rows(demo_store, before)}
    assert len(schools) == 2
