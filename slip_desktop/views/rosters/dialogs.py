"""Dialogs of the rosters: place a pupil, end a placement, record a review or a visit.

Each records through the operations helper: a refusal is said beside its field with
everything typed kept, and a write is announced through the notifier once, as it closes.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.reviews import ReviewRecord, ReviewRow, record_review
from slip_desktop.db.rosters import (
    Choice,
    PlacementRow,
    PlaceRequest,
    closures,
    end_placement,
    place_pupil,
    pools_on,
    waitlist,
)
from slip_desktop.db.store import Store
from slip_desktop.db.visits import record_visit, school_link
from slip_desktop.domain.attendance import describe_days
from slip_desktop.domain.capacity import (
    POOLS,
    RESET_GROUPS,
    CapacityError,
    needs_mentor,
    needs_provider,
    pool_key,
    reset_planned_end,
)
from slip_desktop.domain.date_style import long_date, short_date
from slip_desktop.domain.enums import EndOutcome, Programme, ReturnAnswer
from slip_desktop.domain.programmes import info
from slip_desktop.domain.reviews import REVIEW_RULE
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import check_dates, required_date
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform, save_and_close
from slip_desktop.ui.weekday_checks import WeekdayChecks
from slip_desktop.views.rosters.widgets import date_field

#: What every dialog here changes: a pupil's placement, its reviews or visits.
PLACEMENT_CHANGES = (Area.PLACEMENTS,)

POOLS_BY_LABEL = {pool.label: key for key, pool in POOLS.items()}
#: The two usual Reset patterns: 2.5 days at the centre, the rest in school.
RESET_PATTERNS = ("mon,tue,wed-am", "wed-pm,thu,fri")


def _next_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7 or 7)


class PlaceDialog(QDialog):
    """Place a requested or waiting pupil: start date, group and days, provider or mentor.

    A refusal for capacity keeps the dialog open with the reason; the pupil is
    then on the waiting list and the only way on is Close.
    """

    def __init__(
        self,
        store: Store,
        row: PlacementRow,
        today: date,
        mentors: list[Choice],
        providers: list[Choice],
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._row = row
        self._notifier = notifier
        self._closed = closures(store)
        self.changed = False
        self.setWindowTitle(f"Place {row.name}")
        programme = row.programme
        intro = QLabel(
            f"<b>{row.name}</b>, Year {row.year_group}, {row.school}<br>"
            f"Programme: {programme.label}",
            self,
        )
        form = QFormLayout()
        self.message = QLabel("", self)
        self.errors = FieldErrors(self.message)
        self.starts_on = date_field(_next_monday(today), self)
        self.starts_on.date_changed.connect(self._on_starts_on_date_changed)
        self.errors.add_row(form, "starts_on", "&Start date", self.starts_on)
        self.places_hint = QLabel("", self)
        form.addRow("", self.places_hint)
        default_end = (
            today + timedelta(weeks=8, days=-3)
            if needs_mentor(programme)
            else date(today.year + (today.month >= 9), 7, 16)
        )
        self.planned_end_on = date_field(default_end, self)
        self.errors.add_row(form, "planned_end_on", "Planned &end", self.planned_end_on)
        self.end_hint = QLabel("", self)
        form.addRow("", self.end_hint)
        self.group = QComboBox(self)
        self.group.addItems([f"Group {g}" for g in RESET_GROUPS])
        self.centre_days = QComboBox(self)
        self.centre_days.setEditable(True)
        self.centre_days.addItems(
            RESET_PATTERNS if programme == Programme.RESET else ["", "tue,thu"]
        )
        self.days_hint = QLabel("", self)
        self.centre_days.currentTextChanged.connect(self._on_centre_days_current_text_changed)
        # Fields this programme does not use stay out of the form and out of sight; their
        # errors (there should be none) go to the message line under the form.
        used: list[QWidget] = []
        if programme == Programme.RESET:
            self.errors.add_row(form, "group_name", "Reset &group", self.group)
            used.append(self.group)
        if programme == Programme.RESET or row.centre.name in ("WIGSTON", "AP", "PLC"):
            self.errors.add_row(form, "centre_days", "&Days at centre", self.centre_days)
            form.addRow("", self.days_hint)
            used += [self.centre_days, self.days_hint]
        self.provider = QComboBox(self)
        self.provider.addItem("(choose a provider)", None)
        for choice in providers:
            self.provider.addItem(choice.label, choice.id)
        if needs_provider(programme):
            self.errors.add_row(form, "provider_id", "AP &provider", self.provider)
            used.append(self.provider)
        entry = info(programme)
        # Tier 3 is charged for the weekdays booked: Mon+Wed+Fri is 3 days a week.
        self._books_weekdays = entry.booked_weekdays
        self._has_ap_time = entry.ap_component
        self.weekdays = WeekdayChecks(
            row.weekdays or ("tue,thu" if entry.booked_weekdays else ""), self
        )
        if entry.booked_weekdays:
            self.errors.add_row(form, "weekdays", "&Booked weekdays", self.weekdays)
            used.append(self.weekdays)
        # KS3 long-term and pathways 1-2 spend some days with an AP provider.
        self.ap_provider = QComboBox(self)
        self.ap_provider.addItem("(no AP time)", None)
        for choice in providers:
            self.ap_provider.addItem(choice.label, choice.id)
        self.ap_days = WeekdayChecks(row.ap_days, self)
        if entry.ap_component:
            self.errors.add_row(form, "ap_provider_id", "AP pro&vider (AP time)", self.ap_provider)
            self.errors.add_row(form, "ap_days", "&AP days", self.ap_days)
            used += [self.ap_provider, self.ap_days]
        self.mentor = QComboBox(self)
        self.mentor.addItem("(choose a mentor)", None)
        for choice in mentors:
            self.mentor.addItem(choice.label, choice.id)
        if needs_mentor(programme):
            self.errors.add_row(form, "mentor_id", "&Mentor", self.mentor)
            used.append(self.mentor)
        self.notes = QLineEdit(self)
        form.addRow("&Notes", self.notes)
        for widget in (
            self.group,
            self.centre_days,
            self.days_hint,
            self.provider,
            self.mentor,
            self.weekdays,
            self.ap_provider,
            self.ap_days,
        ):
            widget.setVisible(widget in used)
        self.buttons = QDialogButtonBox(self)
        self.place_button = QPushButton("&Place pupil", self)
        self.place_button.setDefault(True)
        self.wait_button = QPushButton("Put on &waiting list", self)
        self.close_button = QPushButton("Cancel", self)
        self.buttons.addButton(self.place_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.wait_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.wait_button.setEnabled(row.status.value == "requested")
        self.place_button.clicked.connect(self._on_place_button_clicked)
        self.wait_button.clicked.connect(self._on_wait_button_clicked)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._on_starts_on_date_changed()
        self._on_centre_days_current_text_changed(self.centre_days.currentText())
        self.starts_on.setFocus()

    def request(self) -> PlaceRequest:
        """Return what the form holds."""
        reset = self._row.programme == Programme.RESET
        return PlaceRequest(
            placement_id=self._row.id,
            starts_on=self.starts_on.value(),
            planned_end_on=None if reset else self.planned_end_on.value(),
            group_name=RESET_GROUPS[self.group.currentIndex()] if reset else "",
            centre_days=self.centre_days.currentText().strip(),
            provider_id=self.provider.currentData(),
            mentor_id=self.mentor.currentData(),
            notes=self.notes.text(),
            weekdays=self.weekdays.text() if self._books_weekdays else "",
            ap_provider_id=self.ap_provider.currentData() if self._has_ap_time else None,
            ap_days=self.ap_days.text() if self._has_ap_time else "",
        )

    def _on_starts_on_date_changed(self, *_args: object) -> None:
        start = self.starts_on.value()
        if start is None:
            self.places_hint.setText("")
            return
        wanted = (
            {"reset-A", "reset-B"}
            if self._row.programme == Programme.RESET
            else {pool_key(self._row.programme)}
        )
        free = [
            f"{p.label}: {p.free} of {p.places}"
            for p in pools_on(self._store, start)
            if p.places is not None and POOLS_BY_LABEL[p.label] in wanted
        ]
        self.places_hint.setText(
            f"Free places on {short_date(start)}: {'; '.join(free)}" if free else ""
        )
        if self._row.programme == Programme.RESET:
            end = reset_planned_end(start, self._closed)
            self.planned_end_on.set_value(end)
            self.planned_end_on.setEnabled(False)
            self.end_hint.setText(
                f"A Reset cohort lasts seven teaching weeks: ends {long_date(end)}."
            )

    def _on_centre_days_current_text_changed(self, text: str) -> None:
        self.days_hint.setText(f"At the centre: {describe_days(text)}")

    def _on_place_button_clicked(self) -> None:
        self.errors.clear()
        perform(
            self,
            self._notifier,
            "Pupil not placed",
            self._place,
            PLACEMENT_CHANGES,
            errors=self.errors,
            on_success=self._on_pupil_placed,
        )

    def _place(self) -> CapacityError | None:
        check_dates({"starts_on": self.starts_on, "planned_end_on": self.planned_end_on})
        try:
            place_pupil(self._store, self.request(), version=self._row.version)
        except CapacityError as refused:
            # Not a failure to report: the pupil has joined the waiting list, a change.
            return refused
        return None

    def _on_pupil_placed(self, refused: CapacityError | None) -> None:
        self.changed = True
        if refused is None:
            self.accept()
            return
        # The pupil is now on the waiting list: say why and only offer Close.
        self.errors.show({refused.field: refused.message})
        self.place_button.setEnabled(False)
        self.wait_button.setEnabled(False)
        self.close_button.setText("Close")

    def _on_wait_button_clicked(self) -> None:
        self.errors.clear()
        perform(
            self,
            self._notifier,
            "Pupil not put on the waiting list",
            lambda: waitlist(
                self._store, self._row.id, self.notes.text(), version=self._row.version
            ),
            PLACEMENT_CHANGES,
            errors=self.errors,
            on_success=lambda _none: self._on_pupil_waitlisted(),
        )

    def _on_pupil_waitlisted(self) -> None:
        self.changed = True
        self.accept()

    def _on_close_button_clicked(self) -> None:
        if self.changed:
            self.accept()
        else:
            self.reject()


class EndDialog(QDialog):
    """End a placement and record how it ended."""

    def __init__(
        self,
        store: Store,
        row: PlacementRow,
        today: date,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._row = row
        self._notifier = notifier
        self.setWindowTitle(f"End placement: {row.name}")
        form = QFormLayout()
        self.message = QLabel("", self)
        self.errors = FieldErrors(self.message)
        end = today if row.planned_end_on is None else min(today, row.planned_end_on)
        self.ended_on = date_field(end, self)
        self.errors.add_row(form, "ended_on", "&Last day", self.ended_on)
        self.outcome = QComboBox(self)
        for outcome in EndOutcome:
            self.outcome.addItem(outcome.label, outcome)
        form.addRow("&Outcome", self.outcome)
        self.notes = QLineEdit(self)
        form.addRow("&Notes", self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&End placement")
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{row.name}</b>: {row.programme.label}", self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        save_and_close(
            self,
            self._notifier,
            "Placement not ended",
            self._end,
            PLACEMENT_CHANGES,
            errors=self.errors,
        )

    def _end(self) -> None:
        end_placement(
            self._store,
            self._row.id,
            required_date("ended_on", self.ended_on, "Give the last day of the placement."),
            self.outcome.currentData(),
            self.notes.text(),
            version=self._row.version,
        )


class ReviewDialog(QDialog):
    """Record a held review: able to return to mainstream?, who attended, next step."""

    def __init__(
        self,
        store: Store,
        row: ReviewRow,
        today: date,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._row = row
        self._today = today
        self._notifier = notifier
        self.setWindowTitle(f"Review: {row.name}")
        rule = QLabel(REVIEW_RULE, self)
        rule.setWordWrap(True)
        form = QFormLayout()
        self.message = QLabel("", self)
        self.errors = FieldErrors(self.message)
        self.held_on = date_field(today, self)
        self.errors.add_row(form, "held_on", "&Held on", self.held_on)
        answers = QWidget(self)
        answer_layout = QHBoxLayout(answers)
        answer_layout.setContentsMargins(0, 0, 0, 0)
        self.answer_group = QButtonGroup(self)
        self.answer_buttons: dict[ReturnAnswer, QRadioButton] = {}
        for answer in ReturnAnswer:
            button = QRadioButton(answer.label, answers)
            self.answer_group.addButton(button)
            self.answer_buttons[answer] = button
            answer_layout.addWidget(button)
        self.errors.add_row(
            form, "able_to_return", "Is this pupil able to\nreturn to mainstream?", answers
        )
        self.attendees = QLineEdit(self)
        link = school_link(store, row.placement_id)
        self.attendees.setText(f"{link} (school link); parent/carer" if link else "")
        self.errors.add_row(form, "attendees", "Who &attended", self.attendees)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        form.addRow("N&otes", self.notes)
        self.next_step = QLineEdit(self)
        self.errors.add_row(form, "next_step", "Next &step", self.next_step)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"<b>{row.name}</b>, {row.school}: {row.programme.label}"
                f"<br>Review due {long_date(row.due_on)}",
                self,
            )
        )
        layout.addWidget(rule)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def answer(self) -> ReturnAnswer | None:
        """Return the chosen answer, or None."""
        for answer, button in self.answer_buttons.items():
            if button.isChecked():
                return answer
        return None

    def _on_buttons_accepted(self) -> None:
        save_and_close(
            self,
            self._notifier,
            "Review not recorded",
            self._record,
            PLACEMENT_CHANGES,
            errors=self.errors,
        )

    def _record(self) -> None:
        check_dates({"held_on": self.held_on})
        record = ReviewRecord(
            self._row.id,
            self.held_on.value(),
            self.answer(),
            self.attendees.text(),
            self.notes.toPlainText(),
            self.next_step.text(),
        )
        record_review(self._store, record, self._today)


class VisitDialog(QDialog):
    """Record a visit by the school's named link to a placed pupil."""

    def __init__(
        self,
        store: Store,
        placement_id: int,
        pupil: str,
        today: date,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._placement_id = placement_id
        self._today = today
        self._notifier = notifier
        self.setWindowTitle(f"School visit: {pupil}")
        form = QFormLayout()
        self.message = QLabel("", self)
        self.errors = FieldErrors(self.message)
        self.visited_on = date_field(today, self)
        self.errors.add_row(form, "visited_on", "&Visited on", self.visited_on)
        self.visitor = QLineEdit(school_link(store, placement_id), self)
        self.errors.add_row(form, "visitor_name", "&School's link", self.visitor)
        self.notes = QLineEdit(self)
        form.addRow("&Notes", self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{pupil}</b>", self))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        save_and_close(
            self,
            self._notifier,
            "Visit not recorded",
            self._record,
            PLACEMENT_CHANGES,
            errors=self.errors,
        )

    def _record(self) -> int:
        return record_visit(
            self._store,
            self._placement_id,
            required_date("visited_on", self.visited_on, "Give the date of the visit."),
            self.visitor.text(),
            self.notes.text(),
            self._today,
        )
