"""The entries of the global search: pupils, referrals, schools and meetings in four reads.

Also the entries of a few changed rows, or of the meetings alone, read again after a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from slip_desktop.db.models import Meeting, Pupil, Referral, School
from slip_desktop.db.store import Store
from slip_desktop.domain.global_search import Kind, SearchEntry, prepared


def search_entries(store: Store) -> list[SearchEntry]:
    """Return every searchable thing, newest referrals and meetings first (one session).

    Run off the GUI thread: on ten years of records it reads some 45,000 rows.
    """
    return all_entries(store).entries


class AllEntries(NamedTuple):
    """Every entry, and each pupil's entry by the pupil's id (to put a changed one in place)."""

    entries: list[SearchEntry]
    pupils: dict[int, SearchEntry]


def all_entries(store: Store) -> AllEntries:
    """Return :func:`search_entries` with each pupil's entry by their id."""
    entries: list[SearchEntry] = []
    with store.session() as session:
        schools = _schools(session)
        newest = _newest_referrals(session)
        pupils = session.execute(_PUPILS.order_by(Pupil.last_name, Pupil.first_name)).all()
        names = {p.id: f"{p.first_name} {p.last_name}" for p in pupils}
        by_pupil = {p.id: _pupil_entry(p, schools, newest) for p in pupils}
        entries.extend(by_pupil.values())
        referrals = session.execute(
            _REFERRALS.order_by(Referral.received_on.desc(), Referral.id.desc())
        ).all()
        entries.extend(_referral_entry(r, schools, names) for r in referrals)
        for school_id, (name, short) in sorted(schools.items(), key=lambda s: s[1][0]):
            entries.append(SearchEntry(Kind.SCHOOL, school_id, name, short, prepared(name, short)))
        entries.extend(_meeting_entries(session))
    return AllEntries(entries, by_pupil)


def meeting_entries(store: Store) -> list[SearchEntry]:
    """Return the meetings' entries alone, newest first (after a change to meetings only)."""
    with store.session() as session:
        return _meeting_entries(session)


class ChangedEntries(NamedTuple):
    """The entries of some referrals and pupils read again, and which of them are gone."""

    referrals: list[SearchEntry]
    pupils: dict[int, SearchEntry]
    gone_referrals: frozenset[int]
    gone_pupils: frozenset[int]


def entries_of(
    store: Store, referral_ids: Iterable[int], pupil_ids: Iterable[int]
) -> ChangedEntries:
    """Read again the entries of ``referral_ids`` and ``pupil_ids`` and of each other's rows.

    A referral's pupil is read with it (a pupil's entry opens their newest referral),
    and a pupil's referrals with them (a referral's title is its pupil's name).
    """
    wanted_referrals, wanted_pupils = set(referral_ids), set(pupil_ids)
    with store.session() as session:
        schools = _schools(session)
        referrals = (
            list(session.execute(_REFERRALS.where(Referral.id.in_(wanted_referrals))).all())
            if wanted_referrals
            else []
        )
        pupil_ids_all = wanted_pupils | {r.pupil_id for r in referrals if r.pupil_id is not None}
        if wanted_pupils:
            referrals += session.execute(
                _REFERRALS.where(
                    Referral.pupil_id.in_(wanted_pupils), Referral.id.not_in(wanted_referrals)
                )
            ).all()
        pupils = (
            session.execute(_PUPILS.where(Pupil.id.in_(pupil_ids_all))).all()
            if pupil_ids_all
            else []
        )
        newest = _newest_referrals(session, pupil_ids_all)
    names = {p.id: f"{p.first_name} {p.last_name}" for p in pupils}
    referrals.sort(key=lambda r: (r.received_on, r.id), reverse=True)
    return ChangedEntries(
        [_referral_entry(r, schools, names) for r in referrals],
        {p.id: _pupil_entry(p, schools, newest) for p in pupils},
        frozenset(wanted_referrals - {r.id for r in referrals}),
        frozenset(wanted_pupils - {p.id for p in pupils}),
    )


_PUPILS = select(
    Pupil.id, Pupil.first_name, Pupil.last_name, Pupil.upn, Pupil.school_id, Pupil.year_group
)
_REFERRALS = select(
    Referral.id,
    Referral.pupil_id,
    Referral.case_reference,
    Referral.school_id,
    Referral.received_on,
    Referral.status,
)


def _schools(session: Session) -> dict[int, tuple[str, str]]:
    return {
        row.id: (row.name, row.short_name or row.name)
        for row in session.execute(select(School.id, School.name, School.short_name))
    }


def _newest_referrals(session: Session, pupil_ids: set[int] | None = None) -> dict[int, int]:
    query = select(Referral.pupil_id, func.max(Referral.id)).where(Referral.pupil_id.is_not(None))
    if pupil_ids is not None:
        query = query.where(Referral.pupil_id.in_(pupil_ids))
    return {
        pupil_id: referral_id
        for pupil_id, referral_id in session.execute(query.group_by(Referral.pupil_id))
        if pupil_id is not None
    }


def _pupil_entry(
    p: Row[Any], schools: dict[int, tuple[str, str]], newest: dict[int, int]
) -> SearchEntry:
    school = schools.get(p.school_id, ("", ""))[1]
    name = f"{p.first_name} {p.last_name}"
    return SearchEntry(
        Kind.PUPIL,
        newest.get(p.id, 0),
        name,
        f"Year {p.year_group} · {school}" + (f" · UPN {p.upn}" if p.upn else ""),
        prepared(name, p.upn, school),
    )


def _referral_entry(
    r: Row[Any], schools: dict[int, tuple[str, str]], names: dict[int, str]
) -> SearchEntry:
    school = schools.get(r.school_id, ("", ""))[1]
    who = names.get(r.pupil_id, "") if r.pupil_id else ""
    title = who or (r.case_reference or f"Referral {r.id}")
    return SearchEntry(
        Kind.REFERRAL,
        r.id,
        title,
        f"{r.case_reference or ''} · {school} · received {r.received_on:%d/%m/%Y} "
        f"· {r.status.label}",
        prepared(who, r.case_reference, school),
    )


def _meeting_entries(session: Session) -> list[SearchEntry]:
    meetings = session.execute(
        select(Meeting.id, Meeting.kind, Meeting.meets_on).order_by(Meeting.meets_on.desc())
    ).all()
    entries = []
    for m in meetings:
        kind = m.kind.label
        entries.append(
            SearchEntry(
                Kind.MEETING,
                m.id,
                f"{kind} {m.meets_on:%d %b %Y}",
                f"{m.meets_on:%A}",
                prepared(kind, f"{m.meets_on:%d %b %Y}", f"{m.meets_on:%d/%m/%Y}"),
            )
        )
    return entries
