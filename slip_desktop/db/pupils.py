"""Pupil records and schools: the lists forms choose from, and saving a pupil."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    extract,
    literal,
    or_,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from slip_desktop.db.models import Pupil, School
from slip_desktop.db.referral_list import SchoolChoice as SchoolChoice
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import stale_error, stale_error_by_id
from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.errors import NotFoundError, ValidationError
from slip_desktop.domain.pupils import (
    YEAR_GROUP_RANGE,
    CleanPupil,
    DuplicateUpnError,
    PupilInput,
    clean_pupil,
)
from slip_desktop.domain.school_year import (
    academic_year_of,
    effective_year_group,
    year_group_override_warning,
)
from slip_desktop.domain.typed_input import typed_input
from slip_desktop.domain.upn import normalise_upn


class PupilChoice(NamedTuple):
    """A pupil as a picker lists it."""

    id: int
    first_name: str
    last_name: str
    upn: str | None
    date_of_birth: date
    year_group: int
    school_id: int
    school: str

    @property
    def full_name(self) -> str:
        """Return "First Last"."""
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class PupilRecord:
    """One pupil's record, as a form edits it."""

    id: int
    upn: str | None
    first_name: str
    last_name: str
    date_of_birth: date
    year_group: int
    school_id: int
    school: str
    send_status: SendStatus
    pupil_premium: bool
    looked_after: bool
    eal: bool
    version: int
    #: Set when the stored year group overrides the one the date of birth gives.
    year_group_warning: str | None = None

    @property
    def full_name(self) -> str:
        """Return "First Last"."""
        return f"{self.first_name} {self.last_name}"

    def as_input(self) -> PupilInput:
        """Return the record as a form would hold it."""
        return PupilInput(
            first_name=self.first_name,
            last_name=self.last_name,
            upn=self.upn or "",
            date_of_birth=self.date_of_birth,
            year_group=self.year_group,
            school_id=self.school_id,
            send_status=self.send_status,
            pupil_premium=self.pupil_premium,
            looked_after=self.looked_after,
            eal=self.eal,
        )


def year_group_on(academic_year: int) -> ColumnElement[int]:
    """Return the year group a pupil is in during ``academic_year``, as a SQL expression.

    The same rule as ``domain.school_year.effective_year_group``: worked out from the
    date of birth, a stored override moving up with the cohort. Lists select it in
    place of the stored ``Pupil.year_group``.
    """
    born = Pupil.date_of_birth
    cohort = extract("year", born) - case((extract("month", born) < 9, 1), else_=0)
    from_birth = literal(academic_year) - cohort - 5
    shifted = Pupil.year_group + (literal(academic_year) - Pupil.year_group_as_of)
    # PostgreSQL's EXTRACT gives a numeric: cast so every backend hands back an int.
    return cast(case((Pupil.year_group_as_of.is_(None), from_birth), else_=shifted), Integer)


def this_year(on: date | None = None) -> int:
    """Return the academic year of ``on`` (today when None)."""
    return academic_year_of(on or date.today())


def year_group_of(pupil: Pupil, on: date | None = None) -> int:
    """Return the year group a stored pupil is in on ``on`` (today when None)."""
    return effective_year_group(
        pupil.date_of_birth, pupil.year_group, pupil.year_group_as_of, this_year(on)
    )


def list_schools(store: Store, active_only: bool = True) -> list[SchoolChoice]:
    """Return the partner schools by name."""
    query = select(School.id, School.name, School.short_name).order_by(School.name)
    if active_only:
        query = query.where(School.active.is_(True))
    with store.session() as session:
        return [SchoolChoice._make(row) for row in session.execute(query)]


def _choice_query(
    on: date | None = None,
) -> Select[tuple[int, str, str, str | None, date, int, int, str]]:
    return select(
        Pupil.id,
        Pupil.first_name,
        Pupil.last_name,
        Pupil.upn,
        Pupil.date_of_birth,
        year_group_on(this_year(on)),
        Pupil.school_id,
        School.name,
    ).join(School, School.id == Pupil.school_id)


def list_pupils(store: Store, on: date | None = None) -> list[PupilChoice]:
    """Return every pupil on record, by last then first name, in their year group on ``on``."""
    query = _choice_query(on).order_by(Pupil.last_name, Pupil.first_name, Pupil.id)
    with store.session() as session:
        return [PupilChoice._make(row) for row in session.execute(query)]


#: How many pupils a search-as-you-type picker is given at most (it says when there are more).
SEARCH_LIMIT = 50


def _spellings(word: str) -> list[str]:
    """The ways a typed word may be capitalised in a name.

    SQLite's LIKE ignores the case of ASCII letters only: "олег" must also be tried
    as "Олег". PostgreSQL's ILIKE folds every script.
    """
    if word.isascii():
        return [word]
    return list(dict.fromkeys((word, word.lower(), word.capitalize(), word.upper())))


def _starts(column: Any, prefix: str, after: str, fold: bool) -> Any:
    """``column`` starts with ``prefix`` (or holds it after ``after``, a LIKE pattern)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"{after}{escaped}%"
    # SQLite's LIKE already ignores ASCII case; its ILIKE would add lower() on every row.
    return column.ilike(pattern, escape="\\") if fold else column.like(pattern, escape="\\")


def _word_matches(word: str, fold: bool) -> Any:
    """A typed word matches the start of the first or last name (or a part of one) or the UPN."""
    found: list[Any] = []
    for spelling in _spellings(word) if not fold else [word]:
        for column in (Pupil.first_name, Pupil.last_name):
            # Double-barrelled names and several given names: each part can be typed.
            found.extend(_starts(column, spelling, after, fold) for after in ("", "% ", "%-"))
    upn = normalise_upn(word)
    if upn:
        found.append(_starts(Pupil.upn, upn, "", False))
    return or_(*found)


def search_pupils(
    store: Store, text: str, limit: int = SEARCH_LIMIT, on: date | None = None
) -> list[PupilChoice]:
    """Return up to ``limit`` pupils whose names or UPN start with each typed word.

    What a picker shows as the coordinator types ("ann smi", "Smith", a UPN's first
    characters): read per keystroke with a LIMIT, never every pupil. Ask for one more
    than you show to know whether there are more. Nothing typed finds nothing.
    """
    words = text.replace(",", " ").split()
    if not words:
        return []
    fold = store.engine.dialect.name != "sqlite"
    query = (
        _choice_query(on)
        .where(and_(*(_word_matches(word, fold) for word in words)))
        .order_by(Pupil.last_name, Pupil.first_name, Pupil.id)
        .limit(limit)
    )
    with store.session() as session:
        return [PupilChoice._make(row) for row in session.execute(query)]


def pupil_choice(session: Session, pupil_id: int, on: date | None = None) -> PupilChoice:
    """Return one pupil as a picker lists them, inside an open session."""
    row = session.execute(_choice_query(on).where(Pupil.id == pupil_id)).first()
    if row is None:
        raise NotFoundError("This pupil record no longer exists.", "pupil")
    return PupilChoice._make(row)


def read_pupil(session: Session, pupil_id: int, on: date | None = None) -> PupilRecord:
    """Return a pupil's record inside an open session, in their year group on ``on``."""
    pupil = session.get(Pupil, pupil_id)
    if pupil is None:
        raise NotFoundError("This pupil record no longer exists.", "pupil")
    school = session.get(School, pupil.school_id)
    year = this_year(on)
    born, stored, stored_in = pupil.date_of_birth, pupil.year_group, pupil.year_group_as_of
    return PupilRecord(
        id=pupil.id,
        upn=pupil.upn,
        first_name=pupil.first_name,
        last_name=pupil.last_name,
        date_of_birth=pupil.date_of_birth,
        year_group=effective_year_group(born, stored, stored_in, year),
        school_id=pupil.school_id,
        school=school.name if school else "",
        send_status=pupil.send_status,
        pupil_premium=pupil.pupil_premium,
        looked_after=pupil.looked_after,
        eal=pupil.eal,
        version=pupil.version,
        year_group_warning=year_group_override_warning(born, stored, stored_in, year),
    )


def get_pupil(store: Store, pupil_id: int, on: date | None = None) -> PupilRecord:
    """Return one pupil's record (year group as on ``on``); raise NotFoundError if it has gone."""
    with store.session() as session:
        return read_pupil(session, pupil_id, on)


def find_pupil_by_upn(store: Store, upn: str, exclude_id: int | None = None) -> PupilChoice | None:
    """Return the pupil holding ``upn`` (spaces and case ignored), other than ``exclude_id``."""
    number = normalise_upn(upn)
    if not number:
        return None
    query = _choice_query().where(Pupil.upn == number)
    if exclude_id is not None:
        query = query.where(Pupil.id != exclude_id)
    with store.session() as session:
        row = session.execute(query).first()
    return PupilChoice._make(row) if row else None


def check_unique_upn(session: Session, upn: str | None, exclude_id: int | None = None) -> None:
    """Raise DuplicateUpnError when another pupil already holds ``upn``."""
    if not upn:
        return
    query = select(Pupil.id, Pupil.first_name, Pupil.last_name, School.name).join(
        School, School.id == Pupil.school_id
    )
    query = query.where(Pupil.upn == upn)
    if exclude_id is not None:
        query = query.where(Pupil.id != exclude_id)
    row = session.execute(query).first()
    if row is not None:
        raise DuplicateUpnError(row[0], f"{row[1]} {row[2]} ({row[3]})")


@typed_input
def add_pupil(session: Session, clean: CleanPupil) -> Pupil:
    """Add a cleaned pupil inside an open session (the UPN already checked unique).

    What the database would refuse with its own words is refused here in the form's:
    a year group outside Reception-Year 13, a school not on record, a UPN taken.
    """
    for field in ("first_name", "last_name"):
        if not getattr(clean, field).strip():
            raise ValidationError({field: "Enter the pupil's name."})
    if clean.year_group not in YEAR_GROUP_RANGE:
        raise ValidationError({"year_group": "Choose the pupil's year group (1 to 14)."})
    if session.get(School, clean.school_id) is None:
        raise ValidationError({"school_id": "Choose a school on record."})
    if clean.upn is not None:
        taken = session.scalar(select(Pupil.id).where(Pupil.upn == clean.upn))
        if taken is not None:
            raise DuplicateUpnError(taken, "another pupil")
    pupil = Pupil(
        upn=clean.upn,
        first_name=clean.first_name,
        last_name=clean.last_name,
        date_of_birth=clean.date_of_birth,
        year_group=clean.year_group,
        year_group_as_of=clean.year_group_as_of,
        school_id=clean.school_id,
        send_status=clean.send_status,
        pupil_premium=clean.pupil_premium,
        looked_after=clean.looked_after,
        eal=clean.eal,
    )
    session.add(pupil)
    session.flush()
    return pupil


def save_pupil(
    store: Store,
    data: PupilInput,
    today: date,
    pupil_id: int | None = None,
    version: int | None = None,
) -> PupilRecord:
    """Validate and store a pupil (new when ``pupil_id`` is None); return the stored record.

    Raises ValidationError (DuplicateUpnError for a UPN already on record),
    NotFoundError, or ConflictError when someone changed the record since ``version``.
    """
    clean = clean_pupil(data, today)
    try:
        with store.session() as session:
            check_unique_upn(session, clean.upn, pupil_id)
            if pupil_id is None:
                pupil = add_pupil(session, clean)
            else:
                found = session.get(Pupil, pupil_id)
                if found is None:
                    raise NotFoundError("This pupil record no longer exists.", "pupil")
                if version is not None and found.version != version:
                    raise stale_error(session, found, "This pupil's record", "pupil")
                pupil = found
                for name in CleanPupil.__dataclass_fields__:
                    setattr(pupil, name, getattr(clean, name))
                session.flush()
            return read_pupil(session, pupil.id, today)
    except StaleDataError as error:
        raise stale_error_by_id(store, Pupil, pupil_id, "This pupil's record", "pupil") from error
