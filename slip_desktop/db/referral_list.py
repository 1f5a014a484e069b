"""The referral list and its school filter, read on the DB-API connection without SQLAlchemy.

This is the first thing the window shows, so it is read before SQLAlchemy loads
(see :class:`slip_desktop.db.store.Store`). ``REFERRAL_LIST_SQL`` is the compiled
form of :func:`slip_desktop.db.referrals.referral_list_query`; a test holds the two
equal, so the schema and the models cannot drift apart from it.
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from slip_desktop.domain.enums import ReferralKind, ReferralStatus

if TYPE_CHECKING:
    from slip_desktop.db.store import Store

REFERRAL_LIST_SQL = (
    "SELECT referral.id, referral.pupil_id, referral.case_reference, pupil.first_name, "
    "pupil.last_name, pupil.upn, school.name, referral.year_group, referral.kind, "
    "referral.status, referral.received_on, anon_1.meeting_on, referral.school_id, "
    "school.short_name \n"
    "FROM referral JOIN school ON school.id = referral.school_id "
    "LEFT OUTER JOIN pupil ON pupil.id = referral.pupil_id "
    "LEFT OUTER JOIN (SELECT agenda_item.referral_id AS referral_id, "
    "max(meeting.meets_on) AS meeting_on \n"
    "FROM agenda_item JOIN meeting ON meeting.id = agenda_item.meeting_id "
    "GROUP BY agenda_item.referral_id) AS anon_1 ON anon_1.referral_id = referral.id "
    "ORDER BY referral.received_on DESC, referral.id DESC"
)

SCHOOL_CHOICES_SQL = "SELECT school.id, school.name, school.short_name FROM school"


class ReferralRow(NamedTuple):
    """One line of the referral list."""

    id: int
    pupil_id: int | None
    case_reference: str | None
    first_name: str | None
    last_name: str | None
    upn: str | None
    school: str
    year_group: int
    kind: ReferralKind
    status: ReferralStatus
    received_on: date
    meeting_on: date | None
    school_id: int = 0
    academic_year: int = 0
    #: "Last, First" or the case reference: what the list shows and sorts on.
    name: str = ""
    #: The school's short name, for a narrow column.
    school_short: str = ""


class SchoolChoice(NamedTuple):
    """A school as a form offers it."""

    id: int
    name: str
    short_name: str


def list_referrals(store: Store) -> list[ReferralRow]:
    """Return every referral with its pupil, school and the meeting it is booked for.

    The list is the program's largest read (30,000 rows over ten years): it runs
    the compiled query on the driver and converts dates and enums itself, which
    measured about twice as fast as SQLAlchemy's result processing
    (bench/run.py holds it to 1.5x raw sqlite3).
    """
    # Tens of thousands of new tuples set the cyclic collector off again and again (they
    # hold no cycles): pausing it measured a third off the list's time.
    with _collector_paused(), store.read_connection() as connection:
        ahead = _prefetched.pop(store, None)
        if ahead is not None and ahead[:2] == (connection, _changes_seen(connection)):
            return ahead[2]
        return _read(connection)


def prefetch_referral_list(store: Store) -> None:
    """Read the list ahead, on the thread that opened ``store``, while Qt starts.

    The query (1-2 s at ten years on a busy 2-core PC) releases the GIL, so it runs on the
    second core while the window is built and painted. The next :func:`list_referrals`
    takes the rows if nothing was committed since (by any connection: SQLite's
    ``data_version`` and the connection's own ``total_changes``); otherwise it reads again.
    """
    try:
        with _collector_paused(), store.read_connection() as connection:
            seen = _changes_seen(connection)
            rows = _read(connection)
    except Exception:  # noqa: BLE001 - e.g. a schema not migrated yet: the list reads it later
        return
    _prefetched[store] = (connection, seen, rows)


def forget_prefetched_list(store: Store) -> None:
    """Drop a list read ahead that no tab took (the first tab shown was another)."""
    _prefetched.pop(store, None)


#: Lists read ahead by :func:`prefetch_referral_list`: (connection, changes seen, rows).
_prefetched: weakref.WeakKeyDictionary[Store, tuple[Any, tuple[int, int], list[ReferralRow]]] = (
    weakref.WeakKeyDictionary()
)


def _changes_seen(connection: Any) -> tuple[int, int]:
    """What changes the data under ``connection``: others' commits, and its own."""
    (version,) = connection.execute("PRAGMA data_version").fetchone()
    return int(version), int(getattr(connection, "total_changes", 0))


def _read(connection: Any) -> list[ReferralRow]:
    cursor = connection.cursor()
    try:
        # Rows are converted as they arrive, so the driver's tuples never all exist at once.
        return _rows(cursor.execute(REFERRAL_LIST_SQL))
    finally:
        cursor.close()


def school_choices(store: Store) -> list[SchoolChoice]:
    """Return every school on record (active or not) by name: the list's school filter."""
    with store.read_connection() as connection:
        rows = connection.execute(SCHOOL_CHOICES_SQL).fetchall()
    return sorted((SchoolChoice(*r) for r in rows), key=lambda s: (s.name, s.id))


@contextmanager
def _collector_paused() -> Iterator[None]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _date_reader(rows: Iterable[tuple[Any, ...]]) -> Any:
    """SQLite hands back dates as ISO text; psycopg (PostgreSQL) as dates already."""
    if type(rows).__module__.startswith("psycopg"):
        return _same
    return date.fromisoformat


def _same(value: date) -> date:
    return value


def _rows(rows: Iterable[tuple[Any, ...]]) -> list[ReferralRow]:
    kinds = {k.value: k for k in ReferralKind}
    statuses = {s.value: s for s in ReferralStatus}
    # A pupil has two or three referrals in ten years and a school thousands: the driver
    # makes new strings and dates for every row, so rows share the first ones made.
    schools: dict[int, tuple[str, str]] = {}
    pupils: dict[int, tuple[str, str, str | None, str]] = {}
    days: dict[str, date] = {}
    day = _date_reader(rows)
    make = tuple.__new__  # skips the NamedTuple's Python-level __new__: 30,000 times
    result: list[ReferralRow] = []
    append = result.append
    for row in rows:
        school = schools.get(row[12])
        if school is None:
            school = schools[row[12]] = (row[6], row[13] or row[6])
        pupil_id = row[1]
        pupil = pupils.get(pupil_id)
        if pupil is None:
            first, last = row[3], row[4]
            name = (
                f"{last}, {first}"
                if first is not None and last is not None
                else f"{row[2]} (anonymous)"
            )
            pupil = (first, last, row[5], name)
            if pupil_id is not None:
                pupils[pupil_id] = pupil
        received_on = days.get(row[10])
        if received_on is None:
            received_on = days[row[10]] = day(row[10])
        meeting_on = row[11]
        if meeting_on is not None:
            meeting_text = meeting_on
            meeting_on = days.get(meeting_text)
            if meeting_on is None:
                meeting_on = days[meeting_text] = day(meeting_text)
        append(
            make(
                ReferralRow,
                (
                    row[0],
                    pupil_id,
                    row[2],
                    pupil[0],
                    pupil[1],
                    pupil[2],
                    school[0],
                    row[7],
                    kinds[row[8]],
                    statuses[row[9]],
                    received_on,
                    meeting_on,
                    row[12],
                    received_on.year if received_on.month >= 9 else received_on.year - 1,
                    pupil[3],
                    school[1],
                ),
            )
        )
    return result
