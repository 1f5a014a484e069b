"""The referral list and its school filter, read on the DB-API connection without SQLAlchemy.

This is the first thing the window shows, so it is read before SQLAlchemy loads
(see :class:`slip_desktop.db.store.Store`). The SQL here is the compiled form of
:func:`slip_desktop.db.referrals.referral_list_reads` (a test holds them equal, so the
schema and the models cannot drift apart from it), and the rows equal those of the one
joined :func:`slip_desktop.db.referrals.referral_list_query` (another test). Joined in
SQL, each of 30,000 referrals looked its pupil up through SQLCipher; read apart and
joined here, the list costs about half the CPU time.
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

#: The list's referral columns, newest first: read from the covering index
#: ``ix_referral_list`` alone (migration 0018), never from the wide referral rows.
REFERRAL_LIST_SQL = (
    "SELECT referral.id, referral.pupil_id, referral.case_reference, referral.school_id, "
    "referral.year_group, referral.kind, referral.status, referral.received_on \n"
    "FROM referral ORDER BY referral.received_on DESC, referral.id DESC"
)

#: Every pupil's name and UPN, read once in table order (a lookup per referral cost
#: three times as much).
LIST_PUPILS_SQL = "SELECT pupil.id, pupil.first_name, pupil.last_name, pupil.upn \nFROM pupil"

#: One pupil, for a referral whose pupil was added after the pupils were read.
LIST_PUPIL_SQL = LIST_PUPILS_SQL + " \nWHERE pupil.id = ?"

#: The latest meeting each booked referral is on the agenda of (the "Meeting" column).
LIST_BOOKINGS_SQL = (
    "SELECT agenda_item.referral_id, max(meeting.meets_on) AS meeting_on \n"
    "FROM agenda_item JOIN meeting ON meeting.id = agenda_item.meeting_id "
    "GROUP BY agenda_item.referral_id"
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
        return _read(connection)


#: How many of the newest referrals the list shows first, while the rest are read: more
#: than a tall screen shows at once (a 4K screen at 100%: about 90 rows).
FIRST_PAGE = 200


class ReferralPage(NamedTuple):
    """The newest referrals, as the list shows them first, and how many there are in all."""

    rows: list[ReferralRow]
    total: int


def first_referral_page(store: Store, size: int | None = None) -> ReferralPage:
    """Return the ``size`` referrals the whole list starts with (newest first) and the count.

    A few milliseconds where the whole list takes 0.1-0.2 s at ten years: the window
    shows these at once and reads the rest in the background. Takes the page read ahead
    by :func:`prefetch_first_page` if nothing was committed since. ``size`` defaults to
    :data:`FIRST_PAGE`.
    """
    size = FIRST_PAGE if size is None else size
    with _collector_paused(), store.read_connection() as connection:
        ahead = _prefetched.pop(store, None)
        fresh = ahead is not None and ahead[:2] == (connection, _changes_seen(connection))
        if ahead is not None and fresh and size == FIRST_PAGE:
            return ahead[2]
        return _read_page(connection, size)


def prefetch_first_page(store: Store) -> None:
    """Read the first page ahead, on the thread that opened ``store``, while Qt starts.

    The next :func:`first_referral_page` takes it if nothing was committed since (by any
    connection: SQLite's ``data_version`` and the connection's own ``total_changes``);
    otherwise it reads again.
    """
    try:
        with _collector_paused(), store.read_connection() as connection:
            seen = _changes_seen(connection)
            page = _read_page(connection, FIRST_PAGE)
    except Exception:  # noqa: BLE001 - e.g. a schema not migrated yet: the list reads it later
        return
    _prefetched[store] = (connection, seen, page)


def forget_prefetched_list(store: Store) -> None:
    """Drop a first page read ahead that no tab took (the first tab shown was another)."""
    _prefetched.pop(store, None)


#: First pages read ahead by :func:`prefetch_first_page`: (connection, changes seen, page).
_prefetched: weakref.WeakKeyDictionary[Store, tuple[Any, tuple[int, int], ReferralPage]] = (
    weakref.WeakKeyDictionary()
)


def _changes_seen(connection: Any) -> tuple[int, int]:
    """What changes the data under ``connection``: others' commits, and its own."""
    (version,) = connection.execute("PRAGMA data_version").fetchone()
    return int(version), int(getattr(connection, "total_changes", 0))


def _read(connection: Any, size: int | None = None) -> list[ReferralRow]:
    # Schools, pupils and bookings first, then the referrals, each converted as it arrives
    # (the driver's 30,000 tuples never all exist at once). Each read sees the latest commit
    # when it starts: a pupil or school added between the reads is looked up on its own;
    # a booking made meanwhile shows at the next refresh, which its commit announces.
    # With ``size``, only the first ``size`` referrals and their pupils and bookings.
    referrals, pupils_sql, bookings = REFERRAL_LIST_SQL, LIST_PUPILS_SQL, LIST_BOOKINGS_SQL
    if size is not None:
        referrals = f"{REFERRAL_LIST_SQL} LIMIT {int(size)}"
        page = f"({referrals}) AS page"
        pupils_sql += f" \nWHERE pupil.id IN (SELECT page.pupil_id FROM {page})"
        bookings = bookings.replace(
            " GROUP BY", f" WHERE agenda_item.referral_id IN (SELECT page.id FROM {page}) GROUP BY"
        )
    cursor = connection.cursor()
    try:
        schools = {r[0]: (r[1], r[2] or r[1]) for r in cursor.execute(SCHOOL_CHOICES_SQL)}
        pupils = {r[0]: _pupil(r) for r in cursor.execute(pupils_sql)}
        booked = dict(cursor.execute(bookings).fetchall())
        late = _LateReader(connection, schools, pupils)
        return _rows(cursor.execute(referrals), schools, pupils, booked, late)
    finally:
        cursor.close()


def _read_page(connection: Any, size: int) -> ReferralPage:
    rows = _read(connection, size)
    cursor = connection.cursor()
    try:
        (total,) = cursor.execute("SELECT count(*) FROM referral").fetchone()
    finally:
        cursor.close()
    # A referral added between the two reads is in the count: the whole list shows it.
    return ReferralPage(rows, max(int(total), len(rows)))


#: A pupil as the list shows one: first name, last name, UPN, "Last, First" and the id.
_Pupil = tuple[str | None, str | None, str | None, str, int | None]


def _pupil(row: tuple[Any, ...]) -> _Pupil:
    """The :data:`_Pupil` of a pupil row (id, first, last, upn).

    The id goes with it so that a pupil's referrals share one int (12,000 pupils, 30,000
    referrals: 0.5 MiB of ints the driver made per row).
    """
    return row[1], row[2], row[3], f"{row[2]}, {row[1]}", row[0]


class _LateReader:
    """Reads a pupil or school committed after the list read them all (rare)."""

    def __init__(
        self,
        connection: Any,
        schools: dict[int, tuple[str, str]],
        pupils: dict[int, _Pupil],
    ) -> None:
        self._connection = connection
        self._schools = schools
        self._pupils = pupils

    def _one(self, sql: str, key: int) -> tuple[Any, ...] | None:
        # psycopg takes %s where SQLite takes ?
        if type(self._connection).__module__.startswith("psycopg"):
            sql = sql.replace("?", "%s")
        cursor = self._connection.cursor()
        try:
            row: tuple[Any, ...] | None = cursor.execute(sql, (key,)).fetchone()
        finally:
            cursor.close()
        return row

    def pupil(self, pupil_id: int) -> _Pupil | None:
        row = self._one(LIST_PUPIL_SQL, pupil_id)
        if row is None:
            return None
        found = self._pupils[pupil_id] = _pupil(row)
        return found

    def school(self, school_id: int) -> tuple[str, str] | None:
        row = self._one(SCHOOL_CHOICES_SQL + " WHERE school.id = ?", school_id)
        if row is None:
            return None
        found = self._schools[school_id] = (row[1], row[2] or row[1])
        return found


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


def _rows(
    rows: Iterable[tuple[Any, ...]],
    schools: dict[int, tuple[str, str]],
    pupils: dict[int, _Pupil],
    booked: dict[int, Any],
    late: _LateReader,
) -> list[ReferralRow]:
    """Rows of REFERRAL_LIST_SQL as the list's rows, joined to their schools, pupils, bookings."""
    kinds = {k.value: k for k in ReferralKind}
    statuses = {s.value: s for s in ReferralStatus}
    # A school has thousands of referrals: the driver makes new strings and dates for every
    # row, so rows share the first ones made.
    days: dict[Any, date] = {}
    #: Each received date's academic year, one int per date: worked out per row, the
    #: 30,000 new ints held 0.9 MiB at the list's first paint (measured).
    years: dict[date, int] = {}
    day = _date_reader(rows)
    make = tuple.__new__  # skips the NamedTuple's Python-level __new__: 30,000 times
    result: list[ReferralRow] = []
    append = result.append
    for referral_id, pupil_id, case_reference, school_id, year, kind, status, received in rows:
        school = schools.get(school_id) or late.school(school_id)
        if school is None:  # gone since (the joined query's inner join would drop it too)
            continue
        found = None if pupil_id is None else pupils.get(pupil_id) or late.pupil(pupil_id)
        # no pupil (an anonymous case, or a pupil row gone): shown as the joined query did
        pupil = found or (None, None, None, f"{case_reference} (anonymous)", pupil_id)
        received_on = days.get(received)
        if received_on is None:
            received_on = days[received] = day(received)
        academic_year = years.get(received_on)
        if academic_year is None:
            on = received_on
            academic_year = years[on] = on.year if on.month >= 9 else on.year - 1
        meeting_on = booked.get(referral_id)
        if meeting_on is not None:
            meeting_text = meeting_on
            meeting_on = days.get(meeting_text)
            if meeting_on is None:
                meeting_on = days[meeting_text] = day(meeting_text)
        append(
            make(
                ReferralRow,
                (
                    referral_id,
                    pupil[4],
                    case_reference,
                    pupil[0],
                    pupil[1],
                    pupil[2],
                    school[0],
                    year,
                    kinds[kind],
                    statuses[status],
                    received_on,
                    meeting_on,
                    school_id,
                    academic_year,
                    pupil[3],
                    school[1],
                ),
            )
        )
    return result
