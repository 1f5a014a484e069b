from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from pypdf import PdfReader

from slip_desktop.db.statements import load_statements, prepare_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Term
from slip_desktop.reports.finance_export import sheet_name, write_csv, write_workbook
from slip_desktop.reports.statement_pdf import statement_pdf
from tests.finance_world import build_world
from tests.reports.xlsx_checks import money_cells, recomputed_sums


def _docs(store: Store) -> list:
    build_world(store)
    prepare_statements(store, 2026, Term.AUTUMN, date(2026, 12, 18))
    return load_statements(store, 2026, Term.AUTUMN)


def test_statement_pdf_reads_back_with_each_line_and_its_working(store: Store) -> None:
    (doc,) = _docs(store)
    reader = PdfReader(io.BytesIO(statement_pdf(doc)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Statement: Brookfield Academy (invented), Autumn 2026-27" in text
    assert "Archer, Amy" in text and "£1,950.39" in text
    assert "45 / 190 school days" in text
    assert "8 booked days" in text and "£684.00" in text
    assert "£3,259.39" in text  # the total
    assert "How the charges are worked out" in text
    assert reader.metadata.title.startswith("Statement: Brookfield")


def test_workbook_has_summary_and_a_sheet_per_school_that_read_back(
    store: Store, tmp_path: Path
) -> None:
    docs = _docs(store)
    path = write_workbook(docs, tmp_path / "autumn.xlsx")
    book = load_workbook(path, data_only=True)
    assert book.sheetnames == ["Summary", "Brookfield Academy (invented)"]
    summary = book["Summary"]
    assert summary["A2"].value == "Brookfield Academy (invented)"
    assert summary["F2"].value == 3259.39 and summary["F2"].data_type == "n"
    school = book["Brookfield Academy (invented)"]
    rows = [[c.value for c in row] for row in school.iter_rows(min_row=2)]
    amy = next(r for r in rows if str(r[4]).startswith("Archer"))
    assert (amy[9], amy[11], amy[15]) == (45, 190, 1950.39)
    assert isinstance(amy[7], datetime)  # From: a date, not text
    assert rows[-1][0] == "Total" and rows[-1][15] == 3259.39


def test_statements_workbook_stores_money_as_pounds_and_its_sums_add_up(
    store: Store, tmp_path: Path
) -> None:
    path = write_workbook(_docs(store), tmp_path / "autumn.xlsx")
    for header in ("Total", "Amount", "Pupil premium", "SEND funding"):
        cells = money_cells(path, header)
        assert cells, header
        for sheet, value, kind, number_format in cells:
            assert kind == "n" or str(value).startswith("=SUM"), (sheet, header, value)
            assert "£" in number_format, (sheet, header, number_format)
    sums = recomputed_sums(path)
    assert {(sheet, cell) for sheet, cell, _r, _c in sums} == {
        ("Summary", "F3"),
        ("Brookfield Academy (invented)", "P6"),
    }
    for sheet, cell, recomputed, cached in sums:
        assert recomputed == cached == Decimal("3259.39"), (sheet, cell)


def test_csv_keeps_amounts_exact(store: Store, tmp_path: Path) -> None:
    docs = _docs(store)
    frame = pd.read_csv(write_csv(docs, tmp_path / "autumn.csv"), dtype=str)
    assert sorted(frame["Amount"]) == ["0.00", "1950.39", "625.00", "684.00"]
    assert sum(Decimal(a) for a in frame["Amount"]) == Decimal("3259.39")


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    long = "St Mary's Church of England Academy: Upper School"
    first, second = sheet_name(long, taken), sheet_name(long, taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert ":" not in first
    assert sheet_name("Summary", taken) != "Summary"


def test_statements_carry_the_partnerships_heading_and_how_to_pay(
    store: Store, tmp_path: Path
) -> None:
    from slip_desktop.db.partnership import save_partnership
    from slip_desktop.domain.partnership import Partnership
    from slip_desktop.jobs.term_statements import export_term

    build_world(store)
    prepare_statements(store, 2026, Term.AUTUMN, date(2026, 12, 18))
    save_partnership(
        store,
        Partnership(
            name="Wolds & Vale Inclusion Partnership",
            payee="Wolds & Vale Schools Trust",
            sort_code="00-99-01",
            account_number="00012345",
            payment_terms_days=45,
            marking="OFFICIAL",
        ),
    )
    export_term(store, 2026, Term.AUTUMN, tmp_path)
    pdf = next(tmp_path.glob("*.pdf"))
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Wolds & Vale Inclusion Partnership" in text and "OFFICIAL-SENSITIVE" not in text
    assert "Payable to: Wolds & Vale Schools Trust" in text
    assert "Sort code 00-99-01, account 00012345" in text and "within 45 days" in text
