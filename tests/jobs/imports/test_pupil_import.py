from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from slip_desktop.db import imports as db_imports
from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.models import Referral
from slip_desktop.db.pupils import get_pupil
from slip_desktop.db.schools import add_school
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import ReferralKind
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.imports import ImportKind, guess_mapping
from slip_desktop.domain.schools import SchoolDetails
from slip_desktop.domain.upn import make_upn
from slip_desktop.jobs.imports.preview import RowStatus, build_plan, preview_file
from slip_desktop.jobs.imports.readers import FileProblemError, read_ctf, read_table
from slip_desktop.jobs.imports.run import run_import, run_undo
from tests.jobs.imports.files import EXTERNAL_ENTITY, XML_BOMB, ctf_xml, write_csv

TODAY = date(2026, 11, 27)
HEADINGS = ["Legal surname", "Forename", "DOB", "UPN", "Year", "School", "Pupil Premium", "SEN"]


def _school(store: Store, name: str = "Fernfield Academy") -> int:
    return add_school(store, SchoolDetails(name, urn="990101", la_code="855"))


def _existing_pupil(store: Store, school_id: int) -> int:
    plan = db_imports.ImportPlan("pupils", "seed", "0" * 64)
    plan.creates.append(
        db_imports.NewRecord(
            "pupil",
            {
                "first_name": "Zoë",
                "last_name": "O'Brien-Ćorić",
                "date_of_birth": date(2012, 5, 17),
                "year_group": 9,
                "year_group_as_of": 2026,
                "school_id": school_id,
                "upn": None,
            },
        )
    )
    db_imports.apply_import(store, plan)
    return db_imports.existing_pupils(store)[0].id


def _messy_csv(tmp_path: Path) -> Path:
    good = make_upn("855", "4001", 14, 1)
    rows: list[list[object]] = [
        [
            "Ánh",
            "Nguyễn Thị",
            "03/02/2013",
            good.lower()[:5] + " " + good.lower()[5:],
            "8",
            "Fernfield Academy",
            "Y",
            "K",
        ],
        [
            "Παπαδοπούλου",
            "Σοφία",
            "2012-10-30",
            make_upn("855", "4001", 14, 2),
            "9",
            "Fernfield Academy",
            "N",
            "",
        ],
        [
            "Петренко",
            "Олег",
            "41500",
            "",
            "",
            "Fernfield Academy",
            "",
            "E",
        ],  # Excel serial: 14/08/2013
        [
            "OBrien-Coric",
            "Zoe",
            "17/05/2012",
            "",
            "9",
            "Fernfield Academy",
            "",
            "",
        ],  # accented duplicate
        [
            "Okafor",
            "Amara",
            "01/03/2013",
            "Q" + make_upn("855", "4001", 14, 5)[1:],
            "8",
            "Fernfield Academy",
            "",
            "",
        ],
        ["", "Mateusz", "01/04/2013", "", "8", "Fernfield Academy", "", ""],  # missing surname
    ]
    return write_csv(tmp_path / "pupils.csv", HEADINGS, rows)


def _preview(store: Store, path: Path, kind: ImportKind = ImportKind.PUPILS):
    table = read_table(path)
    return preview_file(store, table, kind, guess_mapping(kind, table.headings), TODAY)


def test_messy_pupils_csv_gives_exact_counts_and_writes_nothing_before_confirm(
    store: Store, tmp_path: Path
) -> None:
    school_id = _school(store)
    _existing_pupil(store, school_id)
    before = db_imports.count_rows(store, "pupil")
    preview = _preview(store, _messy_csv(tmp_path))
    counts = preview.counts()
    assert counts[RowStatus.NEW] == 3
    assert counts[RowStatus.DUPLICATE] == 1
    assert counts[RowStatus.PROBLEM] == 2
    problems = {r.line: r.problems for r in preview.rows if r.status is RowStatus.PROBLEM}
    assert "check letter" in problems[6]["upn"]
    assert set(problems[7]) == {"last_name"}
    duplicate = next(r for r in preview.rows if r.status is RowStatus.DUPLICATE)
    assert "Zoë" in duplicate.match_label
    assert db_imports.count_rows(store, "pupil") == before
    assert db_imports.list_imports(store)[0].file_name == "seed"


def test_a_file_with_problems_imports_good_rows_only_when_chosen(
    store: Store, tmp_path: Path
) -> None:
    _existing_pupil(store, _school(store))
    preview = _preview(store, _messy_csv(tmp_path))
    with pytest.raises(RuleError, match="good rows only"):
        build_plan(preview)
    plan = build_plan(preview, good_rows_only=True, same_person={5: True})
    assert len(plan.creates) == 3 and plan.skipped == 2
    run_import(store, plan)
    assert db_imports.count_rows(store, "pupil") == 4


def test_upns_are_normalised_and_dates_read_in_every_format(store: Store, tmp_path: Path) -> None:
    _school(store)
    preview = _preview(store, _messy_csv(tmp_path))
    rows = {r.line: r for r in preview.rows}
    assert rows[2].new is not None
    assert rows[2].new.values["upn"] == make_upn("855", "4001", 14, 1)
    assert rows[2].new.values["date_of_birth"] == date(2013, 2, 3)
    assert rows[2].new.values["pupil_premium"] is True
    assert rows[3].new is not None and rows[3].new.values["date_of_birth"] == date(2012, 10, 30)
    assert rows[4].new is not None and rows[4].new.values["date_of_birth"] == date(2013, 8, 14)


def test_reimporting_the_same_file_adds_nothing(store: Store, tmp_path: Path) -> None:
    _school(store)
    path = tmp_path / "ctf.xml"
    path.write_bytes(ctf_xml(300))
    first = run_import(store, build_plan(_preview(store, path)))
    assert first.created == 300
    again = _preview(store, path)
    assert again.previously is not None and again.previously.id == first.id
    assert again.count(RowStatus.NEW) == 0 and again.count(RowStatus.UNCHANGED) == 300
    second = run_import(store, build_plan(again))
    assert second.created == 0 and db_imports.count_rows(store, "pupil") == 300


def test_ctf_of_300_pupils_reads_every_field(store: Store, tmp_path: Path) -> None:
    table = read_ctf(ctf_xml(300), "ctf.xml")
    assert len(table.rows) == 300
    assert table.source_school == ("8554001", "Fernfield Academy")
    first = dict(zip(table.headings, table.rows[0], strict=True))
    assert first["Surname"] == "Ánh" and first["Gender"] == "M"
    assert (
        first["SEN provision"] == "N" and first["FSM"] == "yes" and first["Looked after"] == "yes"
    )
    assert dict(zip(table.headings, table.rows[1], strict=True))["SEN provision"] == "K"


@pytest.mark.parametrize("data", [XML_BOMB, EXTERNAL_ENTITY])
def test_an_xml_bomb_or_external_entity_is_refused_with_a_clear_message(data: bytes) -> None:
    with pytest.raises(FileProblemError, match="refused.*entities"):
        read_ctf(data, "bomb.xml")


def test_undo_restores_the_exact_previous_state(store: Store, tmp_path: Path) -> None:
    install_audit(store)
    school_id = _school(store)
    _existing_pupil(store, school_id)
    before_count = db_imports.count_rows(store, "pupil")
    before = get_pupil(store, 1, TODAY)
    rows = [
        [
            "O'Brien-Ćorić",
            "Zoë",
            "17/05/2012",
            make_upn("855", "4001", 14, 9),
            "9",
            "Fernfield Academy",
            "Y",
            "E",
        ],
        ["Patel", "Aarav", "2013-01-01", "", "8", "Fernfield Academy", "", ""],
    ]
    path = write_csv(tmp_path / "update.csv", HEADINGS, rows)
    preview = _preview(store, path)
    assert [r.status for r in preview.rows] == [RowStatus.DUPLICATE, RowStatus.NEW]
    summary = run_import(store, build_plan(preview, same_person={2: True}))
    changed = get_pupil(store, 1, TODAY)
    assert changed.pupil_premium is True and changed.upn == make_upn("855", "4001", 14, 9)
    assert any(r.table_name == "pupil" and r.action == "create" for r in list_audit(store))
    run_undo(store, summary.id)
    assert db_imports.count_rows(store, "pupil") == before_count
    assert get_pupil(store, 1, TODAY) == replace(before, version=before.version + 2)
    with pytest.raises(RuleError, match="undone"):
        run_undo(store, summary.id)


def test_undo_is_refused_when_a_referral_points_at_an_imported_pupil(
    store: Store, tmp_path: Path
) -> None:
    school_id = _school(store)
    path = tmp_path / "ctf.xml"
    path.write_bytes(ctf_xml(3))
    summary = run_import(store, build_plan(_preview(store, path)))
    pupil_id = db_imports.existing_pupils(store)[0].id
    with store.session() as session:
        session.add(
            Referral(
                pupil_id=pupil_id,
                school_id=school_id,
                year_group=9,
                kind=ReferralKind.FORUM,
                received_on=TODAY,
            )
        )
    with pytest.raises(RuleError, match="referral"):
        run_undo(store, summary.id)
    assert db_imports.count_rows(store, "pupil") == 3


def test_a_read_only_account_cannot_import_or_undo(store: Store, tmp_path: Path) -> None:
    from slip_desktop.db.identity import Identity, set_current_user
    from slip_desktop.domain.enums import UserRole
    from slip_desktop.domain.permissions import PermissionDenied

    install_audit(store)
    _school(store)
    path = tmp_path / "ctf.xml"
    path.write_bytes(ctf_xml(2))
    summary = run_import(store, build_plan(_preview(store, path)))
    set_current_user(store, Identity(5, "rita", "Rita Read", UserRole.READ_ONLY))
    with pytest.raises(PermissionDenied):
        run_import(store, build_plan(_preview(store, path)))
    with pytest.raises(PermissionDenied):
        run_undo(store, summary.id)
    set_current_user(store, None)
    assert db_imports.count_rows(store, "pupil") == 2


def test_cancel_stops_the_preview_and_the_import_before_anything_is_written(
    store: Store, tmp_path: Path
) -> None:
    import threading

    from slip_desktop.jobs.progress import Cancelled

    _school(store)
    path = tmp_path / "ctf.xml"
    path.write_bytes(ctf_xml(300))
    table = read_table(path)
    stop = threading.Event()
    stop.set()
    mapping = guess_mapping(ImportKind.PUPILS, table.headings)
    with pytest.raises(Cancelled):
        preview_file(store, table, ImportKind.PUPILS, mapping, TODAY, cancel=stop)
    plan = build_plan(preview_file(store, table, ImportKind.PUPILS, mapping, TODAY))
    with pytest.raises(Cancelled):
        run_import(store, plan, cancel=stop)
    assert db_imports.count_rows(store, "pupil") == 0
    assert db_imports.list_imports(store) == []


def test_the_same_pupil_twice_in_one_file_without_upns_is_a_problem(
    store: Store, tmp_path: Path
) -> None:
    _school(store)
    row = ["Wójcik", "Mateusz", "01/04/2013", "", "8", "Fernfield Academy", "", ""]
    path = write_csv(tmp_path / "twice.csv", HEADINGS, [row, ["WÓJCIK", "Mateusz", *row[2:]]])
    preview = _preview(store, path)
    assert [r.status for r in preview.rows] == [RowStatus.NEW, RowStatus.PROBLEM]
    assert "row 2 of the file too" in preview.rows[1].problems["last_name"]
