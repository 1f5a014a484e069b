"""The dialog that records an action plan's review: the step a partnership referral needs."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.action_plans import record_review
from slip_desktop.db.store import Store
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import save_and_close


class ActionPlanReviewDialog(QDialog):
    """Records when a plan was reviewed and what the review found.

    Saving announces the meeting and the referral (now "plan reviewed") on ``notifier``;
    a problem is shown beside its field and the notes typed are kept.
    """

    def __init__(
        self,
        store: Store,
        plan_id: int,
        who: str,
        today: date,
        notes: str = "",
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._plan_id = plan_id
        self._notifier = notifier
        self.setWindowTitle(f"Plan review: {who}")
        self.reviewed_on = DateField(parent=self)
        self.reviewed_on.set_value(today)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("What has changed since the forum; what happens next")
        self.notes.setPlainText(notes)
        self.form_error = QLabel(self)
        self.errors = FieldErrors(self.form_error)
        form = QFormLayout()
        self.errors.add_row(form, "reviewed_on", "Reviewed &on:", self.reviewed_on)
        self.errors.add_row(form, "review_notes", "&Notes:", self.notes)
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
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        self.errors.clear()
        problem = self.reviewed_on.problem()
        if problem:
            self.errors.show({"reviewed_on": problem})
            return
        # An empty date is refused by the domain, beside the field, in its own words.
        reviewed_on = self.reviewed_on.value()
        save_and_close(
            self,
            self._notifier,
            "Review not recorded",
            lambda: record_review(
                self._store, self._plan_id, reviewed_on, self.notes.toPlainText()
            ),
            (Area.MEETINGS, Area.REFERRALS),
            errors=self.errors,
        )
