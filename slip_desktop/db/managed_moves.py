"""Managed moves and fresh starts: recording them, their outcomes, the guarantee, the tally."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import Integer, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from slip_desktop.db.models import Decision, ManagedMove, Placement, Pupil, School
from slip_desktop.db.pupils import this_year
from slip_desktop.db.pupils import year_group_on as year_group_column
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.core_outcomes import MoveRequest, days_per_week
from slip_desktop.domain.enums import MoveKind, MoveOutcome, PlacementStatus, Programme
from slip_desktop.domain.errors import NotFoundError, ValidationError
from slip_desktop.domain.managed_moves import (
    GUARANTEE_PRIORITY,
    MoveFacts,
    check_outcome,
    guarantee_applies,
    validate_move,
)
from slip_desktop.domain.programmes import year_group_on
from slip_desktop.domain.typed_input import typed_input


class SchoolOption(NamedTuple):
    """A partner school in a chooser."""

    id: int
    name: str


def list_schools(store: Store) -> list[SchoolOption]:
    """Return the active partner schools by name."""
    query = select(School.id, School.name).where(School.active.is_(True)).order_by(School.name)
    with store.session() as session:
        return [SchoolOption._make(row) for row in session.execute(query)]


class PupilOption(NamedTuple):
    """A pupil in the move dialog's chooser."""

    id: int
    label: str
    school_id: int
    year_group: int


def list_pupil_options(store: Store) -> list[PupilOption]:
    """Return every pupil as "Last, First - School, Year n", by name."""
    query = (
        select(
            Pupil.id,
            Pupil.last_name,
            Pupil.first_name,
            School.name,
            Pupil.school_id,
            year_group_column(this_year()),
        )
        .join(School, School.id == Pupil.school_id)
        .order_by(Pupil.last_name, Pupil.first_name)
    )
    with store.session() as session:
        return [
            PupilOption(pid, f"{last}, {first} - {school}, Year {year}", school_id, year)
            for pid, last, first, school, school_id, year in session.execute(query)
        ]


@typed_input
def add_move(
    session: Session, pupil: Pupil, request: MoveRequest, decision_id: int | None, who: str
) -> ManagedMove:
    """Validate and add a move from the pupil's school inside an open session."""
    validate_move(
        MoveFacts(
            pupil.school_id,
            request.receiving_school_id,
            request.starts_on,
            request.trial_ends_on,
            request.guaranteed,
            request.guarantee_programme,
        ),
        # The key stage on the day the move starts, from the date of birth.
        year_group_on(pupil.date_of_birth, request.starts_on)
        if request.starts_on is not None
        else pupil.year_group,
        who,
    )
    assert request.receiving_school_id is not None and request.starts_on is not None
    if session.get(School, request.receiving_school_id) is None:
        raise ValidationError({"receiving_school_id": "Choose a receiving school on record."})
    if decision_id is not None and session.get(Decision, decision_id) is None:
        raise NotFoundError("That Core decision no longer exists.")
    move = ManagedMove(
        pupil_id=pupil.id,
        decision_id=decision_id,
        kind=request.kind,
        sending_school_id=pupil.school_id,
        receiving_school_id=request.receiving_school_id,
        starts_on=request.starts_on,
        trial_ends_on=request.trial_ends_on,
        outcome=MoveOutcome.IN_PROGRESS,
        guaranteed=request.guaranteed,
        guarantee_programme=request.guarantee_programme if request.guaranteed else None,
        notes=request.notes.strip(),
    )
    session.add(move)
    session.flush()
    return move


@typed_input
def record_move(store: Store, pupil_id: int, request: MoveRequest) -> int:
    """Record a move arranged outside a Core decision; return its id."""
    with store.session() as session:
        pupil = session.get(Pupil, pupil_id)
        if pupil is None:
            raise NotFoundError("That pupil no longer exists.")
        return add_move(session, pupil, request, None, f"{pupil.first_name} {pupil.last_name}").id


class MoveRow(NamedTuple):
    """One move in the list."""

    id: int
    pupil_id: int
    first_name: str
    last_name: str
    kind: MoveKind
    sending_school: str
    receiving_school: str
    starts_on: date
    trial_ends_on: date | None
    outcome: MoveOutcome
    guaranteed: bool
    guarantee_programme: Programme | None
    placement_id: int | None
    #: The version read: the outcome dialog hands it back (db/versioning.py).
    version: int = 0


def list_moves(store: Store) -> list[MoveRow]:
    """Return every managed move and fresh start, newest first."""
    sending = aliased(School)
    receiving = aliased(School)
    query = (
        select(
            ManagedMove.id,
            ManagedMove.pupil_id,
            Pupil.first_name,
            Pupil.last_name,
            ManagedMove.kind,
            sending.name,
            receiving.name,
            ManagedMove.starts_on,
            ManagedMove.trial_ends_on,
            ManagedMove.outcome,
            ManagedMove.guaranteed,
            ManagedMove.guarantee_programme,
            ManagedMove.placement_id,
            ManagedMove.version,
        )
        .join(Pupil, Pupil.id == ManagedMove.pupil_id)
        .join(sending, sending.id == ManagedMove.sending_school_id)
        .join(receiving, receiving.id == ManagedMove.receiving_school_id)
        .order_by(ManagedMove.starts_on.desc(), ManagedMove.id.desc())
    )
    with store.session() as session:
        return [MoveRow._make(row) for row in session.execute(query)]


class OutcomeResult(NamedTuple):
    """What recording a move's outcome did."""

    outcome: MoveOutcome
    placement_id: int | None


@typed_input
def set_move_outcome(
    store: Store,
    move_id: int,
    outcome: MoveOutcome,
    on: date,
    notes: str = "",
    version: int | None = None,
) -> OutcomeResult:
    """Record how a move ended; a failed guaranteed move creates a priority placement request.

    The request goes to the rosters as REQUESTED with a priority above every
    ordinary request, paid for by the sending (home) school, which the pupil
    returns to on the roll when a move fails.
    """
    with (
        refusing_stale_saves(store, ManagedMove, move_id, "This managed move", "outcome"),
        store.session() as session,
    ):
        move = session.get(ManagedMove, move_id)
        if move is None:
            raise NotFoundError("That move no longer exists.")
        check_version(session, move, version, "This managed move", "outcome")
        check_outcome(move.outcome, outcome)
        if outcome == move.outcome:
            return OutcomeResult(outcome, move.placement_id)
        move.outcome = outcome
        move.ended_on = on
        if notes.strip():
            move.notes = "\n".join(filter(None, (move.notes, notes.strip())))
        if guarantee_applies(move.guaranteed, outcome) and move.guarantee_programme is not None:
            placement = Placement(
                pupil_id=move.pupil_id,
                school_id=move.sending_school_id,
                decision_id=move.decision_id,
                programme=move.guarantee_programme,
                status=PlacementStatus.REQUESTED,
                priority=GUARANTEE_PRIORITY,
                requested_on=on,
                days_per_week=days_per_week(move.guarantee_programme),
                notes="Guaranteed place: a managed move offered instead of a tier-4 place failed.",
            )
            session.add(placement)
            session.flush()
            move.placement_id = placement.id
        return OutcomeResult(outcome, move.placement_id)


class SchoolTally(NamedTuple):
    """Moves a school received and sent, for fairness between schools."""

    school: str
    received: int
    sent: int
    received_successful: int
    sent_successful: int

    @property
    def balance(self) -> int:
        """Return received minus sent: positive when a school takes more than it sends."""
        return self.received - self.sent


def school_tally(store: Store) -> list[SchoolTally]:
    """Return each active school's counts of moves received and sent (withdrawn moves excluded)."""
    counted = ManagedMove.outcome != MoveOutcome.WITHDRAWN
    ok = ManagedMove.outcome == MoveOutcome.SUCCESSFUL

    def counts(column: InstrumentedAttribute[int]) -> dict[int, tuple[int, int]]:
        rows = session.execute(
            select(column, func.count(), func.sum(ok.cast(Integer))).where(counted).group_by(column)
        )
        return {school_id: (n, int(good or 0)) for school_id, n, good in rows}

    with store.session() as session:
        received = counts(ManagedMove.receiving_school_id)
        sent = counts(ManagedMove.sending_school_id)
        schools = session.execute(
            select(School.id, School.name).where(School.active.is_(True)).order_by(School.name)
        ).all()
    return [
        SchoolTally(
            name,
            received.get(sid, (0, 0))[0],
            sent.get(sid, (0, 0))[0],
            received.get(sid, (0, 0))[1],
            sent.get(sid, (0, 0))[1],
        )
        for sid, name in schools
    ]
