"""Windows fit the screen they open on: first-run size, dialogs' sizes, sizes from fonts."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.ui.main_window import FIRST_RUN_SIZE, first_run_size
from slip_desktop.ui.screen_fit import FRAME_ALLOWANCE, fit_to_screen, scrolling

PACKAGE = Path(__file__).resolve().parents[2] / "slip_desktop"


def test_the_first_run_size_fits_the_screen_the_window_opens_on(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    room = widget.screen().availableGeometry().size() - FRAME_ALLOWANCE
    size = first_run_size(widget)
    assert size.width() <= room.width() and size.height() <= room.height()
    assert size == FIRST_RUN_SIZE.boundedTo(room)


def test_a_dialog_asking_for_more_than_the_screen_gets_the_screen(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    room = widget.screen().availableGeometry().size() - FRAME_ALLOWANCE
    assert fit_to_screen(widget, QSize(5000, 5000)) == room
    assert fit_to_screen(widget, QSize(10, 10)) == QSize(10, 10)


def test_a_scrolled_page_is_not_a_tab_stop_of_its_own(qtbot: QtBot) -> None:
    area = scrolling(QWidget())
    qtbot.addWidget(area)
    assert area.widgetResizable()
    assert area.focusPolicy().name == "NoFocus"


def test_no_style_sheet_fixes_a_font_size_in_pixels_or_points() -> None:
    fixed = re.compile(r"font-size:\s*\d+(\.\d+)?\s*(px|pt)")
    found = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)}"
        for folder in ("ui", "views")  # reports size their PDFs' text in points, rightly
        for path in (PACKAGE / folder).rglob("*.py")
        for match in fixed.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found
