"""Small widgets the rosters use: emphasised rows, field errors in forms, headline figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.ui.models.row_table_model import ROW_ROLE

WARNING_BACKGROUND = QColor("#FDECEA")


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


class FormErrors:
    """Shows a domain error's message beside the field it names, in a form layout."""

    def __init__(self, form: QFormLayout, fields: dict[str, QWidget], general: QLabel) -> None:
        self._labels: dict[str, QLabel] = {}
        self._general = general
        general.setWordWrap(True)
        general.setStyleSheet("color: #B3261E;")
        for name, widget in fields.items():
            row, _role = form.getWidgetPosition(widget)
            if row < 0:
                continue  # not in this form: its messages go to the general label
            label = QLabel("", widget.parentWidget())
            label.setWordWrap(True)
            label.setStyleSheet("color: #B3261E;")
            label.setVisible(False)
            form.insertRow(row + 1, "", label)
            self._labels[name] = label

    def clear(self) -> None:
        """Hide every message."""
        for label in self._labels.values():
            label.setText("")
            label.setVisible(False)
        self._general.setText("")

    def show(self, error: DomainError) -> None:
        """Show ``error`` beside its field(s), or at the bottom when it names none."""
        self.clear()
        errors = (
            error.errors if isinstance(error, ValidationError) else {error.field: error.message}
        )
        for field, message in errors.items():
            label = self._labels.get(field)
            if label is None:
                self._general.setText(f"⚠ {message}")
            else:
                label.setText(f"⚠ {message}")
                label.setVisible(True)

    def message(self, field: str) -> str:
        """Return the message shown beside ``field`` ("" when none)."""
        label = self._labels.get(field)
        return label.text() if label is not None and label.text() else self._general.text()


def date_edit(value: date, parent: QWidget | None = None) -> QDateEdit:
    """Return a calendar-popup date field set to ``value``."""
    edit = QDateEdit(QDate(value.year, value.month, value.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd dd MMM yyyy")
    return edit


def set_date(edit: QDateEdit, value: date) -> None:
    """Set a date field to ``value``."""
    edit.setDate(QDate(value.year, value.month, value.day))


def to_date(edit: QDateEdit) -> date:
    """Return a date field's value as a ``date``."""
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def headline(text: str, parent: QWidget | None = None) -> QLabel:
    """Return a boxed label for one headline figure on the overview."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setMargin(6)
    label.setStyleSheet(
        "QLabel { background: #F3F6FA; border: 1px solid #C9D3E0; border-radius: 4px; }"
    )
    return label
