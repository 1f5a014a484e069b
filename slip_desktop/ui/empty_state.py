"""What an empty list says: one sentence on what to do first, and the button that does it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.ui import palette
from slip_desktop.ui.text_style import make_note


class EmptyState(QWidget):
    """Lies over an item view's empty area while its model holds no rows at all.

    A list filtered down to nothing keeps its headers and shows no message (the
    search box says why); only a model with no rows in total shows the sentence.
    The overlay is a child of the view's viewport, so the column headers stay in view,
    and it follows the viewport's size.
    """

    def __init__(
        self,
        view: QAbstractItemView,
        message: str,
        button_text: str = "",
        on_click: Callable[[], None] | None = None,
        *,
        empty: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyState")
        self._view = view
        self._empty = empty
        self.label = QLabel(message, self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet(f"color: {palette.TEXT_MUTED};")
        make_note(self.label)
        self.button = QPushButton(button_text, self)
        self.button.setVisible(bool(button_text) and on_click is not None)
        # Without a button, clicks and dropped cards reach the list beneath.
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, self.button.isHidden())
        if on_click is not None:
            self.button.clicked.connect(lambda _checked=False: on_click())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        # Margins from the font: a short list (a laptop at 125%) keeps room for the sentence.
        margin = self.fontMetrics().height() // 2
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addStretch(2)
        #: The view's own minimum height, given back once it holds rows.
        self._view_minimum = view.minimumHeight()
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self.update_shown)
        self.update_shown()

    @property
    def message(self) -> str:
        """The sentence shown."""
        return self.label.text()

    def set_message(self, message: str) -> None:
        """Say something else (the first step changed: e.g. schools now exist)."""
        self.label.setText(message)

    def is_empty(self) -> bool:
        """Return True when the view has nothing to show at all."""
        if self._empty is not None:
            return self._empty()
        model: Any = self._view.model()
        total = getattr(model, "total_count", None)
        return (total() if callable(total) else model.rowCount()) == 0

    def update_shown(self, *_args: object) -> None:
        """Show the sentence exactly while the view is empty."""
        empty = self.is_empty()
        if empty:
            self.setGeometry(self._view.viewport().rect())
            self.raise_()
        self.setVisible(empty)
        self._keep_room(empty)

    def _keep_room(self, empty: bool) -> None:
        """While empty, ask the view's layout for the height the sentence and button need.

        Without it a squeezed list (under a calendar, in a split pane) cuts the sentence.
        """
        view = self._view
        needed = self._view_minimum
        if empty:
            layout = self.layout()
            width = max(view.viewport().width(), self.label.fontMetrics().averageCharWidth() * 30)
            wanted = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else -1
            if wanted < 0:
                wanted = layout.totalMinimumSize().height()
            chrome = 2 * view.frameWidth()
            header = getattr(view, "horizontalHeader", None)
            if header is not None and not header().isHidden():
                chrome += header().sizeHint().height()
            if view.horizontalScrollBar().isVisible():
                chrome += view.horizontalScrollBar().sizeHint().height()
            needed = max(needed, wanted + chrome)
        if view.minimumHeight() != needed:
            view.setMinimumHeight(needed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Follow the viewport's size."""
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._view.viewport().rect())
            if self.isVisible() and event.size().width() != event.oldSize().width():
                self._keep_room(True)
        return False


def empty_state_of(view: QAbstractItemView) -> EmptyState | None:
    """Return the sentence a view shows when empty, if it has one."""
    return view.viewport().findChild(EmptyState, "emptyState")
