"""A forum pack is one action: choose the forum, Prepare pack, choose a folder, print."""

from __future__ import annotations

import shutil
from pathlib import Path
from unittest.mock import patch

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from slip_desktop.db.store import Store
from slip_desktop.domain.enums import MeetingKind
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.forum.tab import ForumCalendarTab
from tests.conftest import DEMO_TODAY

PANEL = "slip_desktop.views.forum.meeting_panel"
OUTPUT = "slip_desktop.views.forum.plan_output"


def _prepare_pack_counting_actions(
    qtbot: QtBot, store: Store, tmp_path: Path, kind: MeetingKind
) -> tuple[int, list[str], ForumCalendarTab]:
    tab = ForumCalendarTab(store, ChangeNotifier(), today=lambda: DEMO_TODAY)
    qtbot.addWidget(tab)
    tab.resize(1400, 850)
    tab.show()
    actions = 0
    rows = tab.list.model.rows()
    number = next(n for n, r in enumerate(rows) if r.kind == kind and r.cases)
    table = tab.list.table
    rect = table.visualRect(tab.list.model.index(number, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    actions += 1  # choose the meeting in the list
    assert tab.panel.meeting is not None and tab.panel.meeting.kind == kind
    printed: list[str] = []

    def print_from_preview(dialog: QDialog) -> int:
        printed.append(dialog.windowTitle())
        return QDialog.DialogCode.Accepted.value

    with (
        patch(f"{PANEL}.QFileDialog.getExistingDirectory", return_value=str(tmp_path)),
        patch(f"{PANEL}.QMessageBox.information") as told,
        patch(f"{PANEL}.QDesktopServices.openUrl") as viewer,
        patch(f"{OUTPUT}.QPrintPreviewDialog.exec", print_from_preview),
    ):
        qtbot.mouseClick(tab.panel.pack_button, Qt.MouseButton.LeftButton)
        actions += 1  # Prepare pack
        actions += 1  # choose the folder (the patched dialog)
        qtbot.waitUntil(lambda: bool(printed) or viewer.called, timeout=30000)
        actions += 1  # Print in the preview (or in the PDF viewer)
    assert not told.called or tab.panel.last_pack is None or not tab.panel.last_pack.cases
    return actions, printed, tab


def test_a_forum_pack_is_prepared_and_printed_in_at_most_five_actions(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    actions, printed, tab = _prepare_pack_counting_actions(
        qtbot, demo_store, tmp_path, MeetingKind.FORUM
    )
    assert actions <= 5
    result = tab.panel.last_pack
    assert result is not None and result.cases > 0
    assert result.pack.exists() and all(p.exists() for p in result.case_files)
    if shutil.which("pdftoppm"):
        assert printed and result.summary() in printed[0]


def test_a_core_meeting_pack_has_its_case_summaries(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    actions, _printed, tab = _prepare_pack_counting_actions(
        qtbot, demo_store, tmp_path, MeetingKind.CORE
    )
    assert actions <= 5
    result = tab.panel.last_pack
    assert result is not None and result.summaries == result.cases > 0
    assert all("case summary" in p.name for p in result.case_files)
