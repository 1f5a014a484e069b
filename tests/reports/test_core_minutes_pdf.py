from __future__ import annotations

import io
from datetime import date, datetime, time

from pypdf import PdfReader

from slip_desktop.reports.core_minutes_pdf import MinutesCase, core_minutes_pdf


def test_minutes_list_each_case_with_outcome_rationale_and_what_it_started() -> None:
    cases = [
        MinutesCase(
            "Ada Example",
            "Thornmere School",
            10,
            "Programme outside school",
            "Exclusion risk remains high after the forum plan.",
            "KS4 pathway 2 (Wigston, 2 GCSEs) (requested)",
            "Gareth Pryce",
            datetime(2026, 12, 17, 13, 52),
        ),
        MinutesCase("Ben Sample", "Fernleigh Academy", 8, "", "", "", "", None),
    ]
    pdf = core_minutes_pdf(
        date(2026, 12, 17), time(13, 30), "Microsoft Teams", ["Coordinator - SLIP"], cases
    )
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Core Meeting decisions - 17 December 2026" in text
    assert "1 of 2 cases decided" in text
    assert "Exclusion risk remains high" in text
    assert "KS4 pathway 2" in text
    assert "Gareth Pryce, 17 Dec 2026 13:52" in text
    assert "Ben Sample" in text and "Not decided at this meeting" in text


def test_minutes_of_an_empty_meeting_say_so() -> None:
    pdf = core_minutes_pdf(date(2026, 12, 17), time(13, 30), "Teams", [], [])
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "No cases were on this meeting's agenda" in text
