"""The Forum calendar tab: Inclusion Forums and Core Meetings through the year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.meetings import MeetingRow, list_meetings, meetings_between
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import list_terms
from slip_desktop.domain.calendar import term_of
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.enums import MeetingKind, MeetingStatus
from slip_desktop.domain.school_year import (
    academic_year_bounds,
    academic_year_label,
    academic_year_of,
)
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.palette import TEXT_STRONG
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.ui.tasks import LatestRead
from slip_desktop.views.forum import TITLE
from slip_desktop.views.forum.calendar_widget import LEGEND, MARKS, MeetingCalendar
from slip_desktop.views.forum.meeting_dialog import MeetingDialog
from slip_desktop.views.forum.meeting_panel import ForumMeetingPanel
from slip_desktop.views.forum.meeting_series_dialog import MeetingSeriesDialog
from slip_desktop.views.forum.term_dates_dialog import TermDatesDialog

COLUMNS: list[Column[MeetingRow]] = [
    Column("Date", lambda r: r.meets_on, lambda d: f"{long_date(d)}"),
    Column("Time", lambda r: r.starts_at.strftime("%H:%M")),
    Column("Meeting", lambda r: f"{MARKS[r.kind]}  {r.kind.label}"),
    Column("Status", lambda r: r.status),
    Column(
        "Cases", lambda r: (r.cases, r.capacity), lambda v: f"{v[0]} of {v[1]}", align_right=True
    ),
]


class ForumCalendarTab(QWidget):
    """A month view and the list of meetings beside the chosen meeting's agenda and attendees.

    From here the coordinator sets term dates, plans a term's meetings, moves or
    cancels one, books cases, writes and prints action plans and exports the
    calendar. It refreshes once per operation touching :attr:`areas` while shown, and
    when next shown after one while hidden.
    """

    title = TITLE
    areas = frozenset({Area.MEETINGS, Area.REFERRALS, Area.ALL})

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
        *,
        background: bool = False,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._today = today
        self._chosen_once = False
        #: A meeting asked for before the first read came back (the global search opening
        #: the tab on one): shown then, in place of the nearest.
        self._wanted: int | None = None

        self.terms_button = QPushButton("&Term dates...", self)
        self.terms_button.clicked.connect(self._on_terms_button_clicked)
        self.series_button = QPushButton("Plan a term's &meetings...", self)
        self.series_button.clicked.connect(self._on_series_button_clicked)
        self.add_button = QPushButton("&Add meeting...", self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.ics_button = QPushButton("E&xport calendar (.ics)...", self)
        self.ics_button.clicked.connect(self._on_ics_button_clicked)
        self.past = QCheckBox("Show past meet&ings", self)
        self.past.toggled.connect(self._on_past_toggled)
        toolbar = QHBoxLayout()
        for widget in (self.terms_button, self.series_button, self.add_button, self.ics_button):
            toolbar.addWidget(widget)
        toolbar.addStretch(1)

        self.calendar = MeetingCalendar(self)
        self.calendar.setAccessibleName("Meeting calendar")
        self.calendar.setAccessibleDescription(
            "Days with a meeting are marked; the list beside it names them."
        )
        self.calendar.clicked.connect(self._on_calendar_clicked)
        self.calendar.activated.connect(self._on_calendar_clicked)
        legend = QLabel(LEGEND, self)
        legend.setWordWrap(True)
        legend.setStyleSheet(f"color: {TEXT_STRONG};")
        self.list = ListPanel(
            COLUMNS,
            lambda r: f"{r.kind.label} {long_date(r.meets_on)} {r.status.label}",
            "Search meetings",
            "meetings",
            self,
        )
        name_list(self.list, "Meetings")
        self.list.selection_changed.connect(self._on_list_selection_changed)
        self.list.set_empty_state(
            "No meetings yet: enter this year's term dates, then plan the term's forums and "
            "Core Meetings.",
            "Plan a term's meetings...",
            self._on_series_button_clicked,
        )
        list_head = QHBoxLayout()
        list_head.addWidget(QLabel("<b>Meetings</b>", self), 1)
        list_head.addWidget(self.past)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.calendar)
        left_layout.addWidget(legend)
        left_layout.addLayout(list_head)
        left_layout.addWidget(self.list, 1)

        self.panel = ForumMeetingPanel(store, notifier, today, self, background=background)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 860])

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)
        self._by_day: dict[date, list[MeetingRow]] = {}
        #: The meetings' read: in a worker in the window (``background``), so the tab's
        #: first show and each refresh never wait on the database; at once in tests.
        self.reads = LatestRead(self, background=background, lists=(self.list,))
        self.stale_when_hidden = StaleWhenHidden(self, notifier, self.areas, self.refresh)
        self._apply_filter()
        self.refresh()

    @property
    def loading(self) -> bool:
        """True while the meetings or the chosen meeting are being read."""
        return self.reads.loading or self.panel.reads.loading

    # -- loading ---------------------------------------------------------
    def refresh(self) -> None:
        """Reload the meetings from the database, keeping the chosen one."""
        store = self._store
        self.reads.start(lambda: list_meetings(store), self._show_meetings)

    def _show_meetings(self, rows: list[MeetingRow]) -> None:
        self._by_day = {}
        for row in rows:
            self._by_day.setdefault(row.meets_on, []).append(row)
        self.calendar.set_meetings((r.meets_on, r.kind, r.status) for r in rows)
        chosen = self.panel.meeting.id if self.panel.meeting else None
        self.list.set_rows(rows)
        self._select_in_list(chosen)
        if self._chosen_once:
            self.panel.reload()
        else:
            # The first read opens on the meeting asked for meanwhile, else the nearest.
            self._chosen_once = True
            wanted, self._wanted = self._wanted, None
            if wanted is None or not self.choose_meeting(wanted):
                self._choose_next_meeting()

    def _apply_filter(self) -> None:
        if self.past.isChecked():
            self.list.set_extra_filter(None)
        else:
            today = self._today()
            self.list.set_extra_filter(lambda r: r.meets_on >= today)

    def _choose_next_meeting(self) -> None:
        """Open on the nearest meeting, past or future: yesterday's forum has plans to write."""
        today = self._today()
        rows = [
            r
            for day_rows in self._by_day.values()
            for r in day_rows
            if r.status != MeetingStatus.CANCELLED
        ]
        if not rows:
            return
        # nearest first; on a tie the one already held (its plans are waiting)
        nearest = min(rows, key=lambda r: (abs((r.meets_on - today).days), r.meets_on > today))
        self.choose_meeting(nearest.id)

    def choose_meeting(self, meeting_id: int) -> bool:
        """Show one meeting: select it in the list and the calendar, load the panel.

        Asked before the meetings are first read (in the window they are read in a
        worker), it is shown when they come. False when there is no such meeting.
        """
        if not self._chosen_once:
            self._wanted = meeting_id
            return True
        row = next((r for rows in self._by_day.values() for r in rows if r.id == meeting_id), None)
        if row is None:
            return False
        if not self.past.isChecked() and row.meets_on < self._today():
            self.past.setChecked(True)
        self._select_in_list(meeting_id)
        self.calendar.setSelectedDate(QDate(row.meets_on))
        if self.panel.meeting is None or self.panel.meeting.id != meeting_id:
            self.panel.set_meeting(meeting_id)
        return True

    def _select_in_list(self, meeting_id: int | None) -> None:
        if meeting_id is None:
            return
        for number, row in enumerate(self.list.model.rows()):
            if row.id == meeting_id:
                if self.list.table.currentIndex().row() != number:
                    self.list.table.selectRow(number)
                return

    # -- slots -----------------------------------------------------------
    def _on_past_toggled(self, _checked: bool) -> None:
        self._apply_filter()
        if self.panel.meeting is not None:
            self._select_in_list(self.panel.meeting.id)

    def _on_list_selection_changed(self, row: object) -> None:
        if isinstance(row, MeetingRow):
            self.calendar.setSelectedDate(QDate(row.meets_on))
            if self.panel.meeting is None or self.panel.meeting.id != row.id:
                self.panel.set_meeting(row.id)

    def _on_calendar_clicked(self, qdate: QDate) -> None:
        rows = self._by_day.get(qdate.toPython(), [])
        if rows:
            # Two meetings on one day: a second click moves to the other.
            current = self.panel.meeting.id if self.panel.meeting else None
            ids = [r.id for r in rows]
            following = ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[0]
            self.choose_meeting(following)

    def _on_terms_button_clicked(self) -> None:
        TermDatesDialog(self._store, self._today(), self, notifier=self._notifier).exec()

    def _on_series_button_clicked(self) -> None:
        terms = list_terms(self._store)
        if not terms:
            QMessageBox.information(
                self,
                "Plan a term's meetings",
                "Enter this year's term dates first (Term dates...).",
            )
            return
        dialog = MeetingSeriesDialog(
            self._store, terms, self._today(), self, notifier=self._notifier
        )
        if dialog.exec() and dialog.created:
            self.choose_meeting(dialog.created[0])

    def _on_add_button_clicked(self) -> None:
        day = self.calendar.selectedDate().toPython()
        dialog = MeetingDialog(
            self._store, None, max(day, self._today()), self, notifier=self._notifier
        )
        if dialog.exec() and dialog.meeting_id is not None:
            self.choose_meeting(dialog.meeting_id)

    def _on_ics_button_clicked(self) -> None:
        from slip_desktop.reports.ics_export import meetings_ics

        today = self._today()
        year = academic_year_of(today)
        span = term_of(today, list_terms(self._store, year))
        choice = QMessageBox(self)
        choice.setWindowTitle("Export calendar")
        choice.setText("Which meetings should the calendar file hold?")
        term_button = (
            choice.addButton(f"This term ({span.label})", QMessageBox.ButtonRole.AcceptRole)
            if span is not None
            else None
        )
        year_button = choice.addButton(
            f"The academic year {academic_year_label(year)}", QMessageBox.ButtonRole.AcceptRole
        )
        choice.addButton(QMessageBox.StandardButton.Cancel)
        choice.exec()
        clicked = choice.clickedButton()
        if clicked is term_button and span is not None:
            first, last, name = span.starts_on, span.ends_on, span.label
        elif clicked is year_button:
            first, last = academic_year_bounds(year)
            name = academic_year_label(year)
        else:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export calendar", f"SLIP meetings {name}.ics", "Calendar files (*.ics)"
        )
        if not path:
            return
        meetings = meetings_between(self._store, first, last)
        try:
            partnership = partnership_details(self._store).name
            ics = meetings_ics(meetings, f"SLIP meetings {name}", partnership_name=partnership)
            Path(path).write_bytes(ics)
        except OSError as error:
            QMessageBox.warning(
                self, "Export calendar", f"Could not save: {error.strerror or error}"
            )
            return
        forums = sum(1 for m in meetings if m.kind == MeetingKind.FORUM)
        QMessageBox.information(
            self,
            "Export calendar",
            f"{len(meetings)} meetings ({forums} forums) saved. Importing the file again "
            "updates these events rather than adding copies.",
        )
