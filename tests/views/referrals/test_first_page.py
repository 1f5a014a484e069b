"""In the window the referral list shows its newest rows at once and the rest once painted."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

from slip_desktop.db import referral_list
from slip_desktop.db.referral_list import list_referrals
from slip_desktop.db.store import Store
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.referrals import tab as referrals_tab
from slip_desktop.views.referrals.tab import ReferralsTab
from tests.conftest import DEMO_TODAY

PAGE = 5


@pytest.fixture(autouse=True)
def _small_page(monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo holds a few dozen referrals: a page of five leaves most of them to follow.
    monkeypatch.setattr(referral_list, "FIRST_PAGE", PAGE)


def _tab(qtbot: QtBot, store: Store) -> ReferralsTab:
    tab = ReferralsTab(
        store, ChangeNotifier(), today=lambda: DEMO_TODAY, background=True, first_page=True
    )
    qtbot.addWidget(tab)
    return tab


def test_the_newest_rows_show_first_and_the_rest_follow_in_place(
    qtbot: QtBot, demo_store: Store
) -> None:
    whole = list_referrals(demo_store)
    tab = _tab(qtbot, demo_store)
    tab.list.enable_export(lambda _what: None)

    # Built: the newest five, the count saying more are coming, Export waiting for them.
    assert [r.id for r in tab.list.model.rows()] == [r.id for r in whole[:PAGE]]
    assert tab.loading and tab.list.more_coming
    assert tab.list.count_label.text() == f"5 of {len(whole):,} referrals, reading the rest..."
    assert not tab.list.export_button.isEnabled()
    assert tab.list.selected_row().id == whole[0].id

    # Nothing more is read until the page has been painted.
    qtbot.wait(50)
    assert tab.rows_read == PAGE
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading, timeout=10000)

    assert [r.id for r in tab.list.model.rows()] == [r.id for r in whole]
    assert tab.list.count_label.text() == f"{len(whole):,} referrals"
    assert tab.list.export_button.isEnabled() and not tab.list.more_coming
    assert tab.list.selected_row().id == whole[0].id  # the chosen referral stays
    assert tab.reloads == 0 and tab.rows_read == PAGE + len(whole)
    # The years to filter by are those of the whole list, not only the page's.
    years = {r.academic_year for r in whole}
    assert tab.year_filter.count() == 1 + len(years)


def test_a_search_typed_before_the_rest_come_applies_to_them(
    qtbot: QtBot, demo_store: Store
) -> None:
    whole = list_referrals(demo_store)
    oldest = whole[-1]
    tab = _tab(qtbot, demo_store)
    needle = oldest.upn or oldest.case_reference or ""
    assert needle and oldest not in tab.list.model.all_rows()
    tab.show()
    qtbot.keyClicks(tab.list.search, needle)
    qtbot.waitUntil(lambda: not tab.loading, timeout=10000)

    assert oldest.id in [r.id for r in tab.list.model.rows()]
    assert tab.list.search.text() == needle


def test_a_referral_asked_for_before_the_rest_come_is_shown_when_they_do(
    qtbot: QtBot, demo_store: Store
) -> None:
    oldest = list_referrals(demo_store)[-1]
    tab = _tab(qtbot, demo_store)

    # Global search chose it while only the newest were shown (the tab not yet painted).
    assert not tab.reveal_referral(oldest.id)
    qtbot.waitUntil(lambda: not tab.loading, timeout=10000)

    assert tab.list.selected_row().id == oldest.id


def test_a_list_built_out_of_sight_reads_the_rest_without_being_painted(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(referrals_tab, "REST_UNSEEN_MS", 30)
    whole = list_referrals(demo_store)
    tab = _tab(qtbot, demo_store)  # never shown

    qtbot.waitUntil(lambda: not tab.loading, timeout=10000)
    assert tab.list.model.rowCount() == len(whole)


def test_a_list_that_fits_its_first_page_reads_nothing_more(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = list_referrals(demo_store)
    monkeypatch.setattr(referral_list, "FIRST_PAGE", len(whole))
    tab = _tab(qtbot, demo_store)
    tab.show()

    assert not tab.loading and tab.list.count_label.text() == f"{len(whole):,} referrals"
    qtbot.wait(100)
    assert tab.rows_read == len(whole)


def test_a_failed_read_of_the_rest_is_tried_again(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Else the list would stay on its first page, saying "reading the rest", for good."""
    monkeypatch.setattr(referrals_tab, "RETRY_MS", 20)
    whole = list_referrals(demo_store)
    real = referrals_tab._read_list
    calls: list[int] = []

    def flaky(store: Store) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the connection was closed under the read")
        return real(store)

    monkeypatch.setattr(referrals_tab, "_read_list", flaky)
    tab = _tab(qtbot, demo_store)
    tab.show()
    qtbot.waitUntil(lambda: tab.list.model.rowCount() == len(whole), timeout=10000)
    assert len(calls) == 2 and not tab.list.more_coming


def test_the_rest_are_read_once_the_database_has_finished_opening(
    qtbot: QtBot, demo_store: Store
) -> None:
    # At start-up a worker loads SQLAlchemy and installs the audit just after the first
    # page's paint; the rest read and shown meanwhile made stalls of 80-150 ms.
    import threading

    from tests.conftest import TEST_PASSPHRASE

    whole = list_referrals(demo_store)
    assert demo_store.path is not None
    demo_store.close()
    reopened = Store.open(demo_store.path, TEST_PASSPHRASE)
    go = threading.Event()
    # Whichever worker asks for a session first (the timeline's read) opens the store:
    # held here until the test lets it finish, as a slow start's last stage would be.
    reopened.on_first_session(lambda _store: go.wait(20))
    try:
        tab = _tab(qtbot, reopened)
        tab.show()
        qtbot.wait(600)  # painted, and past the wait for a list built out of sight
        assert not reopened.opened
        assert tab.rows_read == PAGE and tab.list.more_coming

        go.set()
        qtbot.waitUntil(lambda: not tab.loading, timeout=10000)
        assert reopened.opened
        assert [r.id for r in tab.list.model.rows()] == [r.id for r in whole]
    finally:
        go.set()
        QThreadPool.globalInstance().waitForDone(20000)
        reopened.close()
