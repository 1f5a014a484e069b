"""Tables size from the font: whole headers when empty, rows as tall as text, room to say why."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slip_desktop.ui.fit_check import cut_texts
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import ROW_ROLE, Column
from slip_desktop.ui.table_sizing import text_widths


@dataclass
class Line:
    """One invented row."""

    name: str
    cost: str


COLUMNS = [
    Column("Pupil and placement", lambda r: r.name),
    Column("Programme", lambda r: r.name),
    Column("Cost a year / day rate", lambda r: r.cost),
    Column("Days at centre", lambda r: r.cost),
]


def _panel(qtbot: QtBot, width: int = 900) -> ListPanel[Line]:
    panel: ListPanel[Line] = ListPanel(COLUMNS, lambda r: r.name, noun="lines")
    qtbot.addWidget(panel)
    panel.resize(width, 300)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_an_empty_list_shows_every_column_header_whole(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    header = panel.table.horizontalHeader()
    for column in range(len(COLUMNS)):
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width()
    assert not cut_texts(panel, screen_check=False)


def test_a_filled_list_fits_its_columns_to_the_rows_and_headers(qtbot: QtBot) -> None:
    panel = _panel(qtbot, 1400)
    panel.set_rows([Line("Nguyễn Thị Ánh at Stepping Stones Hair & Beauty Academy", "£1")])
    header = panel.table.horizontalHeader()
    cell = panel.table.sizeHintForColumn(0)
    assert header.sectionSize(0) >= cell
    assert header.sectionSize(2) >= header.sectionSizeFromContents(2).width()
    assert not cut_texts(panel, screen_check=False)


def test_a_header_narrower_than_its_title_counts_as_cut(qtbot: QtBot) -> None:
    panel = _panel(qtbot)
    # Narrowed by hand, not by the fit: a late resize of the list (a loaded machine lays it
    # out over more rounds of events) would have the fit widen it again.
    for fitter in panel.table.findChildren(QObject):
        panel.table.viewport().removeEventFilter(fitter)
    panel.table.horizontalHeader().resizeSection(2, 40)
    cuts = cut_texts(panel, screen_check=False)
    assert any("Cost a year / day rate" in cut for cut in cuts), cuts


def test_rows_are_as_tall_as_the_font_needs(qtbot: QtBot) -> None:
    small = _panel(qtbot)
    original = QFont(QApplication.font())
    QApplication.setFont(QFont(original.family(), 20))
    try:
        large = _panel(qtbot)
    finally:
        QApplication.setFont(original)
    for panel in (small, large):
        rows = panel.table.verticalHeader().defaultSectionSize()
        assert rows >= panel.table.fontMetrics().height() + 4
    assert large.table.verticalHeader().defaultSectionSize() > 24


@pytest.fixture
def body_font() -> Iterator[None]:
    """A 9 pt application font, whatever an earlier test left: the squeeze is sized for it."""
    original = QFont(QApplication.font())
    QApplication.setFont(QFont(original.family(), 9))
    yield
    QApplication.setFont(original)


def test_an_empty_list_squeezed_below_other_things_keeps_room_for_its_sentence(
    qtbot: QtBot, body_font: None
) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    above = QLabel("A tall neighbour (a calendar)")
    above.setMinimumHeight(200)
    panel: ListPanel[Line] = ListPanel(COLUMNS, lambda r: r.name, noun="meetings")
    state = panel.set_empty_state(
        "No meetings yet: enter this year's term dates, then plan the term's forums and "
        "Core Meetings.",
        "Plan a term's meetings...",
        lambda: None,
    )
    layout = QVBoxLayout(page)
    layout.addWidget(above, 1)
    layout.addWidget(panel)
    page.resize(360, 300)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    label = state.label
    assert label.isVisible()
    assert label.heightForWidth(label.width()) <= label.height() + 2
    assert not cut_texts(page, screen_check=False)


class BoldWhenLong(QStyledItemDelegate):
    """Draws rows with a long name in bold, as the rosters' emphasis does."""

    def bold_row(self, row: Line) -> bool:
        return len(row.name) > 30

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        if self.bold_row(index.data(ROW_ROLE)):
            option.font.setBold(True)  # type: ignore[attr-defined]


@pytest.mark.parametrize("bold", [False, True])
def test_columns_measured_from_the_texts_are_as_wide_as_qts_own_fit(
    qtbot: QtBot, bold: bool
) -> None:
    # The fit measures a RowTableModel's texts in Python rather than ask the delegate for
    # every cell: it must come to Qt's widths, bold rows included.
    panel = _panel(qtbot, 2400)
    if bold:
        panel.table.setItemDelegate(BoldWhenLong(panel.table))
    names = ["Nguyễn Thị Ánh at Stepping Stones Hair & Beauty Academy", "Li", "Ōtake, Kōji"]
    panel.set_rows([Line(names[n % 3] * (1 + n % 2), f"£{n * 37:,}") for n in range(150)])
    ours = text_widths(panel.table)
    assert ours is not None
    panel.table.resizeColumnsToContents()
    header = panel.table.horizontalHeader()
    assert ours == [header.sectionSize(column) for column in range(len(COLUMNS))]
