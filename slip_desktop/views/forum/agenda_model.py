"""The agenda of one meeting as a table whose cases can be dragged into a new order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from slip_desktop.db.agenda import AgendaRow
from slip_desktop.domain.date_style import short_date
from slip_desktop.ui.models.row_table_model import Column, RowTableModel

MIME_TYPE = "application/x-slip-agenda-item"
_Index = QModelIndex | QPersistentModelIndex


def _plan_state(row: AgendaRow) -> str:
    if row.plan_id is None:
        return "To write" if row.purpose.value != "plan_review" else "Review due"
    if row.plan_reviewed_on is not None:
        return f"Reviewed {short_date(row.plan_reviewed_on)}"
    if row.plan_sent_on is not None:
        return f"Sent {short_date(row.plan_sent_on)}"
    return "Written"


AGENDA_COLUMNS: list[Column[AgendaRow]] = [
    Column("#", lambda r: r.position + 1, align_right=True),
    Column("Pupil or case", lambda r: r.who),
    Column("School", lambda r: r.school),
    Column("Year", lambda r: r.year_group, align_right=True),
    Column("Item", lambda r: r.purpose),
    Column("Plan", _plan_state),
]


class MeetingAgendaModel(RowTableModel[AgendaRow]):
    """The cases of one agenda in order; a drop reports the move instead of moving rows.

    The database holds the order, so a drop only announces which case went where;
    the panel saves it and reloads the rows.

    Signals:
        case_dropped(int, int): agenda item id and its new position (0 is first).
    """

    case_dropped = Signal(int, int)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The agenda's order is its meaning; it is never re-sorted by a column.
        return

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Any) -> QMimeData:
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(MIME_TYPE, QByteArray(str(self.row_at(rows[0]).item_id).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return data.hasFormat(MIME_TYPE) and action == Qt.DropAction.MoveAction

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        item_id = int(bytes(data.data(MIME_TYPE).data()).decode() or 0)
        target = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        current = next((r.position for r in self.rows() if r.item_id == item_id), None)
        if current is None:
            return False
        if target > current:
            target -= 1  # the dragged row leaves its place before it lands
        if target != current:
            self.case_dropped.emit(item_id, target)
        # False: the view must not remove the dragged row; the reload shows the new order.
        return False
