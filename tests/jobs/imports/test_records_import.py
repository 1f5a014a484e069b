from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from slip_desktop.db import imports as db_imports
from slip_desktop.db.audit import install_audit
from slip_desktop.db.rosters import list_placements
from slip_desktop.db.schools import add_school
from slip_desktop.db.store import Store
from slip_desktop.domain.imports import ImportKind, guess_mapping
from slip_desktop.domain.schools import SchoolDetails
from slip_desktop.domain.upn import make_upn
from slip_desktop.jobs.imports.preview import Preview, RowStatus, build_plan, preview_file
from slip_desktop.jobs.imports.readers import read_table
from slip_desktop.jobs.imports.run import run_import, run_undo
from tests.jobs.imports.files import ctf_xml, write_csv

TODAY = date(2026, 11, 27)


def _world(store: Store, tmp_path: Path) -> None:
    install_audit(store)
    add_school(store, SchoolDetails("Fernfield Academy", la_code="855"))
    path = tmp_path / "ctf.xml"
    path.write_bytes(ctf_xml(6))
    run_import(store, build_plan(_preview(store, path, ImportKind.PUPILS)))


def _preview(store: Store, path: Path, kind: ImportKind) -> Preview:
    table = read_table(path)
    return preview_file(store, table, kind, guess_mapping(kind, table.headings), TODAY)


def _referral_log(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["UPN", "Surname", "Forename", "DOB", "Referred to", "Date received", "Status", "Reason"]
    )
    sheet.append(
        [
            make_upn("855", "4001", 12, 0),
            "",
            "",
            None,
            "Forum",
            datetime(2026, 10, 6),
            "New",
            "SEMH",
        ]
    )
    # Found by name and date of birth (no UPN), the name typed as on record.
    sheet.append(
        [
            "",
            "Παπαδοπούλου",
            "Σοφία",
            "08/09/2012",
            "Inclusion Forum",
            "2026-11-03",
            "Discussed",
            "Attendance; Behaviour",
        ]
    )
    sheet.append(["", "Nobody", "Unknown", "01/01/2012", "Forum", "2026-11-03", "New", ""])
    # The graduated response: no forum referral before, so no partnership referral.
    sheet.append(
        [make_upn("855", "4001", 12, 3), "", "", None, "Partnership", "2026-11-04", "New", ""]
    )
    sheet.append([make_upn("855", "4001", 12, 2), "", "", None, "Forum", "2026-11-04", "Lost", ""])
    path = tmp_path / "referral log.xlsx"
    book.save(path)
    return path


def test_a_referral_log_xlsx_imports_its_good_rows_and_reimports_as_nothing(
    store: Store, tmp_path: Path
) -> None:
    _world(store, tmp_path)
    path = _referral_log(tmp_path)
    preview = _preview(store, path, ImportKind.REFERRALS)
    assert [r.status for r in preview.rows] == [
        RowStatus.NEW,
        RowStatus.NEW,
        RowStatus.PROBLEM,
        RowStatus.PROBLEM,
        RowStatus.PROBLEM,
    ]
    assert "import the pupils first" in preview.rows[2].problems["pupil"]
    assert "forum" in preview.rows[3].problems["kind"].lower()
    assert "status" in preview.rows[4].problems
    summary = run_import(store, build_plan(preview, good_rows_only=True))
    assert (summary.created, summary.skipped) == (2, 3)
    assert db_imports.count_rows(store, "referral") == 2
    again = _preview(store, path, ImportKind.REFERRALS)
    assert again.count(RowStatus.UNCHANGED) == 2 and again.count(RowStatus.NEW) == 0
    run_undo(store, summary.id)
    assert db_imports.count_rows(store, "referral") == 0


def test_a_placements_csv_imports_and_an_update_is_undone_exactly(
    store: Store, tmp_path: Path
) -> None:
    _world(store, tmp_path)
    headings = ["UPN", "Programme", "Start date", "End date", "Days per week", "Provider"]
    upn = make_upn("855", "4001", 12, 1)
    rows: list[list[object]] = [
        [upn, "KS3 Reset", "02/11/2026", "2026-12-18", "2.5", ""],
        [make_upn("855", "4001", 12, 3), "Pathway 1", "2026-09-03", "", "5", ""],
        [make_upn("855", "4001", 12, 4), "Tier 2 1:1", "2026-09-03", "", "1", "Nowhere AP Ltd"],
        [make_upn("855", "4001", 12, 5), "Basket weaving", "2026-09-03", "", "1", ""],
    ]
    first = _preview(
        store, write_csv(tmp_path / "placements.csv", headings, rows), ImportKind.PLACEMENTS
    )
    counts = first.counts()
    assert (counts[RowStatus.NEW], counts[RowStatus.PROBLEM]) == (2, 2)
    assert "provider" in first.rows[2].problems and "programme" in first.rows[3].problems
    run_import(store, build_plan(first, good_rows_only=True))
    placed = {p.programme.value: p for p in list_placements(store, TODAY)}
    assert placed["reset"].days_per_week == Decimal("2.5")
    assert placed["reset"].planned_end_on == date(2026, 12, 18)
    rows[0][4] = "3"
    second = _preview(
        store, write_csv(tmp_path / "placements2.csv", headings, rows[:2]), ImportKind.PLACEMENTS
    )
    assert [r.status for r in second.rows] == [RowStatus.MATCH, RowStatus.UNCHANGED]
    update = run_import(store, build_plan(second))
    assert update.updated == 1
    assert {p.programme.value: p for p in list_placements(store, TODAY)}[
        "reset"
    ].days_per_week == Decimal("3")
    run_undo(store, update.id)
    assert {p.programme.value: p for p in list_placements(store, TODAY)}[
        "reset"
    ].days_per_week == Decimal("2.5")
    assert db_imports.count_rows(store, "placement") == 2
