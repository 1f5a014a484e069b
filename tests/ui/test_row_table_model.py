from __future__ import annotations

import sys
from datetime import date
from typing import Any, NamedTuple

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTableView
from pytestqt.qtbot import QtBot

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


class Keyed(NamedTuple):
    id: int
    name: str


KEYED = [Column("Name", lambda r: r.name)]


def test_update_rows_changes_inserts_and_removes_in_place_without_a_reset(
    qtbot: object, qtmodeltester: object
) -> None:
    model: RowTableModel[Keyed] = RowTableModel(
        KEYED, search_text=lambda r: r.name, key=lambda r: r.id
    )
    model.set_rows([Keyed(1, "Ánh"), Keyed(2, "Oleg"), Keyed(3, "Zoë"), Keyed(4, "Sofia")])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_search("o")  # Oleg, Zoë, Sofia
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    resets: list[bool] = []
    changed: list[int] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(lambda first, _last: changed.append(first.row()))
    model.update_rows(
        [Keyed(2, "Olga"), Keyed(3, "Zara"), Keyed(5, "Bo"), Keyed(1, "Ánh Ngo")], gone=[4]
    )
    # Olga changed in place; Zara no longer holds "o"; Sofia gone; Bo and Ánh Ngo arrive
    # where the sort puts them.
    assert [r.name for r in model.rows()] == ["Bo", "Olga", "Ánh Ngo"]
    assert changed == [0] and not resets
    assert sorted(r.id for r in model.all_rows()) == [1, 2, 3, 5]
    model.set_search("")
    assert [r.name for r in model.rows()] == ["Bo", "Olga", "Zara", "Ánh Ngo"]
    assert model.row_number(3) == 2 and model.row_number(4) is None


def test_sorting_again_reuses_the_order_worked_out() -> None:
    calls: list[int] = []

    def name(row: Keyed) -> str:
        calls.append(row.id)
        return row.name

    model: RowTableModel[Keyed] = RowTableModel([Column("Name", name)], key=lambda r: r.id)
    model.set_rows([Keyed(n, f"{n % 7}") for n in range(50)])
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    calls.clear()
    model.sort(0, Qt.SortOrder.AscendingOrder)
    model.set_filter(lambda r: r.id % 2 == 0)
    assert calls == []
    assert [r.name for r in model.rows()] == sorted(r.name for r in model.rows())


class Overdue(RowTableModel[Item]):
    """A subclass answering a role of its own, as the Forum's agenda model does."""

    def __init__(self) -> None:
        super().__init__(COLUMNS)
        #: The function each data() call came from (C++ leaves the caller's frame).
        self.callers: list[str] = []

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        self.callers.append(sys._getframe(1).f_code.co_name)
        if role == Qt.ItemDataRole.ForegroundRole and self.row_at(index.row()).due is None:
            return QColor("red")
        return super().data(index, role)


def test_a_delegate_gets_every_role_of_a_cell_in_one_call_into_python(qtbot: QtBot) -> None:
    # Each call from C++ into Python takes the interpreter again (a wait while a worker
    # holds it): a cell's nine roles come through one multiData call, not nine data().
    model = Overdue()
    model.set_rows(ROWS)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    delegate = QStyledItemDelegate(view)
    option = QStyleOptionViewItem()
    model.callers.clear()
    delegate.initStyleOption(option, model.index(1, 2))
    assert len(model.callers) > 1
    assert set(model.callers) == {"multiData"}
    assert option.text == "10"  # type: ignore[attr-defined]
    assert option.displayAlignment & Qt.AlignmentFlag.AlignRight  # type: ignore[attr-defined]
    assert option.palette.color(QPalette.ColorRole.Text) == QColor("red")  # type: ignore[attr-defined]


def test_rows_prepared_in_a_worker_show_as_set_rows_would_and_survive_a_sort_change() -> None:
    model: RowTableModel[Item] = RowTableModel(COLUMNS, search_text=lambda r: r.name)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    prepared = model.prepare_rows(ROWS)
    assert prepared.haystacks == ["b", "a", "c"]

    model.set_rows(prepared)
    assert [r.name for r in model.rows()] == ["a", "b", "c"]  # blank first going down

    stale = model.prepare_rows(list(reversed(ROWS)))
    model.sort(2, Qt.SortOrder.AscendingOrder)  # the person sorts while the read is out
    model.set_rows(stale)
    assert [r.count for r in model.rows()] == [2, 3, 10]
