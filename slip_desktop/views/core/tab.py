"""The Core Meeting board tab: cases to decide, four outcome columns, moves and minutes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.core import (
    Board,
    CoreCard,
    CoreCaseRow,
    CoreMeetingRow,
    coordinator_name,
    default_core_meeting,
    list_core_cases,
    list_core_meetings,
    list_mentors,
    load_board,
    next_forum_for,
    record_decision,
    undo_decision,
)
from slip_desktop.db.managed_moves import list_schools
from slip_desktop.db.store import Store
from slip_desktop.domain.core_outcomes import DecisionRequest
from slip_desktop.domain.date_style import date_time
from slip_desktop.domain.enums import CoreOutcome, MeetingStatus
from slip_desktop.jobs.core_minutes import write_core_minutes
from slip_desktop.ui import palette
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.ui.tasks import LOADING, LatestRead
from slip_desktop.views.core import TITLE
from slip_desktop.views.core.board_column import NO_CORE_MEETING, NOTHING_TO_DECIDE, BoardColumn
from slip_desktop.views.core.decision_dialog import DECISION_CHANGES, CoreDecisionDialog
from slip_desktop.views.core.moves_panel import CoreMovesPanel

COLUMNS: list[Column[CoreCaseRow]] = [
    Column("Pupil", lambda r: f"{r.last_name}, {r.first_name}"),
    Column("School", lambda r: r.school),
    Column("Year", lambda r: r.year_group, align_right=True),
    Column("SEND", lambda r: r.send_status),
    Column("Received", lambda r: r.received_on),
    Column("Status", lambda r: r.status),
    Column("Outcome", lambda r: r.outcome),
    Column("Core Meeting", lambda r: r.meeting_on),
]

#: Board columns in order: key (None = to decide), title, accent colour, keyboard key.
BOARD_COLUMNS: list[tuple[CoreOutcome | None, str, str, str]] = [
    (None, "To decide", palette.UNDECIDED, "0"),
    (CoreOutcome.BACK_TO_FORUM, "Back to Inclusion Forum", palette.OUTCOME_BACK_TO_FORUM, "1"),
    (
        CoreOutcome.SCHOOL_CONTINUES,
        "School continues with advice",
        palette.OUTCOME_SCHOOL_CONTINUES,
        "2",
    ),
    (
        CoreOutcome.IN_SCHOOL_SUPPORT,
        "In-school support (tier 2)",
        palette.OUTCOME_IN_SCHOOL_SUPPORT,
        "3",
    ),
    (
        CoreOutcome.OUTSIDE_PROGRAMME,
        "Programme outside school",
        palette.OUTCOME_OUTSIDE_PROGRAMME,
        "4",
    ),
]
_OUTCOME_KEYS = {
    Qt.Key.Key_1: CoreOutcome.BACK_TO_FORUM,
    Qt.Key.Key_2: CoreOutcome.SCHOOL_CONTINUES,
    Qt.Key.Key_3: CoreOutcome.IN_SCHOOL_SUPPORT,
    Qt.Key.Key_4: CoreOutcome.OUTSIDE_PROGRAMME,
}


@dataclass(frozen=True)
class CoreRead:
    """The board's meetings, the chosen meeting's board and every Core case, read at once."""

    meetings: list[CoreMeetingRow]
    meeting_id: int | None
    board: Board | None
    cases: list[CoreCaseRow]


def read_core(store: Store, today: date, chosen: int | None) -> CoreRead:
    """Read the board of ``chosen`` (else the default meeting): database reads only."""
    meetings = list_core_meetings(store)
    if chosen is None:
        default = default_core_meeting(meetings, today)
        chosen = default.id if default else None
    board = load_board(store, chosen, today) if chosen is not None else None
    return CoreRead(meetings, chosen, board, list_core_cases(store))


class CoreBoardTab(QWidget):
    """Runs a Core Meeting: cards move from "To decide" into the outcome columns.

    A card moves by drag and drop, by keys 1-4 (Backspace sends it back), or by the
    buttons under the board. Each move opens the decision dialog; only a recorded
    decision moves the card, so a cancelled or refused one leaves it where it was.

    A decision (or undoing one) is announced once with every area it changes; the board
    reloads on that announcement like every other tab showing those areas, once. The
    Managed moves page refreshes itself, when shown.

    Signals: none of its own; writes are announced through the notifier.
    """

    title = TITLE
    areas = frozenset({Area.REFERRALS, Area.DECISIONS, Area.PUPILS, Area.MEETINGS, Area.PLACEMENTS})

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
        *,
        background: bool = True,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._today = today
        self._now = now
        self._board: Board | None = None
        self._selected: CoreCard | None = None
        #: The case to select once the board being read arrives.
        self._select_after: int | None = None
        self.decision_dialog: CoreDecisionDialog | None = None

        self.meeting = QComboBox(self)
        self.meeting.setMinimumContentsLength(38)
        meeting_label = QLabel("Core &Meeting:", self)
        meeting_label.setBuddy(self.meeting)
        self.decided_by = QLineEdit(coordinator_name(store), self)
        self.decided_by.setPlaceholderText("Who decides")
        self.decided_by.setMaximumWidth(220)
        decided_label = QLabel("Decided b&y:", self)
        decided_label.setBuddy(self.decided_by)
        self.print_button = QPushButton("&Print minutes...", self)
        self.print_button.setToolTip("Save the decisions of this meeting as a PDF and open it")
        top = QHBoxLayout()
        top.addWidget(meeting_label)
        top.addWidget(self.meeting)
        top.addSpacing(16)
        top.addWidget(decided_label)
        top.addWidget(self.decided_by)
        top.addStretch(1)
        top.addWidget(self.print_button)

        self.pages = QTabWidget(self)
        self.pages.addTab(self._build_board_page(), "&Board")
        self.list = ListPanel(
            COLUMNS, lambda r: f"{r.first_name} {r.last_name} {r.school}", "Search", "cases", self
        )
        name_list(self.list, "All Core cases")
        self.list.row_activated.connect(self._on_list_row_activated)
        self.list.set_empty_state(
            "No Core cases yet: a case comes here when the Inclusion Forum refers it to Core."
        )
        self.pages.addTab(self.list, "All Core &cases")
        self.moves = CoreMovesPanel(store, notifier, today, self)
        self.pages.addTab(self.moves, "Managed mo&ves")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self.meeting.currentIndexChanged.connect(self._on_meeting_current_index_changed)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self._on_print_button_clicked)
        # Ten years of cases take a second or more to read: the board shows at once and
        # fills from a worker thread (the newest request wins); tests that check the
        # board straight after a change pass ``background=False``.
        self.reads = LatestRead(
            self, self._on_read_failed, background=background, lists=(self.list,)
        )
        if background:
            self.columns[0].empty_state.set_message(LOADING)
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)
        self.refresh()
        if background:
            self.moves.refresher.stale = True  # read when its page is first shown
        else:
            self.moves.refresh()

    # -- building -------------------------------------------------------
    def _build_board_page(self) -> QWidget:
        page = QWidget(self)
        row = QHBoxLayout()
        row.setSpacing(6)
        self.columns: list[BoardColumn] = []
        for key, title, accent, shortcut in BOARD_COLUMNS:
            column = BoardColumn(key, f"{shortcut}  {title}", accent, page)
            column.card_dropped.connect(self._on_column_card_dropped)
            column.view.selectionModel().currentChanged.connect(self._on_card_current_changed)
            column.view.installEventFilter(self)
            column.view.doubleClicked.connect(self._on_card_double_clicked)
            row.addWidget(column, 1)
            self.columns.append(column)

        self.details = QLabel(page)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(self.details.fontMetrics().height() * 5)
        self.buttons: dict[CoreOutcome, QPushButton] = {}
        # Two rows of outcomes, so the board fits a 1366x768 screen at 125%.
        buttons = QGridLayout()
        for number, (key, title, _accent, shortcut) in enumerate(BOARD_COLUMNS[1:]):
            assert key is not None
            button = QPushButton(f"{shortcut}  {title}", page)
            button.setToolTip(f"Decide: {key.label} (key {shortcut} on a selected card)")
            button.clicked.connect(lambda _checked=False, k=key: self.decide_selected(k))
            buttons.addWidget(button, number // 2, number % 2)
            self.buttons[key] = button
        self.undo_button = QPushButton("Undo decision (Backspace)", page)
        self.undo_button.clicked.connect(self._on_undo_button_clicked)
        buttons.setColumnStretch(2, 1)
        buttons.addWidget(self.undo_button, 0, 3)
        self.status = QLabel(page)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A refused undo says why here, in the error colour (the board has no form fields).
        self.problem = QLabel(page)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = FieldErrors(self.problem)
        help_text = QLabel(
            "Drag a card to an outcome, or select it and press 1-4 (Ctrl+Enter records). "
            "Backspace undoes a decision; Left and Right move between columns, Home goes back "
            "to the next case to decide.",
            page,
        )
        help_text.setStyleSheet("color: palette(placeholder-text);")
        help_text.setWordWrap(True)

        box = QGroupBox("Selected case", page)
        inner = QVBoxLayout(box)
        inner.addWidget(self.details)
        inner.addLayout(buttons)
        inner.addWidget(self.status)
        inner.addWidget(self.problem)
        layout = QVBoxLayout(page)
        layout.addLayout(row, 1)
        layout.addWidget(box)
        layout.addWidget(help_text)
        return page

    # -- loading --------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the board is being read."""
        return self.reads.loading

    def refresh(self) -> None:
        """Reload meetings, the board and the case list (the moves page refreshes itself)."""
        self._read(self.current_meeting_id())

    def _read(self, chosen: int | None) -> None:
        store, today = self._store, self._today()
        self.reads.start(lambda: read_core(store, today, chosen), self._show_read)

    def _on_read_failed(self, _error: BaseException) -> None:
        self.status.setText("The board could not be read; the log has the details.")

    def _show_read(self, read: CoreRead) -> None:
        meetings, chosen = read.meetings, read.meeting_id
        self.meeting.blockSignals(True)
        self.meeting.clear()
        for meeting in meetings:
            self.meeting.addItem(meeting.label, meeting.id)
        index = self.meeting.findData(chosen)
        self.meeting.setCurrentIndex(index)
        self.meeting.blockSignals(False)
        self.columns[0].empty_state.set_message(NOTHING_TO_DECIDE if meetings else NO_CORE_MEETING)
        self._show_board(read.board)
        self.list.set_rows(read.cases)

    def current_meeting_id(self) -> int | None:
        """Return the chosen Core Meeting's id."""
        data = self.meeting.currentData()
        return int(data) if data is not None else None

    def choose_meeting(self, meeting_id: int) -> None:
        """Show the board of another Core Meeting."""
        self.meeting.setCurrentIndex(self.meeting.findData(meeting_id))

    def _show_board(self, board: Board | None) -> None:
        selected = self.selected_card()
        keep = selected.referral_id if selected is not None else None
        if self._select_after is not None and board is not None:
            # A case chosen from the list while its meeting's board was being read.
            keep, self._select_after = self._select_after, None
        self._board = board
        for column in self.columns:
            column.set_cards(self._board.column(column.key) if self._board else [])
        cancelled = self._board is not None and self._board.status == MeetingStatus.CANCELLED
        for column in self.columns:
            column.view.setEnabled(not cancelled)
        if keep is not None:
            self.select_card(keep)
        else:
            self._show_details(None)

    # -- selection ------------------------------------------------------
    def selected_card(self) -> CoreCard | None:
        """Return the selected card, or None."""
        return self._selected

    def select_card(self, referral_id: int) -> bool:
        """Select a card wherever it is, give its column focus; False if not on the board."""
        for column in self.columns:
            if column.select(referral_id):
                column.view.setFocus()
                self._selected = column.current_card()
                self._show_details(self._selected)
                return True
        self._selected = None
        self._show_details(None)
        return False

    def column_of(self, referral_id: int) -> CoreOutcome | None | str:
        """Return the key of the column holding a card, or "" when it is not on the board."""
        for column in self.columns:
            if column.model.row_of(referral_id) >= 0:
                return column.key  # type: ignore[no-any-return]
        return ""

    def _show_details(self, card: CoreCard | None) -> None:
        decided = card is not None and card.outcome is not None
        for button in self.buttons.values():
            button.setEnabled(card is not None and not decided)
        self.undo_button.setEnabled(decided and card is not None and not card.undo_blocked)
        if card is None:
            self.details.setText("Select a card to see the case.")
            self.undo_button.setToolTip("")
            return
        review = f"<br><b>Plan review:</b> {card.forum_review}" if card.forum_review else ""
        text = (
            f"<b>{card.pupil_name}</b> - {card.school} - {card.key_stage_text} - "
            f"SEND: {card.send_status.label} - {card.attendance_text}<br>"
            f"<b>Forum plan:</b> {card.forum_summary or 'no summary recorded'}{review}"
        )
        if card.outcome is not None:
            when = f"{date_time(card.decided_at)}" if card.decided_at else ""
            text += (
                f"<br><b>Decided:</b> {card.outcome.label} by {card.decided_by} {when} - "
                f"{card.rationale}<br><b>Started:</b> {card.started or 'nothing'}"
            )
            if card.undo_blocked:
                text += f"<br><i>Cannot be undone: {card.undo_blocked}</i>"
        self.undo_button.setToolTip(card.undo_blocked or "Send the card back to To decide")
        self.details.setText(text)

    # -- actions --------------------------------------------------------
    def decide_selected(self, outcome: CoreOutcome) -> None:
        """Open the decision dialog for the selected card."""
        card = self.selected_card()
        if card is not None:
            self.decide(card.referral_id, outcome)

    def decide(self, referral_id: int, outcome: CoreOutcome) -> CoreDecisionDialog | None:
        """Open the decision dialog (window-modal, not blocking) for one card."""
        card = self._card(referral_id)
        meeting_id = self.current_meeting_id()
        if card is None or meeting_id is None or self._board is None:
            return None
        self.problems.clear()
        if card.outcome is not None:
            self.status.setText(
                f"{card.pupil_name} already has a decision ({card.outcome.label}): "
                "undo it first (Backspace) to change it."
            )
            return None

        def submit(request: DecisionRequest) -> str:
            return record_decision(
                self._store, meeting_id, referral_id, request, self._now()
            ).started

        dialog = CoreDecisionDialog(
            card,
            outcome,
            self.decided_by.text(),
            max(self._board.meets_on, self._today()),
            submit,
            list_mentors(self._store) if outcome == CoreOutcome.IN_SCHOOL_SUPPORT else [],
            list_schools(self._store) if outcome == CoreOutcome.IN_SCHOOL_SUPPORT else [],
            next_forum_for(self._store, meeting_id, self._today())
            if outcome == CoreOutcome.BACK_TO_FORUM
            else None,
            self,
            notifier=self._notifier,
            background=self.reads.background,
        )
        dialog.accepted.connect(lambda: self._on_decision_dialog_accepted(dialog))
        dialog.finished.connect(self._on_decision_dialog_finished)
        self.decision_dialog = dialog
        dialog.open()
        return dialog

    def undo(self, referral_id: int, confirm: bool = True) -> bool:
        """Send a decided card back to "To decide", if nothing it started is in use."""
        card = self._card(referral_id)
        if card is None or card.outcome is None:
            return False
        if card.undo_blocked:
            self.status.setText(f"Cannot undo {card.pupil_name}'s decision: {card.undo_blocked}")
            return False
        if confirm:
            answer = QMessageBox.question(
                self,
                "Undo decision",
                f"Undo '{card.outcome.label}' for {card.pupil_name}? "
                f"This also removes what it started: {card.started or 'nothing'}.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.problems.clear()
        ok, _none = perform(
            self,
            self._notifier,
            "Decision not undone",
            lambda: undo_decision(self._store, referral_id, self._today()),
            DECISION_CHANGES,
            errors=self.problems,
            on_success=lambda _none: self._on_decision_undone(card),
        )
        if ok:
            # The announcement has reloaded the board: the card now sits in To decide.
            self.select_card(referral_id)
        return ok

    def _card(self, referral_id: int) -> CoreCard | None:
        if self._board is None:
            return None
        return next((c for c in self._board.cards if c.referral_id == referral_id), None)

    def _on_decision_undone(self, card: CoreCard) -> None:
        self.status.setText(f"Undone: {card.pupil_name} is back in To decide.")

    # -- slots ----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        position = next((i for i, c in enumerate(self.columns) if c.view is watched), -1)
        if position < 0 or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return super().eventFilter(watched, event)
        key = event.key()
        card = self.columns[position].current_card()
        if key in _OUTCOME_KEYS and card is not None:
            self.decide(card.referral_id, _OUTCOME_KEYS[Qt.Key(key)])
            return True
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_0) and card is not None:
            self.undo(card.referral_id)
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home):
            step = -1 if key == Qt.Key.Key_Left else 1
            target = self.columns[(position + step) % len(self.columns)]
            if key == Qt.Key.Key_Home:
                target = self.columns[0]
                target.view.setCurrentIndex(target.model.index(0, 0))
            target.view.setFocus()
            if not target.view.currentIndex().isValid() and target.model.rowCount():
                target.view.setCurrentIndex(target.model.index(0, 0))
            self._selected = target.current_card()
            self._show_details(self._selected)
            return True
        return super().eventFilter(watched, event)

    def _on_column_card_dropped(self, referral_id: int, key: object) -> None:
        if key is None:
            self.undo(referral_id)
        elif isinstance(key, CoreOutcome):
            self.decide(referral_id, key)

    def _on_card_current_changed(self, current: object, _previous: object) -> None:
        for column in self.columns:
            if column.view.selectionModel() is self.sender():
                self._selected = column.current_card()
                for other in self.columns:
                    if other is not column:
                        other.view.clearSelection()
        self._show_details(self._selected)

    def _on_card_double_clicked(self, _index: object) -> None:
        card = self._selected
        if card is not None:
            self.details.setFocus()

    def _on_decision_dialog_accepted(self, dialog: CoreDecisionDialog) -> None:
        # The dialog announces the decision as it closes; the board reloads on that and
        # keeps this card selected in its new column.
        self.status.setText(
            f"Recorded: {dialog.card.pupil_name} - {dialog.outcome.label}. "
            f"Started: {dialog.started or 'nothing'}."
        )
        self.select_card(dialog.card.referral_id)

    def _on_decision_dialog_finished(self, _result: int) -> None:
        self.decision_dialog = None

    def _on_list_row_activated(self, row: CoreCaseRow) -> None:
        if row.meeting_id is None:
            return
        self.choose_meeting(row.meeting_id)
        self.pages.setCurrentIndex(0)
        if self.reads.loading:
            self._select_after = row.referral_id
        else:
            self.select_card(row.referral_id)

    def _on_undo_button_clicked(self) -> None:
        card = self.selected_card()
        if card is not None:
            self.undo(card.referral_id)

    def _on_meeting_current_index_changed(self, _index: int) -> None:
        self._selected = None
        if self.reads.background:
            self._show_board(None)  # no deciding on the last meeting's cards meanwhile
        self._read(self.current_meeting_id())

    def _on_print_button_clicked(self) -> None:
        meeting_id = self.current_meeting_id()
        if meeting_id is None or self._board is None:
            return
        suggested = f"core-meeting-{self._board.meets_on:%Y-%m-%d}-decisions.pdf"
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save Core Meeting decisions", suggested, "PDF files (*.pdf)"
        )
        if not name:
            return
        path = Path(name)
        # One PDF takes a moment: the job runs here, and records its own audit rows.
        try:
            write_core_minutes(self._store, meeting_id, path, self._today())
        except OSError as error:
            QMessageBox.warning(self, "Minutes not saved", f"Could not write {path}: {error}")
            return
        self.status.setText(f"Minutes saved to {path}.")
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
