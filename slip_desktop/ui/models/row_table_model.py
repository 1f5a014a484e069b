"""A table model over plain rows, sorted and filtered in Python on raw keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from slip_desktop.domain.date_style import date_time, long_date

Row = TypeVar("Row")

#: Role that returns the row object itself, so views never parse cell text.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
#: Role that returns the raw sort key of a cell.
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex


def _none_last(key: Any) -> tuple[bool, Any]:
    return (key is None, key if key is not None else 0)


def format_value(value: Any) -> str:
    """Return the text a cell shows for a plain value."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return date_time(value)
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    label = getattr(value, "label", None)
    return str(label) if label is not None else str(value)


@dataclass(frozen=True)
class Column(Generic[Row]):
    """One column: its title, the raw value it shows, and how that value is shown."""

    title: str
    value: Callable[[Row], Any]
    text: Callable[[Any], str] = format_value
    align_right: bool = False
    tooltip: str = ""


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of plain rows.

    ``set_rows`` replaces everything with a model reset; ``sort`` sorts the rows
    on each column's raw value with ``sorted()`` and resets, which measured far
    faster than a QSortFilterProxyModel over a Python model (STACK-NOTES).
    ``set_filter`` keeps only rows a predicate accepts.
    """

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._all: list[Row] = []
        self._rows: list[Row] = []
        self._predicate: Callable[[Row], bool] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- contents -------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace every row, keeping the current sort and filter."""
        self._all = list(rows)
        self._rebuild()

    def set_columns(self, columns: Sequence[Column[Row]]) -> None:
        """Replace the columns (and drop the sort, which named an old column)."""
        self.beginResetModel()
        self._columns = list(columns)
        self._sort_column = -1
        self.endResetModel()

    def set_filter(self, predicate: Callable[[Row], bool] | None) -> None:
        """Show only rows for which ``predicate`` is true (all rows when None)."""
        self._predicate = predicate
        self._rebuild()

    def _rebuild(self) -> None:
        rows = (
            self._all if self._predicate is None else [r for r in self._all if self._predicate(r)]
        )
        if 0 <= self._sort_column < len(self._columns):
            value = self._columns[self._sort_column].value
            rows = sorted(
                rows,
                key=lambda r: _none_last(value(r)),
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def columns(self) -> list[Column[Row]]:
        """Return the columns, in order."""
        return list(self._columns)

    def row_at(self, row: int) -> Row:
        """Return the row object shown at ``row``."""
        return self._rows[row]

    def rows(self) -> list[Row]:
        """Return the rows shown, in order."""
        return list(self._rows)

    def all_rows(self) -> list[Row]:
        """Return every row, filtered out or not (the model's own list: do not change it)."""
        return self._all

    def total_count(self) -> int:
        """Return how many rows there are before filtering."""
        return len(self._all)

    # -- Qt model interface --------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(column.value(row))
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return column.value(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not (0 <= section < len(self._columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        if role == Qt.ItemDataRole.ToolTipRole and self._columns[section].tooltip:
            return self._columns[section].tooltip
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._sort_order = order
        self._rebuild()
