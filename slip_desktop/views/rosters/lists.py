"""Roster pages that are lists: waiting lists, reviews and school visits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from slip_desktop.db.reviews import ReviewRow, list_reviews
from slip_desktop.db.rosters import WaitingRow, get_placement, waiting_lists
from slip_desktop.db.store import Store
from slip_desktop.db.visits import VisitFlag, visit_flags
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.enums import PlacementStatus
from slip_desktop.domain.reviews import REVIEW_RULE, days_overdue, review_state
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.views.rosters.areas import ROSTER_AREAS
from slip_desktop.views.rosters.dialogs import ReviewDialog, VisitDialog
from slip_desktop.views.rosters.widgets import EmphasisDelegate

WAITING_COLUMNS: list[Column[WaitingRow]] = [
    Column("Waiting for", lambda r: r.list_label),
    Column("#", lambda r: r.position, align_right=True),
    Column("Pupil", lambda r: r.name),
    Column("Year", lambda r: r.year_group, align_right=True),
    Column("School", lambda r: r.school),
    Column("Priority", lambda r: -r.priority, lambda v: "Guarantee case" if v < 0 else "Normal"),
    Column("Decided", lambda r: r.decided_on),
    Column(
        "Place expected",
        lambda r: r.expected_place_on,
        lambda v: f"from {long_date(v)}" if v else "no planned end yet",
        tooltip="When a place should free up, from the planned end dates of pupils placed now",
    ),
    Column("Notes", lambda r: r.notes.replace("\n", "; ")),
]


class WaitingPage(QWidget):
    """Each programme's waiting list in queue order, with when a place should free up."""

    areas = ROSTER_AREAS

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        today: Callable[[], date],
        place: Callable[[object], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self._place = place
        self.list = ListPanel(
            WAITING_COLUMNS, lambda r: f"{r.name} {r.school}", "Search", "waiting", self
        )
        name_list(self.list, "Waiting list")
        self.list.table.setItemDelegate(EmphasisDelegate(lambda r: r.priority > 0, self.list.table))
        self.list.set_empty_state(
            "Nobody is waiting: a pupil joins a waiting list when a Core decision finds no place."
        )
        self.place_button = QPushButton("&Place selected pupil...", self)
        self.place_button.clicked.connect(self._on_place_button_clicked)
        self.list.row_activated.connect(self._on_list_row_activated)
        note = QLabel(
            "Order: guarantee cases (a failed guaranteed managed move) first, then by the date "
            "of the Core decision. Reset pupils wait for whichever group frees first.",
            self,
        )
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(note, 1)
        top.addWidget(self.place_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)

    def refresh(self) -> None:
        """Reload the waiting lists."""
        self.list.set_rows(waiting_lists(self._store, self._today()))

    def _on_place_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is not None:
            self._place(get_placement(self._store, row.placement_id))

    def _on_list_row_activated(self, row: WaitingRow) -> None:
        self._place(get_placement(self._store, row.placement_id))


def review_columns(today: Callable[[], date]) -> list[Column[ReviewRow]]:
    """Return the review list's columns."""
    return [
        Column("Due", lambda r: r.due_on),
        Column("State", lambda r: review_state(r.due_on, r.held_on, today())),
        Column("Review", lambda r: r.purpose),
        Column("Pupil", lambda r: r.name),
        Column("School", lambda r: r.school),
        Column("Programme", lambda r: r.programme),
        Column("Group", lambda r: r.group_name),
        Column("Able to return?", lambda r: r.able_to_return),
        Column("Next step", lambda r: r.next_step),
        Column("Attended", lambda r: r.attendees),
    ]


class ReviewsPage(QWidget):
    """Reviews booked and held; overdue ones say so in words and stand out in bold."""

    areas = ROSTER_AREAS

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
        rule = QLabel(REVIEW_RULE, self)
        rule.setWordWrap(True)
        self.list = ListPanel(
            review_columns(today), lambda r: f"{r.name} {r.school}", "Search", "reviews", self
        )
        name_list(self.list, "Reviews")
        self.list.table.setItemDelegate(
            EmphasisDelegate(lambda r: days_overdue(r.due_on, r.held_on, self._today()) > 0, self)
        )
        self.list.set_empty_state(
            "No reviews yet: each placement gets its review dates when a pupil is placed."
        )
        self.to_do_only = QCheckBox("Only reviews to hold (overdue and &upcoming)", self)
        self.to_do_only.setChecked(True)
        self.to_do_only.toggled.connect(self._on_to_do_only_toggled)
        self.record_button = QPushButton("Record re&view...", self)
        self.record_button.clicked.connect(self._on_record_button_clicked)
        self.list.row_activated.connect(self._on_list_row_activated)
        top = QHBoxLayout()
        top.addWidget(self.to_do_only)
        top.addStretch(1)
        top.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addWidget(rule)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self._on_to_do_only_toggled(True)
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)

    def refresh(self) -> None:
        """Reload the reviews."""
        self.list.set_rows(list_reviews(self._store))

    def _on_to_do_only_toggled(self, checked: bool) -> None:
        self.list.set_extra_filter(
            (lambda r: r.held_on is None and r.placement_status == PlacementStatus.ACTIVE)
            if checked
            else None
        )

    def open_review(self, row: ReviewRow) -> None:
        """Record ``row``'s review in a dialog (which announces it)."""
        ReviewDialog(self._store, row, self._today(), self, notifier=self._notifier).exec()

    def _on_record_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is not None:
            self.open_review(row)

    def _on_list_row_activated(self, row: ReviewRow) -> None:
        self.open_review(row)


VISIT_COLUMNS: list[Column[VisitFlag]] = [
    Column(
        "Visited this term?",
        lambda f: f.visited_this_term,
        lambda v: "Yes" if v else "NOT VISITED",
    ),
    Column("Last visit", lambda f: f.last_visit),
    Column("Pupil", lambda f: f.placement.name),
    Column("School", lambda f: f.placement.school),
    Column("Programme", lambda f: f.placement.programme),
    Column("Where / with", lambda f: f.placement.provider or f.placement.centre.value),
    Column("Placed since", lambda f: f.placement.starts_on),
]


class VisitsPage(QWidget):
    """Pupils placed outside school, flagged when their school has not visited this term."""

    areas = ROSTER_AREAS

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
        self.list = ListPanel(
            VISIT_COLUMNS,
            lambda f: f"{f.placement.name} {f.placement.school}",
            "Search",
            "pupils",
            self,
        )
        name_list(self.list, "School visits")
        self.list.table.setItemDelegate(EmphasisDelegate(lambda f: not f.visited_this_term, self))
        self.list.set_empty_state(
            "No pupils to visit: placed pupils' schools are listed here once a term."
        )
        self.record_button = QPushButton("Record school &visit...", self)
        self.record_button.clicked.connect(self._on_record_button_clicked)
        self.list.row_activated.connect(self._on_list_row_activated)
        note = QLabel(
            "Schools visit their pupils in every setting at least once a term; the term comes "
            "from the term dates.",
            self,
        )
        note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(note, 1)
        top.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)

    def refresh(self) -> None:
        """Reload the flags."""
        self.list.set_rows(visit_flags(self._store, self._today()))

    def open_visit(self, flag: VisitFlag) -> None:
        """Record a visit to ``flag``'s pupil in a dialog (which announces it)."""
        VisitDialog(
            self._store,
            flag.placement.id,
            flag.placement.name,
            self._today(),
            self,
            notifier=self._notifier,
        ).exec()

    def _on_record_button_clicked(self) -> None:
        flag = self.list.selected_row()
        if flag is not None:
            self.open_visit(flag)

    def _on_list_row_activated(self, flag: VisitFlag) -> None:
        self.open_visit(flag)
