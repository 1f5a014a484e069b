"""The occupancy page: each centre's places week by week through a term, printable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.rosters import CentreOccupancy, TermRow, occupancy, term_of, terms
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import Centre, occupancy_text
from slip_desktop.domain.date_style import long_date
from slip_desktop.jobs.occupancy import write_occupancy
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.models.row_table_model import Column, RowTableModel
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.ui.tasks import LOADING, LatestRead
from slip_desktop.ui.text_style import wrapped
from slip_desktop.views.rosters.areas import ROSTER_AREAS
from slip_desktop.views.rosters.widgets import EmphasisDelegate

#: Centres with places to show (tier-2 work happens in schools).
OCCUPANCY_CENTRES = (Centre.PLC, Centre.WIGSTON, Centre.AP)

WeekRow = tuple[date, CentreOccupancy]


def _cell_text(occ: CentreOccupancy, week: date, pool: str) -> str:
    cell = occ.cells[(week, pool)]
    names = ", ".join(cell.names)
    head = occupancy_text(len(cell.names), cell.places, cell.free)
    return f"{head}: {names}" if names else head


class OccupancyPage(QWidget):
    """A week-by-week table of one centre's places for a term, with a Print button."""

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
        self._today = today
        self._terms: list[TermRow] = []
        # A term's weeks over ten years of placements take seconds: read in a worker
        # thread in the window (the newest choice wins); "Loading…" says so meanwhile.
        self.term_reads = LatestRead(self, self._on_read_failed, background=background)
        self.reads = LatestRead(self, self._on_read_failed, background=background)
        self.reads.shown.connect(self._on_read_shown)
        self.term_reads.shown.connect(self._on_read_shown)
        self.loading_label = QLabel(LOADING, self)
        self.loading_label.hide()
        self.centre = QComboBox(self)
        for centre in OCCUPANCY_CENTRES:
            self.centre.addItem(centre.value, centre)
        self.term = QComboBox(self)
        self.print_button = QPushButton("&Print occupancy (PDF)...", self)
        self.table = QTableView(self)
        name_list(self.table, "Places taken by week")
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.model: RowTableModel[WeekRow] = RowTableModel([], self)
        self.table.setModel(self.model)
        self.centre.currentIndexChanged.connect(self._on_choice_changed)
        self.term.currentIndexChanged.connect(self._on_choice_changed)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        top = QHBoxLayout()
        for label, widget in (("&Centre:", self.centre), ("Ter&m:", self.term)):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            top.addWidget(caption)
            top.addWidget(widget)
        top.addWidget(self.loading_label)
        top.addStretch(1)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(
            wrapped(
                QLabel(
                    "Places taken in each week (anyone placed on any day of it); 'free' is the "
                    "fewest free places on any day of the week.",
                    self,
                )
            )
        )
        layout.addWidget(self.table, 1)
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)

    @property
    def loading(self) -> bool:
        """True while the terms or a term's weeks are being read."""
        return self.term_reads.loading or self.reads.loading

    def _on_read_shown(self) -> None:
        self.loading_label.setVisible(self.loading)

    def _on_read_failed(self, _error: BaseException) -> None:
        self.loading_label.setText("The places could not be read; the log has the details.")
        self.loading_label.show()

    def refresh(self) -> None:
        """Reload the terms and the table."""
        store, today = self._store, self._today()
        self._say_loading()
        self.term_reads.start(lambda: (terms(store), term_of(store, today)), self._show_terms)

    def _say_loading(self) -> None:
        if self.term_reads.background:
            self.loading_label.setText(LOADING)
            self.loading_label.show()

    def _show_terms(self, read: tuple[list[TermRow], TermRow | None]) -> None:
        self._terms, current = read
        self.term.blockSignals(True)
        self.term.clear()
        for term in self._terms:
            self.term.addItem(term.label)
        if current is not None:
            self.term.setCurrentIndex(self._terms.index(current))
        self.term.blockSignals(False)
        self._show()

    def selected_term(self) -> tuple[str, date, date]:
        """Return the chosen term's label and dates (the current half year without terms)."""
        index = self.term.currentIndex()
        if 0 <= index < len(self._terms):
            term = self._terms[index]
            return term.label, term.starts_on, term.ends_on
        today = self._today()
        return "next 12 weeks", today, date.fromordinal(today.toordinal() + 84)

    def _show(self) -> None:
        _label, first, last = self.selected_term()
        store, centre = self._store, self.centre.currentData()
        self._say_loading()
        self.reads.start(lambda: occupancy(store, centre, first, last), self._show_weeks)

    def _show_weeks(self, occ: CentreOccupancy) -> None:
        today = self._today()
        this_week = today - timedelta(days=today.weekday())
        half_term = self._half_term()

        def week_text(week: date) -> str:
            if week == this_week:
                return f"{long_date(week)} (this week)"
            if half_term is not None and half_term[0] <= week <= half_term[1]:
                return f"{long_date(week)} (half term)"
            return f"{long_date(week)}"

        cols: list[Column[WeekRow]] = [Column("Week of", lambda r: r[0], week_text)]
        for pool in occ.pools:
            cols.append(Column(pool, lambda r, p=pool: _cell_text(r[1], r[0], p)))
        model: RowTableModel[WeekRow] = RowTableModel(cols, self)
        model.set_rows([(week, occ) for week in occ.weeks])
        self.table.setModel(model)
        self.table.setItemDelegate(EmphasisDelegate(lambda r: r[0] == this_week, self.table))
        self.model.deleteLater()
        self.model = model
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.resizeRowsToContents()

    def _half_term(self) -> tuple[date, date] | None:
        index = self.term.currentIndex()
        if 0 <= index < len(self._terms):
            term = self._terms[index]
            if term.half_term_starts is not None and term.half_term_ends is not None:
                return term.half_term_starts, term.half_term_ends
        return None

    def _on_choice_changed(self, _index: int) -> None:
        self._show()

    def _on_print_button_clicked(self) -> None:
        label, first, last = self.selected_term()
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save occupancy", f"occupancy-{label.replace(' ', '-')}.pdf", "PDF (*.pdf)"
        )
        if not name:
            return
        # Three centres' weeks take a moment: the job runs here, and audits the PDF itself.
        try:
            write_occupancy(
                self._store, Path(name), OCCUPANCY_CENTRES, label, first, last, self._today()
            )
        except OSError as error:
            QMessageBox.warning(self, "Could not save", f"Could not write {name}: {error}")
