"""Input widgets forms share: a date that may be left empty, and text with a length counter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from slip_desktop.ui.form_errors import ERROR_STYLE

#: Stands for "no date entered": shown as the special text.
_EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A day-month-year date with a calendar, which may also be left empty."""

    def __init__(self, empty_text: str = "Not entered", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(_EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText(empty_text)
        self.setDate(_EMPTY)

    def value(self) -> date | None:
        """Return the date, or None when left empty."""
        chosen = self.date()
        if chosen == _EMPTY:
            return None
        return date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, day: date | None) -> None:
        """Show ``day`` (or empty)."""
        self.setDate(_EMPTY if day is None else QDate(day.year, day.month, day.day))


class CountedTextEdit(QWidget):
    """Plain text with a "used of limit" counter that turns red past the limit.

    Nothing typed is cut off: the form refuses too-long text on saving with a
    message, so the coordinator can shorten it without losing a word.
    """

    def __init__(self, limit: int, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit = limit
        self.edit = QPlainTextEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setTabChangesFocus(True)
        self.counter = QLabel(self)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.counter)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self._on_edit_text_changed()

    def text(self) -> str:
        """Return the text as typed."""
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the text."""
        self.edit.setPlainText(text)

    def _on_edit_text_changed(self) -> None:
        used = len(self.edit.toPlainText())
        self.counter.setText(f"{used:,} / {self.limit:,} characters")
        self.counter.setStyleSheet(ERROR_STYLE if used > self.limit else "color: #777;")
