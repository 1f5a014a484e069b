"""Issue term: one action prepares, locks, numbers, and writes final PDFs, workbook, drafts."""

from __future__ import annotations

import io
from datetime import date
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from slip_desktop.db.audit import list_audit
from slip_desktop.db.statements import (
    issue_term,
    load_statements,
    prepare_statements,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import StatementStatus, Term
from slip_desktop.domain.errors import RuleError
from slip_desktop.jobs.progress import Cancelled
from slip_desktop.jobs.term_statements import export_term, issue_term_files
from tests.jobs.progress_helpers import Recorder
from tests.statements_world import (
    BROOKFIELD_FINANCE,
    OAKFIELD,
    OAKFIELD_FINANCE,
    PAYEE,
    build_statements_world,
)

ISSUED = date(2026, 12, 18)


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _draft(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def _exports(store: Store, words: str) -> list[str]:
    return [
        r.changes["what"][1]
        for r in list_audit(store)
        if r.action == AuditAction.EXPORT and words in r.changes["what"][1]
    ]


def test_issue_term_writes_final_pdfs_with_invoice_numbers_and_due_dates(
    store: Store, tmp_path: Path
) -> None:
    build_statements_world(store)
    result = issue_term_files(store, 2026, Term.AUTUMN, tmp_path, ISSUED)
    assert (result.issued, result.invoiced, result.pdfs, result.drafts) == (3, 2, 2, 2)
    assert result.left_out == 1 and result.no_address == ()
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert [p.name for p in pdfs] == [
        "Autumn 2026-27 statement SLIP-2026-0001 - Brookfield Academy (invented).pdf",
        "Autumn 2026-27 statement SLIP-2026-0002 - Oakfield College (invented).pdf",
    ]
    brookfield = _text(pdfs[0])
    assert "Invoice number: SLIP-2026-0001" in brookfield
    assert "Issue date: 18 December 2026" in brookfield
    # 30 days' payment terms from the partnership settings.
    assert "Payment due by: 17 January 2027" in brookfield
    assert BROOKFIELD_FINANCE[0] in brookfield and BROOKFIELD_FINANCE[1] in brookfield
    assert "Wigston" in brookfield and PAYEE in brookfield
    assert "Sort code 12-34-56, account 12345678" in brookfield
    assert "DRAFT" not in brookfield
    oakfield = _text(pdfs[1])
    assert OAKFIELD_FINANCE[0] in oakfield and "Lutterworth" in oakfield
    assert result.workbook.exists() and result.csv.exists()
    assert "DRAFT" not in result.workbook.name


def test_one_draft_per_school_with_a_charge_to_its_finance_contact_with_the_pdf(
    store: Store, tmp_path: Path
) -> None:
    build_statements_world(store)
    issue_term_files(store, 2026, Term.AUTUMN, tmp_path, ISSUED)
    drafts = sorted(tmp_path.glob("*.eml"))
    assert len(drafts) == 2
    first, second = (_draft(p) for p in drafts)
    assert first["To"].addresses[0].addr_spec == BROOKFIELD_FINANCE[1]
    assert first["To"].addresses[0].display_name == BROOKFIELD_FINANCE[0]
    assert second["To"].addresses[0].addr_spec == OAKFIELD_FINANCE[1]
    assert first["From"].addresses[0].addr_spec == "office@slip.example"
    assert first["X-Unsent"] == "1"
    assert "SLIP-2026-0001" in first["Subject"]
    body = first.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "17 January 2027" in text and PAYEE in text and "Nguyễn Thị Ánh" in text
    attachments = list(first.iter_attachments())
    assert [a.get_filename() for a in attachments] == [drafts[0].with_suffix(".pdf").name]
    attached = attachments[0].get_content()
    assert "SLIP-2026-0001" in "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(attached)).pages
    )


def test_no_statement_or_draft_for_a_school_with_nothing_to_charge(
    store: Store, tmp_path: Path
) -> None:
    build_statements_world(store)
    issue_term_files(store, 2026, Term.AUTUMN, tmp_path, ISSUED)
    assert not [p for p in tmp_path.iterdir() if "Meadowbank" in p.name]
    meadowbank = next(d for d in load_statements(store, 2026, Term.AUTUMN) if "Meadow" in d.school)
    # Issued with the term, but never numbered nor sent.
    assert meadowbank.status == StatementStatus.ISSUED and meadowbank.invoice_number == ""


def test_schools_with_nothing_to_pay_are_included_when_asked(store: Store, tmp_path: Path) -> None:
    build_statements_world(store)
    result = issue_term_files(
        store, 2026, Term.AUTUMN, tmp_path, ISSUED, include_nothing_to_pay=True
    )
    assert (result.invoiced, result.pdfs, result.drafts, result.left_out) == (3, 3, 3, 0)
    meadowbank = next(p for p in tmp_path.glob("*.eml") if "Meadowbank" in p.name)
    # No finance contact: the draft is written without an address, and said so.
    assert _draft(meadowbank)["To"] in (None, "")
    assert result.no_address == ("Meadowbank School (invented)",)


def test_invoice_numbers_are_sequential_per_year_and_never_reused_after_a_reissue_attempt(
    store: Store, tmp_path: Path
) -> None:
    build_statements_world(store)
    issue_term(store, 2026, Term.AUTUMN, ISSUED)
    with pytest.raises(RuleError):
        issue_term(store, 2026, Term.AUTUMN, ISSUED)
    autumn = {d.school: d.invoice_number for d in load_statements(store, 2026, Term.AUTUMN)}
    assert sorted(n for n in autumn.values() if n) == ["SLIP-2026-0001", "SLIP-2026-0002"]
    issue_term(store, 2026, Term.SPRING, date(2027, 3, 26))
    spring = [d.invoice_number for d in load_statements(store, 2026, Term.SPRING)]
    numbers = [n for n in spring if n]
    # Spring continues the year's sequence: no number given twice.
    assert numbers and numbers[0] == "SLIP-2026-0003"
    every = [d.invoice_number for d in load_statements(store, 2026) if d.invoice_number]
    assert sorted(every) == [f"SLIP-2026-{n:04d}" for n in range(1, len(every) + 1)]


def test_a_draft_pdf_says_draft_in_its_text_and_its_file_name(store: Store, tmp_path: Path) -> None:
    build_statements_world(store)
    prepare_statements(store, 2026, Term.AUTUMN, ISSUED)
    result = export_term(store, 2026, Term.AUTUMN, tmp_path)
    assert result.draft and result.pdfs == 2
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert pdfs and all(p.name.startswith("DRAFT ") for p in pdfs)
    assert result.workbook.name.startswith("DRAFT ")
    text = _text(pdfs[0])
    assert "DRAFT" in text and "SLIP-2026" not in text
    assert "not an invoice" in text


def test_issue_term_exports_are_audited_per_school(store: Store, tmp_path: Path) -> None:
    build_statements_world(store)
    issue_term_files(store, 2026, Term.AUTUMN, tmp_path, ISSUED)
    assert len(_exports(store, "e-mail draft to")) >= 2
    files = _exports(store, "(PDF, workbook and CSV)")
    assert any(OAKFIELD in what for what in files)
    assert not any("Meadowbank" in what for what in files)


def test_cancel_before_the_lock_changes_nothing(store: Store, tmp_path: Path) -> None:
    build_statements_world(store)
    progress = Recorder()
    progress.cancel.set()
    with pytest.raises(Cancelled):
        issue_term_files(
            store,
            2026,
            Term.AUTUMN,
            tmp_path / "out",
            ISSUED,
            progress=progress,
            cancel=progress.cancel,
        )
    assert load_statements(store, 2026, Term.AUTUMN) == []
    assert not list((tmp_path / "out").iterdir())


def test_a_term_with_no_statement_at_all_is_not_issued_and_says_why(
    store: Store, tmp_path: Path
) -> None:
    from slip_desktop.db.models import Placement
    from slip_desktop.domain.enums import PlacementStatus

    build_statements_world(store)
    with store.session() as s:
        for placement in s.scalars(select(Placement)):
            placement.status = PlacementStatus.CANCELLED
    with pytest.raises(RuleError, match="nothing to issue"):
        issue_term_files(store, 2026, Term.AUTUMN, tmp_path / "out", ISSUED)
    assert load_statements(store, 2026, Term.AUTUMN) == []


def test_cancel_after_the_lock_keeps_the_term_issued_and_records_what_was_written(
    store: Store, tmp_path: Path
) -> None:
    build_statements_world(store)
    # Reports: issuing, then the first school; cancelled before the second.
    progress = Recorder(stop_after=2)
    with pytest.raises(Cancelled):
        issue_term_files(
            store,
            2026,
            Term.AUTUMN,
            tmp_path / "out",
            ISSUED,
            progress=progress,
            cancel=progress.cancel,
        )
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1
    assert len(list((tmp_path / "out").glob("*.eml"))) == 1
    assert not list((tmp_path / "out").glob("*.xlsx"))
    assert all(
        d.status == StatementStatus.ISSUED for d in load_statements(store, 2026, Term.AUTUMN)
    )
    assert _exports(store, "issuing was cancelled after the lock")
    # Exporting the issued term writes every final file again, with the same numbers.
    again = export_term(store, 2026, Term.AUTUMN, tmp_path / "again")
    assert not again.draft and again.pdfs == 2
    assert sorted(p.name for p in (tmp_path / "again").glob("*.pdf"))[0].startswith(
        "Autumn 2026-27 statement SLIP-2026-0001"
    )


def test_the_issued_workbook_gives_each_invoice_number_and_due_date(
    store: Store, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    build_statements_world(store)
    result = issue_term_files(store, 2026, Term.AUTUMN, tmp_path, ISSUED)
    summary = load_workbook(result.workbook)["Summary"]
    header = [c.value for c in summary[1]]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=2, max_row=3)]
    invoice, due = header.index("Invoice"), header.index("Due")
    assert [r[invoice] for r in rows] == ["SLIP-2026-0001", "SLIP-2026-0002"]
    assert all(r[due].date() == date(2027, 1, 17) for r in rows)
