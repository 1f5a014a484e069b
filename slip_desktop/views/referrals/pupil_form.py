"""The pupil record's fields: names, UPN, date of birth, year group and needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from slip_desktop.db.pupils import PupilChoice
from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.pupils import PupilInput, expected_year_group, year_group_warning
from slip_desktop.domain.upn import normalise_upn, upn_problem
from slip_desktop.domain.validation import NAME_MAX
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.form_inputs import DateField

UpnLookup = Callable[[str], PupilChoice | None]


class PupilForm(QWidget):
    """Edits one pupil record; the year group follows the date of birth until changed by hand.

    Signals:
        existing_pupil_chosen(int): the coordinator chose to use the pupil who
            already holds the UPN typed.
    """

    existing_pupil_chosen = Signal(int)

    def __init__(
        self,
        errors: FieldErrors,
        today: date,
        find_by_upn: UpnLookup | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._find_by_upn = find_by_upn
        self._exclude_id: int | None = None
        self._duplicate_id: int | None = None
        self._year_by_hand = False

        self.first_name = QLineEdit(self)
        self.last_name = QLineEdit(self)
        for edit in (self.first_name, self.last_name):
            # Generous hard stop; the stated limit is checked on saving, nothing is cut.
            edit.setMaxLength(NAME_MAX * 5)
        self.upn = QLineEdit(self)
        self.upn.setPlaceholderText("e.g. A855400119042 (letter + 12 characters)")
        self.upn.setMaxLength(40)
        self.use_existing = QPushButton("Use this pupil", self)
        self.use_existing.setVisible(False)
        # The calendar opens near a secondary pupil's birthday rather than today.
        self.date_of_birth = DateField(date(today.year - 12, 9, 1), self)
        self.year_group = QSpinBox(self)
        self.year_group.setRange(0, 14)
        self.year_group.setSpecialValueText("From date of birth")
        self.send_status = QComboBox(self)
        for status in SendStatus:
            self.send_status.addItem(status.label, status)
        self.pupil_premium = QCheckBox("Pupil premium", self)
        self.looked_after = QCheckBox("Looked after (CLA)", self)
        self.eal = QCheckBox("EAL", self)

        upn_row = QWidget(self)
        upn_layout = QHBoxLayout(upn_row)
        upn_layout.setContentsMargins(0, 0, 0, 0)
        upn_layout.addWidget(self.upn, 1)
        upn_layout.addWidget(self.use_existing)
        flags = QWidget(self)
        flags_layout = QHBoxLayout(flags)
        flags_layout.setContentsMargins(0, 0, 0, 0)
        for box in (self.pupil_premium, self.looked_after, self.eal):
            flags_layout.addWidget(box)
        flags_layout.addStretch(1)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&First name", errors.add("first_name", FieldBox(self.first_name)))
        form.addRow("&Last name", errors.add("last_name", FieldBox(self.last_name)))
        self.upn_box = errors.add("upn", FieldBox(upn_row))
        self.upn_box.field = self.upn
        self.upn_box.setFocusProxy(self.upn)
        form.addRow("&UPN", self.upn_box)
        form.addRow("Date of &birth", errors.add("date_of_birth", FieldBox(self.date_of_birth)))
        self.year_box = FieldBox(self.year_group)
        form.addRow("&Year group", self.year_box)
        form.addRow("SEN&D status", self.send_status)
        form.addRow("", flags)

        self.upn.editingFinished.connect(self._on_upn_editing_finished)
        self.use_existing.clicked.connect(self._on_use_existing_clicked)
        self.date_of_birth.date_changed.connect(self._on_date_of_birth_date_changed)
        self.year_group.valueChanged.connect(self._on_year_group_value_changed)

    # -- values ---------------------------------------------------------
    def value(self, school_id: int | None) -> PupilInput:
        """Return the record as typed, for the pupil's ``school_id``."""
        year = self.year_group.value()
        return PupilInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            upn=self.upn.text(),
            date_of_birth=self.date_of_birth.value(),
            year_group=year or None,
            school_id=school_id,
            send_status=self.send_status.currentData(),
            pupil_premium=self.pupil_premium.isChecked(),
            looked_after=self.looked_after.isChecked(),
            eal=self.eal.isChecked(),
        )

    def set_value(self, data: PupilInput, pupil_id: int | None = None) -> None:
        """Show an existing record (``pupil_id`` is excluded from the duplicate-UPN check)."""
        self._exclude_id = pupil_id
        self.first_name.setText(data.first_name)
        self.last_name.setText(data.last_name)
        self.upn.setText(data.upn)
        self.date_of_birth.set_value(data.date_of_birth)
        self.year_group.setValue(data.year_group or 0)
        self._year_by_hand = data.year_group is not None
        self.send_status.setCurrentIndex(max(0, self.send_status.findData(data.send_status)))
        self.pupil_premium.setChecked(data.pupil_premium)
        self.looked_after.setChecked(data.looked_after)
        self.eal.setChecked(data.eal)
        self._update_year_warning()

    def show_duplicate(self, pupil_id: int, message: str) -> None:
        """Say the UPN is taken and offer the existing pupil."""
        self._duplicate_id = pupil_id
        self.upn_box.show_message(message)
        self.use_existing.setVisible(True)

    # -- live checks ------------------------------------------------------
    def _on_upn_editing_finished(self) -> None:
        text = self.upn.text()
        self._duplicate_id = None
        self.use_existing.setVisible(False)
        if not text.strip():
            self.upn_box.clear_message()
            return
        problem = upn_problem(text)
        if problem:
            self.upn_box.show_message(problem)
            return
        found = self._find_by_upn(text) if self._find_by_upn else None
        if found is not None and found.id != self._exclude_id:
            self.show_duplicate(
                found.id,
                f"{normalise_upn(text)} belongs to {found.full_name} "
                f"(Year {found.year_group}, {found.school}).",
            )
        else:
            self.upn_box.clear_message()

    def _on_use_existing_clicked(self) -> None:
        if self._duplicate_id is not None:
            self.existing_pupil_chosen.emit(self._duplicate_id)

    def _on_date_of_birth_date_changed(self, _day: object = None) -> None:
        born = self.date_of_birth.value()
        if born is not None and not self._year_by_hand:
            year = expected_year_group(born, self._today)
            self.year_group.blockSignals(True)
            self.year_group.setValue(year if 1 <= year <= 14 else 0)
            self.year_group.blockSignals(False)
        self._update_year_warning()

    def _on_year_group_value_changed(self, value: int) -> None:
        self._year_by_hand = value != 0
        self._update_year_warning()

    def date_problems(self) -> dict[str, str]:
        """Return the date fields whose text is not a date, field -> message."""
        problem = self.date_of_birth.problem()
        return {"date_of_birth": problem} if problem else {}

    def refresh_warnings(self) -> None:
        """Show again the year-group warning (after a form cleared its messages)."""
        self._update_year_warning()

    def _update_year_warning(self) -> None:
        year = self.year_group.value() or None
        warning = year_group_warning(self.date_of_birth.value(), year, self._today)
        if warning:
            self.year_box.show_message(warning, warning=True)
        else:
            self.year_box.clear_message()
