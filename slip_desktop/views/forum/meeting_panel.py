"""The chosen meeting: its details, agenda, waiting cases, attendees and plan output."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.action_plans import plan_document
from slip_desktop.db.agenda import (
    AgendaRow,
    WaitingCase,
    add_case,
    list_agenda,
    move_case,
    next_meeting_with_room,
    remove_case,
    waiting_cases,
)
from slip_desktop.db.audit import record_exports
from slip_desktop.db.meetings import (
    AttendeeRow,
    MeetingRow,
    add_attendee,
    cancel_meeting,
    get_meeting,
    list_attendees,
    remove_attendee,
    set_attended,
    update_meeting,
)
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.date_style import short_date
from slip_desktop.domain.enums import AgendaPurpose, MeetingKind, MeetingStatus
from slip_desktop.domain.errors import DomainError, NotFoundError
from slip_desktop.domain.meetings import MeetingInfo
from slip_desktop.jobs.forum_pack import (
    PackResult,
    prepare_meeting_pack,
    write_agenda_pdf,
    write_school_drafts,
)
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.empty_state import EmptyState
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.models.row_table_model import Column, RowTableModel
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform
from slip_desktop.ui.palette import NAVY, TEXT_MUTED
from slip_desktop.ui.table_sizing import fit_columns, rows_from_font
from slip_desktop.ui.tasks import LatestRead, Task, run_job
from slip_desktop.ui.text_style import make_heading, make_note, wrapped
from slip_desktop.views.forum.action_plan_dialog import ActionPlanDialog
from slip_desktop.views.forum.action_plan_review_dialog import ActionPlanReviewDialog
from slip_desktop.views.forum.agenda_model import AGENDA_COLUMNS, MeetingAgendaModel
from slip_desktop.views.forum.attendees_model import ATTENDEE_COLUMNS, MeetingAttendeesModel
from slip_desktop.views.forum.meeting_dialog import MeetingDialog
from slip_desktop.views.forum.plan_output import open_in_pdf_viewer, preview_pdf, preview_plan

#: What a change to a meeting or its agenda touches: the meeting, and its cases' referrals
#: (their status and the meeting they are booked for).
MEETING_CHANGES = (Area.MEETINGS, Area.REFERRALS)

WAITING_COLUMNS: list[Column[WaitingCase]] = [
    Column("Pupil or case", lambda r: r.who),
    Column("School", lambda r: r.school),
    Column("Year", lambda r: r.year_group, align_right=True),
    Column("For", lambda r: r.purpose),
    Column("Received / review due", lambda r: r.waiting_since),
]


def _table(
    parent: QWidget, model: RowTableModel[object] | RowTableModel[WaitingCase]
) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    rows_from_font(view)
    view.horizontalHeader().setStretchLastSection(True)
    fit_columns(view)
    return view


def _button(text: str, parent: QWidget, slot: Callable[[], None], tip: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.clicked.connect(slot)
    if tip:
        button.setToolTip(tip)
    return button


class MeetingData(NamedTuple):
    """One meeting as the panel shows it, read in one go (off the GUI thread in the window)."""

    meeting: MeetingInfo
    agenda: list[AgendaRow]
    waiting: list[WaitingCase]
    attendees: list[AttendeeRow]
    #: Booked to capacity while still planned: the next meeting of its kind with room.
    full: bool
    next_with_room: MeetingRow | None


def read_meeting(store: Store, meeting_id: int) -> MeetingData | None:
    """Read meeting ``meeting_id``, its agenda, waiting cases and attendees (None: gone)."""
    try:
        meeting = get_meeting(store, meeting_id)
    except NotFoundError:
        return None
    agenda = list_agenda(store, meeting.id)
    open_for_cases = meeting.status == MeetingStatus.PLANNED
    full = len(agenda) >= meeting.capacity and open_for_cases
    return MeetingData(
        meeting,
        agenda,
        waiting_cases(store, meeting.id) if open_for_cases else [],
        list_attendees(store, meeting.id),
        full,
        next_meeting_with_room(store, meeting.kind, meeting.meets_on) if full else None,
    )


class ForumMeetingPanel(QWidget):
    """Shows one meeting and lets the coordinator prepare it, record it and print its plans.

    Every write is one :func:`~slip_desktop.ui.operations.perform` of a ``db/`` function,
    announcing :data:`MEETING_CHANGES` once; the panel reloads when the tab refreshes it.
    The plan pack and the e-mail drafts run as jobs (``jobs/forum_pack.py``).
    """

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        background: bool = False,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._today = today
        #: The chosen meeting's read: in a worker in the window (``background``), so
        #: choosing a meeting never waits on the database; at once in tests.
        self.reads = LatestRead(self, background=background)
        self.meeting: MeetingInfo | None = None
        self.last_task: Task | None = None
        self.last_pack: PackResult | None = None

        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"color: {NAVY};")
        make_heading(self.title, 1.5)
        self.info = QLabel(self)
        self.info.setOpenExternalLinks(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.info.setWordWrap(True)
        self.edit_button = _button("&Edit / move...", self, self._on_edit_button_clicked)
        self.held_button = _button("Mar&k held", self, self._on_held_button_clicked)
        self.cancel_button = _button("Cance&l meeting...", self, self._on_cancel_button_clicked)
        self.agenda_pdf_button = _button(
            "Agenda &PDF...", self, self._on_agenda_pdf_button_clicked, "Save the agenda as a PDF"
        )
        top_buttons = QHBoxLayout()
        for button in (self.edit_button, self.held_button, self.cancel_button):
            top_buttons.addWidget(button)
        top_buttons.addStretch(1)
        top_buttons.addWidget(self.agenda_pdf_button)

        # -- agenda page ---------------------------------------------------
        self.agenda_model = MeetingAgendaModel(AGENDA_COLUMNS, self)
        self.agenda_model.case_dropped.connect(self._on_agenda_model_case_dropped)
        self.agenda_view = _table(self, self.agenda_model)  # type: ignore[arg-type]
        name_list(self.agenda_view, "Agenda")
        EmptyState(
            self.agenda_view,
            "No cases booked yet: choose a waiting case below and press Book onto agenda.",
        )
        self.agenda_view.setDragEnabled(True)
        self.agenda_view.setAcceptDrops(True)
        self.agenda_view.setDropIndicatorShown(True)
        self.agenda_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.agenda_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.agenda_view.setDragDropOverwriteMode(False)
        self.agenda_view.doubleClicked.connect(self._on_agenda_view_double_clicked)
        self.agenda_view.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.agenda_model.modelReset.connect(self._update_buttons)
        self.agenda_count = QLabel(self)
        self.up_button = _button("Move up", self, self._on_up_button_clicked, "Ctrl+Up")
        self.down_button = _button("Move down", self, self._on_down_button_clicked, "Ctrl+Down")
        self.remove_button = _button(
            "Remove", self, self._on_remove_button_clicked, "Take the case off (Delete)"
        )
        self.plan_button = _button(
            "&Write plan...",
            self,
            self._on_plan_button_clicked,
            "Write or edit the action plan (Enter)",
        )
        self.review_button = _button(
            "Record re&view...", self, self._on_review_button_clicked, "Record the plan's review"
        )
        self.preview_button = _button(
            "P&review / print...",
            self,
            self._on_preview_button_clicked,
            "Preview the plan and print it",
        )
        self.open_pdf_button = _button(
            "&Open in PDF viewer", self, self._on_open_pdf_button_clicked
        )
        self.pack_button = _button(
            "Prepare for&um pack...",
            self,
            self._on_pack_button_clicked,
            "Agenda, attendee list and every case's papers: one combined PDF to print "
            "(opened in print preview) and one PDF per case, named by case reference",
        )
        self.email_button = _button(
            "E-mail drafts to s&chools...",
            self,
            self._on_email_button_clicked,
            "One unsent e-mail per school with its plans attached; records the plans as sent",
        )
        for sequence, slot in (
            ("Ctrl+Up", self._on_up_button_clicked),
            ("Ctrl+Down", self._on_down_button_clicked),
            (QKeySequence.StandardKey.Delete, self._on_remove_button_clicked),
            ("Return", self._on_plan_button_clicked),
            ("Enter", self._on_plan_button_clicked),
        ):
            QShortcut(
                QKeySequence(sequence), self.agenda_view, slot, Qt.ShortcutContext.WidgetShortcut
            )
        side = QVBoxLayout()
        for button in (
            self.plan_button,
            self.review_button,
            self.preview_button,
            self.open_pdf_button,
            None,
            self.up_button,
            self.down_button,
            self.remove_button,
        ):
            if button is None:
                side.addSpacing(10)
            else:
                side.addWidget(button)
        side.addStretch(1)
        agenda_row = QHBoxLayout()
        agenda_row.addWidget(self.agenda_view, 1)
        agenda_row.addLayout(side)

        self.waiting_model: RowTableModel[WaitingCase] = RowTableModel(WAITING_COLUMNS, self)
        self.waiting_view = _table(self, self.waiting_model)
        name_list(self.waiting_view, "Cases waiting for a meeting")
        EmptyState(
            self.waiting_view,
            "No case is waiting: new forum referrals and plans due for review come here.",
        )
        self.waiting_view.setSortingEnabled(False)
        self.waiting_view.doubleClicked.connect(self._on_add_button_clicked)
        self.waiting_model.modelReset.connect(self._update_buttons)
        self.waiting_view.selectionModel().currentRowChanged.connect(self._update_buttons)
        QShortcut(
            QKeySequence("Return"),
            self.waiting_view,
            self._on_add_button_clicked,
            Qt.ShortcutContext.WidgetShortcut,
        )
        self.add_button = _button(
            "&Book onto agenda", self, self._on_add_button_clicked, "Book the chosen case (Enter)"
        )
        self.waiting_label = QLabel(self)
        waiting_head = QHBoxLayout()
        waiting_head.addWidget(self.waiting_label, 1)
        waiting_head.addWidget(self.add_button)

        output_row = QHBoxLayout()
        output_row.addWidget(self.agenda_count, 1)
        output_row.addWidget(self.pack_button)
        output_row.addWidget(self.email_button)

        agenda_page = QWidget(self)
        agenda_layout = QVBoxLayout(agenda_page)
        agenda_layout.addLayout(output_row)
        agenda_layout.addLayout(agenda_row, 3)
        agenda_layout.addLayout(waiting_head)
        agenda_layout.addWidget(self.waiting_view, 2)

        # -- attendees page ------------------------------------------------
        self.attendees_model = MeetingAttendeesModel(ATTENDEE_COLUMNS, self)
        self.attendees_model.attended_changed.connect(self._on_attendees_model_attended_changed)
        self.attendees_view = _table(self, self.attendees_model)  # type: ignore[arg-type]
        name_list(self.attendees_view, "Attendees")
        EmptyState(
            self.attendees_view,
            "Nobody invited yet: invite people below; Settings → People and standing "
            "invitations sets who new meetings invite.",
        )
        self.attendees_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.attendees_summary = QLabel(self)
        self.new_role = QLineEdit(self)
        self.new_role.setPlaceholderText("Role, e.g. Family support worker")
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText("Name")
        self.new_organisation = QLineEdit(self)
        self.new_organisation.setPlaceholderText("Organisation")
        self.invite_button = _button("In&vite", self, self._on_invite_button_clicked)
        self.new_organisation.returnPressed.connect(self._on_invite_button_clicked)
        self.uninvite_button = _button("Remove from list", self, self._on_uninvite_button_clicked)
        self.invite_error = QLabel(self)
        self.invite_errors = FieldErrors(self.invite_error)
        invite = QGridLayout()
        for column, (name, edit) in enumerate(
            (
                ("role", self.new_role),
                ("name", self.new_name),
                ("organisation", self.new_organisation),
            )
        ):
            box = self.invite_errors.add(name, FieldBox(edit, self))
            invite.addWidget(box, 0, column, Qt.AlignmentFlag.AlignTop)
        invite.addWidget(self.invite_button, 0, 3, Qt.AlignmentFlag.AlignTop)
        invite.addWidget(self.invite_error, 1, 0, 1, 3)
        invite.addWidget(self.uninvite_button, 1, 3)
        attendees_page = QWidget(self)
        attendees_layout = QVBoxLayout(attendees_page)
        attendees_layout.addWidget(
            wrapped(
                QLabel(
                    "The forum's standing invitation list is added to every new meeting. "
                    "Tick who attended; add or remove people for this meeting only.",
                    attendees_page,
                )
            )
        )
        attendees_layout.addWidget(self.attendees_view, 1)
        attendees_layout.addWidget(self.attendees_summary)
        attendees_layout.addLayout(invite)

        self.pages = QTabWidget(self)
        self.pages.addTab(agenda_page, "A&genda")
        self.pages.addTab(attendees_page, "Atte&ndees")

        self.empty = QLabel(
            "Choose a meeting in the calendar or the list to see its agenda and attendees.", self
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {TEXT_MUTED};")
        make_note(self.empty)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.info)
        layout.addLayout(top_buttons)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.empty, 1)
        self.set_meeting(None)

    # -- loading ---------------------------------------------------------
    def set_meeting(self, meeting_id: int | None) -> None:
        """Show the meeting ``meeting_id`` (None: nothing chosen)."""
        if meeting_id is None:
            self.reads.start(lambda: None, self._show)
            return
        store = self._store
        self.reads.start(lambda: read_meeting(store, meeting_id), self._show)

    def reload(self) -> None:
        """Read the chosen meeting, its agenda, waiting cases and attendees again."""
        self.set_meeting(self.meeting.id if self.meeting is not None else None)

    def _show(self, data: MeetingData | None) -> None:
        """Show what :func:`read_meeting` read (None: no meeting, or it is gone)."""
        self.meeting = meeting = data.meeting if data is not None else None
        shown = meeting is not None
        for widget in (self.title, self.info, self.pages):
            widget.setVisible(shown)
        self.empty.setVisible(not shown)
        for button in (
            self.edit_button,
            self.held_button,
            self.cancel_button,
            self.agenda_pdf_button,
        ):
            button.setVisible(shown)
        if data is None or meeting is None:
            self.agenda_model.set_rows([])
            self.waiting_model.set_rows([])
            self.attendees_model.set_rows([])
            return
        marker = "F" if meeting.kind == MeetingKind.FORUM else "C"
        self.title.setText(f"[{marker}] {meeting.title}")
        ends = f"-{meeting.ends_at:%H:%M}" if meeting.ends_at else ""
        link = (
            f"<a href='{meeting.link}'>Join on Teams</a>"
            if meeting.link
            else "<i>no Teams link yet</i>"
        )
        status = meeting.status.label
        if meeting.status == MeetingStatus.CANCELLED:
            status = "<b>CANCELLED</b>"
        notes = f"<br><i>{meeting.notes}</i>" if meeting.notes else ""
        when = f"{meeting.starts_at:%H:%M}{ends}"
        self.info.setText(f"{when} · {meeting.location} · {link} · Status: {status}{notes}")
        selected = self._selected_agenda()
        agenda = data.agenda
        self.agenda_model.set_rows(agenda)
        if selected is not None:
            for row_number, row in enumerate(agenda):
                if row.item_id == selected.item_id:
                    self.agenda_view.selectRow(row_number)
        count = f"<b>{len(agenda)} of {meeting.capacity}</b> cases booked"
        if data.full:
            room = data.next_with_room
            count += " · full" + (
                f"; next {meeting.kind.label} with room: {short_date(room.meets_on)}"
                if room
                else ""
            )
        self.agenda_count.setText(count)
        open_for_cases = meeting.status == MeetingStatus.PLANNED
        waiting = data.waiting
        self.waiting_model.set_rows(waiting)
        self.waiting_label.setText(
            f"<b>Waiting cases</b> ({len(waiting)}): forum referrals not yet booked and plans "
            "due for review, longest waiting first"
            if meeting.kind == MeetingKind.FORUM
            else f"<b>Waiting cases</b> ({len(waiting)}): partnership referrals not yet booked"
        )
        if not open_for_cases:
            self.waiting_label.setText(
                f"<b>Waiting cases</b>: this meeting is {meeting.status.label.lower()}."
            )
        attendees = data.attendees
        self.attendees_model.set_rows(attendees)
        came = sum(1 for a in attendees if a.attended)
        self.attendees_summary.setText(f"{len(attendees)} invited · {came} recorded as attending")
        self.pages.setTabText(1, f"Atte&ndees ({len(attendees)})")
        self.waiting_view.setVisible(open_for_cases)
        self.add_button.setVisible(open_for_cases)
        self.waiting_view.resizeColumnsToContents()
        self.agenda_view.resizeColumnsToContents()
        self.attendees_view.resizeColumnsToContents()
        self._update_buttons()

    def _selected_agenda(self) -> AgendaRow | None:
        index = self.agenda_view.currentIndex()
        if not index.isValid() or index.row() >= self.agenda_model.rowCount():
            return None
        return self.agenda_model.row_at(index.row())

    def _selected_waiting(self) -> WaitingCase | None:
        index = self.waiting_view.currentIndex()
        if not index.isValid() or index.row() >= self.waiting_model.rowCount():
            return None
        return self.waiting_model.row_at(index.row())

    def _update_buttons(self, *_args: object) -> None:
        meeting = self.meeting
        row = self._selected_agenda()
        forum = meeting is not None and meeting.kind == MeetingKind.FORUM
        planned = meeting is not None and meeting.status == MeetingStatus.PLANNED
        has_plan = row is not None and row.plan_id is not None
        self.plan_button.setEnabled(
            forum and row is not None and row.purpose == AgendaPurpose.NEW_CASE
        )
        self.review_button.setEnabled(row is not None and has_plan and row.plan_sent_on is not None)
        self.preview_button.setEnabled(has_plan)
        self.open_pdf_button.setEnabled(has_plan)
        self.remove_button.setEnabled(row is not None and not has_plan)
        self.up_button.setEnabled(row is not None and row.position > 0)
        self.down_button.setEnabled(
            row is not None and row.position < self.agenda_model.rowCount() - 1
        )
        any_plan = any(r.plan_id is not None for r in self.agenda_model.rows())
        self.pack_button.setEnabled(meeting is not None)
        self.pack_button.setText("Prepare for&um pack..." if forum else "Prepare Core pac&k...")
        self.email_button.setEnabled(forum and any_plan)
        self.add_button.setEnabled(planned and self._selected_waiting() is not None)
        self.held_button.setEnabled(planned)
        self.cancel_button.setEnabled(planned)

    def _perform(self, title: str, operation: Callable[[], object]) -> bool:
        """Run one write of the meeting; say why if refused; announce it once if done."""
        ok, _result = perform(self, self._notifier, title, operation, MEETING_CHANGES)
        return ok

    def _warn(self, message: str) -> None:
        QMessageBox.warning(self, "Forum calendar", message)

    # -- meeting ---------------------------------------------------------
    def _on_edit_button_clicked(self) -> None:
        if self.meeting is None:
            return
        MeetingDialog(self._store, self.meeting.id, parent=self, notifier=self._notifier).exec()

    def _on_held_button_clicked(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        self._perform(
            "Meeting not marked held",
            lambda: update_meeting(
                self._store,
                meeting.id,
                meeting.meets_on,
                meeting.starts_at,
                meeting.ends_at,
                meeting.link,
                meeting.capacity,
                MeetingStatus.HELD,
                meeting.notes,
                meeting.version,
            ),
        )

    def _on_cancel_button_clicked(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        booked = self.agenda_model.rowCount()
        question = f"Cancel the {meeting.title}?"
        if booked:
            question += f"\n\nIts {booked} case(s) go back to the waiting list."
        answer = QMessageBox.question(
            self,
            "Cancel meeting",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._perform("Meeting not cancelled", lambda: cancel_meeting(self._store, meeting.id))

    def _on_agenda_pdf_button_clicked(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            "Save the agenda",
            f"{meeting.meets_on:%Y-%m-%d} {meeting.kind.label} agenda.pdf",
            "PDF files (*.pdf)",
        )
        if not path:
            return
        try:
            # One small PDF: written at once (the job records its export).
            write_agenda_pdf(self._store, meeting, Path(path))
        except OSError as error:
            self._warn(f"The agenda could not be saved: {error.strerror or error}")

    # -- agenda ----------------------------------------------------------
    def _on_add_button_clicked(self, *_args: object) -> None:
        case = self._selected_waiting()
        if self.meeting is None or case is None:
            return
        meeting_id = self.meeting.id
        self._perform(
            "Case not booked",
            lambda: add_case(self._store, meeting_id, case.referral_id, case.purpose),
        )

    def _on_remove_button_clicked(self) -> None:
        row = self._selected_agenda()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove from agenda",
            f"Take {row.who} off this agenda?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._perform(
            "Case not removed", lambda: remove_case(self._store, row.item_id, row.version)
        )

    def _move(self, row: AgendaRow | None, to_position: int) -> None:
        if row is None or to_position < 0 or to_position >= self.agenda_model.rowCount():
            return
        if not self._perform(
            "Case not moved", lambda: move_case(self._store, row.item_id, to_position, row.version)
        ):
            return
        for number, moved in enumerate(self.agenda_model.rows()):
            if moved.item_id == row.item_id:
                self.agenda_view.selectRow(number)

    def _on_up_button_clicked(self) -> None:
        row = self._selected_agenda()
        if row is not None:
            self._move(row, row.position - 1)

    def _on_down_button_clicked(self) -> None:
        row = self._selected_agenda()
        if row is not None:
            self._move(row, row.position + 1)

    def _on_agenda_model_case_dropped(self, item_id: int, to_position: int) -> None:
        row = next((r for r in self.agenda_model.rows() if r.item_id == item_id), None)
        # The drop is still being delivered; change the model once it has finished.
        QTimer.singleShot(0, self, lambda: self._move(row, to_position))

    def _on_agenda_view_double_clicked(self, *_args: object) -> None:
        row = self._selected_agenda()
        if row is None:
            return
        if row.purpose == AgendaPurpose.PLAN_REVIEW:
            self._on_review_button_clicked()
        else:
            self._on_plan_button_clicked()

    def _on_plan_button_clicked(self) -> None:
        row = self._selected_agenda()
        if self.meeting is None or row is None or not self.plan_button.isEnabled():
            return
        try:
            dialog = ActionPlanDialog(
                self._store,
                row.referral_id,
                self.meeting.id,
                self._today(),
                self,
                notifier=self._notifier,
            )
        except DomainError as error:
            self._warn(error.message)
            return
        dialog.exec()

    def _on_review_button_clicked(self) -> None:
        row = self._selected_agenda()
        if row is None or row.plan_id is None:
            return
        ActionPlanReviewDialog(
            self._store, row.plan_id, row.who, self._today(), parent=self, notifier=self._notifier
        ).exec()

    def _on_preview_button_clicked(self) -> None:
        row = self._selected_agenda()
        if row is None or row.plan_id is None:
            return
        doc = plan_document(self._store, row.plan_id)
        # The preview's Print button accepts the dialog once the pages have gone.
        office = partnership_details(self._store)
        if preview_plan(self, doc, office).exec() == QDialog.DialogCode.Accepted:
            record_exports(
                self._store, "Action plan", referral_ids=[doc.referral_id], action=AuditAction.PRINT
            )

    def _on_open_pdf_button_clicked(self) -> None:
        row = self._selected_agenda()
        if row is None or row.plan_id is None:
            return
        from slip_desktop.reports.action_plan_pdf import action_plan_pdf

        doc = plan_document(self._store, row.plan_id)
        try:
            pdf = action_plan_pdf(doc, partnership_details(self._store))
            open_in_pdf_viewer(pdf, doc.file_stem)
        except OSError as error:
            self._warn(f"The PDF could not be written: {error.strerror or error}")
            return
        record_exports(self._store, "Action plan PDF", referral_ids=[doc.referral_id])

    # -- output in the background ---------------------------------------
    def _on_pack_button_clicked(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        folder = QFileDialog.getExistingDirectory(self, f"Save the {meeting.kind.label} pack to")
        if not folder:
            return
        self.last_task = run_job(
            self,
            f"Preparing the {meeting.kind.label} pack",
            prepare_meeting_pack,
            self._store,
            meeting,
            Path(folder),
            self._today(),
            on_success=self._on_pack_finished,
            on_failure=self._on_task_failed,
        )

    def _on_pack_finished(self, result: PackResult) -> None:
        self.last_pack = result
        if not result.cases:
            # zero is said as zero before anything is shown
            QMessageBox.information(self, "Nothing booked", result.summary())
        dialog = preview_pdf(self, result.pack, f"Print: {result.pack.name}")
        if dialog is None:
            QMessageBox.information(
                self,
                "Pack saved",
                f"{result.summary()}\n\nIt opens in your PDF viewer to print: "
                f"{result.pack.name}, with one file per case beside it.",
            )
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.pack)))
            return
        dialog.setWindowTitle(f"Print the pack: {result.summary()}")
        if dialog.exec() == QDialog.DialogCode.Accepted and self.meeting is not None:
            record_exports(
                self._store,
                f"{self.meeting.kind.label} pack",
                meeting_id=self.meeting.id,
                action=AuditAction.PRINT,
            )

    def _on_email_button_clicked(self) -> None:
        meeting = self.meeting
        if meeting is None:
            return
        folder = QFileDialog.getExistingDirectory(self, "Save the e-mail drafts to")
        if not folder:
            return
        self.last_task = run_job(
            self,
            "Preparing e-mails to schools",
            write_school_drafts,
            self._store,
            meeting,
            Path(folder),
            self._today(),
            on_success=self._on_email_finished,
            on_failure=self._on_task_failed,
        )

    def _on_email_finished(self, drafts: list[Path]) -> None:
        # The job recorded the plans as sent: one announcement for the whole run.
        self._notifier.announce(*MEETING_CHANGES)
        QMessageBox.information(
            self,
            "E-mail drafts ready",
            f"{len(drafts)} draft(s) saved. Open each in Outlook, check it and press Send. "
            "The plans are recorded as sent today.",
        )

    def _on_task_failed(self, error: BaseException) -> None:
        message = error.message if isinstance(error, DomainError) else str(error)
        self._warn(f"Something went wrong: {message}")

    # -- attendees -------------------------------------------------------
    def _on_attendees_model_attended_changed(
        self, attendee_id: int, attended: bool, version: int
    ) -> None:
        # Written once the view has handled the click: the refresh resets the model under it.
        QTimer.singleShot(
            0,
            self,
            lambda: self._perform(
                "Attendance not recorded",
                lambda: set_attended(self._store, attendee_id, attended, version),
            ),
        )

    def _on_invite_button_clicked(self) -> None:
        if self.meeting is None:
            return
        meeting_id = self.meeting.id
        self.invite_errors.clear()
        perform(
            self,
            self._notifier,
            "Not invited",
            lambda: add_attendee(
                self._store,
                meeting_id,
                self.new_role.text(),
                self.new_name.text(),
                self.new_organisation.text(),
            ),
            MEETING_CHANGES,
            errors=self.invite_errors,
            on_success=self._on_invited,
        )

    def _on_invited(self, _attendee_id: object) -> None:
        for edit in (self.new_role, self.new_name, self.new_organisation):
            edit.clear()
        self.new_role.setFocus()

    def _on_uninvite_button_clicked(self) -> None:
        index = self.attendees_view.currentIndex()
        if not index.isValid():
            return
        attendee = self.attendees_model.row_at(index.row())
        self._perform("Not removed", lambda: remove_attendee(self._store, attendee.id))
