"""The termly board report: the anonymised impact figures as a PDF or a workbook, audited."""

from __future__ import annotations

from pathlib import Path

from slip_desktop.db.audit import record_exports
from slip_desktop.db.impact import impact_figures
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.store import Store
from slip_desktop.domain.impact import Figure, Period
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step

#: The scope a report names when it covers every school.
ALL_SCHOOLS = "All schools"


def _figures(
    store: Store, period: Period, school: str | None, progress: Progress, cancel: CancelFlag
) -> list[Figure]:
    step(progress, cancel, 0, 3, "Working out the figures...")
    return impact_figures(store, period, school)


def _audit(store: Store, target: Path) -> None:
    # The figures are anonymised, so the row names no pupil; it still shows who took them.
    record_exports(store, f"Board report figures (anonymised), {target.name}")


def save_board_report(
    store: Store,
    target: Path,
    period: Period,
    school: str | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> Path:
    """Write the board report PDF for ``period`` (one school, or all) to ``target``; return it."""
    from slip_desktop.reports.board_report import board_report_pdf

    figures = _figures(store, period, school, progress, cancel)
    step(progress, cancel, 1, 3, "Drawing charts and laying out the report...")
    pdf = board_report_pdf(figures, period, school or ALL_SCHOOLS, partnership_details(store))
    step(progress, cancel, 2, 3, "Saving the report...")
    target.write_bytes(pdf)
    _audit(store, target)
    progress(3, 3, "Done")
    return target


def save_figures_workbook(
    store: Store,
    target: Path,
    period: Period,
    school: str | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> Path:
    """Write the same anonymised figures to the workbook ``target``; return it."""
    from slip_desktop.reports.board_report import board_report_xlsx

    figures = _figures(store, period, school, progress, cancel)
    step(progress, cancel, 1, 3, "Writing the workbook...")
    board_report_xlsx(target, figures, period, school or ALL_SCHOOLS)
    _audit(store, target)
    progress(3, 3, "Done")
    return target
