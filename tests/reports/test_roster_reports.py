from __future__ import annotations

import io
from datetime import date

import pandas as pd
from pypdf import PdfReader

from slip_desktop.db.attendance import save_register, school_summary
from slip_desktop.db.rosters import occupancy
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import Centre
from slip_desktop.domain.enums import PlacementStatus, Programme, Session
from slip_desktop.reports.attendance_summary import summary_csv, summary_pdf
from slip_desktop.reports.occupancy_pdf import occupancy_pdf
from tests.roster_fixtures import add_placement, add_pupil, add_school

MONDAY = date(2026, 11, 23)


def _school_with_marks(store: Store) -> int:
    school = add_school(store, "Testbrook Academy")
    reset = add_placement(
        store,
        add_pupil(store, school, "Rae", "Reset"),
        Programme.RESET,
        PlacementStatus.ACTIVE,
        date(2026, 11, 2),
        date(2026, 12, 18),
        "A",
        centre_days="mon,tue,wed-am",
    )
    wigston = add_placement(
        store,
        add_pupil(store, school, "Wil", "Wigston", 10),
        Programme.PATHWAY_1,
        PlacementStatus.ACTIVE,
        date(2026, 9, 2),
        date(2027, 7, 16),
    )
    save_register(
        store,
        MONDAY,
        {
            (reset, Session.AM): "/",
            (reset, Session.PM): "I",
            (wigston, Session.AM): "/",
            (wigston, Session.PM): "O",
        },
    )
    return school


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_schools_daily_summary_pdf_names_each_pupil_with_marks_and_absences(store: Store) -> None:
    school = _school_with_marks(store)
    summary = school_summary(store, school, MONDAY, MONDAY)
    text = _text(summary_pdf(summary, MONDAY))
    assert "Attendance summary: Testbrook Academy" in text
    assert "Monday 23 November 2026" in text
    assert "Rae Reset" in text and "Wil Wigston" in text
    assert "1 of 2" in text and "50.0%" in text
    assert "illness" in text and "unauthorised absence" in text


def test_a_schools_weekly_summary_csv_has_a_line_per_pupil_day(store: Store) -> None:
    school = _school_with_marks(store)
    summary = school_summary(store, school, MONDAY, date(2026, 11, 27))
    frame = pd.read_csv(io.StringIO(summary_csv(summary)))
    rae = frame[frame["Pupil"] == "Rae Reset"]
    assert list(rae["Date"]) == ["2026-11-23", "2026-11-24", "2026-11-25"]  # Mon, Tue, Wed am
    monday = rae.iloc[0]
    assert (monday["AM"], monday["PM"]) == ("/", "I")
    assert monday["Absence reasons"].startswith("Illness")
    assert monday["Authorised absences (period)"] == 1
    assert set(frame["School"]) == {"Testbrook Academy"}
    assert len(frame[frame["Pupil"] == "Wil Wigston"]) == 5
    assert frame["Attendance % (period)"].iloc[0] == 50.0


def test_occupancy_pdf_lists_weeks_names_and_free_places(store: Store) -> None:
    _school_with_marks(store)
    occ = occupancy(store, Centre.PLC, date(2026, 11, 2), date(2026, 11, 20))
    pdf = occupancy_pdf([("SLIP Pupil Learning Centre", occ)], "Autumn 2026-27", MONDAY)
    text = _text(pdf)
    assert "Centre occupancy: Autumn 2026-27" in text
    assert "w/c 02 Nov" in text and "w/c 16 Nov" in text
    assert "1 of 5, 4 free" in text and "Rae Reset" in text
    assert "0 of 10, 10 free" in text
