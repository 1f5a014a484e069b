"""Small widgets the rosters use: emphasised rows, date fields, headline figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from slip_desktop.domain.errors import ValidationError
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

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        row = index.data(ROW_ROLE)
        if row is not None and self._emphasise(row):
            option.font.setBold(True)  # type: ignore[attr-defined]
            option.backgroundBrush = QBrush(WARNING_BACKGROUND)  # type: ignore[attr-defined]


def date_field(value: date, parent: QWidget | None = None) -> DateField:
    """Return a date field (typed, or picked from its calendar) showing ``value``."""
    field = DateField(value, parent)
    field.set_value(value)
    return field


def check_dates(fields: dict[str, DateField]) -> None:
    """Raise ValidationError naming every field whose text is not a date.

    An empty field passes: whether the date is needed is the domain's rule, said in the
    coordinator's words; a date it cannot read must not pass for no date at all.
    """
    problems = {name: problem for name, field in fields.items() if (problem := field.problem())}
    if problems:
        raise ValidationError(problems)


def required_date(name: str, field: DateField, missing: str = "Give the date.") -> date:
    """Return the date in ``field``; raise ValidationError for ``name`` when empty or unreadable."""
    day = field.value()
    if day is None:
        raise ValidationError({name: field.problem() or missing})
    return day


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
