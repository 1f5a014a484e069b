"""Input widgets forms share: a date that may be left empty, and text with a length counter."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from slip_desktop.domain.date_style import input_date
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.validation import parse_day
from slip_desktop.ui.form_errors import ERROR_STYLE
from slip_desktop.ui.palette import TEXT_FAINT


class DateField(QWidget):
    """A date typed day/month/year (or picked from a calendar), which may be left empty.

    Typing is the quick way for a coordinator copying a form, so the field is a
    line edit that understands 14/03/2013, 14-3-2013, 14032013 or 14 Mar 2013 and
    tidies the text to dd/mm/yyyy when the field is left; the button beside it
    opens a calendar.

    Signals:
        date_changed(object): the date now typed (a ``date``), or None when empty or unreadable.
    """

    date_changed = Signal(object)

    def __init__(self, calendar_start: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calendar_start = calendar_start
        self._last: date | None = None
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("dd/mm/yyyy")
        self.edit.setMaxLength(40)
        self.button = QToolButton(self)
        self.button.setText("▾")
        self.button.setToolTip("Choose from a calendar")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._calendar: QCalendarWidget | None = None
        self._popup: QMenu | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.editingFinished.connect(self._on_edit_editing_finished)
        self.button.clicked.connect(self._on_button_clicked)

    @property
    def calendar(self) -> QCalendarWidget:
        """The calendar the button opens, made on first use (a form holds many dates)."""
        if self._calendar is None:
            self._calendar = QCalendarWidget()
            self._calendar.setGridVisible(True)
            self._calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            self._popup = QMenu(self)
            action = QWidgetAction(self._popup)
            action.setDefaultWidget(self._calendar)
            self._popup.addAction(action)
            self._calendar.clicked.connect(self._on_calendar_clicked)
        return self._calendar

    def value(self) -> date | None:
        """Return the date typed, or None when empty or not a date."""
        try:
            return parse_day(self.edit.text())
        except ValueError:
            return None

    def problem(self) -> str | None:
        """Return why the text typed is not a date, or None when it is (or is empty)."""
        try:
            parse_day(self.edit.text())
        except ValueError as error:
            return str(error)
        return None

    def set_value(self, day: date | None) -> None:
        """Show ``day`` (or empty)."""
        self.edit.setText("" if day is None else f"{input_date(day)}")

    def text(self) -> str:
        """Return the text as typed."""
        return self.edit.text()

    def setDate(self, day: QDate | date | None) -> None:  # noqa: N802 - Qt's name
        """Show ``day`` (a QDate or a date), under the name Qt's date editors give it."""
        if isinstance(day, QDate):
            day = date(day.year(), day.month(), day.day()) if day.isValid() else None
        self.set_value(day)

    def date(self) -> QDate:
        """Return the date typed as a QDate (invalid when empty or unreadable)."""
        day = self.value()
        return QDate() if day is None else QDate(day.year, day.month, day.day)

    def _on_edit_text_changed(self, _text: str) -> None:
        day = self.value()
        if day != self._last:
            self._last = day
            self.date_changed.emit(day)

    def _on_edit_editing_finished(self) -> None:
        day = self.value()
        if day is not None and self.edit.text() != f"{input_date(day)}":
            self.set_value(day)

    def _on_button_clicked(self) -> None:
        start = self.value() or self._calendar_start or date.today()
        self.calendar.setSelectedDate(QDate(start.year, start.month, start.day))
        assert self._popup is not None  # made with the calendar
        self._popup.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))

    def _on_calendar_clicked(self, chosen: QDate) -> None:
        self.set_value(date(chosen.year(), chosen.month(), chosen.day()))
        if self._popup is not None:
            self._popup.close()
        self.edit.setFocus()


def check_dates(fields: Mapping[str, DateField]) -> None:
    """Raise ValidationError naming every field whose text is not a date.

    An empty field passes: whether a date is needed is the domain's rule, and it says so
    in the coordinator's words; a date it cannot read must not pass for no date at all.
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
        self.counter.setStyleSheet(ERROR_STYLE if used > self.limit else f"color: {TEXT_FAINT};")
