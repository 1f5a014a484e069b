"""The list's first page read ahead while Qt starts is used only if nothing changed since."""

from __future__ import annotations

import pytest

from slip_desktop.db.opening import BackgroundOpen, finish_opening
from slip_desktop.db.referral_list import (
    first_referral_page,
    forget_prefetched_list,
    list_referrals,
    prefetch_first_page,
)
from slip_desktop.db.store import Store
from tests.conftest import TEST_PASSPHRASE

#: The page is read ahead only for a file opened before the window: SQLite.
pytestmark = pytest.mark.sqlite_only


def _reopened(store: Store) -> Store:
    if store.path is None:
        pytest.skip("read ahead only for a file opened before the window")
    store.close()
    return Store.open(store.path, TEST_PASSPHRASE)


def test_the_page_read_ahead_is_what_the_first_list_shows(demo_store: Store) -> None:
    expected = list_referrals(demo_store)
    reopened = _reopened(demo_store)
    try:
        prefetch_first_page(reopened)
        first = first_referral_page(reopened)
        assert first.rows == expected[: len(first.rows)] and first.total == len(expected)
        # taken once: the next page is read again
        again = first_referral_page(reopened)
        assert again == first and again.rows is not first.rows
        assert not reopened.has_engine
    finally:
        reopened.close()


def test_a_commit_after_the_read_ahead_is_seen_by_the_first_page(demo_store: Store) -> None:
    reopened = _reopened(demo_store)
    try:
        prefetch_first_page(reopened)
        row = list_referrals(Store.open(reopened.path, TEST_PASSPHRASE))[0]  # type: ignore[arg-type]
        other = reopened.new_connection()
        try:
            other.execute("UPDATE pupil SET first_name = ? WHERE id = ?", ("Σοφία", row.pupil_id))
            other.commit()
        finally:
            other.close()
        first = first_referral_page(reopened)
        assert next(r for r in first.rows if r.id == row.id).first_name == "Σοφία"
    finally:
        reopened.close()


def test_opening_in_the_background_reads_the_first_page_ahead(demo_store: Store) -> None:
    expected = list_referrals(demo_store)
    assert demo_store.path is not None
    path = demo_store.path
    _reopened(demo_store).close()
    opened = BackgroundOpen(path, TEST_PASSPHRASE).result()
    try:
        from slip_desktop.db import referral_list

        assert opened in referral_list._prefetched
        page = first_referral_page(opened)
        assert page.rows == expected[: len(page.rows)] and page.total == len(expected)
        assert opened not in referral_list._prefetched
    finally:
        opened.close()


def test_a_page_read_ahead_that_no_tab_took_is_dropped_when_opening_finishes(
    demo_store: Store,
) -> None:
    from slip_desktop.db import referral_list

    reopened = _reopened(demo_store)
    try:
        prefetch_first_page(reopened)
        assert reopened in referral_list._prefetched
        finish_opening(reopened)
        assert reopened not in referral_list._prefetched
        forget_prefetched_list(reopened)  # nothing left: no error
    finally:
        reopened.close()
