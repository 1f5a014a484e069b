"""The search box and what keeps its entries: read once in the background, matched per keystroke."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.domain.global_search import Kind, SearchEntry, SearchIndex, count
from slip_desktop.ui.notifier import Area, changed_ids
from slip_desktop.ui.tasks import Task

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent, QObject

    from slip_desktop.db.search_index import AllEntries, ChangedEntries
    from slip_desktop.db.store import Store
    from slip_desktop.ui.notifier import ChangeNotifier

#: The shortcuts that open the box anywhere in the main window.
SHORTCUTS = ("Ctrl+K", "Ctrl+F")
#: Shown under the box while the entries are read (first open, after a change).
READING = "Reading the records to search..."
#: How long after the window is built the entries are first read (after the first paint).
READ_AFTER_MS = 1500
#: The data role holding a result's :class:`SearchEntry`.
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1

#: Areas whose changes reach no entry (a search shows no money, staff or settings).
UNSEARCHED = frozenset({Area.FINANCE, Area.STAFF, Area.SETTINGS})


class Pending:
    """What changed since the entries were read: everything, the meetings, or some rows."""

    def __init__(self) -> None:
        self.everything = False
        self.meetings = False
        self.referrals: set[int] = set()
        self.pupils: set[int] = set()

    def __bool__(self) -> bool:
        return self.everything or self.meetings or bool(self.referrals or self.pupils)

    def add(self, changed: frozenset[Area]) -> None:
        """Note what ``changed`` may have changed among the entries."""
        areas = {Area(a) for a in changed} - UNSEARCHED
        if Area.MEETINGS in areas:
            self.meetings = True
        for area, into in ((Area.REFERRALS, self.referrals), (Area.PUPILS, self.pupils)):
            if area in areas:
                ids = changed_ids(changed, area)
                if ids is None:
                    self.everything = True
                else:
                    into.update(ids)
        # Schools (names in every entry), decisions and placements (a referral's status)
        # without the rows they changed, or everything at once: read all again.
        if areas - {Area.MEETINGS, Area.REFERRALS, Area.PUPILS}:
            self.everything = True


def updated_index(
    current: AllEntries, changed: ChangedEntries | None, meetings: list[SearchEntry] | None
) -> AllEntries:
    """The entries with the rows read again put in place (any thread).

    A changed entry keeps its place; a new one comes first in its kind (the newest);
    one whose row is gone goes; ``meetings`` replace every meeting.
    """
    from slip_desktop.db.search_index import AllEntries

    swap: dict[int, SearchEntry | None] = {}  # id() of an entry shown -> its new one
    pupils = dict(current.pupils)
    new: list[SearchEntry] = []
    if changed is not None:
        for pupil_id in changed.gone_pupils:
            old = pupils.pop(pupil_id, None)
            if old is not None:
                swap[id(old)] = None
        for pupil_id, entry in changed.pupils.items():
            old = pupils.get(pupil_id)
            pupils[pupil_id] = entry
            if old is None:
                new.append(entry)
            else:
                swap[id(old)] = entry
        referrals = {e.target: e for e in changed.referrals}
        gone = changed.gone_referrals
        for entry in current.entries:
            if entry.kind == Kind.REFERRAL and (entry.target in gone or entry.target in referrals):
                swap[id(entry)] = referrals.pop(entry.target, None)
        new.extend(referrals.values())  # those not shown before: new referrals
    entries: list[SearchEntry] = [e for e in new if e.kind == Kind.PUPIL]
    new_referrals = [e for e in new if e.kind == Kind.REFERRAL]
    for entry in current.entries:
        if meetings is not None and entry.kind == Kind.MEETING:
            continue
        if new_referrals and entry.kind == Kind.REFERRAL:
            entries.extend(new_referrals)
            new_referrals = []
        replaced = swap.get(id(entry), entry) if id(entry) in swap else entry
        if replaced is not None:
            entries.append(replaced)
    entries.extend(new_referrals)
    if meetings is not None:
        entries.extend(meetings)
    return AllEntries(entries, pupils)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (for every thread) while the block runs."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


class SearchBox(QDialog):
    """A search field over grouped results: type, arrow down, Enter opens the result.

    ``search_now`` maps the typed text to grouped results; ``open_entry`` opens one.
    """

    def __init__(
        self,
        search_now: Callable[[str], dict[Kind, list[SearchEntry]]],
        open_entry: Callable[[SearchEntry], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search everything")
        self._search_now = search_now
        self._open_entry = open_entry
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Search pupils, referrals, schools and meetings")
        self.query.setAccessibleName("Search everything")
        self.query.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.results = QTreeView(self)
        self.results.setModel(self.model)
        self.results.setHeaderHidden(True)
        self.results.setRootIsDecorated(False)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setAccessibleName("Search results")
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self.resize(560, 460)
        self.query.textChanged.connect(self._on_query_text_changed)
        self.query.returnPressed.connect(self._on_query_return_pressed)
        self.results.activated.connect(self._on_results_activated)
        self.query.installEventFilter(self)

    def show_results(self) -> None:
        """Match the text typed again (after the entries were read or changed)."""
        self._on_query_text_changed(self.query.text())

    def _on_query_text_changed(self, text: str) -> None:
        groups = self._search_now(text)
        self.model.clear()
        first: QModelIndex | None = None
        for kind in Kind:
            rows = groups.get(kind)
            if not rows:
                continue
            header = QStandardItem(kind.value)
            header.setSelectable(False)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            self.model.appendRow(header)
            for entry in rows:
                item = QStandardItem(f"    {entry.title}  —  {entry.detail}")
                item.setData(entry, ENTRY_ROLE)
                self.model.appendRow(item)
                if first is None:
                    first = item.index()
        if first is not None:
            self.results.setCurrentIndex(first)
        if not self.status.text().startswith(READING) or not text:
            found = count(groups)
            self.status.setText(
                "" if not text.strip() else f"{found} found" if found else "Nothing found"
            )

    def entry_at(self, index: QModelIndex) -> SearchEntry | None:
        """The result at ``index`` (None on a group's heading)."""
        entry = index.data(ENTRY_ROLE) if index.isValid() else None
        return entry if isinstance(entry, SearchEntry) else None

    def _move(self, step: int) -> None:
        row = self.results.currentIndex().row()
        rows = self.model.rowCount()
        while 0 <= row + step < rows:
            row += step
            if self.entry_at(self.model.index(row, 0)) is not None:
                self.results.setCurrentIndex(self.model.index(row, 0))
                return

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Up and Down in the field move through the results."""
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down:
                self._move(1)
                return True
            if event.key() == Qt.Key.Key_Up:
                self._move(-1)
                return True
        return super().eventFilter(watched, event)

    def _on_query_return_pressed(self) -> None:
        self._open(self.results.currentIndex())

    def _on_results_activated(self, index: QModelIndex) -> None:
        self._open(index)

    def _open(self, index: QModelIndex) -> None:
        entry = self.entry_at(index)
        if entry is None:
            return
        self.hide()
        self._open_entry(entry)


class GlobalSearch(QWidget):
    """Owns the box and its entries; re-reads them in the background after a change.

    Only what a change reached: the rows an announcement names (a referral, a pupil),
    the meetings after a change to meetings, nothing after one to money or staff;
    everything again after a change not told row by row. Reads and index building run
    in a worker; the GUI thread only swaps the index in.

    ``openers`` says how each kind of result is opened (switch to its tab, select it):
    the wiring gives them, so this folder reaches into no tab.
    """

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        openers: Mapping[Kind, Callable[[int], None]],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.hide()
        self._store = store
        self._openers = dict(openers)
        self._index = SearchIndex([])
        self._all: AllEntries | None = None
        self._pending = Pending()
        self._pending.everything = True
        #: Whole reads and row updates done since built (tests count them).
        self.whole_reads = 0
        self.partial_reads = 0
        self._reading: Task | None = None
        self.box = SearchBox(self._search_now, self._open_entry, parent)
        self.action = QAction("&Search everything...", parent)
        self.action.setShortcuts([QKeySequence(key) for key in SHORTCUTS])
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(self._on_action_triggered)
        parent.addAction(self.action)
        notifier.changed.connect(self._on_notifier_changed)
        # Read once the window is up and its first list painted, so the first Ctrl+K
        # usually finds everything ready.
        QTimer.singleShot(READ_AFTER_MS, self._read_if_stale)

    @property
    def entries(self) -> list[SearchEntry]:
        """The entries searched now."""
        return self._index.entries

    @property
    def _stale(self) -> bool:
        return bool(self._pending)

    def read(self) -> Task | None:
        """Read what changed in the background (once at a time); return the reading task."""
        if self._reading is not None:
            return self._reading
        pending, self._pending = self._pending, Pending()
        store = self._store
        current = self._all
        whole = pending.everything or current is None
        if whole:
            self.whole_reads += 1
        else:
            self.partial_reads += 1

        def work(_context: object) -> tuple[AllEntries, SearchIndex]:
            # Imported here: the window's first list paints before SQLAlchemy loads.
            from slip_desktop.db.search_index import all_entries, entries_of, meeting_entries

            # Some 45,000 new objects, none in a cycle: each full collection they set off
            # would walk the whole heap holding the GIL, freezing the window meanwhile.
            with collector_paused():
                if whole or current is None:
                    found = all_entries(store)
                else:
                    changed = (
                        entries_of(store, pending.referrals, pending.pupils)
                        if pending.referrals or pending.pupils
                        else None
                    )
                    meetings = meeting_entries(store) if pending.meetings else None
                    found = updated_index(current, changed, meetings)
                return found, SearchIndex(found.entries)

        self._reading = Task(
            work,
            self._on_read,
            self._on_read_failed,
            None,
            self,
        ).start()
        return self._reading

    def _read_if_stale(self) -> None:
        if self._stale and self._reading is None:
            self.read()

    def _on_read(self, read: object) -> None:
        self._reading = None
        if isinstance(read, tuple):
            self._all, self._index = read
        if self._stale:
            self.read()
            return
        if self.box.status.text().startswith(READING):
            self.box.status.clear()
        if self.box.isVisible():
            self.box.show_results()

    def _on_read_failed(self, _error: BaseException) -> None:
        self._reading = None
        self._pending.everything = True  # what failed is read again, whole, next time
        self.box.status.setText("The records could not be read for searching.")

    def open_box(self) -> SearchBox:
        """Show the box with its text selected (Ctrl+K); return it."""
        if self._stale or self._reading is not None:
            self.read()
            self.box.status.setText(READING)
        self.box.show()
        self.box.activateWindow()
        self.box.query.setFocus()
        self.box.query.selectAll()
        return self.box

    def _search_now(self, text: str) -> dict[Kind, list[SearchEntry]]:
        return self._index.search(text)

    def _open_entry(self, entry: SearchEntry) -> None:
        opener = self._openers.get(entry.kind)
        if opener is not None:
            opener(entry.target)

    def _on_action_triggered(self) -> None:
        self.open_box()

    def _on_notifier_changed(self, changed: frozenset[Area]) -> None:
        # What changed is read when next needed; a read under way is followed by another.
        self._pending.add(changed)
        if self._stale and (self.box.isVisible() or self._reading is not None):
            self.read()
