"""The Centre rosters tab: places, waiting lists, occupancy, reviews, attendance, visits, staff."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

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

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

P = TypeVar("P", bound=QWidget)


class _PageSlot(QWidget):
    """Where a page of the tab goes: the page is built the first time it is shown or asked for."""

    def __init__(
        self, build: Callable[[QWidget], Any], parent: QWidget, *, read_when_shown: bool
    ) -> None:
        super().__init__(parent)
        self._build: Callable[[QWidget], Any] | None = build
        self._read_when_shown = read_when_shown
        self._page: Any = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        """True once the page exists."""
        return self._page is not None

    @property
    def page(self) -> Any:
        """The page, built now if it was not yet."""
        if self._build is not None:
            build, self._build = self._build, None
            self._page = build(self)
            # Read when it is first in sight: a page filling behind another would read
            # what nobody looks at (``ui.refresh.StaleWhenHidden``).
            self._page.refresher.stale = self._read_when_shown
            self._layout.addWidget(self._page)
        return self._page

    @property
    def loading(self) -> bool:
        """True while the page (once built) is being read in the background."""
        return self._page is not None and bool(getattr(self._page, "loading", False))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Build the page as it comes into sight."""
        self.page  # noqa: B018 - building it is the point
        super().showEvent(event)


class _Page(Generic[P]):
    """A page of the tab read as an attribute of the same name: built now if it was not yet."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    def __get__(self, tab: RostersTab, owner: type | None = None) -> P:
        return cast(P, tab._slots[self._name].page)


class _Pages(QTabWidget):
    """The tab's pages; a page may be named in place of the slot that holds it."""

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt's name
        """Show ``widget``: a slot, or the page a slot holds."""
        for index in range(self.count()):
            slot = self.widget(index)
            if isinstance(slot, _PageSlot) and slot.built and slot.page is widget:
                widget = slot
                break
        super().setCurrentWidget(widget)


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
        slow = {"background": pages_when_shown}
        builders: dict[str, Callable[[QWidget], Any]] = {
            "occupancy": lambda at: OccupancyPage(store, notifier, today, at, **slow),
            "waiting": lambda at: WaitingPage(
                store, notifier, today, self.overview.open_place_dialog, at
            ),
            "reviews": lambda at: ReviewsPage(store, notifier, today, at),
            "attendance": lambda at: AttendancePage(store, notifier, today, at, **slow),
            "visits": lambda at: VisitsPage(store, notifier, today, at),
            "staff": lambda at: StaffPage(store, notifier, today, at),
            "providers": lambda at: ProvidersPage(store, notifier, today, at),
        }
        self._slots = {
            name: _PageSlot(build, self, read_when_shown=pages_when_shown)
            for name, build in builders.items()
        }
        self.pages = _Pages(self)
        self.pages.addTab(self.overview, "This &week")
        for name, title in (
            ("occupancy", "&Occupancy"),
            ("waiting", "Waiting &lists"),
            ("reviews", "&Reviews"),
            ("attendance", "&Attendance"),
            ("visits", "School v&isits"),
            ("staff", "S&taff"),
            ("providers", "AP provid&ers"),
        ):
            self.pages.addTab(self._slots[name], title)
        self.list = self.overview.list
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        if pages_when_shown:
            # In the window: only the page in sight is built and read now (building all
            # eight made the tab's first show stall 55-90 ms; ten years of records make
            # reading them all a matter of seconds); each other page when first shown.
            self.overview.refresh()
        else:
            for slot in self._slots.values():
                slot.page  # noqa: B018 - every page built and read now (tests, screenshots)
            self.refresh()

    # Each page but This week, built on first use (``_PageSlot``).
    occupancy = _Page[OccupancyPage]()
    waiting = _Page[WaitingPage]()
    reviews = _Page[ReviewsPage]()
    attendance = _Page[AttendancePage]()
    visits = _Page[VisitsPage]()
    staff = _Page[StaffPage]()
    providers = _Page[ProvidersPage]()

    def _all_pages(self) -> tuple[Any, ...]:
        """The pages built so far (one not built yet has nothing to read or refresh)."""
        built = tuple(slot.page for slot in self._slots.values() if slot.built)
        return (self.overview, *built)

    @property
    def loading(self) -> bool:
        """True while a page is being read in the background."""
        return any(getattr(page, "loading", False) for page in self._all_pages())

    def refresh(self) -> None:
        """Reload every page (on a change, each page refreshes itself when shown)."""
        for page in self._all_pages():
            page.refresh()
