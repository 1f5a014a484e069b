"""The occupancy job prints every centre's term into one PDF and audits it."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from slip_desktop.db.audit import list_audit
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.capacity import Centre
from slip_desktop.jobs.occupancy import write_occupancy
from slip_desktop.jobs.progress import Cancelled
from tests.conftest import DEMO_TODAY

CENTRES = (Centre.PLC, Centre.WIGSTON)
FIRST, LAST = date(2026, 11, 2), date(2026, 12, 18)


def _occupancy_rows(store: Store, before: set[int]) -> int:
    return sum(
        1
        for r in list_audit(store)
        if r.id not in before
        and r.action == AuditAction.EXPORT
        and "Occupancy PDF, Autumn" in r.changes["what"][1]
    )


def test_occupancy_pdf_is_written_and_audited(demo_store: Store, tmp_path: Path) -> None:
    before = {r.id for r in list_audit(demo_store)}
    steps: list[tuple[int, int, str]] = []
    target = tmp_path / "occupancy.pdf"
    write_occupancy(
        demo_store,
        target,
        CENTRES,
        "Autumn 2026-27",
        FIRST,
        LAST,
        DEMO_TODAY,
        progress=lambda d, t, x="": steps.append((d, t, x)),
    )
    text = "\n".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "SLIP Pupil Learning Centre" in text and "Wigston Centre" in text
    assert _occupancy_rows(demo_store, before) == 1
    assert [s[2] for s in steps[:2]] == [c.value for c in CENTRES]
    assert steps[-1][:2] == (3, 3)


def test_cancelled_occupancy_writes_nothing(demo_store: Store, tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    before = {r.id for r in list_audit(demo_store)}
    target = tmp_path / "occupancy.pdf"
    with pytest.raises(Cancelled):
        write_occupancy(
            demo_store, target, CENTRES, "Autumn 2026-27", FIRST, LAST, DEMO_TODAY, cancel=cancel
        )
    assert not target.exists() and _occupancy_rows(demo_store, before) == 0
