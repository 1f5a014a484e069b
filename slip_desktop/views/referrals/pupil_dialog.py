"""Edit one pupil's record: names, UPN, date of birth, year group, school and needs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.pupils import find_pupil_by_upn, get_pupil, list_schools, save_pupil
from slip_desktop.db.store import Store
from slip_desktop.domain.errors import DomainError
from slip_desktop.domain.pupils import DuplicateUpnError
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import save_and_close
from slip_desktop.ui.palette import ERROR_STYLE
from slip_desktop.views.referrals.pupil_form import PupilForm


class PupilDialog(QDialog):
    """Changes an existing pupil record and keeps everything typed when a field is wrong.

    Saving announces the pupils on ``notifier``.

    Signals:
        pupil_saved(int): the id of the pupil just stored.
    """

    pupil_saved = Signal(int)

    def __init__(
        self,
        store: Store,
        today: date,
        pupil_id: int,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self._notifier = notifier
        self._record = get_pupil(store, pupil_id, today)
        self.errors = FieldErrors()
        self.setWindowTitle(f"Edit pupil: {self._record.full_name}")
        self.setMinimumWidth(560)
        self.form = PupilForm(self.errors, today, lambda upn: find_pupil_by_upn(store, upn), self)
        self.form.set_value(self._record.as_input(), pupil_id)
        self.form.use_existing.setText("Open that pupil")
        self.form.existing_pupil_chosen.connect(self._on_form_existing_pupil_chosen)
        self.school = QComboBox(self)
        for school in list_schools(store, active_only=False):
            self.school.addItem(school.name, school.id)
        self.school.setCurrentIndex(max(0, self.school.findData(self._record.school_id)))
        school_form = QFormLayout()
        school_form.addRow("S&chool", self.errors.add("school", FieldBox(self.school)))
        self.form_error = QLabel(self)
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setVisible(False)
        self.errors.fallback = self.form_error
        self.errors.add("year_group", self.form.year_box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(school_form)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)
        self.other_pupil_id: int | None = None

    def save(self) -> bool:
        """Validate and store the record; on a problem show it beside the field."""
        self.errors.clear()
        unreadable = self.form.date_problems()
        if unreadable:
            self.errors.show(unreadable)
            return False
        ok, _saved = save_and_close(
            self,
            self._notifier,
            "Pupil not saved",
            self._store_pupil,
            (Area.PUPILS,),
            # The pupil's referrals show their name: the list reads those rows again.
            ids=lambda _saved: {Area.PUPILS: [self._record.id]},
            errors=self.errors,
            on_refused=self._on_save_refused,
        )
        if not ok:
            return False
        self.pupil_saved.emit(self._record.id)
        return True

    def _store_pupil(self) -> object:
        """Save through ``db/`` (``perform`` shows a refusal beside its field)."""
        return save_pupil(
            self._store,
            self.form.value(self.school.currentData()),
            self._today,
            self._record.id,
            self._record.version,
        )

    def _on_save_refused(self, error: DomainError) -> None:
        if isinstance(error, DuplicateUpnError):
            self.form.show_duplicate(error.pupil_id, error.message)

    def _on_buttons_accepted(self) -> None:
        self.save()

    def _on_form_existing_pupil_chosen(self, pupil_id: int) -> None:
        self.other_pupil_id = pupil_id
        self.reject()
