"""Every export or print of pupil data leaves an export (or print) row on the audit trail."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from slip_desktop.db.agenda import list_agenda
from slip_desktop.db.audit import AuditRow, list_audit
from slip_desktop.db.meetings import get_meeting, list_meetings
from slip_desktop.db.models import Statement
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import MeetingKind
from slip_desktop.jobs.forum_pack import export_meeting_plans, write_school_drafts
from slip_desktop.jobs.term_statements import export_term
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.forum.tab import ForumCalendarTab
from tests.conftest import DEMO_TODAY

PANEL = "slip_desktop.views.forum.meeting_panel"


def _new_rows(store: Store, before: set[int]) -> list[AuditRow]:
    return [r for r in list_audit(store) if r.id not in before]


def _ids(store: Store) -> set[int]:
    return {r.id for r in list_audit(store)}


def _exports(
    rows: list[AuditRow], words: str, action: AuditAction = AuditAction.EXPORT
) -> list[AuditRow]:
    return [r for r in rows if r.action == action and words in r.changes["what"][1]]


def _held_forum(store: Store) -> int:
    return next(
        r.id
        for r in reversed(list_meetings(store))
        if r.kind == MeetingKind.FORUM and r.meets_on < DEMO_TODAY and r.cases
    )


def _no_progress(_done: int, _total: int, _text: str = "") -> None:
    return None


@pytest.fixture
def tab(qtbot: QtBot, demo_store: Store) -> ForumCalendarTab:
    widget = ForumCalendarTab(demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY)
    qtbot.addWidget(widget)
    widget.resize(1400, 850)
    widget.show()
    return widget


def test_action_plan_pdfs_and_pack_export_is_audited_per_pupil(
    demo_store: Store, tmp_path: Path
) -> None:
    meeting = get_meeting(demo_store, _held_forum(demo_store))
    before = _ids(demo_store)
    result = export_meeting_plans(demo_store, meeting, tmp_path, progress=_no_progress)
    rows = _exports(_new_rows(demo_store, before), "Action plan PDFs and pack")
    assert result.files and rows
    assert any(r.pupil_id is not None for r in rows)


def test_action_plan_email_drafts_are_audited(demo_store: Store, tmp_path: Path) -> None:
    meeting = get_meeting(demo_store, _held_forum(demo_store))
    before = _ids(demo_store)
    drafts = write_school_drafts(demo_store, meeting, tmp_path, DEMO_TODAY, progress=_no_progress)
    rows = _exports(_new_rows(demo_store, before), "Action plans e-mail draft")
    assert drafts and len({r.changes["what"][1] for r in rows}) == len(drafts)


def _choose_plan_row(tab: ForumCalendarTab) -> None:
    meeting_id = _held_forum(tab._store)
    tab.choose_meeting(meeting_id)
    number = next(n for n, r in enumerate(list_agenda(tab._store, meeting_id)) if r.plan_id)
    tab.panel.agenda_view.selectRow(number)


def test_opening_an_action_plan_pdf_is_audited(tab: ForumCalendarTab) -> None:
    _choose_plan_row(tab)
    before = _ids(tab._store)
    with patch(f"{PANEL}.open_in_pdf_viewer") as opened:
        tab.panel._on_open_pdf_button_clicked()
    opened.assert_called_once()
    (row,) = _exports(_new_rows(tab._store, before), "Action plan PDF")
    assert row.pupil_id is not None


def test_printing_an_action_plan_is_audited_but_a_closed_preview_is_not(
    tab: ForumCalendarTab,
) -> None:
    _choose_plan_row(tab)
    before = _ids(tab._store)
    closed = SimpleNamespace(exec=lambda: QDialog.DialogCode.Rejected)
    with patch(f"{PANEL}.preview_plan", return_value=closed):
        tab.panel._on_preview_button_clicked()
    assert _new_rows(tab._store, before) == []
    printed = SimpleNamespace(exec=lambda: QDialog.DialogCode.Accepted)
    with patch(f"{PANEL}.preview_plan", return_value=printed):
        tab.panel._on_preview_button_clicked()
    assert _exports(_new_rows(tab._store, before), "Action plan", AuditAction.PRINT)


def test_agenda_pdf_is_audited_per_pupil_on_it(
    qtbot: QtBot, tab: ForumCalendarTab, tmp_path: Path
) -> None:
    meeting = next(
        r
        for r in list_meetings(tab._store)
        if r.kind == MeetingKind.FORUM and r.meets_on >= DEMO_TODAY and r.cases
    )
    tab.choose_meeting(meeting.id)
    before = _ids(tab._store)
    target = tmp_path / "agenda.pdf"
    with patch(f"{PANEL}.QFileDialog.getSaveFileName", return_value=(str(target), "")):
        qtbot.mouseClick(tab.panel.agenda_pdf_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    rows = _exports(_new_rows(tab._store, before), "agenda PDF")
    assert rows and len(rows) >= 1


def test_core_minutes_pdf_is_audited(qtbot: QtBot, demo_store: Store, tmp_path: Path) -> None:
    from slip_desktop.views.core.tab import CoreBoardTab

    board = CoreBoardTab(demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY, background=False)
    qtbot.addWidget(board)
    before = _ids(demo_store)
    target = tmp_path / "minutes.pdf"
    with (
        patch(
            "slip_desktop.views.core.tab.QFileDialog.getSaveFileName",
            return_value=(str(target), ""),
        ),
        patch("slip_desktop.views.core.tab.QDesktopServices.openUrl"),
    ):
        qtbot.mouseClick(board.print_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    rows = _exports(_new_rows(demo_store, before), "Core Meeting decisions PDF")
    assert any(r.pupil_id is not None for r in rows)


def test_attendance_summaries_are_audited_per_pupil(demo_store: Store, tmp_path: Path) -> None:
    from slip_desktop.jobs.attendance_summaries import write_summaries

    before = _ids(demo_store)
    written = write_summaries(
        demo_store,
        tmp_path,
        date(2026, 11, 23),
        date(2026, 11, 27),
        DEMO_TODAY,
        progress=_no_progress,
    )
    rows = _exports(_new_rows(demo_store, before), "Attendance summary")
    assert written and any(r.pupil_id is not None for r in rows)


def test_occupancy_pdf_is_audited(qtbot: QtBot, demo_store: Store, tmp_path: Path) -> None:
    from slip_desktop.views.rosters.tab import RostersTab

    rosters = RostersTab(demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY)
    qtbot.addWidget(rosters)
    before = _ids(demo_store)
    target = tmp_path / "occupancy.pdf"
    with patch(
        "slip_desktop.views.rosters.occupancy.QFileDialog.getSaveFileName",
        return_value=(str(target), "PDF (*.pdf)"),
    ):
        rosters.occupancy.print_button.click()
    assert target.exists()
    assert _exports(_new_rows(demo_store, before), "Occupancy PDF")


def test_statements_and_workbook_export_is_audited_per_pupil(
    demo_store: Store, tmp_path: Path
) -> None:
    with demo_store.session() as s:
        statement = s.scalars(select(Statement).limit(1)).one()
        year, term = statement.academic_year, statement.term
    before = _ids(demo_store)
    result = export_term(demo_store, year, term, tmp_path)
    rows = _exports(_new_rows(demo_store, before), "(PDF, workbook and CSV)")
    assert result.pdfs and any(r.pupil_id is not None for r in rows)


def test_board_report_is_audited_without_naming_a_pupil(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    from slip_desktop.views.impact.tab import ImpactTab

    impact = ImpactTab(demo_store, ChangeNotifier())
    qtbot.addWidget(impact)
    qtbot.waitUntil(lambda: not impact.loading, timeout=20000)
    before = _ids(demo_store)
    with patch(
        "slip_desktop.views.impact.tab.QFileDialog.getSaveFileName",
        return_value=(str(tmp_path / "board"), ""),
    ):
        impact.pdf_button.click()
    qtbot.waitUntil(lambda: "Saved" in impact.saved_label.text(), timeout=20000)
    rows = _exports(_new_rows(demo_store, before), "Board report")
    assert rows and all(r.pupil_id is None for r in rows)
