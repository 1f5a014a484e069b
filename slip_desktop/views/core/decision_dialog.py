"""The dialog that records one Core Meeting decision, its rationale and what it starts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.core import CoreCard, Option
from slip_desktop.db.managed_moves import SchoolOption
from slip_desktop.domain.core_outcomes import (
    OUTSIDE_PROGRAMMES,
    TIER2_PROGRAMMES,
    TIER4_PROGRAMMES,
    DecisionRequest,
    MoveRequest,
)
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.enums import CoreOutcome, MoveKind, Programme
from slip_desktop.domain.errors import DomainError
from slip_desktop.domain.programmes import info, programme_key_stage
from slip_desktop.domain.school_year import key_stage_label
from slip_desktop.ui.form_errors import FieldBox, FieldErrors, show_unexpected
from slip_desktop.ui.form_inputs import DateField, check_dates
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform, perform_in_background, show_domain_error
from slip_desktop.ui.weekday_checks import WeekdayChecks

#: The submit callback records the decision and returns a line saying what it started.
Submit = Callable[[DecisionRequest], str]

#: What one Core decision (or undoing one) changes: the decision, the referral, the forum
#: agenda a case sent back is booked on, and the rosters' request it may start.
DECISION_CHANGES = (Area.DECISIONS, Area.REFERRALS, Area.MEETINGS, Area.PLACEMENTS)


def _date_field(day: date) -> DateField:
    field = DateField(day)
    field.set_value(day)
    return field


def _programme(combo: QComboBox) -> Programme | None:
    # Qt hands a StrEnum back as a plain str: turn it into the member again.
    value = combo.currentData()
    return Programme(value) if value else None


def next_monday(after: date) -> date:
    """Return the first Monday after ``after``."""
    return after + timedelta(days=7 - after.weekday())


class CoreDecisionDialog(QDialog):
    """Asks for the rationale and the details one outcome needs, then records it.

    The dialog stays open and keeps everything typed when the decision is refused;
    the message appears beside the field it concerns. A recorded decision is announced
    through ``notifier`` (once, with every area it changes) after the dialog closes.
    """

    def __init__(
        self,
        card: CoreCard,
        outcome: CoreOutcome,
        decided_by: str,
        meeting_on: date,
        submit: Submit,
        mentors: Sequence[Option],
        schools: Sequence[SchoolOption],
        next_forum_on: date | None,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
        background: bool = False,
    ) -> None:
        super().__init__(parent)
        self.card = card
        self.outcome = outcome
        self._submit = submit
        self._notifier = notifier
        #: Record in a worker thread (the window: a commit can wait on the disk).
        self._background = background
        #: True while a decision is being recorded in the background.
        self.recording = False
        self.started = ""
        self.setWindowTitle(f"{outcome.label}: {card.pupil_name}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        heading = QLabel(
            f"<b>{card.pupil_name}</b> - {card.school}, {card.key_stage_text}, "
            f"SEND: {card.send_status.label}, {card.attendance_text}<br>"
            f"Outcome: <b>{outcome.label}</b>",
            self,
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.general_error = QLabel(self)
        layout.addWidget(self.general_error)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.errors = FieldErrors(self.general_error)

        self.rationale = QPlainTextEdit(self)
        self.rationale.setPlaceholderText(
            "Why the meeting decided this (a sentence for the minutes)"
        )
        self.rationale.setTabChangesFocus(True)
        self.rationale.setFixedHeight(64)
        self._row("&Rationale:", self.rationale, "rationale")
        self.decided_by = QLineEdit(decided_by, self)
        self._row("Decided &by:", self.decided_by, "decided_by")

        # Built without a parent: only the widgets this outcome lays out are placed (the
        # rest are given to the dialog, hidden, once it is built).
        self.advice = QPlainTextEdit()
        self.advice.setTabChangesFocus(True)
        self.advice.setFixedHeight(64)
        self.programme = QComboBox()
        self.weeks = QSpinBox()
        self.weekdays = WeekdayChecks("tue,thu")
        self.mentor = QComboBox()
        self.starts_on = _date_field(next_monday(meeting_on))
        self.move_box = QGroupBox("Managed move or fresh start")
        self.tier2_choice = QRadioButton("Tier-2 &programme in school")
        self.move_choice = QRadioButton("&Managed move or fresh start")
        self.move_kind = QComboBox()
        self.receiving = QComboBox()
        self.move_starts = _date_field(next_monday(meeting_on))
        self.trial_ends = _date_field(next_monday(meeting_on) + timedelta(weeks=6))
        self.guaranteed = QCheckBox("Offered &instead of a tier-4 place (guarantee)")
        self.guarantee_programme = QComboBox()

        if outcome == CoreOutcome.BACK_TO_FORUM:
            where = (
                f"A new forum referral will be booked onto the Inclusion Forum on "
                f"{long_date(next_forum_on)}."
                if next_forum_on
                else "No Inclusion Forum after this meeting has room: add one on the Forum "
                "calendar first."
            )
            note = QLabel(where, self)
            note.setWordWrap(True)
            self._row("Books:", note, "outcome")
        elif outcome == CoreOutcome.SCHOOL_CONTINUES:
            self.advice.setPlaceholderText("The advice shared at Core that the school will follow")
            self._row("&Advice:", self.advice, "advice")
            note = QLabel(
                "The partnership referral will close. A closed referral cannot be undone."
            )
            note.setWordWrap(True)
            self.form.addRow("", note)
        elif outcome == CoreOutcome.IN_SCHOOL_SUPPORT:
            self._build_in_school(mentors, schools)
        else:
            self._build_outside()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record &decision")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._keep_unused_fields()
        # Ctrl+Enter records from inside the text boxes, where Enter starts a new line.
        self.rationale.installEventFilter(self)
        self.advice.installEventFilter(self)
        self.rationale.setFocus()

    # -- building -------------------------------------------------------
    def _keep_unused_fields(self) -> None:
        """Give the fields this outcome does not lay out to the dialog, hidden.

        Left without a parent they were windows of their own, owned by Python alone, and
        freed by its garbage collector in whatever order a cycle is cleared.
        """
        for field in (
            self.advice,
            self.programme,
            self.weeks,
            self.weekdays,
            self.mentor,
            self.starts_on,
            self.move_box,
            self.tier2_choice,
            self.move_choice,
            self.move_kind,
            self.receiving,
            self.move_starts,
            self.trial_ends,
            self.guaranteed,
            self.guarantee_programme,
        ):
            if field.parentWidget() is None:
                field.setParent(self)
                field.hide()

    def _row(self, label: str, widget: QWidget, field: str) -> FieldBox:
        # The label's buddy is the box, whose focus goes to the field: &-keys land there.
        return self.errors.add_row(self.form, field, label, widget)

    def _build_in_school(self, mentors: Sequence[Option], schools: Sequence[SchoolOption]) -> None:
        group = QButtonGroup(self)
        group.addButton(self.tier2_choice)
        group.addButton(self.move_choice)
        self.tier2_choice.setChecked(True)
        self.form.addRow("", self.tier2_choice)
        for programme in TIER2_PROGRAMMES:
            self.programme.addItem(programme.label, programme)
        self._row("Pro&gramme:", self.programme, "programme")
        self.weeks.setRange(6, 8)
        self.weeks.setValue(6)
        self.weeks.setSuffix(" weeks")
        self._row("&Length:", self.weeks, "weeks")
        self.mentor.addItem("Choose a learning mentor", None)
        for mentor in mentors:
            self.mentor.addItem(mentor.label, mentor.id)
        self._row("Learning me&ntor:", self.mentor, "mentor_id")
        self._starts_box = self._row("&Starts:", self.starts_on, "starts_on")
        self.form.addRow("", self.move_choice)
        move_form = QFormLayout(self.move_box)
        for kind in MoveKind:
            self.move_kind.addItem(kind.label, kind)
        move_form.addRow("Kind:", self.move_kind)
        self.receiving.addItem("Choose the receiving school", None)
        for school in schools:
            if school.id != self.card.school_id:
                self.receiving.addItem(school.name, school.id)
        self.errors.add_row(move_form, "receiving_school_id", "Receiving school:", self.receiving)
        self._move_starts_box = self.errors.add_row(
            move_form, "move_starts_on", "Move starts:", self.move_starts
        )
        self.errors.add_row(move_form, "trial_ends_on", "Trial ends:", self.trial_ends)
        move_form.addRow("", self.guaranteed)
        self.guarantee_programme.addItem("Tier-4 place it stands in for", None)
        for programme in TIER4_PROGRAMMES:
            self.guarantee_programme.addItem(programme.label, programme)
        self.errors.add_row(
            move_form, "guarantee_programme", "Guaranteed place:", self.guarantee_programme
        )
        self.form.addRow(self.move_box)
        self.tier2_choice.toggled.connect(self._on_tier2_choice_toggled)
        self.guaranteed.toggled.connect(self._on_guaranteed_toggled)
        self._on_tier2_choice_toggled(True)

    def _build_outside(self) -> None:
        stage = 4 if key_stage_label(self.card.year_group) == "KS4" else 3
        ordered = [*OUTSIDE_PROGRAMMES[stage], *OUTSIDE_PROGRAMMES[7 - stage]]
        for programme in ordered:
            self.programme.addItem(
                f"{programme.label}  (KS{programme_key_stage(programme)})", programme
            )
        self._row("Pro&gramme:", self.programme, "programme")
        # Tier 3 is booked (and charged) by weekday: Mon+Wed+Fri is 3 days a week.
        self._row("Booked &weekdays:", self.weekdays, "weekdays")
        self.programme.currentIndexChanged.connect(self._on_programme_current_index_changed)
        self._on_programme_current_index_changed()
        note = QLabel(
            "Goes to the Centre rosters as a placement request; the rosters give the start "
            "date, group and provider.",
            self,
        )
        note.setWordWrap(True)
        self.form.addRow("", note)

    # -- reading --------------------------------------------------------
    def request(self) -> DecisionRequest:
        """Return what the coordinator entered."""
        move = None
        programme: Programme | None = None
        weeks = mentor_id = None
        starts_on = None
        if self.outcome == CoreOutcome.IN_SCHOOL_SUPPORT:
            if self.move_choice.isChecked():
                move = MoveRequest(
                    kind=MoveKind(self.move_kind.currentData()),
                    receiving_school_id=self.receiving.currentData(),
                    starts_on=self.move_starts.value(),
                    trial_ends_on=self.trial_ends.value(),
                    guaranteed=self.guaranteed.isChecked(),
                    guarantee_programme=_programme(self.guarantee_programme),
                )
            else:
                programme = _programme(self.programme)
                weeks = self.weeks.value()
                mentor_id = self.mentor.currentData()
                starts_on = self.starts_on.value()
        elif self.outcome == CoreOutcome.OUTSIDE_PROGRAMME:
            programme = _programme(self.programme)
        books = programme is not None and info(programme).booked_weekdays
        return DecisionRequest(
            outcome=self.outcome,
            rationale=self.rationale.toPlainText(),
            decided_by=self.decided_by.text(),
            advice=self.advice.toPlainText(),
            programme=programme,
            weeks=weeks,
            mentor_id=mentor_id,
            starts_on=starts_on,
            move=move,
            weekdays=self.weekdays.text() if books else "",
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field; one for no known field goes on top."""
        self.errors.show(errors)

    # -- slots ----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._on_buttons_accepted()
            return True
        return super().eventFilter(watched, event)

    def _on_tier2_choice_toggled(self, checked: bool) -> None:
        for widget in (self.programme, self.weeks, self.mentor, self.starts_on):
            widget.setEnabled(self.tier2_choice.isChecked())
        self.move_box.setEnabled(self.move_choice.isChecked())
        # The domain names a move's start "starts_on" too: it shows beside the move's date.
        moving = self.move_choice.isChecked()
        self.errors.add("starts_on", self._move_starts_box if moving else self._starts_box)
        self._on_guaranteed_toggled(self.guaranteed.isChecked())

    def _on_programme_current_index_changed(self, *_args: object) -> None:
        programme = _programme(self.programme)
        self.weekdays.setEnabled(programme is not None and info(programme).booked_weekdays)

    def _on_guaranteed_toggled(self, checked: bool) -> None:
        self.guarantee_programme.setEnabled(checked and self.move_choice.isChecked())

    def _on_buttons_accepted(self) -> None:
        self.errors.clear()
        if self._background:
            self._record_in_background()
            return
        perform(
            self,
            self._notifier,
            "Decision not recorded",
            self._record,
            DECISION_CHANGES,
            errors=self.errors,
            on_success=self._on_decision_recorded,
        )

    def _record_in_background(self) -> None:
        if self.recording:
            return  # Enter pressed again while the first one is being recorded
        try:
            request = self._checked_request()
        except DomainError as error:
            show_domain_error(self, "Decision not recorded", error, self.errors)
            return
        except Exception:  # noqa: BLE001 - a bug: logged with its traceback, explained plainly
            show_unexpected(self, "Decision not recorded")
            return
        self.recording = True
        submit = self._submit

        def done(started: str) -> None:
            self.recording = False
            self._on_decision_recorded(started)

        def refused(_error: DomainError) -> None:
            self.recording = False

        task = perform_in_background(
            self,
            self._notifier,
            "Decision not recorded",
            lambda: submit(request),
            DECISION_CHANGES,
            busy=(self.buttons,),
            errors=self.errors,
            on_success=done,
            on_refused=refused,
        )
        # A bug (not a broken rule) is shown by perform; the dialog can be used again.
        task.done.connect(lambda: setattr(self, "recording", False))

    def _checked_request(self) -> DecisionRequest:
        if self.outcome == CoreOutcome.IN_SCHOOL_SUPPORT:
            if self.move_choice.isChecked():
                check_dates({"move_starts_on": self.move_starts, "trial_ends_on": self.trial_ends})
            else:
                check_dates({"starts_on": self.starts_on})
        return self.request()

    def _record(self) -> str:
        return self._submit(self._checked_request())

    def _on_decision_recorded(self, started: str) -> None:
        self.started = started
        self.accept()
