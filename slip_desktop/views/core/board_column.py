"""A board column: a list of case cards that can be dragged to another column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

# ``palette`` is Qt's in the painter below; the program's named colours are ``colours``.
from slip_desktop.ui import palette as colours
from slip_desktop.ui.empty_state import EmptyState

#: The drag payload: the referral id of the card, as ASCII digits.
CARD_MIME = "application/x-slip-core-card"
#: Role returning the card object itself.
CARD_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class BoardCardModel(QAbstractListModel):
    """The cards of one column; a drop on it reports the card and this column's key.

    Cards are any objects with ``referral_id``, ``pupil_name`` and a ``summary_lines()``
    function given to the constructor. The model never moves rows itself: the board
    records the decision and reloads, so a refused or cancelled decision leaves
    every card where it was.

    Signals:
        card_dropped(int, object): a card (referral id) was dropped here; the column key.
    """

    card_dropped = Signal(int, object)

    def __init__(self, key: object, parent: Any = None) -> None:
        super().__init__(parent)
        self.key = key
        self._cards: list[Any] = []

    def set_cards(self, cards: Sequence[Any]) -> None:
        """Replace every card."""
        self.beginResetModel()
        self._cards = list(cards)
        self.endResetModel()

    def cards(self) -> list[Any]:
        """Return the cards in order."""
        return list(self._cards)

    def row_of(self, referral_id: int) -> int:
        """Return the row of a card, or -1."""
        for row, card in enumerate(self._cards):
            if card.referral_id == referral_id:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cards):
            return None
        card = self._cards[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return card.pupil_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return card.tooltip()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return card.tooltip()
        if role == CARD_ROLE:
            return card
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [CARD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        valid = [i for i in indexes if i.isValid()]
        if valid:
            card = self._cards[valid[0].row()]
            mime.setData(CARD_MIME, QByteArray(str(card.referral_id).encode("ascii")))
        return mime

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        if not data.hasFormat(CARD_MIME):
            return False
        return self.row_of(_card_id(data)) < 0

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: _Index,
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        self.card_dropped.emit(_card_id(data), self.key)
        # False: the source keeps its row until the board reloads after the decision.
        return False


def _card_id(data: QMimeData) -> int:
    try:
        return int(bytes(data.data(CARD_MIME).data()).decode("ascii"))
    except ValueError:
        return -1


def wrap_text(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines of ``width`` pixels; elide the last."""
    lines: list[str] = []
    words = text.split()
    current = ""
    while words and len(lines) < max_lines - 1:
        candidate = f"{current} {words[0]}".strip()
        if current and metrics.horizontalAdvance(candidate) > width:
            lines.append(current)
            current = ""
            continue
        current = candidate
        words.pop(0)
    rest = " ".join(filter(None, [current, *words]))
    lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return lines


class BoardCardDelegate(QStyledItemDelegate):
    """Paints a card: name in bold, then the card's summary lines."""

    PADDING = 8
    #: The last line (the forum summary or the rationale) may wrap onto this many lines.
    WRAP_LINES = 2

    def __init__(self, accent: QColor, parent: Any = None) -> None:
        super().__init__(parent)
        self._accent = accent

    def _lines(self, index: _Index) -> list[str]:
        card = index.data(CARD_ROLE)
        return list(card.summary_lines()) if card is not None else []

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        lines = len(self._lines(index)) + self.WRAP_LINES - 1
        height = metrics.height() * (lines + 1) + 2 * self.PADDING + 6
        return QSize(200, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        card = index.data(CARD_ROLE)
        if card is None:
            return
        rect: QRect = option.rect.adjusted(4, 3, -4, -3)  # type: ignore[attr-defined]
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        background = (
            QColor(colours.SELECTED_BACKGROUND)
            if selected
            else palette.color(QPalette.ColorRole.Base)
        )
        border = QColor(colours.NAVY if selected or focused else colours.BORDER)
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 6, 6)
        painter.fillRect(QRect(rect.left(), rect.top() + 3, 4, rect.height() - 6), self._accent)
        font: QFont = QFont(option.font)  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        x = rect.left() + self.PADDING + 2
        width = rect.width() - 2 * self.PADDING - 2
        y = rect.top() + self.PADDING
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        name = QFontMetrics(bold).elidedText(card.pupil_name, Qt.TextElideMode.ElideRight, width)
        painter.drawText(QRect(x, y, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, name)
        painter.setFont(font)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        lines = self._lines(index)
        wrapped = (
            lines[:-1] + wrap_text(lines[-1], metrics, width, self.WRAP_LINES) if lines else []
        )
        for number, line in enumerate(wrapped):
            y += metrics.height()
            painter.setPen(muted if number >= 3 else palette.color(QPalette.ColorRole.Text))
            text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(x, y, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, text)
        painter.restore()


#: What the empty "To decide" column says, with Core Meetings planned and without.
NOTHING_TO_DECIDE = "No case to decide: cases the forum refers to this Core Meeting come here."
NO_CORE_MEETING = "No Core Meeting yet: plan the term's meetings in the Forum calendar tab."


class BoardColumn(QFrame):
    """A titled column of cards that accepts dropped cards.

    Signals:
        card_dropped(int, object): a card (referral id) was dropped here; this column's key.
    """

    card_dropped = Signal(int, object)

    def __init__(self, key: object, title: str, accent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.title = title
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("board_column")
        self.header = QLabel(self)
        self.header.setMinimumWidth(0)
        # A long outcome wraps under its number rather than widening the board.
        self.header.setWordWrap(True)
        self.header.setStyleSheet(
            f"QLabel {{ background: {accent}; color: white; font-weight: bold; padding: 6px; "
            "border-radius: 4px; }"
        )
        self.model = BoardCardModel(key, self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(BoardCardDelegate(QColor(accent), self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(False)
        self.view.setSpacing(1)
        self.view.setAccessibleName(title)
        self.header.setBuddy(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.view)
        self.model.card_dropped.connect(self._on_model_card_dropped)
        self.empty_state = EmptyState(
            self.view,
            NOTHING_TO_DECIDE
            if key is None
            else "Drag a case here, or select it and press this column's number.",
        )
        self.set_cards([])

    def set_cards(self, cards: Sequence[Any]) -> None:
        """Show ``cards`` and the count in the header."""
        self.model.set_cards(cards)
        self.header.setText(f"{self.title}  ({len(cards)})")

    def current_card(self) -> Any:
        """Return the selected card, or None."""
        index = self.view.currentIndex()
        return index.data(CARD_ROLE) if index.isValid() else None

    def select(self, referral_id: int) -> bool:
        """Select a card by referral id; return False when it is not in this column."""
        row = self.model.row_of(referral_id)
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row, 0))
        return True

    def _on_model_card_dropped(self, referral_id: int, key: object) -> None:
        self.card_dropped.emit(referral_id, key)
