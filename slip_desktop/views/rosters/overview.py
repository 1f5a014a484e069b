"""The rosters' first page: this week's places, what needs doing, and every placement."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.attendance import untaken_registers
from slip_desktop.db.reviews import ReviewRow, overdue_reviews
from slip_desktop.db.rosters import (
    PlacementRow,
    PoolToday,
    assign_mentor,
    list_placements,
    mentor_choices,
    pools_on,
    provider_choices,
)
from slip_desktop.db.store import Store
from slip_desktop.db.visits import VisitFlag, visit_flags
from slip_desktop.domain.attendance import describe_days
from slip_desktop.domain.capacity import Centre
from slip_desktop.domain.date_style import long_date, short_date
from slip_desktop.domain.enums import PlacementStatus
from slip_desktop.domain.programmes import describe_weekdays
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.operations import perform
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.ui.screen_fit import shrinkable
from slip_desktop.ui.tasks import LOADING, LatestRead
from slip_desktop.views.rosters.areas import ROSTER_AREAS
from slip_desktop.views.rosters.dialogs import (
    PLACEMENT_CHANGES,
    EndDialog,
    PlaceDialog,
    VisitDialog,
)
from slip_desktop.views.rosters.widgets import EmphasisDelegate, headline

SHOW_CHOICES = ("Placed now", "Requests to place", "Waiting list", "Ended", "Everything")


def placement_state(row: PlacementRow, today: date) -> str:
    """Return where a placement stands in words, flagging ones past their planned end."""
    if row.status == PlacementStatus.ACTIVE:
        if row.starts_on is not None and row.starts_on > today:
            return f"Starts {short_date(row.starts_on)}"
        if row.planned_end_on is not None and row.planned_end_on < today:
            return "PAST PLANNED END: record outcome"
        return "Placed"
    if row.status == PlacementStatus.ENDED and row.end_outcome is not None:
        return f"Ended: {row.end_outcome.label}"
    if row.status == PlacementStatus.REQUESTED:
        return "REQUESTED: to place"
    return row.status.label


def _review_text(row: PlacementRow, today: date) -> str:
    if row.next_review_on is None or row.status != PlacementStatus.ACTIVE:
        return ""
    if row.next_review_on < today:
        return f"OVERDUE ({short_date(row.next_review_on)})"
    return f"{long_date(row.next_review_on)}"


def _span_text(span: tuple[date, date]) -> str:
    starts, ends = span
    first = "" if starts == date.min else long_date(starts)
    last = "no planned end" if ends == date.max else long_date(ends)
    return f"{first} – {last}" if first else last


def columns(today: Callable[[], date]) -> list[Column[PlacementRow]]:
    """Return the placement list's columns (they read today's date when shown).

    Short titles, the full ones in their tooltips, and the start and planned end in one
    column: every column shows on a 1366x768 laptop at 125% without scrolling sideways.
    """
    return [
        Column("Pupil", lambda r: f"{r.last_name}, {r.first_name}"),
        Column("Year", lambda r: r.year_group, align_right=True),
        Column("School", lambda r: r.school),
        Column("Programme", lambda r: r.programme),
        Column("Group", lambda r: r.group_name),
        Column("State", lambda r: placement_state(r, today())),
        Column("Review", lambda r: _review_text(r, today()), tooltip="Next review"),
        Column(
            "With",
            lambda r: r.provider or r.mentor or r.centre.value,
            tooltip="Where / with: the AP provider, the mentor or the centre",
        ),
        Column(
            "Centre",
            lambda r: describe_days(r.centre_days) if r.centre_days else "",
            tooltip="Days at centre",
        ),
        Column("Booked", lambda r: describe_weekdays(r.weekdays), tooltip="Booked days"),
        Column(
            "AP",
            lambda r: f"{r.ap_provider}: {describe_weekdays(r.ap_days)}" if r.ap_provider else "",
            tooltip="AP time: the provider and its days",
        ),
        Column(
            "Dates",
            # Sorted by the start, then the planned end; a missing date sorts at its end.
            lambda r: (r.starts_on or date.min, r.planned_end_on or date.max),
            _span_text,
            tooltip="Starts – planned end",
        ),
    ]


def _show_filter(choice: int, today: date) -> Callable[[PlacementRow], bool]:
    if choice == 0:
        return lambda r: r.status == PlacementStatus.ACTIVE
    if choice == 1:
        return lambda r: r.status == PlacementStatus.REQUESTED
    if choice == 2:
        return lambda r: r.status == PlacementStatus.WAITING
    if choice == 3:
        return lambda r: r.status == PlacementStatus.ENDED
    return lambda r: True


def _needs_attention(row: PlacementRow, today: date) -> bool:
    state = placement_state(row, today)
    return (
        state.isupper()
        or state.startswith(("PAST", "REQUESTED"))
        or _review_text(row, today).startswith("OVERDUE")
    )


@dataclass(frozen=True)
class OverviewData:
    """Everything the page shows, read in one go (in a worker thread in the window)."""

    today: date
    rows: list[PlacementRow]
    pools: list[PoolToday]
    overdue: list[ReviewRow]
    visits: list[VisitFlag]
    untaken: list[Centre]


def read_overview(store: Store, today: date) -> OverviewData:
    """Read the page's placements and headline figures (database reads only: no widgets)."""
    rows = list_placements(store)
    return OverviewData(
        today,
        rows,
        pools_on(store, today),
        overdue_reviews(store, today),
        visit_flags(store, today),
        # One read for every centre, over the placements already listed (not one per centre).
        untaken_registers(store, today, rows),
    )


class OverviewPage(QWidget):
    """Who is where this week, what is free, what is overdue, and every placement."""

    areas = ROSTER_AREAS

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
        self.headlines = QGridLayout()
        self.alerts = QLabel(self)
        self.alerts.setWordWrap(True)
        self.list = ListPanel(
            columns(today),
            lambda r: f"{r.first_name} {r.last_name} {r.school} {r.programme.label} {r.provider}",
            "Search pupil, school, programme or provider",
            "placements",
            self,
        )
        name_list(self.list, "Placements")
        self.emphasis = EmphasisDelegate(
            lambda r: _needs_attention(r, self._today()), self.list.table
        )
        self.list.table.setItemDelegate(self.emphasis)
        self.list.set_empty_state(
            "No pupils placed yet: a pupil is placed here after a Core decision for a programme."
        )
        self.show_choice = QComboBox(self)
        shrinkable(self.show_choice)
        self.show_choice.addItems(SHOW_CHOICES)
        self.show_choice.currentIndexChanged.connect(self._on_show_choice_current_index_changed)
        self.centre_choice = QComboBox(self)
        shrinkable(self.centre_choice)
        self.centre_choice.addItem("All centres", None)
        for centre in Centre:
            self.centre_choice.addItem(centre.value, centre)
        self.centre_choice.currentIndexChanged.connect(self._on_show_choice_current_index_changed)
        self.place_button = QPushButton("&Place or waitlist...", self)
        self.end_button = QPushButton("E&nd placement...", self)
        self.visit_button = QPushButton("Record school &visit...", self)
        self.mentor_button = QPushButton("Assign &mentor...", self)
        self.mentor_button.clicked.connect(self._on_mentor_button_clicked)
        self.place_button.clicked.connect(self._on_place_button_clicked)
        self.end_button.clicked.connect(self._on_end_button_clicked)
        self.visit_button.clicked.connect(self._on_visit_button_clicked)
        self.list.selection_changed.connect(self._on_list_selection_changed)
        self.list.row_activated.connect(self._on_list_row_activated)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Showin&g:", self))
        buttons.itemAt(0).widget().setBuddy(self.show_choice)  # type: ignore[union-attr]
        buttons.addWidget(self.show_choice)
        buttons.addWidget(self.centre_choice)
        buttons.addStretch(1)
        # The actions on a row of their own: both rows fit a laptop screen at 125%.
        actions = QHBoxLayout()
        for button in (self.place_button, self.mentor_button, self.end_button, self.visit_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.headlines)
        layout.addWidget(self.alerts)
        layout.addLayout(buttons)
        layout.addLayout(actions)
        layout.addWidget(self.list, 1)
        self.list.set_extra_filter(_show_filter(0, today()))
        # Ten years of placements take seconds to read: in the window the page shows at
        # once and fills when the read (in a worker thread) is done, the newest one wins.
        self.reads = LatestRead(
            self, self._on_read_failed, background=background, lists=(self.list,)
        )
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)

    @property
    def loading(self) -> bool:
        """True while the page's data is being read."""
        return self.reads.loading

    def refresh(self) -> None:
        """Reload the headline figures and the list."""
        store, today = self._store, self._today()
        if self.reads.background and not self.list.model.rowCount():
            self.alerts.setText(LOADING)
        self.reads.start(lambda: read_overview(store, today), self._show_data)

    def _show_data(self, data: OverviewData) -> None:
        self.emphasis.forget()
        self.list.set_rows(data.rows)
        self._fill_headlines(data)
        self._on_list_selection_changed(self.list.selected_row())

    def _on_read_failed(self, _error: BaseException) -> None:
        self.alerts.setText("The placements could not be read; the log has the details.")

    def _fill_headlines(self, data: OverviewData) -> None:
        today, rows = data.today, data.rows
        while self.headlines.count():
            item = self.headlines.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        for column, pool in enumerate(data.pools):
            if pool.places is None:
                figure = f"{pool.taken} placed"
            elif pool.free:
                figure = f"{pool.taken} of {pool.places} · <b>{pool.free} free</b>"
            else:
                figure = f"{pool.taken} of {pool.places} · <b>FULL</b>"
            text = f"<b>{pool.label}</b><br>{figure}"
            self.headlines.addWidget(
                headline(f"<small>{pool.centre.value}</small><br>{text}", self), 0, column
            )
        overdue = data.overdue
        requested = sum(1 for r in rows if r.status == PlacementStatus.REQUESTED)
        waiting = sum(1 for r in rows if r.status == PlacementStatus.WAITING)
        past_end = sum(
            1
            for r in rows
            if r.status == PlacementStatus.ACTIVE
            and r.planned_end_on is not None
            and r.planned_end_on < today
        )
        unvisited = sum(1 for f in data.visits if not f.visited_this_term)
        untaken = [c.value for c in data.untaken]
        items = [
            (len(overdue), f"⚠ {len(overdue)} review(s) overdue (see Reviews)"),
            (requested, f"⚠ {requested} request(s) from the Core Meeting to place"),
            (past_end, f"⚠ {past_end} placement(s) past their planned end without an outcome"),
            (unvisited, f"⚠ {unvisited} pupil(s) not visited by their school this term"),
            (len(untaken), f"⚠ Morning register not complete: {', '.join(untaken)}"),
            (waiting, f"{waiting} pupil(s) on waiting lists"),
        ]
        shown = [text for count, text in items if count]
        self.alerts.setText(
            f"<b>Today, {long_date(today)}.</b> "
            + ("  ·  ".join(shown) if shown else "Nothing overdue.")
        )

    def _on_show_choice_current_index_changed(self, _index: int) -> None:
        status = _show_filter(self.show_choice.currentIndex(), self._today())
        centre = self.centre_choice.currentData()
        if centre is None:
            self.list.set_extra_filter(status)
        else:
            self.list.set_extra_filter(lambda r: status(r) and r.centre == centre)

    def _on_list_selection_changed(self, row: PlacementRow | None) -> None:
        self.place_button.setEnabled(
            row is not None and row.status in (PlacementStatus.REQUESTED, PlacementStatus.WAITING)
        )
        self.end_button.setEnabled(row is not None and row.status == PlacementStatus.ACTIVE)
        self.mentor_button.setEnabled(row is not None and row.status != PlacementStatus.ENDED)
        self.visit_button.setEnabled(
            row is not None
            and row.status == PlacementStatus.ACTIVE
            and row.centre != Centre.IN_SCHOOL
        )

    def _on_list_row_activated(self, row: PlacementRow) -> None:
        if row.status in (PlacementStatus.REQUESTED, PlacementStatus.WAITING):
            self.open_place_dialog(row)

    def open_place_dialog(self, row: PlacementRow) -> None:
        """Ask how to place ``row``'s pupil (the dialog announces what it changed)."""
        PlaceDialog(
            self._store,
            row,
            self._today(),
            mentor_choices(self._store),
            provider_choices(self._store),
            self,
            notifier=self._notifier,
        ).exec()

    def _on_place_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is not None:
            self.open_place_dialog(row)

    def _on_end_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is not None:
            EndDialog(self._store, row, self._today(), self, notifier=self._notifier).exec()

    def _on_mentor_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is None:
            return
        choices = mentor_choices(self._store)
        labels = [c.label for c in choices]
        current = next((n for n, c in enumerate(labels) if c.startswith(f"{row.mentor} (")), 0)
        label, ok = QInputDialog.getItem(
            self,
            "Assign mentor",
            f"Mentor for {row.name} (current caseloads shown):",
            labels,
            current,
            False,
        )
        if not ok or label not in labels:
            return
        mentor_id = choices[labels.index(label)].id
        perform(
            self,
            self._notifier,
            "Mentor not assigned",
            lambda: assign_mentor(self._store, row.id, mentor_id, version=row.version),
            PLACEMENT_CHANGES,
        )

    def _on_visit_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is not None:
            VisitDialog(
                self._store, row.id, row.name, self._today(), self, notifier=self._notifier
            ).exec()
