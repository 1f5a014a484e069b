"""The placements list's columns: short titles with whole ones in tooltips, dates in one column."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from slip_desktop.db.store import Store
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.rosters.tab import RostersTab
from tests.conftest import DEMO_TODAY


def _tab(qtbot: QtBot, demo_store: Store) -> RostersTab:
    tab = RostersTab(demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY)
    qtbot.addWidget(tab)
    return tab


def test_start_and_planned_end_share_one_column_sorted_by_the_start(
    qtbot: QtBot, demo_store: Store
) -> None:
    tab = _tab(qtbot, demo_store)  # kept: it owns the model
    model = tab.list.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    dates = titles.index("Dates")
    tooltip = model.headerData(dates, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Starts – planned end"
    assert "Planned end" not in titles and "Starts" not in titles
    model.sort(dates, Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(r, dates)) for r in range(model.rowCount())]
    assert all(" – " in text or text == "no planned end" for text in shown), shown[:5]
    starts = [model.row_at(r).starts_on or date.min for r in range(model.rowCount())]
    assert starts == sorted(starts)


def test_every_short_title_gives_its_whole_name_as_a_tooltip(
    qtbot: QtBot, demo_store: Store
) -> None:
    tab = _tab(qtbot, demo_store)  # kept: it owns the model
    model = tab.list.model
    tips = {
        model.headerData(c, Qt.Orientation.Horizontal): model.headerData(
            c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
        )
        for c in range(model.columnCount())
    }
    assert tips["Review"] == "Next review"
    assert tips["Centre"] == "Days at centre"
    assert tips["Booked"] == "Booked days"
    assert tips["With"].startswith("Where / with")
    assert tips["AP"].startswith("AP time")
