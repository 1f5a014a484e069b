"""The dialog that records a managed move or fresh start arranged outside a Core decision."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
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
from slip_desktop.domain.errors import ValidationError
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import DateField, check_dates
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import save_and_close

#: Records the move for a pupil id; raises a DomainError when it cannot.
Submit = Callable[[int, MoveRequest], object]

#: What recording a move changes (the moves list and the schools' tally read decisions).
MOVE_CHANGES = (Area.DECISIONS,)


class CoreMoveDialog(QDialog):
    """Asks for the pupil, the receiving school, the dates and any guarantee.

    A refused move keeps everything typed and says why beside the field; a recorded one
    closes the dialog and is announced through ``notifier``.
    """

    def __init__(
        self,
        pupils: Sequence[PupilOption],
        schools: Sequence[SchoolOption],
        today: date,
        submit: Submit,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self._notifier = notifier
        self.setWindowTitle("New managed move or fresh start")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.general_error = QLabel(self)
        layout.addWidget(self.general_error)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(self.general_error)

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
        self.starts_on = DateField(start, self)
        self.starts_on.set_value(start)
        self.trial_ends = DateField(start + timedelta(weeks=6), self)
        self.trial_ends.set_value(start + timedelta(weeks=6))
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
            self.errors.add_row(form, field, label, widget)
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
            starts_on=self.starts_on.value(),
            trial_ends_on=self.trial_ends.value(),
            guaranteed=self.guaranteed.isChecked(),
            guarantee_programme=Programme(programme) if programme else None,
            notes=self.notes.text(),
        )

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message beside its field."""
        self.errors.show(errors)

    def _on_buttons_accepted(self) -> None:
        save_and_close(
            self,
            self._notifier,
            "Move not recorded",
            self._record,
            MOVE_CHANGES,
            errors=self.errors,
        )

    def _record(self) -> object:
        pupil_id = self.pupil_id()
        if pupil_id is None:
            raise ValidationError({"pupil": "Choose the pupil from the list."})
        check_dates({"starts_on": self.starts_on, "trial_ends_on": self.trial_ends})
        return self._submit(pupil_id, self.request())
