"""A term's statements as files: a PDF per school, one workbook and one CSV, each export audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from slip_desktop.db.audit import record_exports
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.statements import load_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Term
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.domain.statement_docs import StatementDoc
from slip_desktop.jobs.progress import (
    NEVER_CANCELLED,
    CancelFlag,
    Cancelled,
    Progress,
    no_progress,
    step,
)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    folder: Path
    pdfs: int
    workbook: Path
    csv: Path


def safe_file_name(text: str) -> str:
    """Return ``text`` with every character a file system might refuse replaced by a space."""
    return re.sub(r"[^A-Za-z0-9 ()&'.,-]+", " ", text).strip()


def _audit(store: Store, docs: list[StatementDoc], label: str, what: str) -> None:
    for doc in docs:
        record_exports(
            store,
            f"{label} statement for {doc.school} ({what})",
            placement_ids=[line.placement_id for line in doc.lines if line.placement_id],
        )


def export_term(
    store: Store,
    academic_year: int,
    term: Term,
    folder: Path,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> ExportResult:
    """Write every school's statement PDF, the workbook and the CSV for a term into ``folder``.

    Each school's statement leaves one export row per pupil on it. Cancelled part way,
    the PDFs already written stay in the folder and are still recorded as exported
    (they have left the database), then :class:`Cancelled` is raised.
    """
    from slip_desktop.reports.finance_export import write_csv, write_workbook
    from slip_desktop.reports.statement_pdf import statement_pdf

    docs = load_statements(store, academic_year, term)
    partnership = partnership_details(store)
    label = f"{term.label} {academic_year_label(academic_year)}"
    folder.mkdir(parents=True, exist_ok=True)
    steps = len(docs) + 2
    written: list[StatementDoc] = []
    try:
        for done, doc in enumerate(docs):
            step(progress, cancel, done, steps, f"Statement for {doc.school}")
            (folder / safe_file_name(f"{label} statement - {doc.school}.pdf")).write_bytes(
                statement_pdf(doc, partnership)
            )
            written.append(doc)
        step(progress, cancel, len(docs), steps, "Workbook")
    except Cancelled:
        _audit(store, written, label, "PDF; the export was cancelled")
        raise
    # Past this point nothing is cancelled: the workbook and CSV go together.
    workbook = write_workbook(docs, folder / f"{label} statements.xlsx")
    progress(len(docs) + 1, steps, "CSV")
    csv = write_csv(docs, folder / f"{label} statement lines.csv")
    _audit(store, docs, label, "PDF, workbook and CSV")
    progress(steps, steps, "Done")
    return ExportResult(folder, len(docs), workbook, csv)
