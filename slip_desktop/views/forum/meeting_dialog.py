"""The dialog that adds one meeting, or moves, re-times or re-links an existing one."""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.meetings import add_meeting, cases_per_meeting, get_meeting, update_meeting
from slip_desktop.db.store import Store
from slip_desktop.domain.calendar import is_bank_holiday
from slip_desktop.domain.enums import MeetingKind, MeetingStatus
from slip_desktop.domain.errors import DomainError, ValidationError


class MeetingDialog(QDialog):
    """Adds a single meeting (``meeting_id`` None) or edits one: date, time, link, status.

    A moved meeting keeps its calendar identity, so an exported calendar updates.
    """

    def __init__(
        self,
        store: Store,
        meeting_id: int | None = None,
        on_day: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.meeting_id = meeting_id
        self.setWindowTitle("Add a meeting" if meeting_id is None else "Edit meeting")
        self.kind = QComboBox(self)
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind)
        self.meets_on = QDateEdit(self)
        self.meets_on.setCalendarPopup(True)
        self.meets_on.setDisplayFormat("dddd d MMMM yyyy")
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
        self.errors: dict[str, QLabel] = {}
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
            form.addRow(label, widget)
            error = QLabel(self)
            error.setStyleSheet("color: #B00020;")
            error.setVisible(False)
            self.errors[name] = error
            form.addRow("", error)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.meets_on.dateChanged.connect(self._on_meets_on_date_changed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(buttons)

        if meeting_id is None:
            self.meets_on.setDate(QDate(on_day or date.today()))
            self.starts_at.setTime(QTime(9, 30))
            self.ends_at.setTime(QTime(11, 30))
            self.capacity.setValue(cases_per_meeting(store))
            self.status.setEnabled(False)
            self.notes.setEnabled(False)
            self.notes.setPlaceholderText("Notes can be added once the meeting is saved.")
        else:
            meeting = get_meeting(store, meeting_id)
            self.kind.setCurrentIndex(list(MeetingKind).index(meeting.kind))
            self.kind.setEnabled(False)
            self.meets_on.setDate(QDate(meeting.meets_on))
            self.starts_at.setTime(QTime(meeting.starts_at.hour, meeting.starts_at.minute))
            ends = meeting.ends_at or time(meeting.starts_at.hour + 2, meeting.starts_at.minute)
            self.ends_at.setTime(QTime(ends.hour, ends.minute))
            self.status.setCurrentIndex(list(MeetingStatus).index(meeting.status))
            self.link.setText(meeting.link)
            self.capacity.setValue(meeting.capacity)
            self.notes.setPlainText(meeting.notes)
        self._on_meets_on_date_changed(self.meets_on.date())

    def _on_meets_on_date_changed(self, qdate: QDate) -> None:
        day = qdate.toPython()
        self.warning.setText(
            "Note: this day is a bank holiday in England." if is_bank_holiday(day) else ""
        )

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)

    def _on_buttons_accepted(self) -> None:
        self._show_errors({})
        meets_on = self.meets_on.date().toPython()
        starts_at = self.starts_at.time().toPython()
        ends_at = self.ends_at.time().toPython()
        try:
            if self.meeting_id is None:
                self.meeting_id = add_meeting(
                    self._store,
                    MeetingKind(self.kind.currentData()),
                    meets_on,
                    starts_at,
                    ends_at,
                    self.link.text(),
                    self.capacity.value(),
                )
            else:
                update_meeting(
                    self._store,
                    self.meeting_id,
                    meets_on,
                    starts_at,
                    ends_at,
                    self.link.text(),
                    self.capacity.value(),
                    MeetingStatus(self.status.currentData()),
                    self.notes.toPlainText(),
                )
        except ValidationError as error:
            self._show_errors(error.errors)
            return
        except DomainError as error:
            QMessageBox.warning(self, self.windowTitle(), error.message)
            return
        self.accept()
