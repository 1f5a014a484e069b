"""Small Finance dialogs: an adjustment or credit with its reason, and a payment date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
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
from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.domain.money import parse_money
from slip_desktop.domain.school_year import academic_year_label


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setStyleSheet("color: #B00020;")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class AdjustmentDialog(QDialog):
    """Book an adjustment (a positive amount) or a credit (negative) with a reason."""

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
    ) -> None:
        super().__init__(parent)
        self._store = store
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
        self.errors = {
            "school": _error_label(self),
            "amount": _error_label(self),
            "reason": _error_label(self),
            "": _error_label(self),
        }
        form = QFormLayout()
        form.addRow("Term:", QLabel(f"{term.label} {academic_year_label(academic_year)}", self))
        form.addRow("&School:", self.school)
        form.addRow("", self.errors["school"])
        form.addRow("&Amount (£):", self.amount)
        form.addRow("", self.errors["amount"])
        form.addRow("&Reason:", self.reason)
        form.addRow("", self.errors["reason"])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors[""])
        layout.addWidget(buttons)
        self.amount.setFocus()

    def _show(self, field: str, message: str) -> None:
        label = self.errors.get(field, self.errors[""])
        label.setText(message)
        label.setVisible(True)

    def _on_buttons_accepted(self) -> None:
        for label in self.errors.values():
            label.setVisible(False)
        if self.school.currentIndex() < 0:
            self._show("school", "Choose the school.")
            return
        try:
            amount = parse_money(self.amount.text(), "amount", allow_negative=True)
            self.adjustment_id = add_adjustment(
                self._store,
                int(self.school.currentData()),
                self._year,
                self._term,
                amount,
                self.reason.toPlainText(),
                self._today,
                self._by,
            )
        except ValidationError as problem:
            for name, message in problem.errors.items():
                self._show(name, message)
            return
        except DomainError as problem:
            self._show(problem.field if problem.field in self.errors else "", problem.message)
            return
        self.accept()


class PaidDialog(QDialog):
    """Ask the date a statement was paid."""

    def __init__(self, school: str, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a payment")
        self.paid_on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("dd MMM yyyy")
        self.paid_on.setMaximumDate(QDate(today.year, today.month, today.day))
        form = QFormLayout()
        form.addRow("School:", QLabel(school, self))
        form.addRow("&Paid on:", self.paid_on)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_date(self) -> date:
        """Return the date chosen."""
        value = self.paid_on.date()
        return date(value.year(), value.month(), value.day())
