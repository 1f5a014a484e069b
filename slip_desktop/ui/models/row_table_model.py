"""A table model over plain rows, sorted and filtered in Python on raw keys."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import compress, repeat
from operator import contains
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    Qt,
    QTimer,
)

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


def _positions_of(rows: list[Any], row: Any) -> list[int]:
    """Where ``row`` is in ``rows``: one C-level scan (identity is checked first)."""
    try:
        return [rows.index(row)]
    except ValueError:
        return []


#: How many rows' search text is made per idle step, ahead of the first search.
SEARCH_TEXT_STEP = 2000


@dataclass(frozen=True)
class PreparedRows(Generic[Row]):
    """Rows with their order in a sort and their search text, made off the GUI thread.

    From :meth:`RowTableModel.prepare_rows`; :meth:`RowTableModel.set_rows` takes them
    and keeps what still applies (a sort changed meanwhile is made again).
    """

    rows: list[Row]
    sort: tuple[int, Qt.SortOrder]
    order: list[int] | None
    haystacks: list[str]


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of plain rows.

    ``set_rows`` replaces everything with a model reset; ``sort`` sorts the rows on each
    column's raw value, without a proxy (a QSortFilterProxyModel calls back into Python
    for every comparison: far slower, STACK-NOTES). Each column's order is worked out
    once per set of rows and kept, so sorting again, filtering and searching a sorted
    list only walk it. ``set_filter`` keeps only rows a predicate accepts;
    ``set_search`` rows whose search text holds the typed text (made ahead, a slice at a
    time while the window is idle). ``update_rows`` changes a few rows in place
    (``dataChanged``, inserted or removed rows, never a reset).
    """

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        parent: Any = None,
        *,
        search_text: Callable[[Row], str] | None = None,
        key: Callable[[Row], Hashable] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._all: list[Row] = []
        self._rows: list[Row] = []
        self._predicate: Callable[[Row], bool] | None = None
        self._needle = ""
        self._search_text = search_text
        self._key = key
        #: Each row's lower-case search text, in the order of ``_all`` (made ahead).
        self._haystacks: list[str] = []
        #: Each sorted (column, order) as positions in ``_all``: kept until the rows change.
        self._orders: dict[tuple[int, Qt.SortOrder], list[int]] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._search_timer: QTimer | None = None
        #: The rows (and their search text) in the current sort: (sort, rows, texts).
        self._ordered: tuple[tuple[int, Qt.SortOrder], list[Row], list[str] | None] | None = None
        #: Every row by its key, for ``update_rows`` (made at its first call).
        self._by_key: dict[Hashable, Row] | None = None

    # -- contents -------------------------------------------------------
    def set_rows(self, rows: Sequence[Row] | PreparedRows[Row]) -> None:
        """Replace every row, keeping the current sort and filter."""
        self._orders = {}
        if isinstance(rows, PreparedRows):
            self._all = rows.rows
            self._haystacks = rows.haystacks
            if rows.order is not None and rows.sort == (self._sort_column, self._sort_order):
                self._orders[rows.sort] = rows.order
        else:
            self._all = list(rows)
            self._haystacks = []
        self._ordered = None
        self._by_key = None
        self._rebuild()
        self._prepare_search_later()

    def prepare_rows(self, rows: Iterable[Row]) -> PreparedRows[Row]:
        """Order ``rows`` in the current sort and make their search text: for any thread.

        Pure Python over the rows (no Qt): a worker that has read 30,000 rows does this
        too, and the GUI thread only shows them (sorting them there took 15-20 ms).
        """
        every = list(rows)
        sort = (self._sort_column, self._sort_order)
        text = self.search_text_of
        haystacks = [text(r) for r in every] if self._search_text is not None else []
        return PreparedRows(every, sort, self._order_of(every, *sort), haystacks)

    def set_columns(self, columns: Sequence[Column[Row]]) -> None:
        """Replace the columns (and drop the sort, which named an old column)."""
        self.beginResetModel()
        self._columns = list(columns)
        self._sort_column = -1
        self._orders = {}
        self._ordered = None
        self.endResetModel()

    def set_filter(self, predicate: Callable[[Row], bool] | None) -> None:
        """Show only rows for which ``predicate`` is true (all rows when None)."""
        self._predicate = predicate
        self._rebuild()

    def set_search(self, needle: str, predicate: Callable[[Row], bool] | None = None) -> None:
        """Show rows whose search text holds ``needle`` (lower case) and ``predicate`` accepts."""
        self._needle = needle
        self._predicate = predicate
        self._rebuild()

    def search_text_of(self, row: Row) -> str:
        """Return ``row``'s lower-case search text."""
        return self._search_text(row).lower() if self._search_text is not None else ""

    def _shown(self) -> list[Row]:
        predicate, needle = self._predicate, self._needle
        rows = self._in_order()
        if needle:
            # Walked in C (map, compress): a keystroke over 30,000 rows costs a few ms.
            haystacks = self._haystacks_in_order()
            rows = list(compress(rows, map(contains, haystacks, repeat(needle))))
        if predicate is not None:
            return list(filter(predicate, rows))
        return list(rows)

    def _in_order(self) -> list[Row]:
        """Every row in the current sort (kept until the rows or the sort change)."""
        order = self._order()
        if order is None:
            return self._all
        wanted = (self._sort_column, self._sort_order)
        if self._ordered is None or self._ordered[0] != wanted:
            everything = self._all
            self._ordered = (wanted, [everything[i] for i in order], None)
        return self._ordered[1]

    def _haystacks_in_order(self) -> list[str]:
        haystacks = self._all_haystacks()
        order = self._order()
        if order is None:
            return haystacks
        self._in_order()
        assert self._ordered is not None
        wanted, rows, ordered = self._ordered
        if ordered is None:
            ordered = [haystacks[i] for i in order]
            self._ordered = (wanted, rows, ordered)
        return ordered

    def _rebuild(self) -> None:
        rows = self._shown()
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _order(self) -> list[int] | None:
        """The positions in ``_all`` in the current sort (None when unsorted)."""
        wanted = (self._sort_column, self._sort_order)
        order = self._orders.get(wanted)
        if order is None:
            order = self._order_of(self._all, *wanted)
            if order is not None:
                self._orders[wanted] = order
        return order

    def _order_of(self, rows: list[Row], column: int, sort_order: Qt.SortOrder) -> list[int] | None:
        """The positions in ``rows`` sorted by ``column`` (None when unsorted)."""
        if not 0 <= column < len(self._columns):
            return None
        value = self._columns[column].value
        keys = [value(r) for r in rows]
        present = [i for i, k in enumerate(keys) if k is not None]
        missing = [i for i, k in enumerate(keys) if k is None]
        descending = sort_order == Qt.SortOrder.DescendingOrder
        present.sort(key=keys.__getitem__, reverse=descending)
        # Blanks last going up, first going down (as a none-last key would sort them).
        return missing + present if descending else present + missing

    # -- search text, made ahead ------------------------------------------
    def _all_haystacks(self) -> list[str]:
        if len(self._haystacks) < len(self._all):
            self._make_haystacks(len(self._all))
        return self._haystacks

    def _make_haystacks(self, upto: int) -> None:
        text = self.search_text_of
        done = len(self._haystacks)
        self._haystacks.extend(text(r) for r in self._all[done:upto])

    def _prepare_search_later(self) -> None:
        """Make the rows' search text a slice at a time while the window is idle."""
        if self._search_text is None or len(self._haystacks) >= len(self._all):
            return
        if QCoreApplication.instance() is None:
            return  # no event loop to be idle in: made at the first search instead
        if self._search_timer is None:
            self._search_timer = QTimer(self)
            self._search_timer.setInterval(0)
            self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        timer = self._search_timer
        self._make_haystacks(len(self._haystacks) + SEARCH_TEXT_STEP)
        if timer is not None and len(self._haystacks) >= len(self._all):
            timer.stop()

    def search_prepared(self) -> bool:
        """True when every row's search text is made (searching walks, never builds)."""
        return len(self._haystacks) >= len(self._all)

    # -- a few rows changed ---------------------------------------------------
    def update_rows(self, rows: Sequence[Row], gone: Iterable[Hashable] = ()) -> None:
        """Put ``rows`` in place of the rows with their keys, add the new ones, drop ``gone``.

        No reset: a changed row shown stays where it is (``dataChanged``); a new row,
        or one the filter now lets through, is inserted where the sort puts it (at the
        top when unsorted); a row gone, or filtered out now, is removed. The
        selection and scroll position stay.
        """
        key = self._key
        if key is None:
            raise TypeError("update_rows needs the model's key")
        fresh = {key(r): r for r in rows}
        dropped = set(gone) - fresh.keys()
        if not fresh and not dropped:
            return
        by_key = self._rows_by_key()
        prepared = len(self._haystacks) >= len(self._all)
        # Found by identity in C (list.index), not by walking the rows in Python.
        for k in dropped:
            old = by_key.pop(k, None)
            if old is None:
                continue
            number = self._all.index(old)
            del self._all[number]
            if prepared:
                del self._haystacks[number]
            self._remove_shown(old)
        arrived: list[Row] = []
        for k, row in fresh.items():
            old = by_key.get(k)
            by_key[k] = row
            if old is None:
                self._all.append(row)
                if prepared:
                    self._haystacks.append(self.search_text_of(row))
                arrived.append(row)
                continue
            number = self._all.index(old)
            self._all[number] = row
            if prepared:
                self._haystacks[number] = self.search_text_of(row)
            shown = self._shown_at(old)
            if shown is None:
                arrived.append(row)  # it may pass the filter now
            elif self._accepts(row):
                self._rows[shown] = row
                self.dataChanged.emit(self.index(shown, 0), self.index(shown, self._last()))
            else:
                self._remove_shown(old)
        if not prepared:
            self._haystacks = []
        self._orders = {}
        self._ordered = None
        for row in arrived:
            if self._accepts(row):
                number = self._insertion_point(row)
                self.beginInsertRows(QModelIndex(), number, number)
                self._rows.insert(number, row)
                self.endInsertRows()
        self._prepare_search_later()

    def row_number(self, key: Hashable) -> int | None:
        """Where the row with ``key`` is shown, or None (filtered out, or not there)."""
        row = self._rows_by_key().get(key)
        return self._shown_at(row) if row is not None else None

    def _rows_by_key(self) -> dict[Hashable, Row]:
        """Every row by its key: made at the first update after the rows were set, then kept."""
        if self._by_key is None:
            key = self._key
            assert key is not None
            self._by_key = {key(r): r for r in self._all}
        return self._by_key

    def _last(self) -> int:
        return len(self._columns) - 1

    def _shown_at(self, row: Row) -> int | None:
        """Where ``row`` (this very object) is shown, or None."""
        for number in _positions_of(self._rows, row):
            return number
        return None

    def _remove_shown(self, row: Row) -> None:
        number = self._shown_at(row)
        if number is not None:
            self.beginRemoveRows(QModelIndex(), number, number)
            del self._rows[number]
            self.endRemoveRows()

    def _accepts(self, row: Row) -> bool:
        if self._needle and self._needle not in self.search_text_of(row):
            return False
        return self._predicate is None or self._predicate(row)

    def _insertion_point(self, row: Row) -> int:
        """Where the current sort puts ``row`` among the rows shown (the top when unsorted)."""
        if not 0 <= self._sort_column < len(self._columns):
            return 0
        value = self._columns[self._sort_column].value
        mine = _none_last(value(row))
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        for number, other in enumerate(self._rows):
            theirs = _none_last(value(other))
            if (theirs < mine) if descending else (mine < theirs):
                return number
        return len(self._rows)

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

    def multiData(self, index: _Index, roleDataSpan: QModelRoleDataSpan) -> None:  # noqa: N802, N803
        """Fill every role a view asks for at once: one call into Python per cell, not one per role.

        A delegate asks for nine roles or so to draw one cell. Qt's own ``multiData`` calls
        ``data()`` for each from C++, and every such call takes the interpreter again; while
        a worker holds it, each waits its turn (one statement's 23 lines, 12 columns, took
        25-33 ms to paint after a term's statements, 5 ms on a quiet interpreter). Here the
        roles are answered by ``data()`` (a subclass's too) from within Python.
        """
        for number in range(len(roleDataSpan)):
            role_data = roleDataSpan[number]
            role_data.setData(self.data(index, role_data.role()))

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
        if (column, order) == (self._sort_column, self._sort_order):
            return  # the header and the view may both ask for the same sort
        self._sort_column = column
        self._sort_order = order
        self._rebuild()
