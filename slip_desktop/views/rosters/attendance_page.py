"""The attendance page: a centre's register for a day, percentages, and schools' summaries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.attendance import (
    REGISTER_CENTRES,
    PupilAttendance,
    RegisterLine,
    attendance,
    register,
    save_register,
)
from slip_desktop.db.rosters import TermRow, term_of
from slip_desktop.db.store import Store
from slip_desktop.domain.attendance import CODES, codes_starting, format_percentage
from slip_desktop.domain.calendar import is_bank_holiday
from slip_desktop.domain.date_style import long_date, short_date
from slip_desktop.jobs.attendance_summaries import write_summaries
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.empty_state import EmptyState
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.operations import perform
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.ui.table_sizing import fit_columns
from slip_desktop.ui.tasks import LatestRead, run_job
from slip_desktop.ui.text_style import wrapped
from slip_desktop.views.rosters.areas import ROSTER_AREAS
from slip_desktop.views.rosters.attendance_register import AM, PM, RegisterView
from slip_desktop.views.rosters.dialogs import PLACEMENT_CHANGES
from slip_desktop.views.rosters.widgets import EmphasisDelegate, date_field

#: Below this, a pupil's attendance stands out (the DfE's persistent-absence line is 90%).
LOW_ATTENDANCE = 90.0

PERCENT_COLUMNS: list[Column[PupilAttendance]] = [
    Column("Pupil", lambda r: r.name),
    Column("School", lambda r: r.school),
    Column("Programme", lambda r: r.programme),
    Column("Attended", lambda r: r.tally.attended, align_right=True),
    Column("Possible", lambda r: r.tally.possible, align_right=True),
    Column("Attendance", lambda r: r.tally.percentage, format_percentage, align_right=True),
    Column(
        "Off site",
        lambda r: r.tally.approved,
        align_right=True,
        tooltip="Approved educational activity (K, V, P, W, B): counts as attending",
    ),
    Column("Authorised", lambda r: r.tally.authorised, align_right=True),
    Column("Unauthorised", lambda r: r.tally.unauthorised, align_right=True),
    Column(
        "Below 90%?",
        lambda r: r.tally.percentage is not None and r.tally.percentage < LOW_ATTENDANCE,
        lambda v: "BELOW 90%" if v else "",
    ),
]


def empty_register_reason(day: date, term: TermRow | None, centre: str) -> str:
    """Say why ``centre`` has no register on ``day``: a weekend, a holiday or nobody placed."""
    when = long_date(day)
    if day.weekday() >= 5:
        return f"No register on {when}: it is a weekend."
    if is_bank_holiday(day):
        return f"No register on {when}: it is a bank holiday."
    if term is None:
        return (
            f"No register on {when}: no term dates are entered for it "
            "(Forum calendar > Term dates)."
        )
    if day > term.ends_on:
        return f"No register on {when}: it is in the school holidays."
    half_term = (term.half_term_starts, term.half_term_ends)
    if half_term[0] and half_term[1] and half_term[0] <= day <= half_term[1]:
        return f"No register on {when}: it is half-term."
    return (
        f"No pupils are placed at {centre} on {when}: pupils placed at the centre "
        "are listed here to mark."
    )


def _read_percentages(store: Store, today: date) -> tuple[date, list[PupilAttendance]]:
    term = term_of(store, today)
    first = term.starts_on if term else today - timedelta(weeks=6)
    return first, attendance(store, first, today)


class AttendancePage(QWidget):
    """Take a centre's register by keyboard, see percentages, send schools their summaries.

    Saving announces the placements' change through the notifier; marks typed are saved
    before the register is switched or reloaded, so none are lost.
    """

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
        self._shown: tuple[object, date] | None = None
        #: Set by a save: the register shown is what was saved, so its refresh skips it.
        self._register_saved = False
        self.last_export: list[Path] = []
        self.centre = QComboBox(self)
        for centre in REGISTER_CENTRES:
            self.centre.addItem(centre.value, centre)
        self.day = date_field(today(), self)
        self.fill_button = QPushButton("Mark &unmarked present", self)
        self.save_button = QPushButton("Sa&ve register", self)
        self.status = QLabel(self)
        self.register_view = RegisterView(self)
        name_list(self.register_view, "Register")
        self.register_model = self.register_view.register_model
        self.empty_register = EmptyState(
            self.register_view,
            "No register for this day: pupils placed at a centre are listed here to mark.",
        )
        keys = ", ".join(
            f"{c} {CODES[c].description.lower()}" for c in ("/", "L", "B", "I", "M", "C2", "O")
        )
        help_text = QLabel(
            f"Type a code in the AM or PM cell and the cursor moves on. Space = present. {keys}. "
            "Two-character codes (C1, C2, J1, Y1-Y7) are typed in full. Right-click a cell for "
            "every DfE code with its meaning (list in force since August 2024); hover a cell to "
            "read its mark. — means the pupil is in school that session.",
            self,
        )
        self.register_view.pending_changed.connect(self._on_register_view_pending_changed)
        help_text.setWordWrap(True)
        self.percentages = ListPanel(
            PERCENT_COLUMNS, lambda r: f"{r.name} {r.school}", "Search", "pupils", self
        )
        name_list(self.percentages, "Attendance this term")
        self.percentages.set_empty_state("Each placed pupil's attendance adds up here.")
        # Sized to its title like the others: stretched, the last column shrinks below it
        # once the table scrolls sideways and "Below 90%?" is cut.
        self.percentages.table.horizontalHeader().setStretchLastSection(False)
        fit_columns(self.percentages.table)
        self.percentages.table.setMinimumHeight(self.fontMetrics().height() * 6)
        self.percentages.table.setItemDelegate(
            EmphasisDelegate(
                lambda r: r.tally.percentage is not None and r.tally.percentage < LOW_ATTENDANCE,
                self,
            )
        )
        self.period_label = wrapped(QLabel(self))
        self.summary_period = QComboBox(self)
        self.summary_period.addItems(["The chosen day", "The week of the chosen day"])
        self.export_button = QPushButton("E&xport schools' summaries (PDF + CSV)...", self)

        self.centre.currentIndexChanged.connect(self._on_register_choice_changed)
        self.day.date_changed.connect(self._on_register_choice_changed)
        self.fill_button.clicked.connect(self._on_fill_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.register_model.marks_changed.connect(self._on_register_model_marks_changed)
        QShortcut(QKeySequence.StandardKey.Save, self, self._on_save_button_clicked)

        top = QHBoxLayout()
        for caption, widget in (("&Centre:", self.centre), ("Da&y:", self.day)):
            label = QLabel(caption, self)
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.status)
        top.addWidget(self.fill_button)
        top.addWidget(self.save_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(help_text)
        left_layout.addWidget(self.register_view, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.period_label)
        right_layout.addWidget(self.percentages, 1)
        send = QHBoxLayout()
        send.addWidget(QLabel("Send schools their attendance for", self))
        send.addWidget(self.summary_period)
        send.addWidget(self.export_button)
        send.addStretch(1)
        right_layout.addLayout(send)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        # The register is the page's work: it gets two thirds of the height.
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([2000, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        # A register reads every placement, the percentages a term of marks: in the
        # window both are read in a worker thread (the newest request wins).
        self.register_reads = LatestRead(self, self._on_read_failed, background=background)
        self.percentage_reads = LatestRead(
            self, self._on_read_failed, background=background, lists=(self.percentages,)
        )
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)

    @property
    def loading(self) -> bool:
        """True while the register or the percentages are being read."""
        return self.register_reads.loading or self.percentage_reads.loading

    def _on_read_failed(self, _error: BaseException) -> None:
        self.status.setText("The register could not be read; the log has the details.")

    def refresh(self) -> None:
        """Reload the register shown and the percentages (marks typed are saved first).

        After this page's own save the register shown already holds what was saved:
        only the percentages are read again.
        """
        self.save()
        if self._register_saved:
            self._register_saved = False
        else:
            self._load_register()
        store, today = self._store, self._today()
        self.percentage_reads.start(lambda: _read_percentages(store, today), self._show_percentages)

    def _show_percentages(self, read: tuple[date, list[PupilAttendance]]) -> None:
        first, rows = read
        today = self._today()
        self.percentages.set_rows(rows)
        self.period_label.setText(
            f"<b>Attendance this term</b> ({short_date(first)} to {long_date(today)}); "
            "approved educational activity (K, V, P, W, B) counts as attending; codes that are "
            "not counted (D, X, Q, Y1-Y7, Z, #) and unmarked sessions are left out."
        )

    def show_register(self, centre: object, day: date) -> None:
        """Show ``centre``'s register on ``day`` (saving any marks typed first)."""
        self.centre.blockSignals(True)
        self.centre.setCurrentIndex(self.centre.findData(centre))
        self.centre.blockSignals(False)
        self.day.blockSignals(True)
        self.day.set_value(day)
        self.day.blockSignals(False)
        self._on_register_choice_changed()

    def _load_register(self) -> None:
        centre, day = self.centre.currentData(), self.day.value()
        if day is None:
            return  # a day half typed: the register shown stays until it reads as a date
        store = self._store

        def read() -> tuple[list[RegisterLine], TermRow | None]:
            lines = register(store, centre, day)
            return lines, (None if lines else term_of(store, day))

        self.register_reads.start(read, lambda got: self._show_register(centre, day, *got))

    def _show_register(
        self, centre: object, day: date, lines: list[RegisterLine], term: TermRow | None
    ) -> None:
        if self.register_model.dirty and self._shown == (centre, day):
            return  # marks typed while it was read again: they stay (saved next)
        self.register_model.set_lines(lines)
        if not lines:
            self.empty_register.set_message(
                empty_register_reason(day, term, self.centre.currentText())
            )
        self._shown = (centre, day)
        self.register_view.resizeColumnsToContents()
        session_width = self.register_view.fontMetrics().horizontalAdvance("M") * 5
        for column in (AM, PM):
            self.register_view.setColumnWidth(column, session_width)
        self.register_view.start()
        self._show_status()

    def _show_status(self, saved: str = "") -> None:
        marks = self.register_model.marks()
        missing = sum(1 for code in marks.values() if not code)
        text = f"{len(marks) - missing} of {len(marks)} sessions marked"
        if self.register_model.dirty:
            text += " · not saved yet"
        self.status.setText(f"{saved}{text}")

    def save(self) -> bool:
        """Save the marks typed on the register shown; return False if a mark was refused."""
        if self._shown is None or not self.register_model.dirty:
            return True
        _centre, day = self._shown
        ok, count = perform(
            self,
            self._notifier,
            "Register not saved",
            lambda: save_register(self._store, day, self.register_model.marks()),
            PLACEMENT_CHANGES,
            on_success=self._on_register_saved,
        )
        if ok:
            # After the announcement: the refresh it brought has redrawn the status line.
            self._show_status(f"Saved {count} marks. ")
        return ok

    def _on_register_saved(self, _count: int) -> None:
        # Before the announcement: the refresh it brings must find nothing left to save,
        # and need not read back the register it shows.
        self.register_model.dirty = False
        self._register_saved = self.isVisible()

    def _on_register_choice_changed(self, *_args: object) -> None:
        # Marks typed are kept: switching centre or day saves them first.
        self.save()
        self._load_register()

    def _on_fill_button_clicked(self) -> None:
        self.register_model.fill_unmarked()

    def _on_save_button_clicked(self) -> None:
        self.save()

    def _on_register_model_marks_changed(self) -> None:
        self._show_status()

    def _on_register_view_pending_changed(self, first: str) -> None:
        if first:
            longer = ", ".join(codes_starting(first))
            self.status.setText(f"{first}… type the rest of the code ({longer})")
        else:
            self._show_status()

    def summary_dates(self) -> tuple[date, date]:
        """Return the period the schools' summaries cover: the day, or its Monday to Friday."""
        day = self.day.value() or (self._shown[1] if self._shown else self._today())
        if self.summary_period.currentIndex() == 0:
            return day, day
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=4)

    def _on_export_button_clicked(self) -> None:
        self.save()
        folder = QFileDialog.getExistingDirectory(self, "Folder for the schools' summaries")
        if not folder:
            return
        first, last = self.summary_dates()
        run_job(
            self,
            "Writing attendance summaries",
            write_summaries,
            self._store,
            Path(folder),
            first,
            last,
            self._today(),
            on_success=self._on_export_finished,
            on_failure=self._on_export_failed,
        )

    def _on_export_finished(self, written: object) -> None:
        self.last_export = list(written)  # type: ignore[call-overload]
        self.status.setText(f"Wrote {len(self.last_export) // 2} schools' summaries.")

    def _on_export_failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, "Summaries not written", str(error))
