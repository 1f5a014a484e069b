"""Dialogs of the rosters: place a pupil, end a placement, record a review or a visit."""

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
from slip_desktop.domain.enums import EndOutcome, Programme, ReturnAnswer
from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.domain.reviews import REVIEW_RULE
from slip_desktop.views.rosters.widgets import FormErrors, date_edit, set_date, to_date

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
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._row = row
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
        self.starts_on = date_edit(_next_monday(today), self)
        self.starts_on.dateChanged.connect(self._on_starts_on_date_changed)
        form.addRow("&Start date", self.starts_on)
        self.places_hint = QLabel("", self)
        form.addRow("", self.places_hint)
        default_end = (
            today + timedelta(weeks=8, days=-3)
            if needs_mentor(programme)
            else date(today.year + (today.month >= 9), 7, 16)
        )
        self.planned_end_on = date_edit(default_end, self)
        form.addRow("Planned &end", self.planned_end_on)
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
        if programme == Programme.RESET:
            form.addRow("Reset &group", self.group)
            form.addRow("&Days at centre", self.centre_days)
            form.addRow("", self.days_hint)
        elif row.centre.name in ("WIGSTON", "AP", "PLC"):
            form.addRow("&Days at centre", self.centre_days)
            form.addRow("", self.days_hint)
        self.provider = QComboBox(self)
        self.provider.addItem("(choose a provider)", None)
        for choice in providers:
            self.provider.addItem(choice.label, choice.id)
        if needs_provider(programme):
            form.addRow("AP &provider", self.provider)
        self.mentor = QComboBox(self)
        self.mentor.addItem("(choose a mentor)", None)
        for choice in mentors:
            self.mentor.addItem(choice.label, choice.id)
        if needs_mentor(programme):
            form.addRow("&Mentor", self.mentor)
        self.notes = QLineEdit(self)
        form.addRow("&Notes", self.notes)
        for widget in (self.group, self.centre_days, self.days_hint, self.provider, self.mentor):
            # Fields this programme does not use stay out of the form and out of sight.
            widget.setVisible(form.indexOf(widget) >= 0)
        self.message = QLabel("", self)
        self.errors = FormErrors(
            form,
            {
                "starts_on": self.starts_on,
                "planned_end_on": self.planned_end_on,
                "group_name": self.group,
                "centre_days": self.centre_days,
                "provider_id": self.provider,
                "mentor_id": self.mentor,
            },
            self.message,
        )
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
            starts_on=to_date(self.starts_on),
            planned_end_on=None if reset else to_date(self.planned_end_on),
            group_name=RESET_GROUPS[self.group.currentIndex()] if reset else "",
            centre_days=self.centre_days.currentText().strip(),
            provider_id=self.provider.currentData(),
            mentor_id=self.mentor.currentData(),
            notes=self.notes.text(),
        )

    def _on_starts_on_date_changed(self, *_args: object) -> None:
        start = to_date(self.starts_on)
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
        self.places_hint.setText(f"Free places on {start:%d %b}: {'; '.join(free)}" if free else "")
        if self._row.programme == Programme.RESET:
            end = reset_planned_end(to_date(self.starts_on), self._closed)
            set_date(self.planned_end_on, end)
            self.planned_end_on.setEnabled(False)
            self.end_hint.setText(
                f"A Reset cohort lasts seven teaching weeks: ends {end:%a %d %b %Y}."
            )

    def _on_centre_days_current_text_changed(self, text: str) -> None:
        self.days_hint.setText(f"At the centre: {describe_days(text)}")

    def _on_place_button_clicked(self) -> None:
        self.errors.clear()
        try:
            place_pupil(self._store, self.request())
        except ValidationError as error:
            self.errors.show(error)
            return
        except CapacityError as error:
            # The pupil is now on the waiting list: say why and only offer Close.
            self.changed = True
            self.errors.show(error)
            self.place_button.setEnabled(False)
            self.wait_button.setEnabled(False)
            self.close_button.setText("Close")
            return
        except DomainError as error:
            self.errors.show(error)
            return
        self.changed = True
        self.accept()

    def _on_wait_button_clicked(self) -> None:
        try:
            waitlist(self._store, self._row.id, self.notes.text())
        except DomainError as error:
            self.errors.show(error)
            return
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
        self, store: Store, row: PlacementRow, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._row = row
        self.setWindowTitle(f"End placement: {row.name}")
        form = QFormLayout()
        end = today if row.planned_end_on is None else min(today, row.planned_end_on)
        self.ended_on = date_edit(end, self)
        form.addRow("&Last day", self.ended_on)
        self.outcome = QComboBox(self)
        for outcome in EndOutcome:
            self.outcome.addItem(outcome.label, outcome)
        form.addRow("&Outcome", self.outcome)
        self.notes = QLineEdit(self)
        form.addRow("&Notes", self.notes)
        self.message = QLabel("", self)
        self.errors = FormErrors(form, {"ended_on": self.ended_on}, self.message)
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
        try:
            end_placement(
                self._store,
                self._row.id,
                to_date(self.ended_on),
                self.outcome.currentData(),
                self.notes.text(),
            )
        except DomainError as error:
            self.errors.show(error)
            return
        self.accept()


class ReviewDialog(QDialog):
    """Record a held review: able to return to mainstream?, who attended, next step."""

    def __init__(
        self, store: Store, row: ReviewRow, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._row = row
        self._today = today
        self.setWindowTitle(f"Review: {row.name}")
        rule = QLabel(REVIEW_RULE, self)
        rule.setWordWrap(True)
        form = QFormLayout()
        self.held_on = date_edit(today, self)
        form.addRow("&Held on", self.held_on)
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
        form.addRow("Is this pupil able to\nreturn to mainstream?", answers)
        self.attendees = QLineEdit(self)
        link = school_link(store, row.placement_id)
        self.attendees.setText(f"{link} (school link); parent/carer" if link else "")
        form.addRow("Who &attended", self.attendees)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        form.addRow("N&otes", self.notes)
        self.next_step = QLineEdit(self)
        form.addRow("Next &step", self.next_step)
        self.message = QLabel("", self)
        self.errors = FormErrors(
            form,
            {
                "held_on": self.held_on,
                "able_to_return": answers,
                "attendees": self.attendees,
                "next_step": self.next_step,
            },
            self.message,
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"<b>{row.name}</b>, {row.school}: {row.programme.label}"
                f"<br>Review due {row.due_on:%a %d %b %Y}",
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
        record = ReviewRecord(
            self._row.id,
            to_date(self.held_on),
            self.answer(),
            self.attendees.text(),
            self.notes.toPlainText(),
            self.next_step.text(),
        )
        try:
            record_review(self._store, record, self._today)
        except DomainError as error:
            self.errors.show(error)
            return
        self.accept()


class VisitDialog(QDialog):
    """Record a visit by the school's named link to a placed pupil."""

    def __init__(
        self,
        store: Store,
        placement_id: int,
        pupil: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._placement_id = placement_id
        self._today = today
        self.setWindowTitle(f"School visit: {pupil}")
        form = QFormLayout()
        self.visited_on = date_edit(today, self)
        form.addRow("&Visited on", self.visited_on)
        self.visitor = QLineEdit(school_link(store, placement_id), self)
        form.addRow("&School's link", self.visitor)
        self.notes = QLineEdit(self)
        form.addRow("&Notes", self.notes)
        self.message = QLabel("", self)
        self.errors = FormErrors(
            form, {"visited_on": self.visited_on, "visitor_name": self.visitor}, self.message
        )
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
        try:
            record_visit(
                self._store,
                self._placement_id,
                to_date(self.visited_on),
                self.visitor.text(),
                self.notes.text(),
                self._today,
            )
        except DomainError as error:
            self.errors.show(error)
            return
        self.accept()
