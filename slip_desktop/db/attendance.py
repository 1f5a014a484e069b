"""Attendance operations: each centre's daily register, percentages and schools' summaries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import select

from slip_desktop.db.models import AttendanceMark, School
from slip_desktop.db.rosters import PlacementRow, list_placements
from slip_desktop.db.schools import contacts_of
from slip_desktop.db.store import Store
from slip_desktop.domain.attendance import Tally, attends, check_code, code_of, is_absence, tally
from slip_desktop.domain.capacity import Centre
from slip_desktop.domain.enums import Programme, Session
from slip_desktop.domain.schools import Contact, MailPurpose, contact_for
from slip_desktop.domain.typed_input import typed_input

#: Centres that keep a daily register (tier-2 pupils are registered by their school).
REGISTER_CENTRES = (Centre.PLC, Centre.WIGSTON, Centre.AP)


class RegisterLine(NamedTuple):
    """One pupil on a day's register; a session the pupil is not due is None."""

    placement_id: int
    name: str
    school: str
    programme: Programme
    group_name: str
    am: str | None
    pm: str | None


def _due_on(rows: list[PlacementRow], centre: Centre, day: date) -> list[PlacementRow]:
    # The register comes from the programme catalogue (pathway 3 is on the AP's, not
    # Wigston's); a KS3 long-term or pathway 1-2 pupil is on the AP's on their AP days.
    return [
        r
        for r in rows
        if r.register_on(day) == centre
        and r.is_current(day)
        and r.booked_on(day)
        and (attends(r.centre_days, day, Session.AM) or attends(r.centre_days, day, Session.PM))
    ]


def _marks(
    store: Store, ids: list[int], first: date, last: date
) -> dict[tuple[int, date, Session], str]:
    if not ids:
        return {}
    with store.session() as session:
        rows = session.execute(
            select(
                AttendanceMark.placement_id,
                AttendanceMark.day,
                AttendanceMark.session,
                AttendanceMark.code,
            ).where(AttendanceMark.placement_id.in_(ids), AttendanceMark.day.between(first, last))
        )
        return {(pid, day, sess): code for pid, day, sess, code in rows}


def register(store: Store, centre: Centre, day: date) -> list[RegisterLine]:
    """Return the register of ``centre`` on ``day``: every pupil due there, with marks so far."""
    due = _due_on(list_placements(store, day), centre, day)
    marks = _marks(store, [r.id for r in due], day, day)
    lines = []
    for r in sorted(due, key=lambda r: (r.programme, r.group_name, r.last_name, r.first_name)):
        am = (
            marks.get((r.id, day, Session.AM), "")
            if attends(r.centre_days, day, Session.AM)
            else None
        )
        pm = (
            marks.get((r.id, day, Session.PM), "")
            if attends(r.centre_days, day, Session.PM)
            else None
        )
        lines.append(RegisterLine(r.id, r.name, r.school, r.programme, r.group_name, am, pm))
    return lines


def untaken_registers(
    store: Store, day: date, placements: list[PlacementRow] | None = None
) -> list[Centre]:
    """Return the centres whose morning register on ``day`` still has a pupil unmarked.

    ``placements`` is ``list_placements(store, day)`` when the caller already holds it:
    one read of the placements and one of the marks for every centre together.
    """
    rows = list_placements(store, day) if placements is None else placements
    due = {centre: _due_on(rows, centre, day) for centre in REGISTER_CENTRES}
    marks = _marks(store, [r.id for lines in due.values() for r in lines], day, day)
    return [
        centre
        for centre in REGISTER_CENTRES
        if any(
            attends(r.centre_days, day, Session.AM) and not marks.get((r.id, day, Session.AM))
            for r in due[centre]
        )
    ]


@typed_input
def save_register(store: Store, day: date, marks: dict[tuple[int, Session], str]) -> int:
    """Store a day's marks (an empty mark clears one); return how many sessions are marked.

    A mark from before August 2024 that is handed back unchanged stays as it was,
    so a register holding one can still be saved.

    Raises:
        RuleError: a mark is not a register code.
    """
    with store.session() as session:
        existing = {
            (m.placement_id, m.session): m
            for m in session.scalars(
                select(AttendanceMark).where(
                    AttendanceMark.day == day,
                    AttendanceMark.placement_id.in_({pid for pid, _s in marks}),
                )
            )
        }
        checked: dict[tuple[int, Session], str] = {}
        for key, typed in marks.items():
            kept = existing.get(key)
            normal = typed.strip().upper()
            checked[key] = normal if kept is not None and kept.code == normal else ""
            if normal and not checked[key]:
                checked[key] = check_code(typed)
        for (pid, sess), code in checked.items():
            mark = existing.get((pid, sess))
            if not code:
                if mark is not None:
                    session.delete(mark)
            elif mark is None:
                session.add(AttendanceMark(placement_id=pid, day=day, session=sess, code=code))
            elif mark.code != code:
                mark.code = code
    return sum(1 for code in checked.values() if code)


class PupilAttendance(NamedTuple):
    """One placed pupil's attendance over a period."""

    placement_id: int
    name: str
    school_id: int
    school: str
    year_group: int
    programme: Programme
    centre: Centre
    tally: Tally
    #: (day, session) -> code, blank where the register was not taken.
    marks: dict[tuple[date, Session], str]


def _weekdays(first: date, last: date) -> list[date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def attendance(
    store: Store, first: date, last: date, school_id: int | None = None
) -> list[PupilAttendance]:
    """Return each pupil placed at a registering centre in the period, with their sessions."""
    rows = [
        r
        for r in list_placements(store, first)
        if r.centre in REGISTER_CENTRES
        and any(r.is_current(d) for d in _weekdays(first, last))
        and (school_id is None or r.school_id == school_id)
    ]
    marks = _marks(store, [r.id for r in rows], first, last)
    result = []
    for r in sorted(rows, key=lambda r: (r.school, r.last_name, r.first_name)):
        sessions: dict[tuple[date, Session], str] = {}
        for day in _weekdays(first, last):
            if not r.is_current(day) or not r.booked_on(day):
                continue
            for sess in Session:
                if attends(r.centre_days, day, sess):
                    sessions[(day, sess)] = marks.get((r.id, day, sess), "")
        result.append(
            PupilAttendance(
                r.id,
                r.name,
                r.school_id,
                r.school,
                r.year_group,
                r.programme,
                r.centre,
                tally(sessions.values()),
                sessions,
            )
        )
    return result


class SchoolSummary(NamedTuple):
    """What a home school receives: its placed pupils' attendance for a day or a week."""

    school: str
    contact_name: str
    contact_email: str
    first: date
    last: date
    pupils: list[PupilAttendance]


def _digest_contact(contacts: list[Contact]) -> tuple[str, str]:
    """Return the name and e-mail an attendance digest goes to ("" when nobody has the role)."""
    to = contact_for(contacts, MailPurpose.ATTENDANCE)
    return (to.name, to.email) if to else ("", "")


def school_summaries(store: Store, first: date, last: date) -> list[SchoolSummary]:
    """Return one summary per home school with pupils registered in the period."""
    per_school: dict[int, list[PupilAttendance]] = defaultdict(list)
    for line in attendance(store, first, last):
        per_school[line.school_id].append(line)
    with store.session() as session:
        contacts = contacts_of(session, per_school)
        schools = {
            s.id: (s.name, *_digest_contact(contacts.get(s.id, [])))
            for s in session.scalars(select(School).where(School.id.in_(per_school)))
        }
    return [
        SchoolSummary(*schools[sid], first, last, per_school[sid])
        for sid in sorted(per_school, key=lambda sid: schools[sid][0])
    ]


def school_summary(store: Store, school_id: int, first: date, last: date) -> SchoolSummary:
    """Return one school's summary for the period (possibly with no pupils)."""
    with store.session() as session:
        school = session.get(School, school_id)
        contact, email = _digest_contact(contacts_of(session, [school_id]).get(school_id, []))
        name = school.name if school else ""
    return SchoolSummary(
        name, contact, email, first, last, attendance(store, first, last, school_id)
    )


def describe_absences(pupil: PupilAttendance) -> str:
    """Return the absences of a period in words, e.g. ``Tue 24 Nov pm: I (Illness)``."""
    parts = []
    for (day, sess), code in sorted(pupil.marks.items()):
        if is_absence(code):
            parts.append(f"{day:%a %d %b} {sess.value}: {code} ({code_of(code).description})")
    return "; ".join(parts)


def pupil_ids_registered(store: Store, day: date) -> set[int]:
    """Return the placements with at least one mark on ``day`` (registers taken)."""
    with store.session() as session:
        return set(
            session.scalars(select(AttendanceMark.placement_id).where(AttendanceMark.day == day))
        )
