"""Nothing personal in the log: every kind of database error, and a busy or full database."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from slip_desktop.db.integrity import quick_check
from slip_desktop.db.models import Pupil, School
from slip_desktop.db.opening import open_checked_store
from slip_desktop.db.store import (
    BUSY_TIMEOUT_MS,
    DatabaseBusy,
    DiskFull,
    Store,
    WrongPassphrase,
)
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import damage_a_page

#: Invented pupils; none of these may reach the log.
PEOPLE = (
    ("Σοφία", "Παπαδοπούλου", "A123456789012", date(2013, 3, 14)),
    ("Олег", "Петренко", "B123456789013", date(2012, 11, 2)),
    ("Zoë", "O'Brien-Ćorić", "C123456789014", date(2014, 6, 30)),
)
SEEDED = [text for first, last, upn, born in PEOPLE for text in (first, last, upn, str(born))]


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "slip-desktop.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    previous = root.level
    root.setLevel(logging.DEBUG)
    yield path
    root.removeHandler(handler)
    root.setLevel(previous)
    handler.close()


def _school(store: Store) -> int:
    with store.session() as session:
        school = School(name="Harbour Vale Academy", short_name="HVA")
        session.add(school)
        session.flush()
        return school.id


def _pupil(school_id: int, index: int, **changes: object) -> Pupil:
    first, last, upn, born = PEOPLE[index]
    values: dict[str, object] = {
        "first_name": first,
        "last_name": last,
        "upn": upn,
        "date_of_birth": born,
        "year_group": 8,
        "school_id": school_id,
    }
    values.update(changes)
    return Pupil(**values)


def _logged_failure(action: object) -> BaseException:
    """Run ``action``; log what it raised the way the window logs a bug."""
    try:
        action()  # type: ignore[operator]
    except Exception as error:  # noqa: BLE001 - every kind is wanted here
        logging.getLogger("slip_desktop").exception("The action failed")
        return error
    raise AssertionError("the action was meant to fail")


# SQLite's own errors (a locked file, a full disk, a damaged page).
@pytest.mark.sqlite_only
def test_every_kind_of_database_error_leaves_no_name_upn_or_birth_date_in_the_log(
    store: Store, log_file: Path, tmp_path: Path
) -> None:
    school = _school(store)

    def add(*pupils: Pupil) -> None:
        with store.session() as session:
            session.add_all(pupils)

    add(_pupil(school, 0))
    kinds = [
        # A unique constraint (the same UPN twice).
        _logged_failure(lambda: add(_pupil(school, 1, upn=PEOPLE[0][2]))),
        # A check constraint (year group 99).
        _logged_failure(lambda: add(_pupil(school, 1, year_group=99))),
        # A foreign key (no such school).
        _logged_failure(lambda: add(_pupil(99_999, 2))),
        # A NOT NULL constraint.
        _logged_failure(lambda: add(_pupil(school, 2, date_of_birth=None))),
    ]
    # The lock timeout: another connection holds the write lock.
    holder = store.new_connection()
    holder.execute("BEGIN IMMEDIATE")
    try:
        kinds.append(_logged_failure(lambda: add(_pupil(school, 1))))
    finally:
        holder.rollback()
        holder.close()
    # A full disk (SQLite's own "database or disk is full").
    kinds.append(_logged_failure(lambda: _fill(store, school)))
    # A wrong passphrase.
    assert store.path is not None
    kinds.append(_logged_failure(lambda: Store.open(store.path, "not the passphrase")))
    # A damaged page found by the integrity check.
    store.close()
    damage_a_page(store.path)
    damaged = open_checked_store(store.path, TEST_PASSPHRASE)
    assert damaged.read_only and quick_check(damaged)
    damaged.close()
    assert [type(k) for k in kinds][4:] == [DatabaseBusy, DiskFull, WrongPassphrase]
    logged = log_file.read_text(encoding="utf-8")
    assert "constraint failed" in logged and "failed quick_check" in logged
    leaks = [seeded for seeded in SEEDED if seeded in logged]
    assert leaks == []


def _fill(store: Store, school: int) -> None:
    with store.session() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar_one()
        session.execute(text(f"PRAGMA max_page_count = {int(pages)}"))
        session.add_all(_pupil(school, 1, upn=None, notes="x" * 4000 + str(n)) for n in range(50))


# SQLite's own errors (a locked file, a full disk, a damaged page).
@pytest.mark.sqlite_only
def test_a_busy_database_refuses_a_save_quickly_with_a_clear_message(store: Store) -> None:
    school = _school(store)
    holder = store.new_connection()
    holder.execute("BEGIN IMMEDIATE")  # a second connection holding the write lock
    started = time.perf_counter()
    try:
        with (
            pytest.raises(DatabaseBusy, match="database is busy.*try again"),
            store.session() as session,
        ):
            session.add(_pupil(school, 0))
    finally:
        holder.rollback()
        holder.close()
    assert time.perf_counter() - started < BUSY_TIMEOUT_MS / 1000 + 1.5
    with store.session() as session:  # once the lock is gone the same save works
        session.add(_pupil(school, 0))


# SQLite's own errors (a locked file, a full disk, a damaged page).
@pytest.mark.sqlite_only
def test_a_full_disk_says_so_and_keeps_what_was_saved(store: Store) -> None:
    school = _school(store)
    with pytest.raises(DiskFull, match="disk is full"):
        _fill(store, school)
    with store.read_connection() as connection:
        assert connection.execute("SELECT count(*) FROM school").fetchone()[0] == 1
