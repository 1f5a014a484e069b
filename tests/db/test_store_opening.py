"""Opening a file checks the passphrase and reads the first list before SQLAlchemy is needed."""

from __future__ import annotations

import pytest
from sqlalchemy import exc

from slip_desktop.db.audit import is_installed
from slip_desktop.db.opening import open_checked_store, start_audit
from slip_desktop.db.referral_list import list_referrals, school_choices
from slip_desktop.db.store import Store, WrongPassphrase
from slip_desktop.domain.audit_actions import AuditAction
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import damage_a_page, seed_pupil


def _reopen(store: Store, **kwargs: object) -> Store:
    assert store.path is not None
    store.close()
    return Store.open(store.path, TEST_PASSPHRASE, **kwargs)  # type: ignore[arg-type]


def test_an_existing_file_lists_referrals_without_an_engine(demo_store: Store) -> None:
    with demo_store.session():
        pass  # the demo store has its engine: this list is read through the pool
    expected = list_referrals(demo_store)
    schools = school_choices(demo_store)

    reopened = _reopen(demo_store)
    try:
        assert not reopened.has_engine
        assert list_referrals(reopened) == expected
        assert school_choices(reopened) == schools
        assert [s.name for s in schools] == sorted(s.name for s in schools)
        assert not reopened.has_engine and reopened.encrypted
    finally:
        reopened.close()


def test_a_wrong_passphrase_is_refused_before_any_engine(demo_store: Store) -> None:
    assert demo_store.path is not None
    demo_store.close()
    with pytest.raises(WrongPassphrase, match="Caps"):
        Store.open(demo_store.path, "not the passphrase at all")


def test_the_audit_trail_is_installed_with_the_first_session(demo_store: Store) -> None:
    reopened = _reopen(demo_store)
    try:
        start_audit(reopened)
        assert not is_installed(reopened)  # nothing loaded, nothing written yet
        seed_pupil(reopened, "Audited")
        assert is_installed(reopened)
        with reopened.read_connection() as connection:
            rows = connection.execute(
                "SELECT count(*) FROM audit_event WHERE table_name = 'pupil' AND action = ?",
                (AuditAction.CREATE.value,),
            ).fetchone()
        assert rows[0] >= 1
    finally:
        reopened.close()


def test_a_deferred_check_that_fails_makes_the_first_session_read_only(
    demo_store: Store,
) -> None:
    assert demo_store.path is not None
    demo_store.close()
    damage_a_page(demo_store.path)

    store = open_checked_store(demo_store.path, TEST_PASSPHRASE, defer_check=True)
    try:
        assert not store.read_only  # the check is still running
        with pytest.raises(exc.OperationalError, match="readonly|read-only|query_only"):
            seed_pupil(store, "Neverwritten")
        assert store.read_only
    finally:
        store.close()


# SQLite files: their encryption, checks and backups (a server keeps its own).
pytestmark = pytest.mark.sqlite_only


def test_a_session_asked_for_while_the_opening_s_hooks_run_waits_for_them(
    demo_store: Store,
) -> None:
    # At start-up a worker makes the first session (its hooks: the integrity check's
    # answer, the audit trail); a save on the GUI thread meanwhile waits, never unaudited.
    import threading

    reopened = _reopen(demo_store)
    started, go = threading.Event(), threading.Event()
    hooked: list[str] = []

    def slow_hook(store: Store) -> None:
        started.set()
        assert go.wait(10)
        hooked.append("done")

    reopened.on_first_session(slow_hook)
    try:
        opening = threading.Thread(target=lambda: reopened.sessions)
        opening.start()
        assert started.wait(10)
        assert not reopened.opened
        seen_hooks: list[list[str]] = []
        saver = threading.Thread(
            target=lambda: (seed_pupil(reopened, "Waited"), seen_hooks.append(list(hooked)))
        )
        saver.start()
        saver.join(0.3)
        assert saver.is_alive()  # waiting for the hooks, not writing
        go.set()
        opening.join(10)
        saver.join(10)
        assert seen_hooks == [["done"]] and reopened.opened
    finally:
        go.set()
        reopened.close()


def test_the_first_connection_is_closed_only_between_reads(demo_store: Store) -> None:
    # Read through on one thread while another makes the first session (which closes it).
    import threading

    reopened = _reopen(demo_store)
    try:
        assert not reopened.has_engine
        closing = threading.Thread(target=lambda: reopened.sessions)
        with reopened.read_connection() as connection:
            closing.start()
            closing.join(0.3)
            # The reader's connection stays open under it until the read is done.
            assert connection.execute("SELECT count(*) FROM referral").fetchone()[0] >= 0
        closing.join(10)
        assert not closing.is_alive() and reopened.opened
    finally:
        reopened.close()
