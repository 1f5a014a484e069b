"""Each home school's attendance summary for a period, as PDF and CSV, put on the audit trail."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from slip_desktop.db.attendance import school_summaries
from slip_desktop.db.audit import record_exports
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.store import Store
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def summary_stem(folder: Path, school: str, first: date, last: date) -> Path:
    """Return the file name (without suffix) of ``school``'s summary for ``first``-``last``."""
    stem = folder / f"attendance-{_slug(school)}-{first:%Y-%m-%d}"
    if last != first:
        stem = stem.with_name(f"{stem.name}-to-{last:%Y-%m-%d}")
    return stem


def write_summaries(
    store: Store,
    folder: Path,
    first: date,
    last: date,
    today: date,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> list[Path]:
    """Write each home school's summary as PDF and CSV into ``folder``; return the files.

    Each school's files leave one export row per pupil in them on the audit trail as
    soon as they are written, so a run cancelled halfway still accounts for what went out.
    """
    # ReportLab loads on first export, not at start-up.
    from slip_desktop.reports.attendance_summary import summary_csv, summary_pdf

    summaries = school_summaries(store, first, last)
    partnership = partnership_details(store)
    written: list[Path] = []
    for done, summary in enumerate(summaries):
        step(progress, cancel, done, len(summaries), summary.school)
        stem = summary_stem(folder, summary.school, first, last)
        pdf, csv_file = stem.with_suffix(".pdf"), stem.with_suffix(".csv")
        pdf.write_bytes(summary_pdf(summary, today, partnership))
        csv_file.write_text(summary_csv(summary), encoding="utf-8")
        written += [pdf, csv_file]
        record_exports(
            store,
            f"Attendance summary for {summary.school} (PDF and CSV), {pdf.stem}",
            placement_ids=[pupil.placement_id for pupil in summary.pupils],
        )
    progress(len(summaries), len(summaries), "")
    return written
