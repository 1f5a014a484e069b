"""The Core minutes job writes the decisions PDF, audits it per pupil, reports and stops."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from slip_desktop.db.audit import AuditRow, list_audit
from slip_desktop.db.core import list_core_meetings
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.jobs.core_minutes import write_core_minutes
from slip_desktop.jobs.progress import Cancelled
from tests.conftest import DEMO_TODAY


def _decided_meeting(store: Store) -> int:
    return next(m.id for m in list_core_meetings(store) if m.decided)


def _minutes_rows(store: Store, before: set[int]) -> list[AuditRow]:
    return [
        r
        for r in list_audit(store)
        if r.id not in before
        and r.action == AuditAction.EXPORT
        and "Core Meeting decisions PDF" in r.changes["what"][1]
    ]


def test_minutes_are_written_and_audited_per_pupil(demo_store: Store, tmp_path: Path) -> None:
    meeting_id = _decided_meeting(demo_store)
    before = {r.id for r in list_audit(demo_store)}
    steps: list[tuple[int, int, str]] = []
    target = tmp_path / "minutes.pdf"
    written = write_core_minutes(
        demo_store,
        meeting_id,
        target,
        DEMO_TODAY,
        progress=lambda d, t, x="": steps.append((d, t, x)),
    )
    assert written == target
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Core Meeting decisions" in text
    rows = _minutes_rows(demo_store, before)
    assert rows and any(r.pupil_id is not None for r in rows)
    assert steps[0][0] == 0 and steps[-1][:2] == (2, 2)


def test_cancelled_minutes_write_nothing_and_leave_no_audit_row(
    demo_store: Store, tmp_path: Path
) -> None:
    cancel = threading.Event()
    cancel.set()
    before = {r.id for r in list_audit(demo_store)}
    target = tmp_path / "minutes.pdf"
    with pytest.raises(Cancelled):
        write_core_minutes(
            demo_store, _decided_meeting(demo_store), target, DEMO_TODAY, cancel=cancel
        )
    assert not target.exists()
    assert _minutes_rows(demo_store, before) == []


def test_a_file_that_cannot_be_written_leaves_no_audit_row(
    demo_store: Store, tmp_path: Path
) -> None:
    before = {r.id for r in list_audit(demo_store)}
    with pytest.raises(OSError):
        write_core_minutes(
            demo_store, _decided_meeting(demo_store), tmp_path / "missing" / "m.pdf", DEMO_TODAY
        )
    assert _minutes_rows(demo_store, before) == []


def test_minutes_before_the_meeting_are_a_draft_listing_who_was_invited(
    demo_store: Store, tmp_path: Path
) -> None:
    from slip_desktop.db.meetings import list_attendees, set_attended

    upcoming = next(
        m.id for m in list_core_meetings(demo_store) if m.meets_on > DEMO_TODAY and not m.decided
    )
    invited = list_attendees(demo_store, upcoming)
    assert invited and all(a.attended is None for a in invited)
    target = write_core_minutes(demo_store, upcoming, tmp_path / "draft.pdf", DEMO_TODAY)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert "DRAFT Core Meeting decisions" in text and "DRAFT, not minutes" in text
    assert "Invited:" in text and "Present:" not in text
    assert "Not decided at this meeting" not in text
    assert "To be decided at the meeting" in text or "No cases" in text

    set_attended(demo_store, invited[0].id, True)
    for other in invited[1:]:
        set_attended(demo_store, other.id, False)
    target = write_core_minutes(demo_store, upcoming, tmp_path / "minutes.pdf", DEMO_TODAY)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
    assert "DRAFT" not in text and "Invited:" not in text
    assert f"Present: {invited[0].name}" in text
    for other in invited[1:]:
        assert other.name not in text
