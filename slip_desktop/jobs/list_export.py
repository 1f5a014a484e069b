"""A list as shown (filters and sort applied) written to XLSX or CSV, as a job."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step


def export_list(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    sheet: str = "Export",
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> Path:
    """Write ``rows`` under ``header`` to ``path`` (.csv or .xlsx by its suffix)."""
    from slip_desktop.reports.table_export import write_csv, write_xlsx

    step(progress, cancel, 0, max(1, len(rows)), f"Writing {path.name}")
    if path.suffix.lower() == ".csv":
        write_csv(path, header, rows)
    else:
        write_xlsx(
            path,
            header,
            rows,
            sheet,
            progress=lambda done, total: step(progress, cancel, done, total, ""),
        )
    progress(len(rows), max(1, len(rows)), "")
    return path
