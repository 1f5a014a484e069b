"""Small Finance dialogs: an adjustment or credit with its reason, and a payment date."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.statements import add_adjustment
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Term
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.money import parse_money
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform


class AdjustmentDialog(QDialog):
    """Book an adjustment (a positive amount) or a credit (negative) with a reason.

    Saving books it and announces the change to Finance; a broken rule is shown
    beside its field and the dialog stays open with everything typed.
    """

    def __init__(
        self,
        store: Store,
        schools: list[tuple[int, str]],
        academic_year: int,
        term: Term,
        today: date,
        school_id: int | None = None,
        entered_by: str = "",
        parent: QWidget | None = None,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._year = academic_year
        self._term = term
        self._today = today
        self._by = entered_by
        self.adjustment_id: int | None = None
        self.setWindowTitle("Add an adjustment or credit")

        self.school = QComboBox(self)
        for sid, name in schools:
            self.school.addItem(name, sid)
        if school_id is not None:
            self.school.setCurrentIndex(max(0, self.school.findData(school_id)))
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("e.g. 120.00 to charge, -45.00 to credit")
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText("Why, in words the school will understand")
        self.reason.setFixedHeight(70)
        form = QFormLayout()
        form.addRow("Term:", QLabel(f"{term.label} {academic_year_label(academic_year)}", self))
        self.errors = FieldErrors(QLabel(self))
        self.errors.add_row(form, "school", "&School:", self.school)
        self.errors.add_row(form, "amount", "&Amount (£):", self.amount)
        self.errors.add_row(form, "reason", "&Reason:", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if self.errors.fallback is not None:
            layout.addWidget(self.errors.fallback)
        layout.addWidget(buttons)
        self.amount.setFocus()

    def _book(self) -> int:
        if self.school.currentIndex() < 0:
            raise ValidationError({"school": "Choose the school."})
        amount = parse_money(self.amount.text(), "amount", allow_negative=True)
        return add_adjustment(
            self._store,
            int(self.school.currentData()),
            self._year,
            self._term,
            amount,
            self.reason.toPlainText(),
            self._today,
            self._by,
        )

    def _booked(self, adjustment_id: int) -> None:
        self.adjustment_id = adjustment_id
        self.accept()

    def _on_buttons_accepted(self) -> None:
        self.errors.clear()
        perform(
            self,
            self._notifier,
            "Add an adjustment or credit",
            self._book,
            (Area.FINANCE,),
            errors=self.errors,
            on_success=self._booked,
        )


class PaidDialog(QDialog):
    """Ask the date a statement was paid (today at the latest)."""

    def __init__(self, school: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.setWindowTitle("Record a payment")
        self.paid_on = DateField(today, self)
        self.paid_on.set_value(today)
        form = QFormLayout()
        form.addRow("School:", QLabel(school, self))
        self.errors = FieldErrors()
        self.errors.add_row(form, "paid_on", "&Paid on:", self.paid_on)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_date(self) -> date:
        """Return the date chosen (today when the field was left empty or unreadable)."""
        return self.paid_on.value() or self._today

    def _on_buttons_accepted(self) -> None:
        # A required date: say so beside the field rather than guessing.
        day = self.paid_on.value()
        if day is None:
            problem = self.paid_on.problem() or "Enter the date the statement was paid."
            self.errors.show({"paid_on": problem})
            return
        if day > self._today:
            self.errors.show({"paid_on": "A payment cannot be recorded for a future date."})
            return
        self.accept()
