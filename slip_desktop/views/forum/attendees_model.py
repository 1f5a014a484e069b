"""A meeting's invitation list with a tick box per person for "attended"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal

from slip_desktop.db.meetings import AttendeeRow
from slip_desktop.ui.models.row_table_model import Column, RowTableModel

_Index = QModelIndex | QPersistentModelIndex
ATTENDED_COLUMN = 0


def _attended_text(value: bool | None) -> str:
    return {True: "Attended", False: "Absent", None: "Not recorded"}[value]


ATTENDEE_COLUMNS: list[Column[AttendeeRow]] = [
    Column("Attended", lambda r: r.attended, _attended_text),
    Column("Role", lambda r: r.role),
    Column("Name", lambda r: r.name),
    Column("Organisation", lambda r: r.organisation),
]


class MeetingAttendeesModel(RowTableModel[AttendeeRow]):
    """Invitees of one meeting; ticking "Attended" reports the change to be saved.

    Signals:
        attended_changed(int, bool, int): attendee id, whether they attended, and the
            version the row was listed at.
    """

    attended_changed = Signal(int, bool, int)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == ATTENDED_COLUMN:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and index.isValid()
            and index.column() == ATTENDED_COLUMN
            and 0 <= index.row() < self.rowCount()
        ):
            attended = self.row_at(index.row()).attended
            return Qt.CheckState.Checked if attended else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != ATTENDED_COLUMN:
            return False
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return False
        checked = (
            Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        )
        row = self.row_at(index.row())
        self.attended_changed.emit(row.id, checked, row.version)
        return True
