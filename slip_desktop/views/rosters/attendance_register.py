"""A day's register for a centre: a table of AM/PM marks filled from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from slip_desktop.domain.attendance import CODES, PRESENT
from slip_desktop.domain.enums import Session

_Index = QModelIndex | QPersistentModelIndex

#: Columns of the register: who, then a column per session.
PUPIL, SCHOOL, PROGRAMME, AM, PM = range(5)
HEADERS = ("Pupil", "Home school", "Programme", "AM", "PM")
NOT_DUE = "—"


class RegisterModel(QAbstractTableModel):
    """Register lines (``db.attendance.RegisterLine``) with editable AM/PM marks.

    Signals:
        marks_changed(): a mark was typed or cleared since the last ``set_lines``.
    """

    marks_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[Any] = []
        self._marks: list[dict[Session, str | None]] = []
        self.dirty = False

    def set_lines(self, lines: Sequence[Any]) -> None:
        """Show the register ``lines`` with their stored marks."""
        self.beginResetModel()
        self._lines = list(lines)
        self._marks = [{Session.AM: line.am, Session.PM: line.pm} for line in lines]
        self.dirty = False
        self.endResetModel()

    def marks(self) -> dict[tuple[int, Session], str]:
        """Return every due session's mark, ``""`` where none is typed."""
        result = {}
        for line, marks in zip(self._lines, self._marks, strict=True):
            for session, code in marks.items():
                if code is not None:
                    result[(line.placement_id, session)] = code
        return result

    def is_due(self, row: int, column: int) -> bool:
        """Return True when the cell is a session the pupil is due at the centre."""
        session = _session_of(column)
        return session is not None and self._marks[row][session] is not None

    def fill_unmarked(self, code: str = PRESENT) -> int:
        """Mark every due, unmarked session with ``code``; return how many were filled."""
        filled = 0
        for row, marks in enumerate(self._marks):
            for session, current in marks.items():
                if current == "":
                    marks[session] = code
                    filled += 1
            self.dataChanged.emit(self.index(row, AM), self.index(row, PM))
        if filled:
            self.dirty = True
            self.marks_changed.emit()
        return filled

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._lines)):
            return None
        line = self._lines[index.row()]
        column = index.column()
        session = _session_of(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == PUPIL:
                group = f" ({line.group_name})" if line.group_name else ""
                return f"{line.name}{group}"
            if column == SCHOOL:
                return line.school
            if column == PROGRAMME:
                return line.programme.label
            assert session is not None
            code = self._marks[index.row()][session]
            return NOT_DUE if code is None else code
        if role == Qt.ItemDataRole.ToolTipRole and session is not None:
            code = self._marks[index.row()][session]
            if code is None:
                return "Not due at the centre this session (in school)"
            return CODES[code].description if code else "Not marked yet: type a code"
        if role == Qt.ItemDataRole.TextAlignmentRole and session is not None:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if not self.is_due(index.row(), index.column()):
            return False
        code = str(value).strip().upper()
        if code and code not in CODES:
            return False
        session = _session_of(index.column())
        assert session is not None
        self._marks[index.row()][session] = code
        self.dirty = True
        self.dataChanged.emit(index, index)
        self.marks_changed.emit()
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_due(index.row(), index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None


def _session_of(column: int) -> Session | None:
    return {AM: Session.AM, PM: Session.PM}.get(column)


class RegisterView(QTableView):
    """The register table: type a code to mark the current session and move on.

    Keys: a register code (``/``, ``L``, ``I``, ``O``, ...) marks the cell and
    moves to the next session due; Space is ``/`` (present); Delete or Backspace
    clears the mark.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register_model = RegisterModel(self)
        self.setModel(self.register_model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(False)
        self.setAlternatingRowColors(True)

    def start(self) -> None:
        """Put the cursor on the first session due."""
        target = self._next_due(0, AM - 1)
        if target is not None:
            self.setCurrentIndex(target)

    def _next_due(self, row: int, column: int) -> QModelIndex | None:
        model = self.register_model
        while row < model.rowCount():
            for col in (AM, PM):
                if col > column and model.is_due(row, col):
                    return model.index(row, col)
            row, column = row + 1, AM - 1
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        text = event.text().upper()
        if event.key() == Qt.Key.Key_Space:
            text = PRESENT
        if index.isValid() and index.column() in (AM, PM):
            if text and text in CODES:
                if self.register_model.setData(index, text):
                    following = self._next_due(index.row(), index.column())
                    if following is not None:
                        self.setCurrentIndex(following)
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.register_model.setData(index, "")
                event.accept()
                return
        super().keyPressEvent(event)
