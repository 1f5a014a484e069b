"""People operations: the partnership's people and each meeting kind's standing list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from slip_desktop.db.identity import require_permission
from slip_desktop.db.models import Person, StandingInvitation
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.enums import MeetingKind
from slip_desktop.domain.errors import NotFoundError, ValidationError
from slip_desktop.domain.meetings import Invitee
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.typed_input import typed_input
from slip_desktop.domain.validation import Checker


class PersonRow(NamedTuple):
    """Someone the partnership works with."""

    id: int
    name: str
    role: str
    organisation: str
    email: str
    #: The version read: the form hands it back when it saves (db/versioning.py).
    version: int = 0


@dataclass(frozen=True)
class PersonInput:
    """What the person form holds, as typed."""

    name: str
    role: str = ""
    organisation: str = ""
    email: str = ""


def _clean(data: PersonInput) -> PersonInput:
    check = Checker()
    name = check.name("name", "person's name", data.name)
    role = check.short_text("role", "role", data.role, 120)
    organisation = check.short_text("organisation", "organisation", data.organisation, 120)
    email = check.email("email", data.email)
    check.raise_if_any()
    return PersonInput(name, role, organisation, email)


_COLUMNS = (
    Person.id,
    Person.name,
    Person.role,
    Person.organisation,
    Person.email,
    Person.version,
)


def list_people(store: Store) -> list[PersonRow]:
    """Return everyone the partnership works with, by name."""
    query = select(*_COLUMNS).where(Person.active.is_(True)).order_by(Person.name, Person.id)
    with store.session() as session:
        return [PersonRow._make(row) for row in session.execute(query)]


def count_people(store: Store) -> int:
    """Return how many people are recorded."""
    return len(list_people(store))


@typed_input
def save_person(
    store: Store, data: PersonInput, person_id: int | None = None, version: int | None = None
) -> int:
    """Add a person (or change one from the ``version`` the form read); return the id.

    Raises:
        ValidationError: no name, or an e-mail address that is not one.
        PermissionDenied: the signed-in role may not change the office's settings.
    """
    require_permission(store, Action.CHANGE_SETTINGS)
    clean = _clean(data)
    with (
        refusing_stale_saves(store, Person, person_id, "This person", "name"),
        store.session() as session,
    ):
        if person_id is None:
            person = Person(name=clean.name)
            session.add(person)
        else:
            found = session.get(Person, person_id)
            if found is None:
                raise NotFoundError("That person was removed; the list has been refreshed.")
            check_version(session, found, version, "This person", "name")
            person = found
        person.name = clean.name
        person.role = clean.role
        person.organisation = clean.organisation
        person.email = clean.email
        person.active = True
        session.flush()
        return person.id


@typed_input
def remove_person(store: Store, person_id: int) -> None:
    """Remove a person and their places on the standing lists (past meetings keep them)."""
    require_permission(store, Action.CHANGE_SETTINGS)
    with store.session() as session:
        person = session.get(Person, person_id)
        if person is None:
            return
        for place in session.scalars(
            select(StandingInvitation).where(StandingInvitation.person_id == person_id)
        ):
            session.delete(place)
        # The places go first: without a relationship the ORM may order the person first.
        session.flush()
        session.delete(person)


def standing_list(store: Store, kind: MeetingKind) -> list[PersonRow]:
    """Return the people a new meeting of ``kind`` invites, in their order."""
    with store.session() as session:
        return _standing(session, kind)


def _standing(session: Session, kind: MeetingKind) -> list[PersonRow]:
    query = (
        select(*_COLUMNS)
        .join(StandingInvitation, StandingInvitation.person_id == Person.id)
        .where(StandingInvitation.meeting_kind == kind)
        .order_by(StandingInvitation.position, StandingInvitation.id)
    )
    return [PersonRow._make(row) for row in session.execute(query)]


@typed_input
def set_standing_list(store: Store, kind: MeetingKind, person_ids: list[int]) -> None:
    """Make ``person_ids`` (in that order) the standing list of ``kind``.

    Raises:
        ValidationError: someone named twice or no longer recorded.
    """
    require_permission(store, Action.CHANGE_SETTINGS)
    if len(set(person_ids)) != len(person_ids):
        raise ValidationError({"standing": "Each person can be on the list once."})
    with store.session() as session:
        known = set(session.scalars(select(Person.id).where(Person.id.in_(person_ids))))
        if known != set(person_ids):
            raise ValidationError(
                {"standing": "Someone on the list was removed meanwhile; reopen the list."}
            )
        places = {
            p.person_id: p
            for p in session.scalars(
                select(StandingInvitation).where(StandingInvitation.meeting_kind == kind)
            )
        }
        for person_id, place in places.items():
            if person_id not in person_ids:
                session.delete(place)
        session.flush()
        for position, person_id in enumerate(person_ids):
            place = places.get(person_id) or StandingInvitation(
                meeting_kind=kind, person_id=person_id
            )
            place.position = position
            session.add(place)


def stored_invitees(session: Session, kind: MeetingKind) -> tuple[Invitee, ...]:
    """Return the stored standing list of ``kind`` as invitees (empty when none is stored)."""
    return tuple(Invitee(p.role, p.organisation, p.name) for p in _standing(session, kind))


def has_standing_list(store: Store, kind: MeetingKind) -> bool:
    """Return True when ``kind`` has a stored standing list."""
    query = select(StandingInvitation.id).where(StandingInvitation.meeting_kind == kind).limit(1)
    with store.session() as session:
        return session.scalar(query) is not None
