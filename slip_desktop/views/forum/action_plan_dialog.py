"""The action plan editor for one case discussed at an Inclusion Forum."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.action_plans import PlanForm, load_plan, save_plan
from slip_desktop.db.store import Store
from slip_desktop.domain.action_plans import SERVICES, PlanDraft, join_services, split_services
from slip_desktop.domain.date_style import long_date
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform
from slip_desktop.ui.palette import NOTE_BACKGROUND, TEXT_STRONG
from slip_desktop.ui.screen_fit import resize_to_fit, scrolling
from slip_desktop.views.forum.actions_model import MeetingActionsModel


def _text_box(parent: QWidget, placeholder: str, height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setMinimumHeight(height)
    return box


class ActionPlanDialog(QDialog):
    """Writes the plan: summary, advice, actions (what, who, by when), services, SEND, review.

    The review date starts six weeks after the meeting. Problems are shown beside
    the field and everything typed is kept. Saving announces the meeting and the
    referral (whose status moves to "discussed") on ``notifier``.
    """

    def __init__(
        self,
        store: Store,
        referral_id: int,
        meeting_id: int,
        today: date,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self._notifier = notifier
        self.form: PlanForm = load_plan(store, referral_id, meeting_id)
        self.plan_id = self.form.plan_id
        form = self.form
        self.setWindowTitle(f"Action plan: {form.who}")
        resize_to_fit(self, 820, 760)

        header = QLabel(
            f"<span style='font-size:large'><b>{form.who}</b></span><br>"
            f"{form.school} · Year {form.year_group} · "
            f"Inclusion Forum {long_date(form.meeting_on)}",
            self,
        )
        referral = QLabel(
            f"<b>Concerns:</b> {form.concerns or '—'}<br><b>Tried so far:</b> "
            f"{form.strategies or '—'}",
            self,
        )
        referral.setWordWrap(True)
        referral.setStyleSheet(
            f"color: {TEXT_STRONG}; background: {NOTE_BACKGROUND}; padding: 6px;"
        )

        self.summary = _text_box(self, "What the forum heard and discussed")
        self.advice = _text_box(self, "The forum's advice to the school")
        self.actions = MeetingActionsModel(
            MeetingActionsModel.two_weeks_after(form.meeting_on), self
        )
        self.actions.set_actions(list(form.draft.actions))
        self.actions_view = QTableView(self)
        name_list(self.actions_view, "Actions")
        self.actions_view.setModel(self.actions)
        self.actions_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.actions_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.actions_view.verticalHeader().setVisible(False)
        header_view = self.actions_view.horizontalHeader()
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 150), (2, 110), (3, 50)):
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.actions_view.setColumnWidth(column, width)
        self.actions_view.setMinimumHeight(130)
        self.add_action = QPushButton("&Add action", self)
        self.add_action.setShortcut(QKeySequence("Ctrl+N"))
        self.add_action.clicked.connect(self._on_add_action_clicked)
        self.remove_action = QPushButton("Remove action", self)
        self.remove_action.clicked.connect(self._on_remove_action_clicked)
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.actions_view,
            self._on_remove_action_clicked,
            Qt.ShortcutContext.WidgetShortcut,
        )

        services_box = QGroupBox("Services signposted", self)
        grid = QGridLayout(services_box)
        self.service_boxes: dict[str, QCheckBox] = {}
        for number, (short, full) in enumerate(SERVICES):
            box = QCheckBox(short, services_box)
            box.setToolTip(full)
            self.service_boxes[short] = box
            grid.addWidget(box, number // 4, number % 4)
        self.other_services = QLineEdit(services_box)
        self.other_services.setPlaceholderText("Other services, separated by ;")
        grid.addWidget(self.other_services, 2, 0, 1, 4)

        self.send_guidance = _text_box(
            self, "Guidance on a SEND plan (SEN support, EHC needs assessment)", 55
        )
        self.review_due = DateField(parent=self)

        self.form_error = QLabel(self)
        self.errors = FieldErrors(self.form_error)
        layout_form = QFormLayout()
        self.errors.add_row(layout_form, "discussion_summary", "Discussion &summary:", self.summary)
        layout_form.addRow("A&dvice:", self.advice)
        action_buttons = QHBoxLayout()
        action_buttons.addWidget(self.add_action)
        action_buttons.addWidget(self.remove_action)
        action_buttons.addStretch(1)
        actions_column = QWidget(self)
        actions_layout = QVBoxLayout(actions_column)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.addWidget(self.actions_view)
        actions_layout.addLayout(action_buttons)
        actions_label = QLabel("Agreed ac&tions:", self)
        actions_label.setBuddy(self.actions_view)
        actions_box = self.errors.add_row(layout_form, "actions", actions_label, actions_column)
        # An action's error puts the focus in the table, not on the box around it.
        actions_box.field = self.actions_view
        layout_form.addRow(services_box)
        layout_form.addRow("SEND &guidance:", self.send_guidance)
        self.errors.add_row(layout_form, "review_due", "&Review date:", self.review_due)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_print_button = buttons.addButton(
            "Save and &print", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_print_button.setShortcut(QKeySequence("Ctrl+P"))
        self.save_print_button.setToolTip("Save the plan and print it (Ctrl+P)")
        self.save_print_button.clicked.connect(self._on_save_print_button_clicked)
        self.printed = False
        self._print_after_save = False
        # The form scrolls on a short screen; the error line and the buttons stay in view.
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(header)
        body_layout.addWidget(referral)
        body_layout.addLayout(layout_form, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(body), 1)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)
        self._fill(form.draft)
        self.summary.setFocus()

    def _fill(self, draft: PlanDraft) -> None:
        self.summary.setPlainText(draft.discussion_summary)
        self.advice.setPlainText(draft.advice)
        picked, other = split_services(draft.services_signposted)
        for short, box in self.service_boxes.items():
            box.setChecked(short in picked)
        self.other_services.setText(other)
        self.send_guidance.setPlainText(draft.send_guidance)
        if draft.review_due is not None:
            self.review_due.set_value(draft.review_due)

    def draft(self) -> PlanDraft:
        """Return the plan as typed."""
        picked = [short for short, box in self.service_boxes.items() if box.isChecked()]
        return PlanDraft(
            discussion_summary=self.summary.toPlainText(),
            advice=self.advice.toPlainText(),
            services_signposted=join_services(picked, self.other_services.text()),
            send_guidance=self.send_guidance.toPlainText(),
            review_due=self.review_due.value(),
            actions=tuple(self.actions.actions()),
        )

    def _on_add_action_clicked(self) -> None:
        row = self.actions.add_row()
        index = self.actions.index(row, 0)
        self.actions_view.setCurrentIndex(index)
        self.actions_view.edit(index)

    def _on_remove_action_clicked(self) -> None:
        index = self.actions_view.currentIndex()
        if index.isValid():
            self.actions.remove_row(index.row())

    def _on_buttons_accepted(self) -> None:
        self.errors.clear()
        # A cell still being edited (Ctrl+S pressed inside it) holds its text in its editor,
        # which the delegate places on the view's viewport.
        for editor in self.actions_view.viewport().findChildren(QWidget):
            if editor.isVisible() and editor.parent() is self.actions_view.viewport():
                self.actions_view.commitData(editor)
        problem = self.review_due.problem()
        if problem:
            self.errors.show({"review_due": problem})
            return
        draft = self.draft()
        perform(
            self,
            self._notifier,
            "Action plan not saved",
            lambda: save_plan(
                self._store,
                self.form.referral_id,
                self.form.meeting_id,
                draft,
                self._today,
                self.form.version,
            ),
            (Area.MEETINGS, Area.REFERRALS),
            errors=self.errors,
            on_success=self._on_saved,
        )

    def _on_save_print_button_clicked(self) -> None:
        self._print_after_save = True
        try:
            self._on_buttons_accepted()
        finally:
            self._print_after_save = False

    def _on_saved(self, plan_id: int) -> None:
        self.plan_id = plan_id
        if self._print_after_save:
            self._print(plan_id)
        self.accept()

    def _print(self, plan_id: int) -> None:
        # the saved plan, read back, is what prints: exactly what the PDF would hold
        from slip_desktop.db.action_plans import plan_document
        from slip_desktop.db.audit import record_exports
        from slip_desktop.domain.audit_actions import AuditAction
        from slip_desktop.views.forum.plan_output import print_plan

        doc = plan_document(self._store, plan_id)
        if print_plan(self, doc):
            self.printed = True
            record_exports(
                self._store, "Action plan", referral_ids=[doc.referral_id], action=AuditAction.PRINT
            )
