"""Every window fits a 1366x768 laptop, at 100% and 125% scaling, with no text cut off.

The screenshot run (`make screenshots` does the same) renders, on a demo database and
on an empty one (a first run: empty lists, their sentences, headers alone), the tabs and the main
dialogs (referral, action plan, Core decision, placement, register) on an offscreen
screen of 1366x768, and writes every text ``ui.fit_check`` finds cut, elided or outside
its window to cut-text.txt; none may be. The register shows twelve pupils at 1366x768,
and the window still fits 1920x1080 with a 14 pt application font.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from slip_desktop.ui.fit_check import cut_texts
from slip_desktop.ui.main_window import MainWindow
from tests.views.test_every_action_opens import _show_tab, window

__all__ = ["window"]  # the fixture, shared with the every-action walk

REPO = Path(__file__).resolve().parents[2]
LAPTOP = REPO / "scripts" / "screen-1366x768.json"
MAIN_DIALOGS = {
    "dialog-referral-new.png",
    "dialog-referral-edit.png",
    "dialog-action-plan.png",
    "dialog-core-decision.png",
    "dialog-placement.png",
    "dialog-register.png",
}
#: What an empty database (a first run) opens: the rest need a pupil or a meeting.
EMPTY_DIALOGS = {"dialog-referral-new.png", "dialog-register.png"}
#: The window's client area on a 1366x768 laptop: less the taskbar (40) and title bar (31).
LAPTOP_CLIENT = (1366, 768 - 40 - 31)


@pytest.mark.parametrize("demo", [True, False], ids=["demo", "empty"])
@pytest.mark.parametrize("scale", ["1", "1.25"], ids=["100%", "125%"])
def test_no_text_is_cut_on_a_1366x768_laptop(tmp_path: Path, scale: str, demo: bool) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={LAPTOP}",
        "QT_SCALE_FACTOR": scale,
        "SLIP_DESKTOP_PASSPHRASE": "invented demo data only",
    }
    shots = tmp_path / "shots"
    subprocess.run(
        [sys.executable, "-m", "slip_desktop", "--db", str(tmp_path / "shots.db")]
        + (["--demo"] if demo else [])
        + ["--screenshot", str(shots)],
        env=env,
        cwd=REPO,
        timeout=900,
        check=True,
        capture_output=True,
    )
    written = {path.name for path in shots.glob("*.png")}
    assert written >= (MAIN_DIALOGS if demo else EMPTY_DIALOGS), sorted(written)
    cuts = (shots / "cut-text.txt").read_text(encoding="utf-8").splitlines()
    assert not cuts, "\n".join(cuts)


def test_the_register_shows_twelve_pupils_at_1366x768(window: MainWindow, qtbot: QtBot) -> None:
    tab = _show_tab(qtbot, window, "Centre rosters")
    tab.pages.setCurrentWidget(tab.attendance)  # type: ignore[attr-defined]
    window.resize(*LAPTOP_CLIENT)
    qtbot.waitUntil(tab.attendance.isVisible)  # type: ignore[attr-defined]
    QApplication.processEvents()
    view = tab.attendance.register_view  # type: ignore[attr-defined]
    rows = view.viewport().height() // view.verticalHeader().defaultSectionSize()
    assert rows >= 12, f"{rows} rows in {view.viewport().height()} px"


@pytest.fixture
def big_font() -> Iterator[None]:
    """The application font at 14 pt while the window is built, as a larger system font."""
    original = QFont(QApplication.font())
    font = QFont(original)
    font.setPointSizeF(14)
    QApplication.setFont(font)
    yield
    QApplication.setFont(original)  # QFont() is not the font the next test started with


def test_a_14_point_font_still_fits_1920x1080(
    big_font: None, window: MainWindow, qtbot: QtBot
) -> None:
    cuts = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.waitUntil(lambda: window.current_tab() is not None)
        needed = window.minimumSizeHint()
        if needed.width() > 1920 - 16 or needed.height() > 1080 - 40 - 31:
            cuts.append(f"{window.tabs.tabText(index)} needs {needed.width()}x{needed.height()}")
    window.resize(1920 - 16, 1080 - 40 - 31)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        tab = window.tabs.tabText(index)
        cuts += [
            f"{tab}: {cut}"
            for cut in cut_texts(window, screen_check=False)
            # pytest's temporary folder makes the database path longer than any real one
            if "Database: " not in cut
        ]
    assert not cuts, "\n".join(cuts)
