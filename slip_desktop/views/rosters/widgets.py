"""Small widgets the rosters use: emphasised rows, date fields, headline figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from slip_desktop.ui import palette
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.models.row_table_model import ROW_ROLE

WARNING_BACKGROUND = QColor(palette.PROBLEM_BACKGROUND)


class EmphasisDelegate(QStyledItemDelegate):
    """Draws rows a predicate picks in bold on a warm background.

    Bold carries the emphasis for anyone who cannot tell the colour; the rows'
    own text (e.g. "OVERDUE by 3 days") says why.
    """

    def __init__(self, emphasise: Callable[[Any], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._emphasise = emphasise
        # Asked once per row, not once per cell (sizing columns draws every cell).
        self._answers: dict[int, tuple[Any, bool]] = {}

    def forget(self) -> None:
        """Ask again for every row (new rows were shown, or the day changed)."""
        self._answers.clear()

    def _emphasised(self, row: Any) -> bool:
        known = self._answers.get(id(row))
        if known is None or known[0] is not row:
            known = self._answers[id(row)] = (row, self._emphasise(row))
        return known[1]

    def bold_row(self, row: Any) -> bool:
        """Return True when ``row`` is drawn in bold (``ui.table_sizing`` measures it so)."""
        return self._emphasised(row)

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        row = index.data(ROW_ROLE)
        if row is not None and self._emphasised(row):
            option.font.setBold(True)  # type: ignore[attr-defined]
            option.backgroundBrush = QBrush(WARNING_BACKGROUND)  # type: ignore[attr-defined]


def date_field(value: date, parent: QWidget | None = None) -> DateField:
    """Return a date field (typed, or picked from its calendar) showing ``value``."""
    field = DateField(value, parent)
    field.set_value(value)
    return field


def headline(text: str, parent: QWidget | None = None) -> QLabel:
    """Return a boxed label for one headline figure on the overview."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setMargin(6)
    label.setStyleSheet(
        f"QLabel {{ background: {palette.PANEL_BACKGROUND}; "
        f"border: 1px solid {palette.PANEL_BORDER}; border-radius: 4px; }}"
    )
    return label
