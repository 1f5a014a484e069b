"""A term's statements as files (PDFs, workbook, CSV, e-mail drafts), each export audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from slip_desktop.db.audit import record_exports
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.statements import issue_term, load_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import StatementStatus, Term
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
    #: True when the term was not issued: every file says DRAFT.
    draft: bool = False


@dataclass(frozen=True)
class IssueResult:
    """What "Issue term" did and wrote."""

    folder: Path
    issued: int
    invoiced: int
    pdfs: int
    drafts: int
    workbook: Path
    csv: Path
    #: Schools with a statement but nothing to pay, left out (not asked for).
    left_out: int
    #: Schools whose draft has no address: no finance contact with an e-mail.
    no_address: tuple[str, ...]


def safe_file_name(text: str) -> str:
    """Return ``text`` with every character a file system might refuse replaced by a space."""
    return re.sub(r"[^A-Za-z0-9 ()&'.,-]+", " ", text).strip()


def goes_out(doc: StatementDoc, include_nothing_to_pay: bool = False) -> bool:
    """True when a statement is written: it charges something, was numbered, or was asked for."""
    return include_nothing_to_pay or doc.has_charge or bool(doc.invoice_number)


def pdf_name(doc: StatementDoc, label: str) -> str:
    """Return a statement's file name: DRAFT first until issued, then its invoice number."""
    if doc.status == StatementStatus.DRAFT:
        return safe_file_name(f"DRAFT {label} statement - {doc.school}.pdf")
    number = f" {doc.invoice_number}" if doc.invoice_number else ""
    return safe_file_name(f"{label} statement{number} - {doc.school}.pdf")


def _audit(store: Store, docs: list[StatementDoc], label: str, what: str) -> None:
    for doc in docs:
        record_exports(
            store,
            f"{label} statement for {doc.school} ({what})",
            placement_ids=[line.placement_id for line in doc.lines if line.placement_id],
        )


def _write_books(docs: list[StatementDoc], folder: Path, label: str) -> tuple[Path, Path]:
    from slip_desktop.reports.finance_export import write_csv, write_workbook

    draft = any(doc.status == StatementStatus.DRAFT for doc in docs)
    prefix = "DRAFT " if draft else ""
    workbook = write_workbook(docs, folder / safe_file_name(f"{prefix}{label} statements.xlsx"))
    csv = write_csv(docs, folder / safe_file_name(f"{prefix}{label} statement lines.csv"))
    return workbook, csv


def export_term(
    store: Store,
    academic_year: int,
    term: Term,
    folder: Path,
    *,
    include_nothing_to_pay: bool = False,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> ExportResult:
    """Write every school's statement PDF, the workbook and the CSV for a term into ``folder``.

    Before the term is issued every file is a draft: the PDFs are watermarked DRAFT
    and every file name starts with it. A school with nothing to pay is left out
    unless ``include_nothing_to_pay``. Each school's statement leaves one export row
    per pupil on it. Cancelled part way, the PDFs already written stay in the folder
    and are still recorded as exported (they have left the database), then
    :class:`Cancelled` is raised.
    """
    from slip_desktop.reports.statement_pdf import statement_pdf

    docs = [
        doc
        for doc in load_statements(store, academic_year, term)
        if goes_out(doc, include_nothing_to_pay)
    ]
    partnership = partnership_details(store)
    label = f"{term.label} {academic_year_label(academic_year)}"
    folder.mkdir(parents=True, exist_ok=True)
    steps = len(docs) + 2
    written: list[StatementDoc] = []
    try:
        for done, doc in enumerate(docs):
            step(progress, cancel, done, steps, f"Statement for {doc.school}")
            (folder / pdf_name(doc, label)).write_bytes(statement_pdf(doc, partnership))
            written.append(doc)
        step(progress, cancel, len(docs), steps, "Workbook")
    except Cancelled:
        _audit(store, written, label, "PDF; the export was cancelled")
        raise
    # Past this point nothing is cancelled: the workbook and CSV go together.
    workbook, csv = _write_books(docs, folder, label)
    progress(len(docs) + 1, steps, "CSV")
    draft = any(doc.status == StatementStatus.DRAFT for doc in docs)
    _audit(store, docs, f"DRAFT {label}" if draft else label, "PDF, workbook and CSV")
    progress(steps, steps, "Done")
    return ExportResult(folder, len(docs), workbook, csv, draft)


def issue_term_files(
    store: Store,
    academic_year: int,
    term: Term,
    folder: Path,
    today: date,
    *,
    by: str = "",
    include_nothing_to_pay: bool = False,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> IssueResult:
    """Issue a term in one go: prepare, lock, write the final PDFs, workbook and e-mail drafts.

    The statements are prepared afresh, issued and locked (each school with
    something to pay is given an invoice number and a due date), then each such
    school's final PDF and an unsent .eml to its finance contact with the PDF
    attached are written to ``folder``, then the workbook and CSV. Cancelled
    before the lock, nothing changes; cancelled after, the term stays issued and
    the files written so far stay (audited): export the issued statements for
    the rest.
    """
    from slip_desktop.reports.eml_drafts import statement_email
    from slip_desktop.reports.statement_pdf import statement_pdf

    label = f"{term.label} {academic_year_label(academic_year)}"
    # A folder that cannot be made fails here, before anything is issued.
    folder.mkdir(parents=True, exist_ok=True)
    step(progress, cancel, 0, 3, f"Preparing and issuing the {label} statements")
    issued = issue_term(
        store, academic_year, term, today, by, include_nothing_to_pay=include_nothing_to_pay
    )
    every = load_statements(store, academic_year, term)
    docs = [doc for doc in every if doc.invoice_number]
    partnership = partnership_details(store)
    steps = len(docs) + 3
    written: list[StatementDoc] = []
    drafts = 0
    try:
        for done, doc in enumerate(docs, start=1):
            step(progress, cancel, done, steps, f"Statement for {doc.school}")
            name = pdf_name(doc, label)
            pdf = statement_pdf(doc, partnership)
            (folder / name).write_bytes(pdf)
            written.append(doc)
            (folder / f"{name.removesuffix('.pdf')}.eml").write_bytes(
                statement_email(partnership, doc, name, pdf)
            )
            drafts += 1
            record_exports(
                store,
                f"{label} statement e-mail draft to {doc.school} ({doc.invoice_number})",
                placement_ids=[line.placement_id for line in doc.lines if line.placement_id],
            )
        step(progress, cancel, len(docs) + 1, steps, "Workbook")
    except Cancelled:
        _audit(store, written, label, "PDF; issuing was cancelled after the lock")
        raise
    workbook, csv = _write_books(docs, folder, label)
    _audit(store, docs, label, "PDF, workbook and CSV")
    progress(steps, steps, "Done")
    return IssueResult(
        folder=folder,
        issued=issued.issued,
        invoiced=issued.invoiced,
        pdfs=len(written),
        drafts=drafts,
        workbook=workbook,
        csv=csv,
        left_out=len(every) - len(docs),
        no_address=tuple(doc.school for doc in docs if not doc.contact_email),
    )
