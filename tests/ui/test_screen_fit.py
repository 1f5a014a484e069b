"""Windows fit the screen they open on: first-run size, dialogs' sizes, sizes from fonts."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import shiboken6
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.ui.main_window import FIRST_RUN_SIZE, first_run_size
from slip_desktop.ui.screen_fit import (
    FRAME_ALLOWANCE,
    fit_to_screen,
    resize_to_fit,
    screen_of,
    scrolling,
)

PACKAGE = Path(__file__).resolve().parents[2] / "slip_desktop"


def _room(widget: QWidget) -> QSize:
    screen = screen_of(widget)
    assert screen is not None
    return screen.availableGeometry().size() - FRAME_ALLOWANCE


def _closed_dialog_sized_to_its_screen() -> None:
    """A dialog sized to fit its screen, then dropped in a cycle, as a closed form is."""
    dialog = QDialog()
    label = QLabel("Σοφία Παπαδοπούλου", dialog)
    resize_to_fit(label, 900, 700)
    resize_to_fit(dialog, 900, 700)
    dialog.show()
    dialog.itself = dialog  # type: ignore[attr-defined]  # the cycle a form's slots make
    dialog.close()


def test_a_collected_dialog_never_takes_the_application_screen_with_it(qtbot: QtBot) -> None:
    _closed_dialog_sized_to_its_screen()
    screen = QGuiApplication.primaryScreen()
    # The wrapper has no widget for a parent: collecting one cannot hand the screen to Python.
    assert "parent" not in shiboken6.dump(screen)
    del screen
    gc.collect()
    screen = QGuiApplication.primaryScreen()
    assert shiboken6.isValid(screen) and not screen.availableGeometry().isEmpty()
    after = QDialog()  # showing and hiding a window reads its screen (it crashed here)
    qtbot.addWidget(after)
    after.show()
    after.hide()


def test_the_first_run_size_fits_the_screen_the_window_opens_on(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    room = _room(widget)
    size = first_run_size(widget)
    assert size.width() <= room.width() and size.height() <= room.height()
    assert size == FIRST_RUN_SIZE.boundedTo(room)


def test_a_dialog_asking_for_more_than_the_screen_gets_the_screen(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    room = _room(widget)
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
