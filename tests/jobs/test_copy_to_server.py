"""Moving the office onto the server and back: every table, counted and checksummed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from slip_desktop.db.store import Store, StoreOpenError
from slip_desktop.jobs.copy_to_server import copy_database, copy_to_server, take_offline_copy
from slip_desktop.jobs.progress import Cancelled
from tests.conftest import TEST_PASSPHRASE


def _sums(report_tables: tuple) -> dict[str, tuple[int, str]]:  # type: ignore[type-arg]
    return {t.table: (t.rows, t.checksum) for t in report_tables}


def test_demo_data_copies_to_the_server_and_back_with_equal_counts_and_checksums(
    demo_store: Store, pg_url: str, tmp_path: Path
) -> None:
    from slip_desktop.db.audit import record_event
    from slip_desktop.domain.audit_actions import AuditAction

    record_event(demo_store, AuditAction.SIGN_IN, "app_user", None, "Nguyễn Thị Ánh signed in")
    to_server = copy_to_server(demo_store, pg_url)
    assert to_server.total_rows > 1000
    assert "every table's row count and checksum match" in to_server.summary()
    counts = {t.table: t.rows for t in to_server.tables}
    assert counts["audit_event"] > 0 and counts["referral"] > 0 and counts["attendance_mark"] > 0

    server = Store.open(pg_url)
    try:
        # New rows on the server carry on after the copied ids (the sequences were reset).
        from slip_desktop.db.models import School

        with server.session() as session:
            school = School(name="Zoë O'Brien-Ćorić Academy")
            session.add(school)
            session.flush()
            assert school.id == counts["school"] + 1
        back = take_offline_copy(server, tmp_path / "laptop.db", TEST_PASSPHRASE)
    finally:
        server.close()
    there, here = _sums(to_server.tables), _sums(back.tables)
    for name in there:
        if name not in ("audit_event", "school"):
            assert here[name] == there[name], name
    assert here["school"][0] == there["school"][0] + 1
    laptop = Store.open(tmp_path / "laptop.db", TEST_PASSPHRASE)
    try:
        assert laptop.encrypted
    finally:
        laptop.close()


def test_copying_into_a_database_that_holds_data_is_refused(demo_store: Store, pg_url: str) -> None:
    copy_to_server(demo_store, pg_url)
    with pytest.raises(StoreOpenError, match="already holds data"):
        copy_to_server(demo_store, pg_url)


def test_a_cancelled_copy_leaves_the_server_empty(demo_store: Store, pg_url: str) -> None:
    cancel = threading.Event()

    def progress(done: int, total: int, text: str = "") -> None:
        if done >= 3:
            cancel.set()

    with pytest.raises(Cancelled):
        copy_to_server(demo_store, pg_url, progress=progress, cancel=cancel)
    server = Store.open(pg_url)
    try:
        report = copy_database(demo_store, server)  # still empty: this copy succeeds
        assert report.total_rows > 0
    finally:
        server.close()


def test_an_offline_copy_never_overwrites_a_file(demo_store: Store, tmp_path: Path) -> None:
    existing = tmp_path / "mine.db"
    existing.write_bytes(b"something precious")
    with pytest.raises(StoreOpenError, match="already exists"):
        take_offline_copy(demo_store, existing, TEST_PASSPHRASE)
    assert existing.read_bytes() == b"something precious"
