"""The action plan editor for one case discussed at an Inclusion Forum."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.action_plans import PlanForm, load_plan, save_plan
from slip_desktop.db.store import Store
from slip_desktop.domain.action_plans import SERVICES, PlanDraft, join_services, split_services
from slip_desktop.domain.errors import DomainError, ValidationError
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
    the field and everything typed is kept.
    """

    def __init__(
        self,
        store: Store,
        referral_id: int,
        meeting_id: int,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self.form: PlanForm = load_plan(store, referral_id, meeting_id)
        self.plan_id = self.form.plan_id
        form = self.form
        self.setWindowTitle(f"Action plan: {form.who}")
        self.resize(820, 760)

        header = QLabel(
            f"<span style='font-size:13pt'><b>{form.who}</b></span><br>"
            f"{form.school} · Year {form.year_group} · "
            f"Inclusion Forum {form.meeting_on:%A %d %B %Y}",
            self,
        )
        referral = QLabel(
            f"<b>Concerns:</b> {form.concerns or '—'}<br><b>Tried so far:</b> "
            f"{form.strategies or '—'}",
            self,
        )
        referral.setWordWrap(True)
        referral.setStyleSheet("color: #333; background: #F3F5F8; padding: 6px;")

        self.summary = _text_box(self, "What the forum heard and discussed")
        self.advice = _text_box(self, "The forum's advice to the school")
        self.actions = MeetingActionsModel(
            MeetingActionsModel.two_weeks_after(form.meeting_on), self
        )
        self.actions.set_actions(list(form.draft.actions))
        self.actions_view = QTableView(self)
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
        self.review_due = QDateEdit(self)
        self.review_due.setCalendarPopup(True)
        self.review_due.setDisplayFormat("dddd d MMMM yyyy")

        self.errors: dict[str, QLabel] = {}

        def error_label(name: str) -> QLabel:
            label = QLabel(self)
            label.setStyleSheet("color: #B00020;")
            label.setVisible(False)
            self.errors[name] = label
            return label

        layout_form = QFormLayout()
        layout_form.addRow("Discussion &summary:", self.summary)
        layout_form.addRow("", error_label("discussion_summary"))
        layout_form.addRow("A&dvice:", self.advice)
        action_buttons = QHBoxLayout()
        action_buttons.addWidget(self.add_action)
        action_buttons.addWidget(self.remove_action)
        action_buttons.addStretch(1)
        actions_column = QVBoxLayout()
        actions_column.addWidget(self.actions_view)
        actions_column.addLayout(action_buttons)
        actions_label = QLabel("Agreed ac&tions:", self)
        actions_label.setBuddy(self.actions_view)
        layout_form.addRow(actions_label, actions_column)
        layout_form.addRow("", error_label("actions"))
        layout_form.addRow(services_box)
        layout_form.addRow("SEND &guidance:", self.send_guidance)
        layout_form.addRow("&Review date:", self.review_due)
        layout_form.addRow("", error_label("review_due"))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(referral)
        layout.addLayout(layout_form, 1)
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
            self.review_due.setDate(QDate(draft.review_due))

    def draft(self) -> PlanDraft:
        """Return the plan as typed."""
        picked = [short for short, box in self.service_boxes.items() if box.isChecked()]
        return PlanDraft(
            discussion_summary=self.summary.toPlainText(),
            advice=self.advice.toPlainText(),
            services_signposted=join_services(picked, self.other_services.text()),
            send_guidance=self.send_guidance.toPlainText(),
            review_due=self.review_due.date().toPython(),
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

    def _show_errors(self, errors: dict[str, str]) -> None:
        for name, label in self.errors.items():
            label.setText(errors.get(name, ""))
            label.setVisible(name in errors)

    def _on_buttons_accepted(self) -> None:
        self._show_errors({})
        # A cell still being edited (Ctrl+S pressed inside it) holds its text in its editor,
        # which the delegate places on the view's viewport.
        for editor in self.actions_view.viewport().findChildren(QWidget):
            if editor.isVisible() and editor.parent() is self.actions_view.viewport():
                self.actions_view.commitData(editor)
        try:
            self.plan_id = save_plan(
                self._store,
                self.form.referral_id,
                self.form.meeting_id,
                self.draft(),
                self._today,
                self.form.version,
            )
        except ValidationError as error:
            self._show_errors(error.errors)
            return
        except DomainError as error:
            QMessageBox.warning(self, self.windowTitle(), error.message)
            return
        self.accept()
