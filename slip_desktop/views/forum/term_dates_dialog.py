"""The settings dialog for an academic year's term dates and half-terms."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import academic_years, list_terms, save_year, year_version
from slip_desktop.domain.calendar import TermSpan, bank_holidays, typical_terms
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.enums import Term
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import save_and_close
from slip_desktop.ui.palette import TEXT_SECONDARY

FIELDS = ("starts_on", "half_term_starts", "half_term_ends", "ends_on")
HEADERS = ("Term starts", "Half-term from", "Half-term to", "Term ends")
#: The dates a term cannot do without (half-term may be left empty: both days or neither).
REQUIRED = {"starts_on": "Enter the day the term starts.", "ends_on": "Enter the day it ends."}


def _row(parent: QWidget, widgets: list[QWidget]) -> QWidget:
    """Lay ``widgets`` out in equal columns, so the headers line up with the dates."""
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1)
    return row


class TermDatesDialog(QDialog):
    """Edits the three terms of one academic year, each with its half-term.

    A problem with a term's dates is shown under that term's row, keeping every date
    typed. Saving announces the meetings (their terms) on ``notifier``.
    """

    def __init__(
        self,
        store: Store,
        today: date,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Term dates")
        self._store = store
        self._today = today
        self._notifier = notifier
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
        headers = [QLabel(f"<b>{header}</b>", self) for header in HEADERS]
        grid.addWidget(_row(self, list(headers)), 0, 1)
        self.form_error = QLabel(self)
        self.errors = FieldErrors(self.form_error)
        self.edits: dict[Term, dict[str, DateField]] = {}
        #: One message line per term, under its row; every field of the term reports there.
        self.term_boxes: dict[Term, FieldBox] = {}
        for row, term in enumerate(Term, start=1):
            self.edits[term] = {}
            for column, name in enumerate(FIELDS):
                edit = DateField(parent=self)
                edit.edit.setAccessibleName(f"{term.label} {HEADERS[column].lower()}")
                self.edits[term][name] = edit
            box = FieldBox(_row(self, list(self.edits[term].values())), self)
            box.field = self.edits[term]["starts_on"]
            self.term_boxes[term] = box
            for name in FIELDS:
                self.errors.add(f"{term.value}.{name}", box)
            grid.addWidget(QLabel(f"<b>{term.label}</b>", self), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(box, row, 1)

        self.holidays = QLabel(self)
        self.holidays.setWordWrap(True)
        self.holidays.setStyleSheet(f"color: {TEXT_SECONDARY};")
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
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)
        self._load()

    def selected_year(self) -> int:
        """Return the academic year being edited."""
        return int(self.year.currentData())

    def problems(self) -> dict[str, str]:
        """Return the dates that are unreadable or missing, ``term.field`` -> message."""
        found: dict[str, str] = {}
        for term, edits in self.edits.items():
            for name, edit in edits.items():
                problem = edit.problem() or (REQUIRED.get(name) if edit.value() is None else None)
                if problem:
                    found[f"{term.value}.{name}"] = f"{term.label}: {problem}"
        return found

    def spans(self) -> list[TermSpan]:
        """Return the terms as typed (call when :meth:`problems` found none)."""
        year = self.selected_year()
        found = []
        for term, edits in self.edits.items():
            values = {name: edit.value() for name, edit in edits.items()}
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
            edits[name].set_value(value)

    def _load(self) -> None:
        year = self.selected_year()
        saved = {span.term: span for span in list_terms(self._store, year)}
        # Kept so a save refuses the year if someone else saved its terms meanwhile.
        self._opened_version = year_version(self._store, year)
        for span in typical_terms(year):
            self.set_span(saved.get(span.term, span))
        self.fill_button.setEnabled(not saved)
        self.errors.clear()
        first, last = date(year, 9, 1), date(year + 1, 8, 31)
        names = [f"{long_date(day)} ({name})" for day, name in bank_holidays(first, last).items()]
        self.holidays.setText(
            "England's bank holidays this year (meetings skip them): " + "; ".join(names)
        )

    def _on_year_current_index_changed(self, _index: int) -> None:
        self._load()

    def _on_fill_button_clicked(self) -> None:
        for span in typical_terms(self.selected_year()):
            self.set_span(span)

    def _on_buttons_accepted(self) -> None:
        self.errors.clear()
        problems = self.problems()
        if problems:
            self.errors.show(problems)
            self._make_room()
            return
        year, spans = self.selected_year(), self.spans()
        ok, _result = save_and_close(
            self,
            self._notifier,
            "Term dates not saved",
            lambda: save_year(self._store, year, spans, self._opened_version),
            (Area.MEETINGS,),
            errors=self.errors,
        )
        if not ok:
            self._make_room()

    def _make_room(self) -> None:
        """Grow to fit the messages just shown: nothing here stretches to make room for them.

        (The word-wrapped holidays line makes the layout height-for-width, and Qt does not
        grow a window for such a layout by itself; the rows would be squashed instead.)
        """
        needed = self.layout().totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)
