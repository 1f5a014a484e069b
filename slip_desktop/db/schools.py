"""Partner schools and their contacts: add, edit, close and reopen (coordinator only)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from slip_desktop.db.identity import require_permission
from slip_desktop.db.models import School, SchoolContact
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.errors import NotFoundError, ValidationError
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.schools import (
    Contact,
    ContactRole,
    MailPurpose,
    Phase,
    SchoolDetails,
    contact_for,
)
from slip_desktop.domain.typed_input import typed_input


@dataclass(frozen=True)
class SchoolRecord:
    """A school as the settings list and form show it, with its contacts."""

    id: int
    details: SchoolDetails
    open: bool
    closed_on: date | None
    contacts: tuple[Contact, ...]
    #: The version the form read: handed back when it saves (db/versioning.py).
    version: int = 0

    @property
    def name(self) -> str:
        """The school's name."""
        return self.details.name

    def contact(self, role: ContactRole) -> Contact | None:
        """Return the school's contact in ``role``, if any."""
        return next((c for c in self.contacts if c.role == role), None)


def _details(school: School) -> SchoolDetails:
    return SchoolDetails(
        name=school.name,
        short_name=school.short_name,
        urn=school.urn,
        la_code=school.la_code,
        la_name=school.la_name,
        phase=Phase(school.phase),
        address=school.address,
        phone=school.phone,
    )


def contacts_of(session: Session, school_ids: Iterable[int]) -> dict[int, list[Contact]]:
    """Return each school's contacts (role order), inside a session."""
    found: dict[int, list[Contact]] = defaultdict(list)
    ids = list(school_ids)
    if not ids:
        return found
    order = {role: n for n, role in enumerate(ContactRole)}
    rows = session.execute(
        select(
            SchoolContact.school_id,
            SchoolContact.role,
            SchoolContact.name,
            SchoolContact.email,
            SchoolContact.phone,
        )
        .where(SchoolContact.school_id.in_(ids))
        .order_by(SchoolContact.id)
    )
    for school_id, role, name, email, phone in rows:
        found[school_id].append(Contact(ContactRole(role), name, email, phone))
    for contacts in found.values():
        contacts.sort(key=lambda c: order[c.role])
    return found


def recipient(
    session: Session, school_id: int, purpose: MailPurpose, referrer: Contact | None = None
) -> Contact | None:
    """Return who a draft to ``school_id`` for ``purpose`` goes to, inside a session."""
    return contact_for(contacts_of(session, [school_id]).get(school_id, []), purpose, referrer)


def list_all_schools(store: Store) -> list[SchoolRecord]:
    """Return every school, open ones first, each by name (closed ones kept for history)."""
    with store.session() as session:
        schools = list(session.scalars(select(School)))
        contacts = contacts_of(session, [s.id for s in schools])
        records = [
            SchoolRecord(
                s.id,
                _details(s),
                s.active,
                s.closed_on,
                tuple(contacts.get(s.id, ())),
                s.version,
            )
            for s in schools
        ]
    return sorted(records, key=lambda r: (not r.open, r.name.casefold()))


def school_record(store: Store, school_id: int) -> SchoolRecord:
    """Return one school with its contacts."""
    with store.session() as session:
        school = session.get(School, school_id)
        if school is None:
            raise NotFoundError("That school is no longer in the database.")
        contacts = contacts_of(session, [school_id]).get(school_id, [])
        return SchoolRecord(
            school.id,
            _details(school),
            school.active,
            school.closed_on,
            tuple(contacts),
            school.version,
        )


def count_open_schools(store: Store) -> int:
    """Return how many schools can receive new referrals."""
    with store.session() as session:
        return int(
            session.scalar(select(func.count(School.id)).where(School.active.is_(True))) or 0
        )


def _check_unique(session: Session, name: str, school_id: int | None) -> None:
    query = select(School.id).where(func.lower(School.name) == name.lower())
    if school_id is not None:
        query = query.where(School.id != school_id)
    if session.scalar(query) is not None:
        raise ValidationError({"name": f"{name} is already in the list of schools."})
    # URNs belong to one school each; a repeat is almost always a typing slip.


def _check_urn_unique(session: Session, urn: str, school_id: int | None) -> None:
    if not urn:
        return
    query = select(School.name).where(School.urn == urn)
    if school_id is not None:
        query = query.where(School.id != school_id)
    other = session.scalar(query)
    if other is not None:
        raise ValidationError({"urn": f"URN {urn} is already that of {other}."})


def _apply(school: School, details: SchoolDetails) -> None:
    for field in ("name", "short_name", "urn", "la_code", "la_name", "address", "phone"):
        value = getattr(details, field)
        if getattr(school, field) != value:
            setattr(school, field, value)
    if school.phase != details.phase:
        school.phase = details.phase


def _replace_contacts(session: Session, school_id: int, contacts: Sequence[Contact]) -> None:
    existing = {
        c.role: c
        for c in session.scalars(select(SchoolContact).where(SchoolContact.school_id == school_id))
    }
    wanted = {c.role: c for c in contacts}
    unnamed = [c for c in contacts if not c.name.strip()]
    if unnamed:
        # The form leaves out a role with no name; a caller that sends one is refused.
        raise ValidationError({f"{unnamed[0].role.value}_name": "Enter the contact's name."})
    for role, old in existing.items():
        if role not in wanted:
            session.delete(old)
    for role, contact in wanted.items():
        row = existing.get(role)
        if row is None:
            session.add(
                SchoolContact(
                    school_id=school_id,
                    role=role,
                    name=contact.name,
                    email=contact.email,
                    phone=contact.phone,
                )
            )
            continue
        for field in ("name", "email", "phone"):
            if getattr(row, field) != getattr(contact, field):
                setattr(row, field, getattr(contact, field))


@typed_input
def add_school(store: Store, details: SchoolDetails, contacts: Sequence[Contact] = ()) -> int:
    """Add an open school with its contacts; return its id (audited).

    Raises:
        PermissionDenied: unless the signed-in role may change settings.
        ValidationError: when the name or URN is already another school's.
    """
    require_permission(store, Action.CHANGE_SETTINGS)
    with store.session() as session:
        _check_unique(session, details.name, None)
        _check_urn_unique(session, details.urn, None)
        school = School(name=details.name, active=True)
        _apply(school, details)
        session.add(school)
        session.flush()
        _replace_contacts(session, school.id, contacts)
        return school.id


#: How a stale save names a school.
_SCHOOL = "This school's details"


@typed_input
def update_school(
    store: Store,
    school_id: int,
    details: SchoolDetails,
    contacts: Sequence[Contact],
    version: int | None = None,
) -> None:
    """Change a school's details and contacts (a role left out loses its contact); audited.

    ``version`` is the one the form read: a school saved by someone else since is refused
    (StaleRecordError, saying who, when and what they saved).
    """
    require_permission(store, Action.CHANGE_SETTINGS)
    with (
        refusing_stale_saves(store, School, school_id, _SCHOOL, "name"),
        store.session() as session,
    ):
        school = session.get(School, school_id)
        if school is None:
            raise NotFoundError("That school is no longer in the database.")
        check_version(session, school, version, _SCHOOL, "name")
        _check_unique(session, details.name, school_id)
        _check_urn_unique(session, details.urn, school_id)
        _apply(school, details)
        # Contacts live in their own table: the school's version moves on with them too.
        flag_modified(school, "name")
        _replace_contacts(session, school_id, contacts)


@typed_input
def save_contacts(store: Store, school_id: int, contacts: Sequence[Contact]) -> None:
    """Replace a school's contacts by role (one per role); audited."""
    require_permission(store, Action.CHANGE_SETTINGS)
    with store.session() as session:
        if session.get(School, school_id) is None:
            raise NotFoundError("That school is no longer in the database.")
        _replace_contacts(session, school_id, contacts)


@typed_input
def close_school(store: Store, school_id: int, closed_on: date) -> None:
    """Close a school: its records stay, but new referrals can no longer choose it."""
    require_permission(store, Action.CHANGE_SETTINGS)
    with store.session() as session:
        school = session.get(School, school_id)
        if school is None:
            raise NotFoundError("That school is no longer in the database.")
        school.active = False
        school.closed_on = closed_on


@typed_input
def reopen_school(store: Store, school_id: int) -> None:
    """Open a closed school again for new referrals."""
    require_permission(store, Action.CHANGE_SETTINGS)
    with store.session() as session:
        school = session.get(School, school_id)
        if school is None:
            raise NotFoundError("That school is no longer in the database.")
        school.active = True
        school.closed_on = None
