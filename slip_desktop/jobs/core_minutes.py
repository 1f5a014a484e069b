"""The Core Meeting minutes: one meeting's decisions written as a PDF and put on the audit trail."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from slip_desktop.db.audit import record_exports
from slip_desktop.db.core import CoreMinutes, minutes_for
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.store import Store
from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step


def minutes_pdf_bytes(minutes: CoreMinutes, partnership: Partnership = DEFAULTS) -> bytes:
    """Return the decisions PDF of one Core Meeting's ``minutes``."""
    # ReportLab loads on first print, not at start-up.
    from slip_desktop.reports.core_minutes_pdf import MinutesCase, core_minutes_pdf

    cases = [
        MinutesCase(
            c.pupil_name,
            c.school,
            c.year_group,
            c.outcome.label if c.outcome else "",
            c.rationale,
            c.started,
            c.decided_by,
            c.decided_at,
        )
        for c in minutes.cases
    ]
    return core_minutes_pdf(
        minutes.meets_on,
        minutes.starts_at,
        minutes.location,
        minutes.attendees,
        cases,
        partnership,
        draft=minutes.draft,
    )


def write_core_minutes(
    store: Store,
    meeting_id: int,
    target: Path,
    today: date,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> Path:
    """Write the decisions PDF of Core Meeting ``meeting_id`` to ``target``; return it.

    One export row per pupil on the meeting's agenda goes on the audit trail once the
    file is written (a file that could not be written leaves none: ``OSError`` rises).
    """
    step(progress, cancel, 0, 2, "Reading the decisions")
    minutes = minutes_for(store, meeting_id, today)
    step(progress, cancel, 1, 2, "Writing the minutes")
    target.write_bytes(minutes_pdf_bytes(minutes, partnership_details(store)))
    what = "Core Meeting decisions PDF" + (" (draft)" if minutes.draft else "")
    record_exports(store, f"{what}, {minutes.meets_on:%d/%m/%Y}", meeting_id=meeting_id)
    progress(2, 2, "")
    return target
