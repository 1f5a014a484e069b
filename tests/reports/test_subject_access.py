from __future__ import annotations

import csv
import io
import time
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from slip_desktop.db.audit import install_audit, record_export
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.models import AttendanceMark, Placement, Pupil
from slip_desktop.db.store import Store
from slip_desktop.db.subject_access import gather_pupil_file, pupil_choices
from slip_desktop.domain.enums import Session, UserRole
from slip_desktop.domain.permissions import PermissionDenied
from slip_desktop.reports.subject_access import subject_access_zip

TODAY = date(2026, 11, 27)

EXPECTED_CSVS = {
    "csv/pupil_record.csv",
    "csv/referrals.csv",
    "csv/action_plans.csv",
    "csv/action_plan_items.csv",
    "csv/core_meeting_decisions.csv",
    "csv/placements.csv",
    "csv/reviews.csv",
    "csv/attendance_marks.csv",
    "csv/school_visits.csv",
    "csv/audit_trail.csv",
}


@pytest.fixture
def placed_pupil(store: Store) -> tuple[Store, int]:
    install_audit(store)
    from slip_desktop.db.demo import seed_demo

    seed_demo(store, TODAY)
    with store.session() as session:
        placement = session.scalars(select(Placement).limit(1)).one()
        session.add(
            AttendanceMark(
                placement_id=placement.id, day=date(2026, 11, 2), session=Session.AM, code="/"
            )
        )
        pupil_id = placement.pupil_id
    record_export(store, "Action plan PDF", pupil_id)
    return store, pupil_id


def test_subject_access_zip_holds_a_pdf_and_a_csv_per_kind_of_record(
    placed_pupil: tuple[Store, int],
) -> None:
    store, pupil_id = placed_pupil
    started = time.perf_counter()
    pupil_file = gather_pupil_file(store, pupil_id, TODAY)
    archive = zipfile.ZipFile(io.BytesIO(subject_access_zip(pupil_file)))
    assert time.perf_counter() - started < 60  # "within a minute"
    names = set(archive.namelist())
    assert names >= EXPECTED_CSVS
    pdfs = [n for n in names if n.endswith(".pdf")]
    assert len(pdfs) == 1

    with store.session() as session:
        pupil = session.get(Pupil, pupil_id)
        assert pupil is not None
        surname, upn = pupil.last_name, pupil.upn

    record = list(
        csv.DictReader(io.StringIO(archive.read("csv/pupil_record.csv").decode("utf-8-sig")))
    )
    assert record[0]["Surname"] == surname and record[0]["UPN"] == upn
    marks = list(
        csv.reader(io.StringIO(archive.read("csv/attendance_marks.csv").decode("utf-8-sig")))
    )
    assert marks[0][:4] == ["Placement", "Day", "Session (AM/PM)", "Attendance code"]
    assert marks[1][1:4] == ["02/11/2026", "Morning", "/"]
    audit = archive.read("csv/audit_trail.csv").decode("utf-8-sig")
    assert "Action plan PDF" in audit

    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(archive.read(pdfs[0]))).pages
    )
    for expected in (
        f"Subject access: {pupil.first_name} {surname}",
        "Referrals",
        "Action plans",
        "Placements",
        "Attendance marks",
        "Audit trail",
        upn or "",
    ):
        assert expected in text
    assert "password" not in text.lower()
    flat = " ".join(text.split())
    # labels in plain words, never column names or stored codes
    for column_name in ("School id", "Send funding pence", "Version", "small_group", "_id", "_on"):
        assert column_name not in flat, column_name
    for area in ("About the pupil", "Referrals and meetings", "Money", "Attendance"):
        assert area in flat


def test_subject_access_is_for_the_coordinator_only(placed_pupil: tuple[Store, int]) -> None:
    store, pupil_id = placed_pupil
    set_current_user(store, Identity(4, "sam", "Sam", UserRole.STAFF))
    with pytest.raises(PermissionDenied):
        gather_pupil_file(store, pupil_id, TODAY)


def test_pupil_choices_list_every_pupil(placed_pupil: tuple[Store, int]) -> None:
    store, pupil_id = placed_pupil
    choices = pupil_choices(store)
    assert pupil_id in {c.id for c in choices}
    assert len(choices) == len({c.id for c in choices}) > 100
