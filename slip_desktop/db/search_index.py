"""The entries of the global search: pupils, referrals, schools and meetings in four reads."""

from __future__ import annotations

from sqlalchemy import func, select

from slip_desktop.db.models import Meeting, Pupil, Referral, School
from slip_desktop.db.store import Store
from slip_desktop.domain.global_search import Kind, SearchEntry, prepared


def search_entries(store: Store) -> list[SearchEntry]:
    """Return every searchable thing, newest referrals and meetings first (one session).

    Run off the GUI thread: on ten years of records it reads some 45,000 rows.
    """
    entries: list[SearchEntry] = []
    with store.session() as session:
        schools = {
            row.id: (row.name, row.short_name or row.name)
            for row in session.execute(select(School.id, School.name, School.short_name))
        }
        newest: dict[int, int] = {
            pupil_id: referral_id
            for pupil_id, referral_id in session.execute(
                select(Referral.pupil_id, func.max(Referral.id))
                .where(Referral.pupil_id.is_not(None))
                .group_by(Referral.pupil_id)
            )
            if pupil_id is not None
        }
        pupils = session.execute(
            select(
                Pupil.id,
                Pupil.first_name,
                Pupil.last_name,
                Pupil.upn,
                Pupil.school_id,
                Pupil.year_group,
            ).order_by(Pupil.last_name, Pupil.first_name)
        ).all()
        names = {p.id: f"{p.first_name} {p.last_name}" for p in pupils}
        for p in pupils:
            school = schools.get(p.school_id, ("", ""))[1]
            name = names[p.id]
            entries.append(
                SearchEntry(
                    Kind.PUPIL,
                    newest.get(p.id, 0),
                    name,
                    f"Year {p.year_group} · {school}" + (f" · UPN {p.upn}" if p.upn else ""),
                    prepared(name, p.upn, school),
                )
            )
        referrals = session.execute(
            select(
                Referral.id,
                Referral.pupil_id,
                Referral.case_reference,
                Referral.school_id,
                Referral.received_on,
                Referral.status,
            ).order_by(Referral.received_on.desc(), Referral.id.desc())
        ).all()
        for r in referrals:
            school = schools.get(r.school_id, ("", ""))[1]
            who = names.get(r.pupil_id, "") if r.pupil_id else ""
            title = who or (r.case_reference or f"Referral {r.id}")
            entries.append(
                SearchEntry(
                    Kind.REFERRAL,
                    r.id,
                    title,
                    f"{r.case_reference or ''} · {school} · received {r.received_on:%d/%m/%Y} "
                    f"· {r.status.label}",
                    prepared(who, r.case_reference, school),
                )
            )
        for school_id, (name, short) in sorted(schools.items(), key=lambda s: s[1][0]):
            entries.append(SearchEntry(Kind.SCHOOL, school_id, name, short, prepared(name, short)))
        meetings = session.execute(
            select(Meeting.id, Meeting.kind, Meeting.meets_on).order_by(Meeting.meets_on.desc())
        ).all()
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
