"""The dialog that records a managed move or fresh start arranged outside a Core decision."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.managed_moves import PupilOption, SchoolOption
from slip_desktop.domain.core_outcomes import TIER4_PROGRAMMES, MoveRequest
from slip_desktop.domain.enums import MoveKind, Programme
from slip_desktop.domain.errors import DomainError, ValidationError

#: Records the move for a pupil id; raises a DomainError when it cannot.
Submit = Callable[[int, MoveRequest], object]

_ERROR_STYLE = "color: #B00020;"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class CoreMoveDialog(QDialog):
    """Asks for the pupil, the receiving school, the dates and any guarantee."""

    def __init__(
        self,
        pupils: Sequence[PupilOption],
        schools: Sequence[SchoolOption],
        today: date,
        submit: Submit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self.setWindowTitle("New managed move or fresh start")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet(_ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        layout.addWidget(self.general_error)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors: dict[str, QLabel] = {"": self.general_error}

        self.pupil = QComboBox(self)
        self.pupil.setEditable(True)
        self.pupil.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.pupil.addItem("", None)
        for pupil in pupils:
            self.pupil.addItem(pupil.label, pupil.id)
        completer = self.pupil.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.pupil.lineEdit().setPlaceholderText("Type part of the pupil's name")
        self.kind = QComboBox(self)
        for kind in MoveKind:
            self.kind.addItem(kind.label, kind.value)
        self.receiving = QComboBox(self)
        self.receiving.addItem("Choose the receiving school", None)
        for school in schools:
            self.receiving.addItem(school.name, school.id)
        start = today + timedelta(days=7 - today.weekday())
        self.starts_on = QDateEdit(_qdate(start), self)
        self.starts_on.setCalendarPopup(True)
        self.trial_ends = QDateEdit(_qdate(start + timedelta(weeks=6)), self)
        self.trial_ends.setCalendarPopup(True)
        self.guaranteed = QCheckBox("Offered &instead of a tier-4 place (guarantee)", self)
        self.guarantee_programme = QComboBox(self)
        self.guarantee_programme.addItem("Tier-4 place it stands in for", None)
        for programme in TIER4_PROGRAMMES:
            self.guarantee_programme.addItem(programme.label, programme.value)
        self.guarantee_programme.setEnabled(False)
        self.notes = QLineEdit(self)

        for label, widget, field in (
            ("&Pupil:", self.pupil, "pupil"),
            ("&Kind:", self.kind, "kind"),
            ("&Receiving school:", self.receiving, "receiving_school_id"),
            ("&Starts:", self.starts_on, "starts_on"),
            ("&Trial ends:", self.trial_ends, "trial_ends_on"),
            ("", self.guaranteed, "guaranteed"),
            ("&Guaranteed place:", self.guarantee_programme, "guarantee_programme"),
            ("&Notes:", self.notes, "notes"),
        ):
            error = QLabel(self)
            error.setStyleSheet(_ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            self.errors[field] = error
            box = QWidget(self)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(widget)
            inner.addWidget(error)
            form.addRow(label, box)
            buddy = form.labelForField(box)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(widget)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record &move")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.guaranteed.toggled.connect(self.guarantee_programme.setEnabled)
        self.pupil.setFocus()

    def pupil_id(self) -> int | None:
        """Return the chosen pupil's id, or None when the text matches no pupil."""
        index = self.pupil.findText(self.pupil.currentText())
        data = self.pupil.itemData(index) if index >= 0 else None
        return int(data) if data is not None else None

    def request(self) -> MoveRequest:
        """Return what was entered."""
        programme = self.guarantee_programme.currentData()
        return MoveRequest(
            kind=MoveKind(self.kind.currentData()),
            receiving_school_id=self.receiving.currentData(),
            starts_on=_pydate(self.starts_on.date()),
            trial_ends_on=_pydate(self.trial_ends.date()),
            guaranteed=self.guaranteed.isChecked(),
            guarantee_programme=Programme(programme) if programme else None,
            notes=self.notes.text(),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field."""
        for label in self.errors.values():
            label.hide()
        for field, message in errors.items():
            label = self.errors.get(field, self.general_error)
            label.setText(message)
            label.show()

    def _on_buttons_accepted(self) -> None:
        pupil_id = self.pupil_id()
        if pupil_id is None:
            self.show_errors({"pupil": "Choose the pupil from the list."})
            return
        try:
            self._submit(pupil_id, self.request())
        except ValidationError as error:
            self.show_errors(error.errors)
            return
        except DomainError as error:
            self.show_errors({error.field: error.message})
            return
        self.accept()
