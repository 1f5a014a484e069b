from __future__ import annotations

from datetime import date
from typing import NamedTuple

from PySide6.QtCore import Qt

from slip_desktop.ui.models.row_table_model import ROW_ROLE, Column, RowTableModel


class Item(NamedTuple):
    name: str
    due: date | None
    count: int


COLUMNS = [
    Column("Name", lambda r: r.name),
    Column("Due", lambda r: r.due),
    Column("Count", lambda r: r.count, align_right=True),
]
ROWS = [Item("b", date(2026, 1, 2), 3), Item("a", None, 10), Item("c", date(2025, 5, 1), 2)]


def test_cells_show_formatted_values_and_rows(qtmodeltester: object) -> None:
    model: RowTableModel[Item] = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    assert model.rowCount() == 3 and model.columnCount() == 3
    assert model.data(model.index(0, 1)) == "Fri 02 Jan 2026"
    assert model.data(model.index(1, 1)) == ""
    assert model.data(model.index(2, 0), ROW_ROLE) == ROWS[2]
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Count"
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_sort_on_raw_keys_with_blanks_last() -> None:
    model: RowTableModel[Item] = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert [r.name for r in model.rows()] == ["c", "b", "a"]
    model.sort(2, Qt.SortOrder.DescendingOrder)
    assert [r.count for r in model.rows()] == [10, 3, 2]


def test_filter_keeps_sort_and_counts_total() -> None:
    model: RowTableModel[Item] = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_filter(lambda r: r.count < 5)
    assert [r.name for r in model.rows()] == ["b", "c"]
    assert model.total_count() == 3
