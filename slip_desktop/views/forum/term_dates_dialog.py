"""The settings dialog for an academic year's term dates and half-terms."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import academic_years, list_terms, save_year
from slip_desktop.domain.calendar import TermSpan, bank_holidays, typical_terms
from slip_desktop.domain.enums import Term
from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.domain.school_year import academic_year_label

FIELDS = ("starts_on", "half_term_starts", "half_term_ends", "ends_on")
HEADERS = ("Term starts", "Half-term from", "Half-term to", "Term ends")


def _date_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    return edit


class TermDatesDialog(QDialog):
    """Edits the three terms of one academic year, each with its half-term.

    Signals: none; the caller announces "meetings" after ``exec()`` returns Accepted.
    """

    def __init__(self, store: Store, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Term dates")
        self._store = store
        self._today = today
        self.year = QComboBox(self)
        this_year = today.year if today.month >= 9 else today.year - 1
        years = sorted(set(academic_years(store)) | {this_year, this_year + 1})
        for year in years:
            self.year.addItem(academic_year_label(year), year)
        self.year.setCurrentIndex(years.index(this_year))
        self.year.currentIndexChanged.connect(self._on_year_current_index_changed)
        self.fill_button = QPushButton("Fill with &usual dates", self)
        self.fill_button.setToolTip(
            "Typical dates to start from; correct them to the LA's calendar"
        )
        self.fill_button.clicked.connect(self._on_fill_button_clicked)

        grid = QGridLayout()
        for column, header in enumerate(HEADERS, start=1):
            grid.addWidget(QLabel(f"<b>{header}</b>", self), 0, column)
        self.edits: dict[Term, dict[str, QDateEdit]] = {}
        self.errors: dict[Term, QLabel] = {}
        for row, term in enumerate(Term, start=1):
            grid.addWidget(QLabel(f"<b>{term.label}</b>", self), row * 2 - 1, 0)
            self.edits[term] = {}
            for column, name in enumerate(FIELDS, start=1):
                edit = _date_edit(self)
                edit.setAccessibleName(f"{term.label} {HEADERS[column - 1].lower()}")
                self.edits[term][name] = edit
                grid.addWidget(edit, row * 2 - 1, column)
            error = QLabel(self)
            error.setStyleSheet("color: #B00020;")
            error.setWordWrap(True)
            self.errors[term] = error
            grid.addWidget(error, row * 2, 1, 1, len(FIELDS))

        self.holidays = QLabel(self)
        self.holidays.setWordWrap(True)
        self.holidays.setStyleSheet("color: #444;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)

        top = QHBoxLayout()
        year_label = QLabel("Academic &year:", self)
        year_label.setBuddy(self.year)
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.fill_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.holidays)
        layout.addWidget(buttons)
        self._load()

    def selected_year(self) -> int:
        """Return the academic year being edited."""
        return int(self.year.currentData())

    def spans(self) -> list[TermSpan]:
        """Return the terms as typed."""
        year = self.selected_year()
        found = []
        for term, edits in self.edits.items():
            values = {name: edit.date().toPython() for name, edit in edits.items()}
            found.append(
                TermSpan(
                    year,
                    term,
                    values["starts_on"],
                    values["half_term_starts"],
                    values["half_term_ends"],
                    values["ends_on"],
                )
            )
        return found

    def set_span(self, span: TermSpan) -> None:
        """Show ``span`` in its term's row."""
        edits = self.edits[span.term]
        values = {
            "starts_on": span.starts_on,
            "half_term_starts": span.half_term_starts or span.starts_on,
            "half_term_ends": span.half_term_ends or span.starts_on,
            "ends_on": span.ends_on,
        }
        for name, value in values.items():
            edits[name].setDate(QDate(value))

    def _load(self) -> None:
        year = self.selected_year()
        saved = {span.term: span for span in list_terms(self._store, year)}
        for span in typical_terms(year):
            self.set_span(saved.get(span.term, span))
        self.fill_button.setEnabled(not saved)
        for error in self.errors.values():
            error.clear()
        first, last = date(year, 9, 1), date(year + 1, 8, 31)
        names = [f"{day:%a %d %b %Y} ({name})" for day, name in bank_holidays(first, last).items()]
        self.holidays.setText(
            "England's bank holidays this year (meetings skip them): " + "; ".join(names)
        )

    def _on_year_current_index_changed(self, _index: int) -> None:
        self._load()

    def _on_fill_button_clicked(self) -> None:
        for span in typical_terms(self.selected_year()):
            self.set_span(span)

    def _on_buttons_accepted(self) -> None:
        for error in self.errors.values():
            error.clear()
        try:
            save_year(self._store, self.selected_year(), self.spans())
        except ValidationError as error:
            for key, message in error.errors.items():
                term_name = key.split(".", 1)[0]
                term = next((t for t in Term if t.value == term_name), Term.AUTUMN)
                self.errors[term].setText(message)
            return
        except DomainError as error:
            QMessageBox.warning(self, "Term dates", error.message)
            return
        self.accept()
