"""The Centre rosters tab: places, waiting lists, occupancy, reviews, attendance, visits, staff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from slip_desktop.db.store import Store
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.rosters import TITLE
from slip_desktop.views.rosters.areas import ROSTER_AREAS
from slip_desktop.views.rosters.attendance_page import AttendancePage
from slip_desktop.views.rosters.lists import ReviewsPage, VisitsPage, WaitingPage
from slip_desktop.views.rosters.occupancy import OccupancyPage
from slip_desktop.views.rosters.overview import OverviewPage
from slip_desktop.views.rosters.provider_page import ProvidersPage
from slip_desktop.views.rosters.staff_page import StaffPage


class RostersTab(QWidget):
    """The centres' work in pages: this week, occupancy, waiting lists, reviews and more.

    ``today`` gives the date the pages work from (tests pass a fixed one). Each page
    refreshes itself on a change it shows, and only when it is the page in sight: a page
    behind another waits until it is shown (``ui.refresh.StaleWhenHidden``). In the
    window (``pages_when_shown``) the slow pages (this week, occupancy) read in a worker
    thread: the tab shows at once and fills when the read is done.
    """

    title = TITLE
    areas = ROSTER_AREAS

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
        *,
        pages_when_shown: bool = False,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.overview = OverviewPage(store, notifier, today, self, background=pages_when_shown)
        self.occupancy = OccupancyPage(store, notifier, today, self, background=pages_when_shown)
        self.waiting = WaitingPage(store, notifier, today, self.overview.open_place_dialog, self)
        self.reviews = ReviewsPage(store, notifier, today, self)
        self.attendance = AttendancePage(store, notifier, today, self, background=pages_when_shown)
        self.visits = VisitsPage(store, notifier, today, self)
        self.staff = StaffPage(store, notifier, today, self)
        self.providers = ProvidersPage(store, notifier, today, self)
        self.pages = QTabWidget(self)
        for page, title in (
            (self.overview, "This &week"),
            (self.occupancy, "&Occupancy"),
            (self.waiting, "Waiting &lists"),
            (self.reviews, "&Reviews"),
            (self.attendance, "&Attendance"),
            (self.visits, "School v&isits"),
            (self.staff, "S&taff"),
            (self.providers, "AP provid&ers"),
        ):
            self.pages.addTab(page, title)
        self.list = self.overview.list
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        if pages_when_shown:
            # In the window: only the page on screen is read now (ten years of records
            # make all eight a matter of seconds); each other page reads when first shown.
            current = self.pages.currentWidget()
            for page in self._all_pages():
                if page is current:
                    page.refresh()
                else:
                    page.refresher.stale = True
        else:
            self.refresh()

    def _all_pages(self) -> tuple[Any, ...]:
        return (
            self.overview,
            self.occupancy,
            self.waiting,
            self.reviews,
            self.attendance,
            self.visits,
            self.staff,
            self.providers,
        )

    @property
    def loading(self) -> bool:
        """True while a page is being read in the background."""
        return any(getattr(page, "loading", False) for page in self._all_pages())

    def refresh(self) -> None:
        """Reload every page (on a change, each page refreshes itself when shown)."""
        for page in self._all_pages():
            page.refresh()
