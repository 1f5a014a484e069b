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


@pytest.mark.sqlite_only
def test_the_referral_list_reads_only_its_covering_index(demo_store: Store) -> None:
    with demo_store.read_connection() as connection:
        plan = [str(r[-1]) for r in connection.execute("EXPLAIN QUERY PLAN " + REFERRAL_LIST_SQL)]

    # one scan, of the index alone, already in the list's order (no sort step)
    assert plan == ["SCAN referral USING COVERING INDEX ix_referral_list"]
