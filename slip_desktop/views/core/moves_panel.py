"""Managed moves and fresh starts: the list, recording outcomes, and the per-school tally."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.managed_moves import (
    MoveRow,
    OutcomeResult,
    SchoolTally,
    list_moves,
    list_pupil_options,
    list_schools,
    record_move,
    school_tally,
    set_move_outcome,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import MoveOutcome
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.views.core.move_dialog import CoreMoveDialog

#: What recording a move's outcome changes: a failed guaranteed move requests a place.
OUTCOME_CHANGES = (Area.PLACEMENTS, Area.DECISIONS)

MOVE_COLUMNS: list[Column[MoveRow]] = [
    Column("Pupil", lambda r: f"{r.last_name}, {r.first_name}"),
    Column("Kind", lambda r: r.kind),
    Column("From", lambda r: r.sending_school),
    Column("To", lambda r: r.receiving_school),
    Column("Starts", lambda r: r.starts_on),
    Column("Trial ends", lambda r: r.trial_ends_on),
    Column("Outcome", lambda r: r.outcome),
    Column(
        "Guarantee",
        lambda r: r.guarantee_programme.label if r.guaranteed and r.guarantee_programme else "",
        tooltip="Offered instead of a tier-4 place: a failed move earns a priority place",
    ),
    Column("Place requested", lambda r: "Yes" if r.placement_id else ""),
]

TALLY_COLUMNS: list[Column[SchoolTally]] = [
    Column("School", lambda r: r.school),
    Column("Received", lambda r: r.received, align_right=True),
    Column("Received, successful", lambda r: r.received_successful, align_right=True),
    Column("Sent", lambda r: r.sent, align_right=True),
    Column("Sent, successful", lambda r: r.sent_successful, align_right=True),
    Column(
        "Balance",
        lambda r: r.balance,
        align_right=True,
        tooltip="Received minus sent: positive when a school takes in more than it moves on",
    ),
]


class MoveOutcomeDialog(QDialog):
    """Asks how a move ended, on what date, with a note; OK needs a date it can read."""

    def __init__(self, move: MoveRow, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Outcome of {move.kind.label.lower()}: {move.first_name}")
        form = QFormLayout(self)
        self.outcome = QComboBox(self)
        for outcome in (MoveOutcome.SUCCESSFUL, MoveOutcome.FAILED, MoveOutcome.WITHDRAWN):
            self.outcome.addItem(outcome.label, outcome)
        form.addRow("&Outcome:", self.outcome)
        self.on = DateField(today, self)
        self.on.set_value(today)
        self.errors = FieldErrors()
        self.errors.add_row(form, "on", "&Date:", self.on)
        self.notes = QLineEdit(self)
        form.addRow("&Notes:", self.notes)
        if move.guaranteed:
            note = QLabel(
                "This move carries the guarantee: if it failed, a priority request for a "
                f"{move.guarantee_programme.label if move.guarantee_programme else 'tier-4'} "
                "place goes to the Centre rosters.",
                self,
            )
            note.setWordWrap(True)
            form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[MoveOutcome, date, str]:
        """Return the chosen outcome, date and note (the date is checked before OK closes)."""
        day = self.on.value()
        assert day is not None, "OK is refused without a date"
        return MoveOutcome(self.outcome.currentData()), day, self.notes.text()

    def _on_buttons_accepted(self) -> None:
        if self.on.value() is None:
            self.errors.show({"on": self.on.problem() or "Give the date the move ended."})
            return
        self.accept()


class CoreMovesPanel(QWidget):
    """Lists managed moves and fresh starts, records their outcome, tallies them per school.

    A page of the Core board of its own: it refreshes on a change only when shown.
    """

    #: Moves are decisions; the list names pupils and schools; an outcome may place a pupil.
    areas = frozenset({Area.DECISIONS, Area.PLACEMENTS, Area.PUPILS, Area.SCHOOLS})

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._today = today
        self.outcome_dialog: MoveOutcomeDialog | None = None
        self.move_dialog: CoreMoveDialog | None = None
        self.list = ListPanel(
            MOVE_COLUMNS,
            lambda r: f"{r.first_name} {r.last_name} {r.sending_school} {r.receiving_school}",
            "Search pupil or school",
            "moves",
            self,
        )
        name_list(self.list, "Managed moves")
        self.outcome_button = QPushButton("Record &outcome...", self)
        self.outcome_button.setEnabled(False)
        self.new_button = QPushButton("&New move...", self)
        self.new_button.setToolTip("Record a move arranged outside a Core decision")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.tally = ListPanel(TALLY_COLUMNS, None, "", "schools", self)
        name_list(self.tally, "Moves by school")
        self.list.set_empty_state(
            "No managed moves yet: a Core decision can arrange one, or record one with New move.",
            "New move...",
            self._on_new_button_clicked,
        )
        self.tally.set_empty_state("Each school's moves received and sent add up here.")
        tally_label = QLabel(
            "<b>Moves received and sent per school</b> (withdrawn moves not counted), "
            "for fairness between schools",
            self,
        )
        moves_box = QWidget(self)
        moves_layout = QVBoxLayout(moves_box)
        moves_layout.setContentsMargins(0, 0, 0, 0)
        moves_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_button)
        row.addWidget(self.outcome_button)
        row.addWidget(self.status, 1)
        moves_layout.addLayout(row)
        tally_box = QWidget(self)
        tally_layout = QVBoxLayout(tally_box)
        tally_layout.setContentsMargins(0, 0, 0, 0)
        tally_layout.addWidget(tally_label)
        tally_layout.addWidget(self.tally, 1)
        splitter = QSplitter(self)
        splitter.addWidget(moves_box)
        splitter.addWidget(tally_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.list.selection_changed.connect(self._on_list_selection_changed)
        self.list.row_activated.connect(self._on_list_row_activated)
        self.outcome_button.clicked.connect(self._on_outcome_button_clicked)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)

    def refresh(self) -> None:
        """Reload the moves and the tally."""
        self.list.set_rows(list_moves(self._store))
        self.tally.set_rows(school_tally(self._store))
        self._on_list_selection_changed(self.list.selected_row())

    def record_outcome(
        self,
        move_id: int,
        outcome: MoveOutcome,
        on: date,
        notes: str,
        version: int | None = None,
    ) -> bool:
        """Record how a move ended and say what followed; False when refused."""

        def say_what_followed(result: OutcomeResult) -> None:
            text = f"Recorded: {outcome.label.lower()}."
            if result.placement_id is not None and outcome == MoveOutcome.FAILED:
                text += " The guarantee applies: a priority placement request went to the rosters."
            self.status.setText(text)

        ok, _result = perform(
            self,
            self._notifier,
            "Outcome not recorded",
            lambda: set_move_outcome(self._store, move_id, outcome, on, notes, version),
            OUTCOME_CHANGES,
            on_success=say_what_followed,
        )
        return ok

    def _on_list_selection_changed(self, row: MoveRow | None) -> None:
        self.outcome_button.setEnabled(row is not None and row.outcome == MoveOutcome.IN_PROGRESS)

    def _on_list_row_activated(self, _row: MoveRow) -> None:
        self._on_outcome_button_clicked()

    def _on_outcome_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is None or row.outcome != MoveOutcome.IN_PROGRESS:
            return
        dialog = MoveOutcomeDialog(row, self._today(), self)
        self.outcome_dialog = dialog
        dialog.accepted.connect(
            lambda: self.record_outcome(row.id, *dialog.values(), version=row.version)
        )
        dialog.finished.connect(self._on_outcome_dialog_finished)
        dialog.open()

    def _on_new_button_clicked(self) -> None:
        dialog = CoreMoveDialog(
            list_pupil_options(self._store),
            list_schools(self._store),
            self._today(),
            lambda pupil_id, request: record_move(self._store, pupil_id, request),
            self,
            notifier=self._notifier,
        )
        self.move_dialog = dialog
        dialog.accepted.connect(self._on_move_dialog_accepted)
        dialog.finished.connect(self._on_move_dialog_finished)
        dialog.open()

    def _on_move_dialog_accepted(self) -> None:
        # The dialog recorded and announced the move; only the words are left here.
        self.status.setText("Move recorded.")

    def _on_move_dialog_finished(self, _result: int) -> None:
        self.move_dialog = None

    def _on_outcome_dialog_finished(self, _result: int) -> None:
        self.outcome_dialog = None
