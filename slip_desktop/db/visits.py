"""School visit operations: visits by each school's named link, and pupils not yet visited."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import select

from slip_desktop.db.models import Placement, Pupil, School, SchoolVisit
from slip_desktop.db.rosters import PlacementRow, list_placements, term_of
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import Centre
from slip_desktop.domain.errors import NotFoundError, ValidationError
from slip_desktop.domain.typed_input import typed_input
from slip_desktop.domain.validation import SHORT_TEXT_MAX


class VisitRow(NamedTuple):
    """A recorded visit."""

    id: int
    placement_id: int
    name: str
    school: str
    visited_on: date
    visitor_name: str
    notes: str


def list_visits(store: Store) -> list[VisitRow]:
    """Return every school visit, latest first."""
    query = (
        select(
            SchoolVisit.id,
            SchoolVisit.placement_id,
            Pupil.first_name,
            Pupil.last_name,
            School.name,
            SchoolVisit.visited_on,
            SchoolVisit.visitor_name,
            SchoolVisit.notes,
        )
        .join(Placement, Placement.id == SchoolVisit.placement_id)
        .join(Pupil, Pupil.id == Placement.pupil_id)
        .join(School, School.id == Placement.school_id)
        .order_by(SchoolVisit.visited_on.desc())
    )
    with store.session() as session:
        return [
            VisitRow(vid, pid, f"{first} {last}", *rest)
            for vid, pid, first, last, *rest in session.execute(query)
        ]


def school_link(store: Store, placement_id: int) -> str:
    """Return the named link of the placed pupil's home school."""
    with store.session() as session:
        link = session.scalar(
            select(School.link_name)
            .join(Placement, Placement.school_id == School.id)
            .where(Placement.id == placement_id)
        )
    return link or ""


@typed_input
def record_visit(
    store: Store, placement_id: int, visited_on: date, visitor_name: str, notes: str, today: date
) -> int:
    """Record a visit to a placed pupil by their school; return its id."""
    errors = {}
    if visited_on > today:
        errors["visited_on"] = "A visit cannot be recorded before it happens."
    if not visitor_name.strip():
        errors["visitor_name"] = "Name the school's link who visited."
    elif len(visitor_name.strip()) > SHORT_TEXT_MAX:
        # The column holds 120 characters; a longer name was stored past its end.
        errors["visitor_name"] = f"Keep the name to {SHORT_TEXT_MAX} characters."
    if errors:
        raise ValidationError(errors)
    with store.session() as session:
        if session.get(Placement, placement_id) is None:
            raise NotFoundError("That placement no longer exists.")
        visit = SchoolVisit(
            placement_id=placement_id,
            visited_on=visited_on,
            visitor_name=visitor_name.strip(),
            notes=notes.strip(),
        )
        session.add(visit)
        session.flush()
        return visit.id


class VisitFlag(NamedTuple):
    """A placed pupil and whether their school has visited this term."""

    placement: PlacementRow
    last_visit: date | None
    visited_this_term: bool


def visit_flags(store: Store, today: date) -> list[VisitFlag]:
    """Return each pupil placed outside school today, flagged when not visited this term.

    Schools must visit their pupils in every setting at least once a term; the
    term is the one in the term_dates table that holds today.
    """
    term = term_of(store, today)
    term_start = term.starts_on if term else date(today.year, 1, 1)
    with store.session() as session:
        last: dict[int, date] = {}
        for pid, visited in session.execute(
            select(SchoolVisit.placement_id, SchoolVisit.visited_on)
        ):
            if pid not in last or visited > last[pid]:
                last[pid] = visited
    flags = []
    for row in list_placements(store):
        if row.centre == Centre.IN_SCHOOL or not row.is_current(today):
            continue
        seen = last.get(row.id)
        flags.append(VisitFlag(row, seen, seen is not None and seen >= term_start))
    flags.sort(key=lambda f: (f.visited_this_term, f.placement.school, f.placement.last_name))
    return flags
