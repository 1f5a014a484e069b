"""The referral list's reads: plain queries joined in Python, equal to the one joined query."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.dialects import sqlite

from slip_desktop.db import referral_list
from slip_desktop.db.referral_list import (
    LIST_BOOKINGS_SQL,
    LIST_PUPILS_SQL,
    REFERRAL_LIST_SQL,
    ReferralRow,
    first_referral_page,
    list_referrals,
)
from slip_desktop.db.referrals import referral_list_query, referral_list_reads
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import ReferralKind, ReferralStatus


def _joined_rows(store: Store) -> list[tuple[object, ...]]:
    """The rows of the one joined query, read through SQLAlchemy (its own types)."""
    with store.session() as session:
        return [tuple(row) for row in session.execute(referral_list_query())]


def _as_joined(row: ReferralRow) -> tuple[object, ...]:
    return (
        row.id, row.pupil_id, row.case_reference, row.first_name, row.last_name, row.upn,
        row.school, row.year_group, row.kind, row.status, row.received_on, row.meeting_on,
        row.school_id, row.school_short if row.school_short != row.school else None,
    )


def _short_or_none(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    # The list shows the name where a school has no short name; the query hands back None.
    return [(*r[:13], r[13] if r[13] not in (None, "", r[6]) else None) for r in rows]


def test_the_list_sql_is_the_compiled_referral_list_reads() -> None:
    compiled = [str(q.compile(dialect=sqlite.dialect())) for q in referral_list_reads()]
    ours = [REFERRAL_LIST_SQL, LIST_PUPILS_SQL, LIST_BOOKINGS_SQL]
    assert [re.sub(r"\s+", " ", s) for s in ours] == [re.sub(r"\s+", " ", s) for s in compiled]


def test_the_list_joined_in_python_equals_the_joined_query(demo_store: Store) -> None:
    listed = list_referrals(demo_store)
    joined = _joined_rows(demo_store)

    assert len(listed) == len(joined) > 0
    assert [_as_joined(r) for r in listed] == _short_or_none(joined)
    # what the comparison covers: anonymous cases, booked referrals, every pupil named
    assert any(r.pupil_id is None and r.name.endswith("(anonymous)") for r in listed)
    assert any(r.meeting_on is not None for r in listed)
    assert all(r.name == f"{r.last_name}, {r.first_name}" for r in listed if r.pupil_id)
    assert all(isinstance(r.kind, ReferralKind) for r in listed)
    assert all(isinstance(r.status, ReferralStatus) for r in listed)


def test_a_pupil_added_after_the_pupils_were_read_is_still_named(
    demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = list_referrals(demo_store)
    # As if every pupil were committed between the pupils' read and the referrals' read.
    monkeypatch.setattr(referral_list, "LIST_PUPILS_SQL", LIST_PUPILS_SQL + " WHERE 1 = 0")

    assert list_referrals(demo_store) == expected


def test_the_first_page_is_the_start_of_the_whole_list(demo_store: Store) -> None:
    """The window shows it first: the whole list, when it comes, only adds rows below it."""
    listed = list_referrals(demo_store)
    assert len(listed) > 12
    for size in (1, 7, 12, len(listed), len(listed) + 5):
        page = first_referral_page(demo_store, size)
        assert page.rows == listed[:size]
        assert page.total == len(listed)
    page = first_referral_page(demo_store, len(listed))
    # what the comparison covers: anonymous cases, booked referrals, named pupils
    assert any(r.pupil_id is None for r in page.rows)
    assert any(r.meeting_on is not None for r in page.rows)
    assert any(r.first_name for r in page.rows)


@pytest.mark.sqlite_only
def test_the_first_page_reads_the_covering_index_and_only_its_pupils(demo_store: Store) -> None:
    """A few ms at ten years: no pass over every pupil or booking (30,000 referrals: 0.1 s)."""
    from slip_desktop.db.referral_list import _read

    seen: list[str] = []
    with demo_store.read_connection() as connection:
        connection.set_trace_callback(seen.append)
        try:
            _read(connection, 7)
        finally:
            connection.set_trace_callback(None)
        plans = [
            " / ".join(str(r[-1]) for r in connection.execute("EXPLAIN QUERY PLAN " + sql))
            for sql in seen
        ]
    pupils, bookings = plans[1], plans[2]
    assert "SEARCH pupil USING INTEGER PRIMARY KEY" in pupils and "SCAN pupil" not in pupils
    assert "LIMIT" in seen[-1] and "ix_referral_list" in plans[-1]
    assert "SCAN agenda_item" not in bookings


@pytest.mark.sqlite_only
def test_the_referral_list_reads_only_its_covering_index(demo_store: Store) -> None:
    with demo_store.read_connection() as connection:
        plan = [str(r[-1]) for r in connection.execute("EXPLAIN QUERY PLAN " + REFERRAL_LIST_SQL)]

    # one scan, of the index alone, already in the list's order (no sort step)
    assert plan == ["SCAN referral USING COVERING INDEX ix_referral_list"]


def test_rows_share_what_repeats_so_ten_years_fit_in_less_memory(demo_store: Store) -> None:
    """A pupil's referrals share one id, a date's referrals one academic year (0.5 + 0.9 MiB)."""
    listed = list_referrals(demo_store)
    by_pupil: dict[int, list[ReferralRow]] = {}
    by_year: dict[int, list[ReferralRow]] = {}
    for row in listed:
        if row.pupil_id is not None:
            by_pupil.setdefault(row.pupil_id, []).append(row)
        by_year.setdefault(row.academic_year, []).append(row)
    repeated = [rows for rows in by_pupil.values() if len(rows) > 1]
    assert repeated, "no pupil with two referrals: the check would prove nothing"
    for rows in repeated:
        assert all(r.pupil_id is rows[0].pupil_id for r in rows)
    for rows in by_year.values():
        same_day = [r for r in rows if r.received_on == rows[0].received_on]
        assert all(r.academic_year is same_day[0].academic_year for r in same_day)
    for r in listed:
        on = r.received_on
        assert r.academic_year == (on.year if on.month >= 9 else on.year - 1)
