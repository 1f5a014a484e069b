"""The Referrals tab: every referral, filtered and searched, with the chosen pupil's timeline."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.referral_list import (
    ReferralPage,
    ReferralRow,
    first_referral_page,
    list_referrals,
    school_choices,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import ReferralKind, ReferralStatus
from slip_desktop.domain.errors import DomainError
from slip_desktop.domain.referral_workflow import allowed_moves
from slip_desktop.domain.school_year import academic_year_label, key_stage_label
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.first_paint import call_after_first_paint, call_when_open
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column, PreparedRows
from slip_desktop.ui.notifier import Area, ChangeNotifier, Changes, changed_ids, touches
from slip_desktop.ui.operations import perform
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.ui.screen_fit import shrinkable
from slip_desktop.ui.tasks import LatestRead
from slip_desktop.views.referrals import TITLE
from slip_desktop.views.referrals.timeline_panel import PupilTimelinePanel

if TYPE_CHECKING:
    from slip_desktop.views.referrals.referral_dialog import ReferralDialog


def referral_name(row: ReferralRow) -> str:
    """Return the pupil's name, or the case reference of an anonymous case."""
    if row.pupil_id is None:
        return f"{row.case_reference} (anonymous)"
    return row.name or f"{row.last_name}, {row.first_name}"


def _kind_text(kind: ReferralKind) -> str:
    return "Forum" if kind == ReferralKind.FORUM else "Partnership"


COLUMNS: list[Column[ReferralRow]] = [
    # Raw keys for sorting: the precomputed name (case references sort together), ints, dates.
    Column("Pupil / case", lambda r: r.name, lambda v: str(v)),
    Column("UPN", lambda r: r.upn),
    Column("School", lambda r: r.school_short or r.school),
    Column("Year", lambda r: r.year_group, align_right=True),
    Column("KS", lambda r: key_stage_label(r.year_group), tooltip="Key stage"),
    Column("Kind", lambda r: r.kind, _kind_text, tooltip="Inclusion Forum or Partnership"),
    Column("Received", lambda r: r.received_on),
    Column("Status", lambda r: r.status),
    Column("Meeting", lambda r: r.meeting_on, tooltip="The meeting the case is booked for"),
]


#: What the empty list says, before and after the partnership's schools are entered.
NO_REFERRALS = "No referrals yet: enter the first one with New referral (Ctrl+N)."
NO_SCHOOLS = (
    "No schools yet: add the partnership's schools under Settings, then enter the first "
    "referral with New referral (Ctrl+N)."
)


def search_text(row: ReferralRow) -> str:
    """Return what search-as-you-type matches: name both ways, UPN, case reference, school."""
    return " ".join(
        filter(
            None,
            (
                row.first_name,
                row.last_name,
                f"{row.first_name} {row.last_name}" if row.first_name else None,
                row.upn,
                row.case_reference,
                row.school,
            ),
        )
    )


#: Status filter entry that keeps every referral not yet closed.
OPEN = "open"

#: Areas whose changes reach the list only through the rows they name.
_BY_ROW = (Area.REFERRALS, Area.PUPILS)


def warm_referral_dialog() -> None:
    """Import the referral form ahead of its first opening (after the list is painted)."""
    import slip_desktop.views.referrals.referral_dialog  # noqa: F401


def _read_first_page(store: Store) -> tuple[ReferralPage, list[Any]]:
    """The newest referrals, how many there are, and the schools to filter by."""
    return first_referral_page(store), list(school_choices(store))


#: How long a list built out of sight waits for its first paint before reading the rest.
REST_UNSEEN_MS = 500
#: A failed read of the rest is tried again this much later, this many times at most.
RETRY_MS = 1000
MAX_RETRIES = 3


def _read_list(store: Store) -> tuple[list[ReferralRow], list[Any]]:
    """Every referral and the schools to filter by: database reads only (any thread)."""
    # Thirty thousand new rows, none in a cycle: a full collection they set off in a
    # worker would walk the whole heap holding the GIL, freezing the window meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return list_referrals(store), list(school_choices(store))
    finally:
        if collecting:
            gc.enable()


class _ToldRows:
    """The rows announced changed since the list last refreshed, or that it must reload."""

    def __init__(self) -> None:
        self.referrals: set[int] = set()
        self.pupils: set[int] = set()
        #: False once an announcement did not say which rows it changed.
        self.rows_only = True

    def add(self, changed: Changes, shown: frozenset[Area]) -> None:
        areas = {Area(a) for a in changed}
        if Area.ALL in areas or areas & shown - set(_BY_ROW):
            self.rows_only = False
            return
        for area, into in zip(_BY_ROW, (self.referrals, self.pupils), strict=True):
            if area in areas:
                ids = changed_ids(changed, area)
                if ids is None:
                    self.rows_only = False
                    return
                into.update(ids)


class ReferralsTab(QWidget):
    """Lists referrals with filters, opens the referral form and shows the pupil's timeline.

    Its dialogs announce what they saved; the tab refreshes once per operation touching
    :attr:`areas` while shown, and when next shown after one while hidden.
    """

    title = TITLE
    areas = frozenset(
        {Area.REFERRALS, Area.PUPILS, Area.MEETINGS, Area.DECISIONS, Area.PLACEMENTS, Area.ALL}
    )

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
        timeline_after_paint: bool = False,
        background: bool = False,
        first_page: bool = False,
    ) -> None:
        super().__init__(parent)
        self._constructed = False
        #: Rows read from the database, and whole-list reloads, since built (tests count them).
        self.rows_read = 0
        self.reloads = 0
        self._store = store
        self._notifier = notifier
        self._today = today

        self.new_button = QPushButton("&New referral", self)
        self.new_button.setToolTip("Enter a referral form (Ctrl+N)")
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.edit_button = QPushButton("&Open", self)
        self.edit_button.setToolTip("Open the chosen referral (Enter or double-click)")
        self.status_button = QToolButton(self)
        self.status_button.setText("&Move status")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_menu = QMenu(self.status_button)
        self.status_button.setMenu(self.status_menu)
        self.link_button = QPushButton("&Link to pupil...", self)
        self.link_button.setToolTip("The parents consented: give this anonymous case its pupil")

        self.school_filter = QComboBox(self)
        self.kind_filter = QComboBox(self)
        self.status_filter = QComboBox(self)
        self.stage_filter = QComboBox(self)
        self.year_filter = QComboBox(self)
        self.clear_filters_button = QPushButton("Clear f&ilters", self)
        self._fill_static_filters()

        self.list = ListPanel(
            COLUMNS, search_text, "Search name, UPN, case reference or school", "referrals", self
        )
        name_list(self.list, "Referrals")
        self.list.table.setToolTip("")
        self.list.set_empty_state(NO_REFERRALS, "New referral...", self._on_new_button_clicked)
        self.timeline = PupilTimelinePanel(store, self, background=background)
        if timeline_after_paint:
            # At start-up the list is painted first; the timeline's reads follow.
            self.timeline.hold()
            call_after_first_paint(self.list.table.viewport(), self.timeline.release, hops=2)
        # Opening a referral is the commonest click: its form's module (~45 ms to import)
        # loads once the list is painted, not on the first Open (see _warm_dialog).
        self._background = background
        # ...and once the database has finished opening: the form's storage modules need
        # SQLAlchemy, which the opening's last stage loads in a worker meanwhile.
        call_after_first_paint(
            self.list.table.viewport(),
            lambda: call_when_open(self._store, [self._warm_dialog], self),
            hops=3,
        )

        actions = QHBoxLayout()
        for widget in (self.new_button, self.edit_button, self.status_button, self.link_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        # Three filters a row, each narrower than its longest school: fits a laptop at 125%.
        filters = QGridLayout()
        for number, (label, combo) in enumerate(
            (
                ("S&chool", self.school_filter),
                ("&Kind", self.kind_filter),
                ("S&tatus", self.status_filter),
                ("Key stag&e", self.stage_filter),
                ("&Year", self.year_filter),
            )
        ):
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            shrinkable(combo)
            filters.addWidget(caption, number // 3, 2 * (number % 3))
            filters.addWidget(combo, number // 3, 2 * (number % 3) + 1)
        filters.addWidget(self.clear_filters_button, 1, 4, 1, 2)
        filters.setColumnStretch(6, 1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.list, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.timeline)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        # The timeline wraps its text: it needs about a third of a laptop screen to read.
        self.splitter.setSizes([900, 560])

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.splitter, 1)

        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        self.clear_filters_button.clicked.connect(self._on_clear_filters_button_clicked)
        for combo in self._filters():
            combo.currentIndexChanged.connect(self._on_filter_changed)
        self.list.row_activated.connect(self._on_list_row_activated)
        # Enter on the list opens the referral (double-click already does). A shortcut, not
        # an event filter: a Python filter can be called while the window is torn down.
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.list.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self._on_edit_button_clicked)
        self.list.selection_changed.connect(self._on_list_selection_changed)
        self.timeline.edit_pupil_requested.connect(self._on_timeline_edit_pupil_requested)
        self.timeline.new_referral_requested.connect(self._on_timeline_new_referral_requested)
        # Before the refresher's: it learns which rows an announcement names, then refreshes.
        self._told = _ToldRows()
        # A whole-list reload after the first (30,000 rows on ten years of data) is read
        # in a worker with ``background``: the rows shown stay until the new ones come.
        self.reads = LatestRead(self, self._on_read_failed, background=background)
        #: Reads of the whole list tried again after failing, while only a page is shown.
        self._retries = 0
        notifier.changed.connect(self._on_notifier_changed)
        self.stale_when_hidden = StaleWhenHidden(self, notifier, self.areas, self.refresh)
        #: The rest of the list is still to be read (``first_page``), and the referral
        #: someone asked to see meanwhile that the first page did not hold.
        self._rest_to_read = False
        self._wanted: int | None = None
        if first_page:
            self._show_first_page(_read_first_page(store))
        else:
            self._show_reloaded(_read_list(store))
        if self.list.model.rowCount():
            self.list.table.selectRow(0)
        else:
            self._on_list_selection_changed(None)
        self._constructed = True

    # -- data ---------------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the whole list is still to come (first page shown, or a reload)."""
        return self._rest_to_read or self.reads.loading

    def _show_first_page(self, read: tuple[ReferralPage, list[Any]]) -> None:
        """Show the newest referrals now; read the rest once they are on screen.

        30,000 rows take 0.1-0.2 s to read: the coordinator sees the list that much
        sooner at start-up, and the rest replace the page in place (search, filters,
        sort and the chosen referral kept). A list built out of sight reads them
        :data:`REST_UNSEEN_MS` later; either waits for the database to finish opening.
        """
        page, schools = read
        self.rows_read += len(page.rows)
        self._fill_dynamic_filters(page.rows, schools)
        self.list.set_rows(page.rows, total=page.total)
        if page.total <= len(page.rows):
            return
        self._rest_to_read = True
        # Once painted, and once the database has finished opening: the start's last
        # stage (SQLAlchemy, the audit) runs in a worker just after the paint, and the
        # rest read and shown meanwhile made stalls of 80-150 ms (``bench.probe settle``).
        call_after_first_paint(self.list.table.viewport(), self._read_the_rest_once_open, hops=2)
        QTimer.singleShot(REST_UNSEEN_MS, self, self._read_the_rest_once_open)

    def _on_read_failed(self, _error: BaseException) -> None:
        # Logged by the read. A list left on its first page would say "reading the rest"
        # for good: read the whole list again, a few times, a moment later.
        if self.list.more_coming and self._retries < MAX_RETRIES:
            self._retries += 1
            QTimer.singleShot(RETRY_MS, self, self.reload)

    def _read_the_rest_once_open(self) -> None:
        call_when_open(self._store, [self._read_the_rest], self)

    def _read_the_rest(self) -> None:
        if not self._rest_to_read or self.reads.loading:
            return  # read already, or a reload on its way brings them
        self._rest_to_read = False
        self._reload(first=True)

    def refresh(self) -> None:
        """Show the changes announced since the last refresh, keeping the view as it was.

        Only the rows they named when every one named its rows; else the whole list again.
        Search, filters, sort and the chosen referral stay.
        """
        told, self._told = self._told, _ToldRows()
        # A whole-list read on its way may predate these rows' change: read it all again.
        if told.rows_only and (told.referrals or told.pupils) and not self.reads.loading:
            self.refresh_rows(told.referrals, told.pupils)
        else:
            self.reload()

    def refresh_rows(self, referral_ids: Iterable[int], pupil_ids: Iterable[int] = ()) -> None:
        """Read again only the referrals ``referral_ids`` and those of ``pupil_ids``.

        Rows changed in place (``dataChanged``), new ones inserted, deleted ones removed:
        a few rows read, not the whole list, and no model reset.
        """
        # Imported here: the list paints before SQLAlchemy loads.
        from slip_desktop.db.referrals import referral_rows

        ids = set(referral_ids)
        rows = referral_rows(self._store, ids, pupil_ids)
        found = {row.id for row in rows}
        self.list.update_rows(rows, [i for i in ids if i not in found])
        self.rows_read += len(rows)
        years = {row.academic_year for row in rows}
        if any(self.year_filter.findData(year) < 0 for year in years):
            self._fill_dynamic_filters(self.list.model.all_rows())
        chosen = self.list.selected_row()
        if chosen is not None and chosen.id in found:
            self._on_list_selection_changed(chosen)
        # The timeline shows one pupil: read again only if these changes reach them.
        touched = set(pupil_ids) | {row.pupil_id for row in rows}
        if self.timeline.pupil_id() in touched or ids - found:
            self.timeline.refresh()

    def reload(self) -> None:
        """Reload the whole list (keeping search, filters, sort and the chosen referral).

        In the background when the tab was built with ``background``: the rows shown
        stay until the new ones are read; the newest reload wins.
        """
        self._rest_to_read = False  # this read brings the whole list
        self._reload(first=False)

    def _reload(self, *, first: bool) -> None:
        store, model = self._store, self.list.model

        def read() -> tuple[PreparedRows[ReferralRow], list[Any]]:
            rows, schools = _read_list(store)
            # Sorted and made searchable here too: the GUI thread only shows them.
            return model.prepare_rows(rows), schools

        self.reads.start(read, self._show_rest if first else self._show_reloaded)

    def _show_reloaded(
        self, read: tuple[list[ReferralRow] | PreparedRows[ReferralRow], list[Any]]
    ) -> None:
        self.reloads += 1
        self._show_whole_list(read)
        self.timeline.refresh()

    def _show_rest(self, read: tuple[PreparedRows[ReferralRow], list[Any]]) -> None:
        # The first page's rows are the whole list's first: the timeline shown stays.
        self._show_whole_list(read)

    def _show_whole_list(
        self, read: tuple[list[ReferralRow] | PreparedRows[ReferralRow], list[Any]]
    ) -> None:
        prepared, schools = read
        rows = prepared.rows if isinstance(prepared, PreparedRows) else prepared
        chosen = self.list.selected_row()
        self.rows_read += len(rows)
        self._fill_dynamic_filters(rows, schools)
        self.list.set_rows(prepared)
        wanted, self._wanted = self._wanted, None
        if wanted is not None:
            self.reveal_referral(wanted)
        elif chosen is not None:
            self.select_referral(chosen.id)

    def _warm_dialog(self) -> None:
        """Import the referral form; in the window, also compile its reads in a worker.

        A first opening pays once for SQLAlchemy compiling the form's reads (~60 ms with
        Qt's first use of its widgets, on a busy PC): the reads run once in a worker while
        the coordinator looks at the list. No form is built unseen: a dialog made and
        dropped behind the coordinator's back was found by anything walking the windows.
        """
        warm_referral_dialog()
        row = self.list.selected_row()
        if not self._background or row is None:
            return
        from slip_desktop.db.referrals import referral_form_data
        from slip_desktop.ui.tasks import Task

        store, referral_id = self._store, row.id
        Task(
            lambda _context: referral_form_data(store, referral_id),
            lambda _data: None,
            lambda _error: None,  # only a warm-up: the real Open says what went wrong
            None,
            self,
        ).start()

    def _on_notifier_changed(self, changed: Changes) -> None:
        if touches(changed, self.areas):
            self._told.add(changed, self.areas)

    def select_referral(self, referral_id: int) -> bool:
        """Select the referral ``referral_id`` if it is shown; return whether it was."""
        number = self.list.model.row_number(referral_id)
        if number is None:
            return False
        self.list.table.selectRow(number)
        self.list.table.scrollTo(self.list.model.index(number, 0))
        return True

    def reveal_referral(self, referral_id: int) -> bool:
        """Select ``referral_id``, clearing the search and filters if they hide it.

        While only the first page is shown, one not on it is selected when the rest come.
        """
        if self.select_referral(referral_id):
            return True
        self._on_clear_filters_button_clicked()
        if self.select_referral(referral_id):
            return True
        if self.loading:
            self._wanted = referral_id
            self._read_the_rest()
        return False

    def show_school(self, school_id: int) -> None:
        """List only ``school_id``'s referrals (the search and other filters cleared)."""
        self._on_clear_filters_button_clicked()
        self.school_filter.setCurrentIndex(max(0, self.school_filter.findData(school_id)))

    # -- filters --------------------------------------------------------------
    def _filters(self) -> tuple[QComboBox, ...]:
        return (
            self.school_filter,
            self.kind_filter,
            self.status_filter,
            self.stage_filter,
            self.year_filter,
        )

    def _fill_static_filters(self) -> None:
        self.kind_filter.addItem("All", None)
        for kind in ReferralKind:
            self.kind_filter.addItem(kind.label, kind)
        self.status_filter.addItem("All", None)
        self.status_filter.addItem("Open (not closed)", OPEN)
        for status in ReferralStatus:
            self.status_filter.addItem(status.label, status)
        self.stage_filter.addItem("All", None)
        self.stage_filter.addItem("KS3 (Years 7-9)", "KS3")
        self.stage_filter.addItem("KS4 (Years 10-11)", "KS4")

    def _fill_dynamic_filters(
        self, rows: list[ReferralRow], schools: list[Any] | None = None
    ) -> None:
        """Offer the schools on record and the academic years the referrals span."""
        school = self.school_filter.currentData()
        self.school_filter.blockSignals(True)
        self.school_filter.clear()
        self.school_filter.addItem("All schools", None)
        for choice in school_choices(self._store) if schools is None else schools:
            self.school_filter.addItem(choice.short_name or choice.name, choice.id)
        self.school_filter.setCurrentIndex(max(0, self.school_filter.findData(school)))
        self.school_filter.blockSignals(False)
        if self.list.empty_state is not None:
            no_schools = self.school_filter.count() == 1
            self.list.empty_state.set_message(NO_SCHOOLS if no_schools else NO_REFERRALS)

        year = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem("All years", None)
        for start in sorted({r.academic_year for r in rows}, reverse=True):
            self.year_filter.addItem(academic_year_label(start), start)
        self.year_filter.setCurrentIndex(max(0, self.year_filter.findData(year)))
        self.year_filter.blockSignals(False)

    def _predicate(self) -> Callable[[ReferralRow], bool] | None:
        school = self.school_filter.currentData()
        kind = self.kind_filter.currentData()
        status = self.status_filter.currentData()
        stage = self.stage_filter.currentData()
        year = self.year_filter.currentData()
        tests: list[Callable[[ReferralRow], bool]] = []
        if school is not None:
            tests.append(lambda r: r.school_id == school)
        if kind is not None:
            tests.append(lambda r: r.kind == kind)
        if status == OPEN:
            tests.append(lambda r: r.status != ReferralStatus.CLOSED)
        elif status is not None:
            tests.append(lambda r: r.status == status)
        if stage in ("KS3", "KS4"):
            tests.append(lambda r: key_stage_label(r.year_group) == stage)
        if year is not None:
            tests.append(lambda r: r.academic_year == year)
        if not tests:
            return None
        if len(tests) == 1:
            return tests[0]
        return lambda r: all(test(r) for test in tests)

    def _on_filter_changed(self, _index: int) -> None:
        self.list.set_extra_filter(self._predicate())

    def _on_clear_filters_button_clicked(self) -> None:
        for combo in self._filters():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.list.search.clear()
        self.list.set_extra_filter(None)

    # -- actions --------------------------------------------------------------
    def _on_list_selection_changed(self, row: ReferralRow | None) -> None:
        self.edit_button.setEnabled(row is not None)
        self.link_button.setEnabled(row is not None and row.pupil_id is None)
        self._fill_status_menu(row)
        if self._constructed:
            self.timeline.release()  # the coordinator chose a row: no more waiting
        if row is None:
            self.timeline.show_nothing()
        elif row.pupil_id is None:
            self.timeline.show_case(
                row.case_reference or "",
                row.year_group,
                row.school,
                row.status.label,
                row.meeting_on,
            )
        elif row.pupil_id != self.timeline.pupil_id():
            self.timeline.show_pupil(row.pupil_id)

    def _fill_status_menu(self, row: ReferralRow | None) -> None:
        self.status_menu.clear()
        moves = allowed_moves(row.kind, row.status) if row is not None else frozenset()
        for status in ReferralStatus:
            if status in moves:
                action = QAction(status.label, self.status_menu)
                action.setData(status)
                action.triggered.connect(self._on_status_action_triggered)
                self.status_menu.addAction(action)
        self.status_button.setEnabled(bool(moves))

    def _on_status_action_triggered(self) -> None:
        action = self.sender()
        row = self.list.selected_row()
        if not isinstance(action, QAction) or row is None:
            return
        self.move_status(row, action.data())

    def move_status(self, row: ReferralRow, status: ReferralStatus) -> None:
        """Move ``row``'s referral to ``status``; closing asks why, since it is final."""
        note = ""
        if status == ReferralStatus.CLOSED:
            note, ok = QInputDialog.getText(
                self,
                "Close referral",
                f"Closing {referral_name(row)}'s referral is final.\nWhy is it closing?",
            )
            if not ok:
                return
        from slip_desktop.db.referrals import change_status

        perform(
            self,
            self._notifier,
            "Status not changed",
            lambda: change_status(self._store, row.id, status, self._today(), note),
            (Area.REFERRALS,),
            ids=lambda _done: {Area.REFERRALS: [row.id]},
        )

    def open_new_dialog(self, **preset: Any) -> ReferralDialog:
        """Return a New referral dialog (not shown); saving announces it, then selects it."""
        from slip_desktop.views.referrals.referral_dialog import ReferralDialog

        dialog = ReferralDialog(
            self._store, self._today(), None, self, notifier=self._notifier, **preset
        )
        dialog.referral_saved.connect(self._on_dialog_referral_saved)
        return dialog

    def open_edit_dialog(self, referral_id: int) -> ReferralDialog:
        """Return an Edit dialog for ``referral_id`` (not shown); saving announces it."""
        from slip_desktop.views.referrals.referral_dialog import ReferralDialog

        dialog = ReferralDialog(
            self._store, self._today(), referral_id, self, notifier=self._notifier
        )
        dialog.referral_saved.connect(self._on_dialog_referral_saved)
        return dialog

    def _on_new_button_clicked(self) -> None:
        self.open_new_dialog().exec()

    def _on_timeline_new_referral_requested(self, pupil_id: int) -> None:
        self.open_new_dialog(pupil_id=pupil_id).exec()

    def _on_edit_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is not None:
            self._open_referral(row.id)

    def _on_list_row_activated(self, row: ReferralRow) -> None:
        self._open_referral(row.id)

    def _open_referral(self, referral_id: int) -> None:
        try:
            dialog = self.open_edit_dialog(referral_id)
        except DomainError as error:
            QMessageBox.warning(self, "Referral not found", error.message)
            self.refresh()
            return
        dialog.exec()

    def _on_link_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is None or row.pupil_id is not None:
            return
        from slip_desktop.views.referrals.link_dialog import ReferralLinkDialog

        ReferralLinkDialog(self._store, self._today(), row.id, self, notifier=self._notifier).exec()

    def _on_dialog_referral_saved(self, referral_id: int) -> None:
        # The dialog announced the change (the list is fresh): show what was saved.
        self.select_referral(referral_id)

    def _on_timeline_edit_pupil_requested(self, pupil_id: int) -> None:
        from slip_desktop.views.referrals.pupil_dialog import PupilDialog

        PupilDialog(self._store, self._today(), pupil_id, self, notifier=self._notifier).exec()
