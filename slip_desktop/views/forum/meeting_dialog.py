"""The dialog that adds one meeting, or moves, re-times or re-links an existing one."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.meetings import (
    add_meeting,
    cases_per_meeting,
    get_meeting,
    meeting_version,
    update_meeting,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.calendar import is_bank_holiday
from slip_desktop.domain.enums import MeetingKind, MeetingStatus
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform, save_and_close


class MeetingDialog(QDialog):
    """Adds a single meeting (``meeting_id`` None) or edits one: date, time, link, status.

    A moved meeting keeps its calendar identity, so an exported calendar updates.
    Saving announces the change on ``notifier`` (the meetings; an edit also touches the
    referrals booked on it); a refusal is shown beside its field, keeping what was typed.
    """

    def __init__(
        self,
        store: Store,
        meeting_id: int | None = None,
        on_day: date | None = None,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self.meeting_id = meeting_id
        self.setWindowTitle("Add a meeting" if meeting_id is None else "Edit meeting")
        self.kind = QComboBox(self)
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind)
        self.meets_on = DateField(parent=self)
        self.starts_at = QTimeEdit(self)
        self.ends_at = QTimeEdit(self)
        for edit in (self.starts_at, self.ends_at):
            edit.setDisplayFormat("HH:mm")
        self.status = QComboBox(self)
        for status in MeetingStatus:
            self.status.addItem(status.label, status)
        self.link = QLineEdit(self)
        self.link.setPlaceholderText("https://teams.microsoft.com/l/meetup-join/...")
        self.capacity = QSpinBox(self)
        self.capacity.setRange(1, 20)
        self.capacity.setSuffix(" cases")
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(70)
        self.form_error = QLabel(self)
        self.errors = FieldErrors(self.form_error)
        form = QFormLayout()
        for name, label, widget in (
            ("kind", "&Meeting:", self.kind),
            ("meets_on", "&Date:", self.meets_on),
            ("starts_at", "&Starts:", self.starts_at),
            ("ends_at", "&Ends:", self.ends_at),
            ("status", "Stat&us:", self.status),
            ("link", "Teams &link:", self.link),
            ("capacity", "&Cases:", self.capacity),
            ("notes", "&Notes:", self.notes),
        ):
            self.errors.add_row(form, name, label, widget)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.meets_on.date_changed.connect(self._on_meets_on_date_changed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)

        self._version: int | None = None
        if meeting_id is None:
            self.meets_on.set_value(on_day or date.today())
            self.starts_at.setTime(QTime(9, 30))
            self.ends_at.setTime(QTime(11, 30))
            self.capacity.setValue(cases_per_meeting(store))
            self.status.setEnabled(False)
            self.notes.setEnabled(False)
            self.notes.setPlaceholderText("Notes can be added once the meeting is saved.")
        else:
            meeting = get_meeting(store, meeting_id)
            # Handed back on save: someone else's save since is refused, saying who and when.
            self._version = meeting_version(store, meeting_id)
            self.kind.setCurrentIndex(list(MeetingKind).index(meeting.kind))
            self.kind.setEnabled(False)
            self.meets_on.set_value(meeting.meets_on)
            self.starts_at.setTime(QTime(meeting.starts_at.hour, meeting.starts_at.minute))
            ends = meeting.ends_at or time(meeting.starts_at.hour + 2, meeting.starts_at.minute)
            self.ends_at.setTime(QTime(ends.hour, ends.minute))
            self.status.setCurrentIndex(list(MeetingStatus).index(meeting.status))
            self.link.setText(meeting.link)
            self.capacity.setValue(meeting.capacity)
            self.notes.setPlainText(meeting.notes)
        self._on_meets_on_date_changed(self.meets_on.value())

    def _on_meets_on_date_changed(self, day: date | None) -> None:
        self.warning.setText(
            "Note: this day is a bank holiday in England."
            if day is not None and is_bank_holiday(day)
            else ""
        )

    def _on_buttons_accepted(self) -> None:
        self.errors.clear()
        meets_on = self.meets_on.value()
        if meets_on is None:
            self.errors.show({"meets_on": self.meets_on.problem() or "Enter the meeting's date."})
            return
        starts_at = self.starts_at.time().toPython()
        ends_at = self.ends_at.time().toPython()
        if self.meeting_id is None:
            kind = MeetingKind(self.kind.currentData())
            perform(
                self,
                self._notifier,
                "Meeting not added",
                lambda: add_meeting(
                    self._store,
                    kind,
                    meets_on,
                    starts_at,
                    ends_at,
                    self.link.text(),
                    self.capacity.value(),
                ),
                (Area.MEETINGS,),
                errors=self.errors,
                on_success=self._on_added,
            )
            return
        meeting_id = self.meeting_id
        save_and_close(
            self,
            self._notifier,
            "Meeting not saved",
            lambda: update_meeting(
                self._store,
                meeting_id,
                meets_on,
                starts_at,
                ends_at,
                self.link.text(),
                self.capacity.value(),
                MeetingStatus(self.status.currentData()),
                self.notes.toPlainText(),
                self._version,
            ),
            # A moved or cancelled meeting changes what its cases' referrals show.
            (Area.MEETINGS, Area.REFERRALS),
            errors=self.errors,
        )

    def _on_added(self, meeting_id: int) -> None:
        self.meeting_id = meeting_id
        self.accept()
