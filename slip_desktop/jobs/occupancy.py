"""The centres' occupancy for a term, printed as one PDF and put on the audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from slip_desktop.db.audit import record_exports
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.rosters import occupancy
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import Centre
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step


def write_occupancy(
    store: Store,
    target: Path,
    centres: Sequence[Centre],
    label: str,
    first: date,
    last: date,
    today: date,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> Path:
    """Write ``centres``' week-by-week occupancy from ``first`` to ``last`` to ``target``.

    ``label`` names the period (a term) in the title and on the audit trail.
    """
    # ReportLab loads on first print, not at start-up.
    from slip_desktop.reports.occupancy_pdf import occupancy_pdf

    sections = []
    for done, centre in enumerate(centres):
        step(progress, cancel, done, len(centres) + 1, centre.value)
        sections.append((centre.value, occupancy(store, centre, first, last)))
    step(progress, cancel, len(centres), len(centres) + 1, "Writing the PDF")
    target.write_bytes(occupancy_pdf(sections, label, today, partnership_details(store)))
    # The PDF names the pupils holding places but the rows carry no ids: one row for it.
    record_exports(store, f"Occupancy PDF, {label}")
    progress(len(centres) + 1, len(centres) + 1, "")
    return target
