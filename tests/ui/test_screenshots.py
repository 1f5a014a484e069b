"""Screenshots show each tab as the coordinator sees it once it has settled."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from slip_desktop.app import build_window
from slip_desktop.db.store import Store
from slip_desktop.ui.screenshots import save_tab_screenshots


def test_the_referrals_shot_includes_the_chosen_pupils_timeline(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    window = build_window(demo_store)
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    referrals = window.tab_widgets()[0]
    timeline_rows: list[int] = []
    grab = window.grab

    def grab_and_note() -> object:
        if window.tabs.currentIndex() == 0:
            timeline_rows.append(referrals.timeline.model.rowCount())
        return grab()

    window.grab = grab_and_note  # type: ignore[method-assign]
    written = save_tab_screenshots(window, window.tabs, tmp_path)
    assert [p.name for p in written][:2] == ["referrals.png", "forum-calendar.png"]
    # The timeline is read after the list's first paint: the shot waited for it.
    assert timeline_rows and timeline_rows[0] > 0
    assert not QImage(str(written[0])).isNull()
