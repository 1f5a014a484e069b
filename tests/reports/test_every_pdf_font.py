"""Every PDF the app writes embeds its one Unicode font family, so any name prints."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from slip_desktop.db.core import list_core_meetings
from slip_desktop.db.impact import report_periods
from slip_desktop.db.meetings import get_meeting, list_meetings
from slip_desktop.db.statements import load_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import Centre
from slip_desktop.domain.enums import MeetingKind
from slip_desktop.jobs.attendance_summaries import write_summaries
from slip_desktop.jobs.board_report import save_board_report
from slip_desktop.jobs.core_minutes import write_core_minutes
from slip_desktop.jobs.forum_pack import export_meeting_plans, write_agenda_pdf
from slip_desktop.jobs.occupancy import write_occupancy
from slip_desktop.jobs.subject_access import export_subject_access
from slip_desktop.jobs.term_statements import export_term
from slip_desktop.reports.action_plan_pdf import action_plan_pdf
from slip_desktop.reports.fonts import FONT, font_file, printable
from tests.conftest import DEMO_TODAY
from tests.reports.test_forum_reports import NAMED


def embedded_font_problems(pdf: bytes) -> list[str]:
    """Return each font of ``pdf`` that is not embedded as a TrueType file (pdffonts' "emb").

    poppler's pdffonts is not installed on these machines, so this reads the same
    thing pypdf-side: every font's descriptor must carry a FontFile2 stream.
    """
    problems: list[str] = []
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        resources = page.get("/Resources") or {}
        fonts = resources.get_object().get("/Font") or {}
        for key, ref in fonts.get_object().items():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                problems.append(f"page {number}: {key} {font.get('/BaseFont')} not embedded")
    return problems


def pdffonts_problems(pdf: bytes, folder: Path) -> list[str]:
    """Return each font poppler's ``pdffonts`` lists as not embedded (empty when not installed)."""
    if shutil.which("pdffonts") is None:
        return []
    target = folder / "check.pdf"
    target.write_bytes(pdf)
    listing = subprocess.run(
        ["pdffonts", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    header = listing[0]
    emb = header.index("emb")
    rows = listing[2:]
    assert rows, "pdffonts found no font"
    return [row for row in rows if row[emb : emb + 3] != "yes"]


def _every_pdf(store: Store, folder: Path) -> dict[str, bytes]:
    """Run each report writer the app has over the demo data; return name -> PDF bytes."""
    pdfs: dict[str, bytes] = {}
    forum = next(
        get_meeting(store, m.id)
        for m in reversed(list_meetings(store))
        if m.kind == MeetingKind.FORUM and m.meets_on < DEMO_TODAY and m.cases
    )
    pdfs["agenda"] = write_agenda_pdf(store, forum, folder / "agenda.pdf").read_bytes()
    result = export_meeting_plans(store, forum, folder / "plans")
    for path in (folder / "plans").rglob("*.pdf"):
        pdfs[f"plans/{path.name}"] = path.read_bytes()
    assert result is not None
    core = next(m.id for m in list_core_meetings(store) if m.decided)
    pdfs["minutes"] = write_core_minutes(store, core, folder / "m.pdf", DEMO_TODAY).read_bytes()
    write_occupancy(
        store,
        folder / "occ.pdf",
        (Centre.PLC, Centre.WIGSTON),
        "Autumn 2026-27",
        date(2026, 11, 2),
        date(2026, 12, 18),
        DEMO_TODAY,
    )
    pdfs["occupancy"] = (folder / "occ.pdf").read_bytes()
    for path in write_summaries(
        store, folder / "att", date(2026, 11, 23), date(2026, 11, 27), DEMO_TODAY
    ):
        if path.suffix == ".pdf":
            pdfs[f"attendance/{path.name}"] = path.read_bytes()
    period = report_periods(store, DEMO_TODAY)[0]
    pdfs["board"] = save_board_report(store, folder / "board.pdf", period).read_bytes()
    sar = export_subject_access(store, 7, folder / "sar.zip", DEMO_TODAY)
    with zipfile.ZipFile(sar) as archive:
        for name in archive.namelist():
            if name.endswith(".pdf"):
                pdfs[f"sar/{name}"] = archive.read(name)
    year, term = max(
        ((y, t) for y in (2025, 2026) for t in _terms() if load_statements(store, y, t)),
        key=lambda yt: len(load_statements(store, *yt)),
    )
    export_term(store, year, term, folder / "statements")
    for path in (folder / "statements").glob("*.pdf"):
        pdfs[f"statements/{path.name}"] = path.read_bytes()
    return pdfs


def _terms() -> list[object]:
    from slip_desktop.domain.enums import Term

    return list(Term)


def test_every_pdf_the_app_writes_embeds_every_font(demo_store: Store, tmp_path: Path) -> None:
    (tmp_path / "att").mkdir()
    pdfs = _every_pdf(demo_store, tmp_path)
    kinds = {name.split("/")[0] for name in pdfs}
    assert {"agenda", "plans", "minutes", "occupancy", "attendance", "board", "sar"} <= kinds
    assert "statements" in kinds
    problems = {name: embedded_font_problems(pdf) for name, pdf in pdfs.items()}
    assert {name: p for name, p in problems.items() if p} == {}
    for name, pdf in pdfs.items():
        assert b"Helvetica" not in pdf, name
        assert pdffonts_problems(pdf, tmp_path) == [], name


@pytest.mark.parametrize(
    "name",
    ["Nguyễn Thị Ánh", "Σοφία Παπαδοπούλου", "Олег Петренко", "Zoë O'Brien-Ćorić"],
)
def test_a_plan_prints_names_in_any_latin_greek_or_cyrillic_script_exactly(name: str) -> None:
    pdf = action_plan_pdf(dataclasses.replace(NAMED, pupil_name=name))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert name in text
    assert embedded_font_problems(pdf) == []


def test_right_to_left_names_print_transliterated_with_a_marker() -> None:
    pdf = action_plan_pdf(dataclasses.replace(NAMED, pupil_name="محمد علي"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Mhmd 'ly [Arabic script, transliterated]" in text
    assert printable("שרה") == "Shrh [Hebrew script, transliterated]"
    assert printable("Nguyễn Thị Ánh") == "Nguyễn Thị Ánh"


def test_charts_draw_in_the_same_font_file_the_pdfs_embed() -> None:
    import matplotlib
    from matplotlib import font_manager

    from slip_desktop.reports import impact_charts  # noqa: F401 - sets the charts' font

    found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    bold = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"], weight="bold"))
    assert Path(found).resolve() == font_file(FONT).resolve()
    assert Path(bold).name == "DejaVuSans-Bold.ttf"
    assert matplotlib.rcParams["pdf.fonttype"] == 42
