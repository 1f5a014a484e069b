"""A day's register for a centre: a table of AM/PM marks filled from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from slip_desktop.domain.attendance import CODES, PRESENT, Category, code_of, codes_starting
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
            if not code:
                return "Not marked yet: type a code, or right-click for the list"
            found = code_of(code)
            return f"{code}: {found.description} ({found.meaning.value})"
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
    moves to the next session due; a two-character code is typed in full (``Y`` then
    ``3``; ``C`` then ``1`` turns the C just typed into C1); Space is ``/`` (present);
    Delete or Backspace clears the mark. The context menu lists every code with its
    meaning.

    Signals:
        pending_changed(str): the first character of a longer code is waiting ("" when none).
    """

    pending_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register_model = RegisterModel(self)
        self.setModel(self.register_model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        # Rows as tall as the text needs, no taller: twelve pupils fit a 1366x768 screen.
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(False)
        self.setAlternatingRowColors(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu_requested)
        #: (row, column, typed) while the first character of a longer code waits.
        self._pending: tuple[int, int, str] | None = None

    def code_menu(self) -> QMenu:
        """Return a menu of every register code under the guidance's headings."""
        menu = QMenu(self)
        for category in Category:
            sub = menu.addMenu(category.value)
            for code in CODES.values():
                if code.category == category:
                    action = sub.addAction(
                        f"{code.mark}\t{code.description} ({code.meaning.value})"
                    )
                    action.setData(code.mark)
        return menu

    def _on_context_menu_requested(self, point: QPoint) -> None:
        index = self.indexAt(point)
        if not index.isValid() or not self.register_model.is_due(index.row(), index.column()):
            return
        menu = self.code_menu()
        chosen = menu.exec(self.viewport().mapToGlobal(point))
        code = str(chosen.data()) if chosen is not None and chosen.data() else ""
        menu.deleteLater()
        if code:
            self.mark(index, code)

    def mark(self, index: QModelIndex, code: str) -> bool:
        """Mark the cell at ``index`` with ``code`` and move to the next session due."""
        self._set_pending(None)
        if not self.register_model.setData(index, code):
            return False
        following = self._next_due(index.row(), index.column())
        if following is not None:
            self.setCurrentIndex(following)
        return True

    def _set_pending(self, pending: tuple[int, int, str] | None) -> None:
        self._pending = pending
        self.pending_changed.emit(pending[2] if pending else "")

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
        if self._pending is not None and text:
            row, column, first = self._pending
            if first + text in CODES:
                # The second character of C1, Y3...: the cell typed first gets the whole code.
                self._set_pending(None)
                self.register_model.setData(self.register_model.index(row, column), first + text)
                if (row, column) == (index.row(), index.column()):
                    self.mark(index, first + text)
                event.accept()
                return
            self._set_pending(None)
        if index.isValid() and index.column() in (AM, PM):
            if text and text in CODES:
                self.mark(index, text)
                if codes_starting(text) and self.register_model.is_due(index.row(), index.column()):
                    self._set_pending((index.row(), index.column(), text))
                event.accept()
                return
            if (
                text
                and codes_starting(text)
                and self.register_model.is_due(index.row(), index.column())
            ):
                self._set_pending((index.row(), index.column(), text))
                event.accept()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self._set_pending(None)
                self.register_model.setData(index, "")
                event.accept()
                return
        super().keyPressEvent(event)
