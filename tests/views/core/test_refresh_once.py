"""One Core decision is announced once; each visible tab showing it reloads once, hidden ones later.

The tabs share one ChangeNotifier over the demo data, as in the main window. Every
``refresh`` is counted by wrapping it on the class before the tabs are built (so a
refresher holding the bound method counts too), then the counts are cleared once the
tabs have loaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QHBoxLayout, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.db.store import Store
from slip_desktop.domain.enums import CoreOutcome, Programme
from slip_desktop.ui.notifier import Area, ChangeNotifier, Changes
from slip_desktop.views.core.moves_panel import CoreMovesPanel
from slip_desktop.views.core.tab import CoreBoardTab
from slip_desktop.views.referrals.tab import ReferralsTab
from slip_desktop.views.rosters.attendance_page import AttendancePage
from slip_desktop.views.rosters.lists import ReviewsPage, VisitsPage, WaitingPage
from slip_desktop.views.rosters.occupancy import OccupancyPage
from slip_desktop.views.rosters.overview import OverviewPage
from slip_desktop.views.rosters.provider_page import ProvidersPage
from slip_desktop.views.rosters.staff_page import StaffPage
from slip_desktop.views.rosters.tab import RostersTab
from tests.conftest import DEMO_TODAY
from tests.views.core.test_core_board_tab import NOW, WHY

ROSTER_PAGES = (
    OverviewPage,
    OccupancyPage,
    WaitingPage,
    ReviewsPage,
    AttendancePage,
    VisitsPage,
    StaffPage,
    ProvidersPage,
)
COUNTED = (CoreBoardTab, CoreMovesPanel, ReferralsTab, RostersTab, *ROSTER_PAGES)
DECISION = frozenset({Area.DECISIONS, Area.REFERRALS, Area.MEETINGS, Area.PLACEMENTS})


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[type]]:
    counts: Counter[type] = Counter()
    for cls in COUNTED:

        def counting(self: QWidget, _cls: type = cls, _original=cls.refresh) -> None:  # type: ignore[no-untyped-def]
            counts[_cls] += 1
            _original(self)

        monkeypatch.setattr(cls, "refresh", counting)
    yield counts


def _record_decision(qtbot: QtBot, board: CoreBoardTab) -> None:
    """Drive the board as the coordinator does: a KS4 card to a programme outside school."""
    card = next(c for c in board.columns[0].model.cards() if c.year_group >= 10)
    dialog = board.decide(card.referral_id, CoreOutcome.OUTSIDE_PROGRAMME)
    assert dialog is not None
    dialog.programme.setCurrentIndex(dialog.programme.findData(Programme.PATHWAY_2))
    qtbot.keyClicks(dialog.rationale, WHY)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: board.decision_dialog is None)
    assert board.column_of(card.referral_id) == CoreOutcome.OUTSIDE_PROGRAMME


def _host(qtbot: QtBot, *widgets: QWidget) -> QWidget:
    host = QWidget()
    qtbot.addWidget(host)
    layout = QHBoxLayout(host)
    for widget in widgets:
        layout.addWidget(widget)
    host.resize(1900, 900)
    host.show()
    qtbot.waitExposed(host)
    return host


def _announced(notifier: ChangeNotifier) -> list[Changes]:
    seen: list[Changes] = []
    notifier.changed.connect(seen.append)
    return seen


def test_one_core_decision_refreshes_the_board_once_and_hidden_pages_when_shown(
    qtbot: QtBot, demo_store: Store, refreshes: Counter[type]
) -> None:
    notifier = ChangeNotifier()
    board = CoreBoardTab(
        demo_store, notifier, today=lambda: DEMO_TODAY, now=lambda: NOW, background=False
    )
    rosters = RostersTab(demo_store, notifier, today=lambda: DEMO_TODAY)
    # The rosters sit behind another tab, as a tab not chosen in the main window does.
    window_tabs = QTabWidget()
    window_tabs.addTab(QWidget(), "Another tab")
    window_tabs.addTab(rosters, "Centre rosters")
    host = _host(qtbot, board, window_tabs)
    refreshes.clear()
    announced = _announced(notifier)

    _record_decision(qtbot, board)

    assert announced == [DECISION]  # one announcement with all four areas
    assert refreshes[CoreBoardTab] == 1
    assert refreshes[CoreMovesPanel] == 0  # the board's Managed moves page is not in sight
    assert sum(refreshes[page] for page in ROSTER_PAGES) == 0
    assert refreshes[RostersTab] == 0

    window_tabs.setCurrentWidget(rosters)
    assert refreshes[OverviewPage] == 1  # the page in sight, once, when shown
    assert sum(refreshes[page] for page in ROSTER_PAGES) == 1
    rosters.pages.setCurrentWidget(rosters.waiting)
    assert refreshes[WaitingPage] == 1
    rosters.pages.setCurrentWidget(rosters.overview)
    assert refreshes[OverviewPage] == 1  # shown again with nothing new: no reload
    board.pages.setCurrentWidget(board.moves)
    assert refreshes[CoreMovesPanel] == 1
    assert refreshes[CoreBoardTab] == 1
    assert refreshes[RostersTab] == 0  # the tab never reloads all its pages on a change
    host.close()


def test_one_core_decision_refreshes_each_visible_tab_exactly_once(
    qtbot: QtBot, demo_store: Store, refreshes: Counter[type]
) -> None:
    notifier = ChangeNotifier()
    board = CoreBoardTab(
        demo_store, notifier, today=lambda: DEMO_TODAY, now=lambda: NOW, background=False
    )
    referrals = ReferralsTab(demo_store, notifier, today=lambda: DEMO_TODAY)
    rosters = RostersTab(demo_store, notifier, today=lambda: DEMO_TODAY)
    # The Core board and the Referrals tab are in sight; the rosters are behind another tab.
    window_tabs = QTabWidget()
    window_tabs.addTab(referrals, "Referrals")
    window_tabs.addTab(rosters, "Centre rosters")
    host = _host(qtbot, board, window_tabs)
    refreshes.clear()
    announced = _announced(notifier)

    _record_decision(qtbot, board)

    assert announced == [DECISION]
    assert (refreshes[CoreBoardTab], refreshes[ReferralsTab]) == (1, 1)
    assert sum(refreshes[page] for page in ROSTER_PAGES) == 0  # hidden: not yet

    window_tabs.setCurrentWidget(rosters)
    assert refreshes[OverviewPage] == 1
    assert sum(refreshes[page] for page in ROSTER_PAGES) == 1
    window_tabs.setCurrentWidget(referrals)
    assert (refreshes[CoreBoardTab], refreshes[ReferralsTab]) == (1, 1)
    host.close()
