"""Writing a confirmed preview in one transaction, and undoing an import, as jobs."""

from __future__ import annotations

from slip_desktop.db.imports import ImportPlan, ImportSummary, apply_import, undo_import
from slip_desktop.db.store import Store
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step


def run_import(
    store: Store,
    plan: ImportPlan,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> ImportSummary:
    """Write ``plan`` (all of it or, on any error, nothing) and return the recorded import.

    Cancel is honoured until the transaction starts; a started write runs to its end,
    since a half-written import is what the single transaction exists to prevent.
    """
    step(progress, cancel, 0, 2, f"Writing {len(plan.creates)} new and {len(plan.changes)} changed")
    summary = apply_import(store, plan)
    progress(2, 2, "")
    return summary


def run_undo(
    store: Store,
    import_id: int,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> ImportSummary:
    """Undo import ``import_id`` (see db.imports.undo_import)."""
    step(progress, cancel, 0, 1, "Undoing the import")
    summary = undo_import(store, import_id)
    progress(1, 1, "")
    return summary
