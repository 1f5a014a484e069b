"""Choose a pupil by typing: the names and UPNs that start with what is typed, read as you type."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.pupils import SEARCH_LIMIT, PupilChoice
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.models.row_table_model import Column, RowTableModel
from slip_desktop.ui.table_sizing import fit_columns, rows_from_font

PUPIL_COLUMNS: list[Column[PupilChoice]] = [
    Column("Pupil", lambda p: f"{p.last_name}, {p.first_name}"),
    Column("UPN", lambda p: p.upn),
    Column("Born", lambda p: p.date_of_birth),
    Column("Year", lambda p: p.year_group, align_right=True),
    Column("School", lambda p: p.school),
]

#: Finds up to ``limit`` pupils for the typed text (``db.pupils.search_pupils``).
PupilFinder = Callable[[str, int], list[PupilChoice]]

#: What the picker says before anything is typed.
TYPE_TO_FIND = "Type the start of a first name, last name or UPN."
#: ...when nothing matches.
NONE_FOUND = "No pupil found: check the spelling, or enter a new pupil record."


def _pupil_key(pupil: PupilChoice) -> int:
    return pupil.id


class _SearchField(QLineEdit):
    """The picker's field: Down goes on to the pupils found.

    Signals:
        down_pressed(): Down was pressed in the field.
    """

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Down and not event.modifiers():
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class PupilPicker(QWidget):
    """A search field over the pupils whose names or UPN start with what is typed.

    Each keystroke asks ``find`` for at most :data:`SEARCH_LIMIT` pupils (never every
    pupil on record); Down moves from the field into the list, and the list says when
    more pupils match than it shows.

    Signals:
        selection_changed(object): the pupil chosen in the list, or None.
    """

    selection_changed = Signal(object)

    def __init__(self, find: PupilFinder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._find = find
        #: How many times the pupils were read (tests count it).
        self.searches = 0
        self.search = _SearchField(self)
        self.search.setPlaceholderText("Search name or UPN")
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(TYPE_TO_FIND, self)
        self.count_label.setWordWrap(True)
        self.model: RowTableModel[PupilChoice] = RowTableModel(PUPIL_COLUMNS, self, key=_pupil_key)
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
        # Whole headers from the font; a name column wide enough for most names.
        fit_columns(self.table)
        least_name = 14 * self.fontMetrics().averageCharWidth()
        self.table.setColumnWidth(0, max(self.table.columnWidth(0), least_name))
        name_list(self, "Pupils", "Choose the pupil: type the start of a name or UPN to find them.")

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        # Down from the field goes to the first pupil found, as in a search-as-you-type box.
        self.search.down_pressed.connect(self._on_search_down_pressed)

    # -- what is shown ----------------------------------------------------------
    def set_rows(self, rows: Sequence[PupilChoice]) -> None:
        """Show ``rows`` (a pupil already chosen, for instance), whatever is typed."""
        self.model.set_rows(rows[:SEARCH_LIMIT])
        self._say(len(rows), more=len(rows) > SEARCH_LIMIT)

    def show_pupil(self, pupil: PupilChoice) -> None:
        """Show ``pupil`` chosen, in place of what was found (the field is left as typed)."""
        if not self.select_pupil(pupil.id):
            self.model.set_rows([pupil])
            self._say(1, more=False)
            self.select_pupil(pupil.id)

    def select_pupil(self, pupil_id: int) -> bool:
        """Select and show ``pupil_id`` if it is listed; return whether it was."""
        for number, row in enumerate(self.model.rows()):
            if row.id == pupil_id:
                self.table.selectRow(number)
                self.table.scrollTo(self.model.index(number, 0))
                return True
        return False

    def selected_row(self) -> PupilChoice | None:
        """Return the pupil chosen in the list, or None."""
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _say(self, found: int, *, more: bool) -> None:
        typed = self.search.text().strip()
        if more:
            text = f"The first {SEARCH_LIMIT} pupils found: type more of the name to narrow them."
        elif found:
            text = f"{found} pupil{'s' if found != 1 else ''} found."
        else:
            text = NONE_FOUND if typed else TYPE_TO_FIND
        self.count_label.setText(text)

    # -- reacting ---------------------------------------------------------------
    def _on_search_text_changed(self, text: str) -> None:
        self.searches += 1
        found = self._find(text, SEARCH_LIMIT + 1) if text.strip() else []
        self.model.set_rows(found[:SEARCH_LIMIT])
        self._say(len(found), more=len(found) > SEARCH_LIMIT)

    def _on_search_down_pressed(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.selection_changed.emit(self.model.row_at(current.row()) if current.isValid() else None)
