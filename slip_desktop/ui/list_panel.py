"""A searchable, sortable table with a count: the list every tab starts from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Generic

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.ui.empty_state import EmptyState
from slip_desktop.ui.models.row_table_model import Column, PreparedRows, Row, RowTableModel
from slip_desktop.ui.table_sizing import fit_columns, rows_from_font

#: Called after a list was written to a file: (what went out, for the audit trail).
ExportRecorder = Callable[[str], None]


def cell_value(column: Column[Any], row: Any) -> Any:
    """Return what a spreadsheet cell holds for ``row``: numbers and dates as such, else text."""
    value = column.value(row)
    if isinstance(value, bool) or value is None:
        return column.text(value)
    if isinstance(value, int | float | Decimal | date) and not isinstance(value, Enum):
        return value
    return column.text(value)


def _row_key(row: Any) -> Any:
    """A row's identity for updating it in place: its ``id``."""
    return row.id


class ListPanel(QWidget, Generic[Row]):
    """A table of rows with search-as-you-type and a "shown of total" count.

    Searching tests a lower-case string precomputed per row (made while idle), then
    resets the model: fast at tens of thousands of rows. ``extra_filter`` lets a tab add
    its own filters (school, status, ...) to the search.

    Signals:
        row_activated(object): the row double-clicked or entered.
        selection_changed(object): the selected row, or None.
    """

    row_activated = Signal(object)
    selection_changed = Signal(object)

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        search_text: Callable[[Row], str] | None = None,
        placeholder: str = "Search",
        noun: str = "rows",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # Rows' search text is made while the window is idle, not with the rows: the list
        # paints sooner, and the first keystroke finds it made.
        self.model: RowTableModel[Row] = RowTableModel(
            columns, self, search_text=search_text, key=_row_key
        )
        self._search_text = search_text
        self._extra_filter: Callable[[Row], bool] | None = None
        self._noun = noun
        self.empty_state: EmptyState | None = None
        #: How many rows there are in all while only the first are shown, else None.
        self._more_coming: int | None = None

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(placeholder)
        self.search.setClearButtonEnabled(True)
        self.search.setVisible(search_text is not None)
        self.search.textChanged.connect(self._on_search_text_changed)

        self.count_label = QLabel(self)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        rows_from_font(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Fitting columns reads this many rows, not all 30,000 (Qt's default is 1,000).
        header.setResizeContentsPrecision(100)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.rowsRemoved.connect(self._update_count)
        # Whole headers while empty; fitted to the rows once, when the first ones come.
        fit_columns(self.table)
        self._fitted_to_rows = False

        self._export_recorder: ExportRecorder | None = None
        # No Alt+letter: several lists share a screen, and each would offer the same one.
        self.export_button = QPushButton("Export...", self)
        self.export_button.setAccessibleName(f"Export {noun}")
        self.export_button.setToolTip(
            "Save the list as shown (search, filters, sort) to XLSX or CSV"
        )
        self.export_button.clicked.connect(self.export)
        # Shown once the window can put the export on the audit trail.
        self.export_button.setVisible(False)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def set_rows(self, rows: Sequence[Row] | PreparedRows[Row], total: int | None = None) -> None:
        """Show ``rows`` (or rows a worker prepared), keeping search, filters and sort.

        ``total``: the rows are the first of that many, the rest on their way (the count
        says so and Export waits for them) until rows are set again without it.
        """
        self.model.set_rows(rows)
        count = len(rows.rows if isinstance(rows, PreparedRows) else rows)
        self._more_coming = total if total is not None and total > count else None
        self.export_button.setEnabled(self._more_coming is None)
        self._apply_filter()
        if self.model.rowCount() and not self._fitted_to_rows:
            self._fitted_to_rows = True
            fit_columns(self.table)

    def enable_export(self, recorder: ExportRecorder) -> None:
        """Offer Export...; ``recorder`` puts each export on the audit trail."""
        self._export_recorder = recorder
        self.export_button.setVisible(True)

    def export_table(self) -> tuple[list[str], list[list[Any]]]:
        """Return the header and the rows as shown, with real numbers and dates."""
        columns = self.model.columns()
        header = [c.title for c in columns]
        return header, [[cell_value(c, r) for c in columns] for r in self.model.rows()]

    def export(self) -> None:
        """Ask for a file and write the list as shown to it."""
        from PySide6.QtWidgets import QFileDialog

        from slip_desktop.jobs.list_export import export_list
        from slip_desktop.ui.tasks import run_job

        noun = self._noun.capitalize()
        name, chosen = QFileDialog.getSaveFileName(
            self, f"Export {self._noun}", f"{noun}.xlsx", "Excel workbook (*.xlsx);;CSV (*.csv)"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".csv" if "csv" in chosen.lower() else ".xlsx")
        header, rows = self.export_table()
        recorder = self._export_recorder

        def done(written: Path) -> None:
            if recorder is not None:
                recorder(f"{noun} list, {len(rows):,} rows, to {written.name}")

        def failed(error: BaseException) -> None:
            QMessageBox.warning(self, "Export", f"{path.name} was not written: {error}")

        run_job(
            self,
            f"Exporting {self._noun}",
            export_list,
            path,
            header,
            rows,
            noun,
            on_success=done,
            on_failure=failed,
        )

    def set_empty_state(
        self, message: str, button_text: str = "", on_click: Callable[[], None] | None = None
    ) -> EmptyState:
        """Say ``message`` (and offer the button) in place of the rows while there are none."""
        self.empty_state = EmptyState(self.table, message, button_text, on_click)
        return self.empty_state

    def set_extra_filter(self, predicate: Callable[[Row], bool] | None) -> None:
        """Combine ``predicate`` with the search text."""
        self._extra_filter = predicate
        self._apply_filter()

    def selected_row(self) -> Any:
        """Return the selected row, or None."""
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def update_rows(self, rows: Sequence[Row], gone: Sequence[Any] = ()) -> None:
        """Put ``rows`` in place of those with their ids, add new ones, drop the ids ``gone``.

        For a list whose rows have an ``id``: a few rows change without a reset, so the
        search, filters, sort, selection and scroll position all stay.
        """
        self.model.update_rows(rows, gone)

    def _apply_filter(self) -> None:
        needle = self.search.text().strip().lower()
        self.model.set_search(needle, self._extra_filter)
        self._update_count()

    @property
    def more_coming(self) -> bool:
        """True while the rows shown are the first of more on their way."""
        return self._more_coming is not None

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total_count()
        text = (
            f"{total:,} {self._noun}" if shown == total else f"{shown:,} of {total:,} {self._noun}"
        )
        if self._more_coming is not None:
            text = f"{shown:,} of {self._more_coming:,} {self._noun}, reading the rest..."
        self.count_label.setText(text)

    def _on_search_text_changed(self, _text: str) -> None:
        self._apply_filter()

    def _on_table_double_clicked(self, index: Any) -> None:
        self.row_activated.emit(self.model.row_at(index.row()))

    def _on_current_row_changed(self, current: Any, _previous: Any) -> None:
        self.selection_changed.emit(self.model.row_at(current.row()) if current.isValid() else None)
