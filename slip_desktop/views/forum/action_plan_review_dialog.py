"""The dialog that records an action plan's review: the step a partnership referral needs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.action_plans import record_review
from slip_desktop.db.store import Store
from slip_desktop.domain.errors import DomainError, ValidationError


class ActionPlanReviewDialog(QDialog):
    """Records when a plan was reviewed and what the review found."""

    def __init__(
        self,
        store: Store,
        plan_id: int,
        who: str,
        today: date,
        notes: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._plan_id = plan_id
        self.setWindowTitle(f"Plan review: {who}")
        self.reviewed_on = QDateEdit(self)
        self.reviewed_on.setCalendarPopup(True)
        self.reviewed_on.setDisplayFormat("dddd d MMMM yyyy")
        self.reviewed_on.setDate(QDate(today))
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("What has changed since the forum; what happens next")
        self.notes.setPlainText(notes)
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.addRow("Reviewed &on:", self.reviewed_on)
        form.addRow("", self._error("reviewed_on"))
        form.addRow("&Notes:", self.notes)
        form.addRow("", self._error("review_notes"))
        hint = QLabel(
            "Once the review is recorded the school may refer this pupil to the partnership.",
            self,
        )
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _error(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setStyleSheet("color: #B00020;")
        label.setVisible(False)
        self.errors[name] = label
        return label

    def _on_buttons_accepted(self) -> None:
        for label in self.errors.values():
            label.setVisible(False)
        try:
            record_review(
                self._store,
                self._plan_id,
                self.reviewed_on.date().toPython(),
                self.notes.toPlainText(),
            )
        except ValidationError as error:
            for name, message in error.errors.items():
                if name in self.errors:
                    self.errors[name].setText(message)
                    self.errors[name].setVisible(True)
            return
        except DomainError as error:
            QMessageBox.warning(self, self.windowTitle(), error.message)
            return
        self.accept()
