"""The dialog that plans a term's Inclusion Forums or Core Meetings in one go."""

from __future__ import annotations

from datetime import date, time, timedelta

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.meetings import (
    cases_per_meeting,
    cases_per_meeting_version,
    create_series,
    set_cases_per_meeting,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.calendar import WEEKDAYS, SeriesPlan, TermSpan, series_schedule, term_of
from slip_desktop.domain.date_style import long_date, short_date
from slip_desktop.domain.enums import MeetingKind
from slip_desktop.domain.errors import ValidationError
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform

#: Usual rhythm, weekday and times of each kind of meeting.
DEFAULTS = {
    MeetingKind.FORUM: (2, 1, time(9, 30), time(11, 30)),
    MeetingKind.CORE: (4, 3, time(13, 30), time(15, 30)),
}


class MeetingSeriesDialog(QDialog):
    """Generates a term's meetings on a weekday and time, skipping half-term and bank holidays.

    The dates are previewed, with what was skipped and why, before anything is saved;
    a problem is shown beside its field. Creating them announces the meetings on
    ``notifier``.
    """

    def __init__(
        self,
        store: Store,
        terms: list[TermSpan],
        today: date,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Plan a term's meetings")
        self._store = store
        self._notifier = notifier
        self._terms = terms
        self.created: list[int] = []

        self.kind = QComboBox(self)
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind)
        self.term = QComboBox(self)
        for span in terms:
            self.term.addItem(
                f"{span.label} ({short_date(span.starts_on)} to {long_date(span.ends_on)})", span
            )
        current = term_of(today, terms) or next((t for t in terms if t.starts_on > today), None)
        if current is not None:
            self.term.setCurrentIndex(terms.index(current))
        self.weekday = QComboBox(self)
        for number, name in enumerate(WEEKDAYS[:5]):
            self.weekday.addItem(name, number)
        self.first_on = DateField(parent=self)
        self.starts_at = QTimeEdit(self)
        self.ends_at = QTimeEdit(self)
        for edit in (self.starts_at, self.ends_at):
            edit.setDisplayFormat("HH:mm")
        self.starts_at.setAccessibleName("Starts at")
        self.ends_at.setAccessibleName("Ends at")
        self.every = QSpinBox(self)
        self.every.setRange(1, 8)
        self.every.setSuffix(" weeks")
        self.every.setPrefix("every ")
        self.link = QLineEdit(self)
        self.link.setPlaceholderText("https://teams.microsoft.com/l/meetup-join/...")
        self.capacity = QSpinBox(self)
        self.capacity.setRange(1, 20)
        self.capacity.setValue(cases_per_meeting(store))
        # Handed back when remembered: someone else's change since is refused, saying who.
        self._cases_version = cases_per_meeting_version(store)
        self.capacity.setSuffix(" cases")
        self.remember = QCheckBox("Use this number for new forums from now on", self)
        self.error = QLabel(self)
        self.errors = FieldErrors(self.error)
        self.preview = QLabel(self)
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)
        scroll.setMinimumHeight(200)
        scroll.setAccessibleName("The meetings this plans")

        form = QFormLayout()
        form.addRow("&Meeting:", self.kind)
        form.addRow("&Term:", self.term)
        self.errors.add_row(form, "weekday", "&Weekday:", self.weekday)
        self.errors.add_row(form, "first_on", "&First meeting on or after:", self.first_on)
        times = QWidget(self)
        times_layout = QHBoxLayout(times)
        times_layout.setContentsMargins(0, 0, 0, 0)
        times_layout.addWidget(self.starts_at)
        times_layout.addWidget(QLabel("to", times))
        times_layout.addWidget(self.ends_at)
        times_layout.addStretch(1)
        times_box = self.errors.add_row(form, "ends_at", "T&ime:", times)
        self.errors.add("starts_at", times_box)
        self.errors.add_row(form, "every_weeks", "&Rhythm:", self.every)
        form.addRow("Teams &link:", self.link)
        form.addRow("&Cases per meeting:", self.capacity)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Dates</b>", self))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.term.currentIndexChanged.connect(self._on_term_current_index_changed)
        for signal in (
            self.weekday.currentIndexChanged,
            self.first_on.date_changed,
            self.every.valueChanged,
            self.starts_at.timeChanged,
            self.ends_at.timeChanged,
        ):
            signal.connect(self._on_inputs_changed)
        self._on_kind_current_index_changed(0)

    def plan(self) -> SeriesPlan:
        """Return the series as chosen (raises ValidationError while the first date is empty)."""
        first_on = self.first_on.value()
        if first_on is None:
            problem = self.first_on.problem() or "Enter the day to start from."
            raise ValidationError({"first_on": problem})
        return SeriesPlan(
            weekday=int(self.weekday.currentData()),
            starts_at=self.starts_at.time().toPython(),
            ends_at=self.ends_at.time().toPython(),
            every_weeks=self.every.value(),
            first_on=first_on,
        )

    def span(self) -> TermSpan | None:
        """Return the chosen term."""
        data = self.term.currentData()
        return data if isinstance(data, TermSpan) else None

    def _on_kind_current_index_changed(self, _index: int) -> None:
        kind = MeetingKind(self.kind.currentData())
        every, weekday, starts, ends = DEFAULTS[kind]
        self.every.setValue(every)
        self.weekday.setCurrentIndex(weekday)
        self.starts_at.setTime(QTime(starts.hour, starts.minute))
        self.ends_at.setTime(QTime(ends.hour, ends.minute))
        self.remember.setEnabled(kind == MeetingKind.FORUM)
        self._on_term_current_index_changed(0)

    def _on_term_current_index_changed(self, _index: int) -> None:
        span = self.span()
        if span is not None:
            # The first week back is usually for settling in; forums start a week later.
            self.first_on.set_value(span.starts_on + timedelta(days=7))
        self._on_inputs_changed()

    def _on_inputs_changed(self, *_args: object) -> None:
        span = self.span()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.errors.clear()
        if span is None:
            self.preview.setText("Enter the term dates first (Term dates...).")
            ok.setEnabled(False)
            return
        try:
            schedule = series_schedule(self.plan(), span)
        except ValidationError as error:
            self.preview.setText("")
            self._show_quietly(error.errors)
            ok.setEnabled(False)
            return
        lines = []
        kept = 0
        for day, why in schedule:
            if why:
                lines.append(f"<s>{long_date(day)}</s> &nbsp;skipped: {why}")
            else:
                kept += 1
                lines.append(f"<b>{long_date(day)}</b>")
        self.preview.setText("<br>".join(lines) or "No dates fall in this term.")
        ok.setText(f"Create {kept} meeting{'s' if kept != 1 else ''}")
        ok.setEnabled(kept > 0)

    def _show_quietly(self, errors: dict[str, str]) -> None:
        """Show ``errors`` beside their fields without taking the focus from the one typed in."""
        for name, message in errors.items():
            box = self.errors.box(name)
            if box is not None:
                box.show_message(message)
            else:
                self.error.setText(f"{self.error.text()}\n{message}".strip())
                self.error.setVisible(True)

    def _on_buttons_accepted(self) -> None:
        span = self.span()
        if span is None:
            return
        kind = MeetingKind(self.kind.currentData())
        remember = self.remember.isChecked() and kind == MeetingKind.FORUM
        perform(
            self,
            self._notifier,
            "Meetings not created",
            lambda: self._create(kind, span, remember),
            # Remembering the number of cases is a setting too.
            (Area.MEETINGS, Area.SETTINGS) if remember else (Area.MEETINGS,),
            errors=self.errors,
            on_success=self._on_created,
        )

    def _create(self, kind: MeetingKind, span: TermSpan, remember: bool) -> list[int]:
        if remember:
            set_cases_per_meeting(self._store, self.capacity.value(), self._cases_version)
        return create_series(
            self._store, kind, span, self.plan(), self.link.text(), self.capacity.value()
        )

    def _on_created(self, created: list[int]) -> None:
        self.created = created
        self.accept()
