"""The roster overview reads the placements once per refresh, not once per centre's register."""

from __future__ import annotations

from datetime import date
from unittest.mock import patch

from pytestqt.qtbot import QtBot

from slip_desktop.db import attendance as attendance_ops
from slip_desktop.db import rosters as roster_ops
from slip_desktop.db.attendance import REGISTER_CENTRES, register, untaken_registers
from slip_desktop.db.store import Store
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.rosters import overview as overview_module
from slip_desktop.views.rosters.overview import OverviewPage
from tests.conftest import DEMO_TODAY

WEDNESDAY = date(2026, 11, 25)


def test_overview_refresh_lists_placements_once(qtbot: QtBot, demo_store: Store) -> None:
    page = OverviewPage(demo_store, ChangeNotifier(), lambda: DEMO_TODAY)
    qtbot.addWidget(page)
    calls: list[object] = []
    real = roster_ops.list_placements

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with (
        patch.object(overview_module, "list_placements", counted),
        patch.object(attendance_ops, "list_placements", counted),
    ):
        page.refresh()
    assert len(calls) == 1


def test_untaken_registers_agree_with_each_centres_register(demo_store: Store) -> None:
    for day in (DEMO_TODAY, WEDNESDAY):
        expected = [
            centre
            for centre in REGISTER_CENTRES
            if any(line.am == "" for line in register(demo_store, centre, day))
        ]
        assert untaken_registers(demo_store, day) == expected


def test_in_the_window_only_the_page_shown_is_read_at_first_show(
    qtbot: QtBot, demo_store: Store
) -> None:
    from slip_desktop.views.rosters.attendance_page import AttendancePage
    from slip_desktop.views.rosters.tab import RostersTab

    read: list[str] = []
    real = AttendancePage.refresh

    def counted(page: AttendancePage) -> None:
        read.append("attendance")
        real(page)

    with patch.object(AttendancePage, "refresh", counted):
        tab = RostersTab(
            demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY, pages_when_shown=True
        )
        qtbot.addWidget(tab)
        tab.show()
        assert read == []
        # In the window the page fills from a worker thread, once its read is done.
        qtbot.waitUntil(lambda: tab.overview.list.model.rowCount() > 0)
        tab.pages.setCurrentWidget(tab.attendance)
        qtbot.waitUntil(lambda: read == ["attendance"])
    assert tab.attendance.register_model.rowCount() >= 0
