"""A subject access export: everything held about one pupil as a zip of PDF and CSVs, audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from slip_desktop.db.audit import record_export
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.store import Store
from slip_desktop.db.subject_access import gather_pupil_file
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step


def export_subject_access(
    store: Store,
    pupil_id: int,
    target: Path,
    today: date,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> Path:
    """Write the pupil's subject access zip to ``target`` and record the export; return it.

    Only the coordinator may (``gather_pupil_file`` checks); nothing is written when
    cancelled before the zip is saved.
    """
    from slip_desktop.reports.subject_access import subject_access_zip

    step(progress, cancel, 0, 2, "Gathering the pupil's records...")
    pupil_file = gather_pupil_file(store, pupil_id, today)
    step(progress, cancel, 1, 2, "Writing the PDF and CSV files...")
    archive = subject_access_zip(pupil_file, partnership_details(store))
    step(progress, cancel, 2, 2, "Saving...")
    target.write_bytes(archive)
    record_export(store, f"Subject access export ({target.name})", pupil_id)
    return target
