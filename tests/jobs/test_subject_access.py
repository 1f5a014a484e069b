"""The subject access job: the zip written, the export on the pupil's trail, progress, cancel."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.errors import DomainError
from slip_desktop.jobs.progress import Cancelled
from slip_desktop.jobs.subject_access import export_subject_access
from tests.jobs.progress_helpers import Recorder

TODAY = date(2026, 11, 27)


def _exports(store: Store, pupil_id: int) -> list[str]:
    return [
        r.changes["what"][1]
        for r in list_audit(store, pupil_id=pupil_id)
        if r.action == AuditAction.EXPORT
    ]


def test_export_writes_the_zip_and_records_it_on_the_pupils_trail(
    demo_store: Store, tmp_path: Path
) -> None:
    install_audit(demo_store)
    progress = Recorder()
    target = export_subject_access(demo_store, 7, tmp_path / "sar.zip", TODAY, progress=progress)
    names = zipfile.ZipFile(target).namelist()
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".csv") for n in names)
    assert _exports(demo_store, 7) == ["Subject access export (sar.zip)"]
    assert [done for done, _total, _text in progress.reports] == [0, 1, 2]


def test_cancel_writes_nothing_and_records_nothing(demo_store: Store, tmp_path: Path) -> None:
    install_audit(demo_store)
    progress = Recorder(stop_after=1)
    with pytest.raises(Cancelled):
        export_subject_access(
            demo_store, 7, tmp_path / "sar.zip", TODAY, progress=progress, cancel=progress.cancel
        )
    assert not (tmp_path / "sar.zip").exists()
    assert _exports(demo_store, 7) == []


def test_only_the_coordinator_may_export(demo_store: Store, tmp_path: Path) -> None:
    set_current_user(demo_store, Identity(2, "sam", "Sam", UserRole.STAFF))
    with pytest.raises(DomainError):
        export_subject_access(demo_store, 7, tmp_path / "sar.zip", TODAY)
    assert not (tmp_path / "sar.zip").exists()
