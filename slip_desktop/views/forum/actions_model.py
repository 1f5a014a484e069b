"""The agreed actions of an action plan as an editable table: what, who, by when, done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt

from slip_desktop.domain.action_plans import ActionDraft
from slip_desktop.domain.date_style import long_date

_Index = QModelIndex | QPersistentModelIndex

WHAT, WHO, BY_WHEN, DONE = range(4)
HEADERS = ("Action", "Who", "By when", "Done")


@dataclass
class _Action:
    what: str = ""
    who: str = ""
    by_when: date | None = None
    done: bool = False


class MeetingActionsModel(QAbstractTableModel):
    """Actions being typed into the plan editor; ``actions()`` returns them as drafts."""

    def __init__(self, default_due: date, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[_Action] = []
        self._default_due = default_due

    def set_actions(self, actions: list[ActionDraft]) -> None:
        """Show ``actions`` in order."""
        self.beginResetModel()
        self._rows = [_Action(a.what, a.who, a.by_when, a.done) for a in actions]
        self.endResetModel()

    def actions(self) -> list[ActionDraft]:
        """Return the typed actions, leaving out rows left completely empty."""
        return [
            ActionDraft(a.what, a.who, a.by_when, a.done)
            for a in self._rows
            if a.what.strip() or a.who.strip()
        ]

    def add_row(self) -> int:
        """Append an empty action due two weeks after the meeting; return its row."""
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(_Action(by_when=self._default_due))
        self.endInsertRows()
        return row

    def remove_row(self, row: int) -> None:
        """Remove the action at ``row``."""
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == DONE:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        action = self._rows[index.row()]
        column = index.column()
        if column == DONE:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if action.done else Qt.CheckState.Unchecked
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        if column == WHAT:
            return action.what
        if column == WHO:
            return action.who
        if action.by_when is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else QDate(self._default_due)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{long_date(action.by_when)}"
        return QDate(action.by_when)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        action = self._rows[index.row()]
        column = index.column()
        if column == DONE and role == Qt.ItemDataRole.CheckStateRole:
            action.done = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole or column == DONE:
            return False
        elif column == WHAT:
            action.what = str(value)
        elif column == WHO:
            action.who = str(value)
        elif isinstance(value, QDate) and value.isValid():
            action.by_when = value.toPython()
        elif isinstance(value, date):
            action.by_when = value
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True

    @staticmethod
    def two_weeks_after(day: date) -> date:
        """Return the usual due date of a new action: two weeks after the meeting."""
        return day + timedelta(weeks=2)
