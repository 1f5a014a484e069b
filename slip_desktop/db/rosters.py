"""Roster operations: placing pupils within capacity, waiting lists, occupancy and endings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from slip_desktop.db.models import (
    Decision,
    Placement,
    Provider,
    Pupil,
    Review,
    School,
    StaffMember,
    TermDates,
)
from slip_desktop.db.offer import offer_in, pools_in
from slip_desktop.db.pupils import this_year
from slip_desktop.db.pupils import year_group_on as year_group_column
from slip_desktop.db.reviews import closed_ranges, schedule_reviews
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.attendance import centre_days_problem, day_tokens, days_count
from slip_desktop.domain.capacity import (
    CENTRE_OF,
    CapacityError,
    Centre,
    Stay,
    Waiter,
    check_capacity,
    expected_free_dates,
    free_places,
    needs_mentor,
    needs_provider,
    pool_key,
    reset_planned_end,
    waiting_list_key,
    waiting_order,
    week_starts,
)
from slip_desktop.domain.enums import EndOutcome, PlacementStatus, Programme, StaffRole
from slip_desktop.domain.errors import NotFoundError, RuleError, ValidationError
from slip_desktop.domain.programmes import (
    CATALOGUE,
    POOL_SPECS,
    WEEKDAY_NAMES,
    check_key_stage_on,
    info,
    parse_weekdays,
    weekdays_text,
)
from slip_desktop.domain.school_year import academic_year_of
from slip_desktop.domain.typed_input import typed_input
from slip_desktop.domain.validation import day_problem

#: Placements that hold (or held) a place on their dates.
PLACED = (PlacementStatus.ACTIVE, PlacementStatus.ENDED)
#: How a stale save's message names the record.
THIS_PLACEMENT = "This placement"


class PlacementRow(NamedTuple):
    """One placement in a roster."""

    id: int
    pupil_id: int
    first_name: str
    last_name: str
    school_id: int
    school: str
    year_group: int
    programme: Programme
    group_name: str
    status: PlacementStatus
    starts_on: date | None
    planned_end_on: date | None
    ended_on: date | None
    days_per_week: Decimal
    centre_days: str
    provider: str
    mentor: str
    priority: int
    requested_on: date
    end_outcome: EndOutcome | None
    notes: str
    next_review_on: date | None
    weekdays: str = ""
    ap_provider: str = ""
    ap_days: str = ""
    #: The version read: a dialog hands it back, so a stale save is refused (db/versioning.py).
    version: int | None = None

    @property
    def name(self) -> str:
        """The pupil's name as lists show it."""
        return f"{self.first_name} {self.last_name}"

    @property
    def centre(self) -> Centre:
        """Where the programme is delivered."""
        return CENTRE_OF[self.programme]

    def register_on(self, day: date) -> Centre | None:
        """Return the register the pupil is on on ``day``: the AP's on their AP days."""
        weekday = day.weekday()
        if self.ap_days and weekday < 5 and WEEKDAY_NAMES[weekday] in self.ap_days.split(","):
            return Centre.AP
        return CATALOGUE[self.programme].register

    def booked_on(self, day: date) -> bool:
        """Return True when ``day`` is one of the booked weekdays (every weekday when none)."""
        if day.weekday() >= 5:
            return False
        return not self.weekdays or WEEKDAY_NAMES[day.weekday()] in self.weekdays.split(",")

    def is_current(self, day: date) -> bool:
        """Return True when the pupil is placed on ``day``."""
        if self.status not in PLACED or self.starts_on is None or self.starts_on > day:
            return False
        last = self.ended_on or self.planned_end_on
        return last is None or day <= last


def _placement_query(on: date | None = None) -> Select[tuple[object, ...]]:
    mentor = aliased(StaffMember)
    ap_provider = aliased(Provider)
    next_review = (
        select(func.min(Review.due_on))
        .where(Review.placement_id == Placement.id, Review.held_on.is_(None))
        .correlate(Placement)
        .scalar_subquery()
    )
    return (
        select(
            Placement.id,
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            School.id,
            School.name,
            year_group_column(this_year(on)),
            Placement.programme,
            Placement.group_name,
            Placement.status,
            Placement.starts_on,
            Placement.planned_end_on,
            Placement.ended_on,
            Placement.days_per_week,
            Placement.centre_days,
            func.coalesce(Provider.name, ""),
            func.coalesce(mentor.name, ""),
            Placement.priority,
            Placement.requested_on,
            Placement.end_outcome,
            Placement.notes,
            next_review,
            Placement.weekdays,
            func.coalesce(ap_provider.name, ""),
            Placement.ap_days,
            Placement.version,
        )
        .join(Pupil, Pupil.id == Placement.pupil_id)
        .join(School, School.id == Placement.school_id)
        .outerjoin(Provider, Provider.id == Placement.provider_id)
        .outerjoin(ap_provider, ap_provider.id == Placement.ap_provider_id)
        .outerjoin(mentor, mentor.id == Placement.mentor_id)
        .order_by(Placement.programme, Placement.group_name, Placement.starts_on, Pupil.last_name)
    )


def list_placements(store: Store, on: date | None = None) -> list[PlacementRow]:
    """Return every placement with its pupil, home school, provider, mentor and next review.

    Year groups are those of the academic year holding ``on`` (today when None).
    """
    with store.session() as session:
        rows = [PlacementRow._make(row) for row in session.execute(_placement_query(on))]
    order = list(Programme)
    return sorted(
        rows,
        key=lambda r: (
            order.index(r.programme),
            r.group_name,
            r.starts_on or date.max,
            r.last_name,
        ),
    )


def get_placement(store: Store, placement_id: int) -> PlacementRow:
    """Return one placement as a row."""
    with store.session() as session:
        row = session.execute(_placement_query().where(Placement.id == placement_id)).first()
    if row is None:
        raise NotFoundError("That placement no longer exists.")
    return PlacementRow._make(row)


def _stays(session: Session, key: str, exclude_id: int | None = None) -> list[Stay]:
    """Return the stays holding places in the pool ``key``."""
    query = (
        select(
            Placement.id,
            Placement.programme,
            Placement.group_name,
            Placement.starts_on,
            Placement.planned_end_on,
            Placement.ended_on,
            Pupil.first_name,
            Pupil.last_name,
        )
        .join(Pupil, Pupil.id == Placement.pupil_id)
        .where(Placement.status.in_(PLACED), Placement.starts_on.is_not(None))
    )
    stays = []
    for pid, programme, group, starts, planned, ended, first, last in session.execute(query):
        if pid == exclude_id or starts is None:
            continue
        try:
            if pool_key(programme, group) != key:
                continue
        except RuleError:
            continue
        stays.append(Stay(f"{first} {last}", starts, ended or planned))
    return stays


@dataclass(frozen=True)
class PlaceRequest:
    """What the coordinator chose when placing a requested pupil."""

    placement_id: int
    starts_on: date | None
    planned_end_on: date | None = None
    group_name: str = ""
    centre_days: str = ""
    provider_id: int | None = None
    mentor_id: int | None = None
    notes: str = ""
    #: Booked weekdays, e.g. "mon,wed,fri" (tier 3: they set the days a week charged).
    weekdays: str = ""
    #: The AP provider and weekdays of a KS3 long-term or pathway 1-2 pupil's AP time.
    ap_provider_id: int | None = None
    ap_days: str = ""


def _weekdays(text: str, field: str, errors: dict[str, str]) -> tuple[int, ...]:
    try:
        return parse_weekdays(text)
    except RuleError as error:
        errors[field] = error.message
        return ()


def _validate(
    request: PlaceRequest, programme: Programme, closed: list[tuple[date, date]], weeks: int
) -> tuple[date, date | None]:
    errors: dict[str, str] = {}
    start = request.starts_on
    end = request.planned_end_on
    entry = info(programme)
    if start is None:
        errors["starts_on"] = "Choose the first day of the placement."
    elif start_problem := day_problem(start):
        # A start in year 9999 made the Reset end and the review dates overflow.
        errors["starts_on"] = start_problem
    elif programme == Programme.RESET:
        end = reset_planned_end(start, closed, weeks)
    if end is not None and (end_problem := day_problem(end)):
        errors["planned_end_on"] = end_problem
    elif start is not None and end is not None and end < start:
        errors["planned_end_on"] = "The planned end must be on or after the start."
    groups = entry.pool.groups
    if groups and request.group_name not in groups:
        errors["group_name"] = f"Choose {programme.label} group {' or '.join(groups)}."
    days_problem = centre_days_problem(request.centre_days)
    if days_problem:
        # Unreadable or repeated days were stored before, and the register never expected them.
        errors["centre_days"] = days_problem
    elif programme == Programme.RESET and days_count(request.centre_days) != float(
        entry.days_per_week
    ):
        errors["centre_days"] = (
            "Reset pupils spend 2.5 days a week at the centre: choose which, e.g. mon,tue,wed-am."
        )
    booked = _weekdays(request.weekdays, "weekdays", errors)
    if entry.booked_weekdays and not booked and "weekdays" not in errors:
        errors["weekdays"] = "Tick the weekdays booked with the provider (Mon to Fri)."
    ap_days = _weekdays(request.ap_days, "ap_days", errors)
    if request.ap_provider_id is not None or ap_days:
        if not entry.ap_component:
            errors["ap_provider_id"] = f"{programme.label} has no AP time to record."
        elif request.ap_provider_id is None:
            errors["ap_provider_id"] = "Choose the AP provider for the AP days."
        elif not ap_days and "ap_days" not in errors:
            errors["ap_days"] = "Tick the weekdays the pupil spends with the AP provider."
        elif len(ap_days) == 5:
            errors["ap_days"] = "Leave at least one day at the centre, or choose pathway 3."
    if needs_provider(programme) and request.provider_id is None:
        errors["provider_id"] = "Pathway 3 and tier 3 placements must name their AP provider."
    if needs_mentor(programme) and request.mentor_id is None:
        errors["mentor_id"] = "Tier 2 programmes need a mentor."
    if errors:
        raise ValidationError(errors)
    assert start is not None
    return start, end


def place_pupil(store: Store, request: PlaceRequest, *, version: int | None = None) -> PlacementRow:
    """Place a requested or waiting pupil, within capacity on every day of the dates.

    When the place would go over capacity on any day, the placement joins its
    programme's waiting list (that write is kept) and the refusal is raised.

    Raises:
        ValidationError: a field is missing or inconsistent.
        CapacityError: the programme is full; the pupil is now on its waiting list.
        RuleError: the placement is no longer requested or waiting.
        StaleRecordError: someone changed the placement since ``version`` was read.
    """
    refusal: CapacityError | None = None
    with (
        refusing_stale_saves(store, Placement, request.placement_id, THIS_PLACEMENT, "starts_on"),
        store.session() as session,
    ):
        placement = session.get(Placement, request.placement_id)
        if placement is None:
            raise NotFoundError("That placement no longer exists.")
        check_version(session, placement, version, THIS_PLACEMENT, "starts_on")
        if placement.status not in (PlacementStatus.REQUESTED, PlacementStatus.WAITING):
            raise RuleError("Only a requested or waiting pupil can be placed.", "status")
        pupil = session.get(Pupil, placement.pupil_id)
        assert pupil is not None
        line = offer_in(session, academic_year_of(request.starts_on or date.today()))
        weeks = line.line(placement.programme).weeks or 7
        start, end = _validate(request, placement.programme, closed_ranges(session), weeks)
        # The key stage on the first day, from the date of birth: a pupil decided for
        # Reset in Year 9 may be in Year 10 by the time a place starts.
        check_key_stage_on(
            placement.programme,
            pupil.date_of_birth,
            start,
            f"{pupil.first_name} {pupil.last_name}",
            "starts_on",
        )
        group = request.group_name if CATALOGUE[placement.programme].pool.groups else ""
        pool = pools_in(session)[pool_key(placement.programme, group)]
        try:
            check_capacity(pool, _stays(session, pool.key, placement.id), start, end)
        except CapacityError as error:
            refusal = error
            placement.status = PlacementStatus.WAITING
            placement.group_name = group
            placement.notes = _with_note(placement.notes, f"Refused: {error.message}")
        else:
            placement.status = PlacementStatus.ACTIVE
            placement.starts_on = start
            placement.planned_end_on = end
            placement.group_name = group
            if placement.programme == Programme.RESET:
                placement.days_per_week = line.line(Programme.RESET).days_per_week
            booked = parse_weekdays(request.weekdays)
            placement.weekdays = weekdays_text(booked)
            if booked and CATALOGUE[placement.programme].booked_weekdays:
                # Mon+Wed+Fri is 3 days a week: the days booked, not a fixed default.
                placement.days_per_week = Decimal(len(booked))
            placement.ap_provider_id = request.ap_provider_id
            placement.ap_days = weekdays_text(parse_weekdays(request.ap_days))
            # Stored as "mon,tue,wed-am": typed spaces could take it past the 60-character column.
            placement.centre_days = ",".join(day_tokens(request.centre_days))
            placement.provider_id = request.provider_id
            placement.mentor_id = request.mentor_id
            if request.notes:
                placement.notes = _with_note(placement.notes, request.notes)
            session.flush()
            schedule_reviews(session, placement)
    if refusal is not None:
        raise refusal
    return get_placement(store, request.placement_id)


def _with_note(notes: str, line: str) -> str:
    return f"{notes}\n{line}".strip()


def waitlist(
    store: Store, placement_id: int, reason: str = "", *, version: int | None = None
) -> None:
    """Put a requested pupil on their programme's waiting list."""
    with (
        refusing_stale_saves(store, Placement, placement_id, THIS_PLACEMENT, "status"),
        store.session() as session,
    ):
        placement = session.get(Placement, placement_id)
        if placement is None:
            raise NotFoundError("That placement no longer exists.")
        check_version(session, placement, version, THIS_PLACEMENT, "status")
        if placement.status != PlacementStatus.REQUESTED:
            raise RuleError("Only a requested placement can join the waiting list.", "status")
        placement.status = PlacementStatus.WAITING
        if reason.strip():
            placement.notes = _with_note(placement.notes, f"Waiting: {reason.strip()}")


def end_placement(
    store: Store,
    placement_id: int,
    ended_on: date,
    outcome: EndOutcome,
    notes: str = "",
    *,
    version: int | None = None,
) -> None:
    """End an active placement with its outcome; reviews booked after the end are dropped."""
    with (
        refusing_stale_saves(store, Placement, placement_id, THIS_PLACEMENT, "ended_on"),
        store.session() as session,
    ):
        placement = session.get(Placement, placement_id)
        if placement is None:
            raise NotFoundError("That placement no longer exists.")
        check_version(session, placement, version, THIS_PLACEMENT, "ended_on")
        if placement.status != PlacementStatus.ACTIVE:
            raise RuleError("Only an active placement can be ended.", "status")
        if problem := day_problem(ended_on):
            # An end in year 9999 made the waiting lists' "place frees up" sum overflow.
            raise ValidationError({"ended_on": problem})
        if placement.starts_on is not None and ended_on < placement.starts_on:
            raise ValidationError({"ended_on": "The end cannot be before the placement started."})
        placement.status = PlacementStatus.ENDED
        placement.ended_on = ended_on
        placement.end_outcome = outcome
        if notes.strip():
            placement.notes = _with_note(placement.notes, f"Ended: {notes.strip()}")
        for review in session.scalars(
            select(Review).where(
                Review.placement_id == placement_id,
                Review.held_on.is_(None),
                Review.due_on > ended_on,
            )
        ):
            session.delete(review)


class WaitingRow(NamedTuple):
    """A pupil on a waiting list, with their place in the queue."""

    placement_id: int
    list_label: str
    position: int
    name: str
    school: str
    year_group: int
    programme: Programme
    priority: int
    decided_on: date
    expected_place_on: date | None
    notes: str


_WAITING_WORDS = {"reset": "KS3 Reset (either group)", "wigston-1-2": "Wigston pathways 1 and 2"}
#: Each waiting list's label, one per pool of the catalogue.
WAITING_LABELS = {key: _WAITING_WORDS.get(key, spec.label) for key, spec in POOL_SPECS.items()}


def waiting_lists(store: Store, today: date) -> list[WaitingRow]:
    """Return every waiting list in queue order, with when a place should free up."""
    query = (
        select(
            Placement.id,
            Placement.programme,
            Placement.group_name,
            Placement.priority,
            Placement.requested_on,
            Decision.decided_at,
            Pupil.first_name,
            Pupil.last_name,
            School.name,
            year_group_column(this_year(today)),
            Placement.notes,
        )
        .join(Pupil, Pupil.id == Placement.pupil_id)
        .join(School, School.id == Placement.school_id)
        .outerjoin(Decision, Decision.id == Placement.decision_id)
        .where(Placement.status == PlacementStatus.WAITING)
    )
    with store.session() as session:
        rows = list(session.execute(query))
        by_list: dict[str, list[Waiter]] = defaultdict(list)
        info = {}
        for pid, programme, group, priority, requested, decided_at, first, last, *rest in rows:
            decided = decided_at.date() if decided_at is not None else requested
            by_list[waiting_list_key(programme, group)].append(Waiter(pid, priority, decided))
            info[pid] = (programme, f"{first} {last}", *rest)
        frees: dict[str, list[date]] = {}
        all_pools = pools_in(session)
        offer = offer_in(session, academic_year_of(today))
        for key, waiters in by_list.items():
            spec = POOL_SPECS[key]
            keys = [f"{key}-{g}" for g in spec.groups] if spec.groups else [key]
            # A waiting pupil needs a place for the whole usual stay (Reset: its seven weeks).
            weeks = offer.line(next(p for p in CATALOGUE if CATALOGUE[p].pool == spec)).weeks
            dates: list[date] = []
            for pool_key_ in keys:
                pool = all_pools[pool_key_]
                stays = _stays(session, pool.key)
                dates += expected_free_dates(pool, stays, today, len(waiters), weeks)
            frees[key] = sorted(dates)
    result = []
    for key in sorted(by_list, key=list(WAITING_LABELS).index):
        for position, waiter in enumerate(waiting_order(by_list[key]), start=1):
            programme, name, school, year_group, notes = info[waiter.placement_id]
            free = frees[key]
            expected = free[position - 1] if position <= len(free) else None
            result.append(
                WaitingRow(
                    waiter.placement_id,
                    WAITING_LABELS[key],
                    position,
                    name,
                    school,
                    year_group,
                    programme,
                    waiter.priority,
                    waiter.decided_on,
                    expected,
                    notes,
                )
            )
    return result


class PoolWeek(NamedTuple):
    """One week of one pool of places."""

    week_of: date
    pool_label: str
    places: int | None
    names: tuple[str, ...]
    free: int | None  # the fewest free on any weekday of the week


class CentreOccupancy(NamedTuple):
    """A centre's places week by week."""

    centre: Centre
    pools: tuple[str, ...]
    weeks: tuple[date, ...]
    cells: dict[tuple[date, str], PoolWeek]


def occupancy(store: Store, centre: Centre, first: date, last: date) -> CentreOccupancy:
    """Return who holds each of ``centre``'s places in each week from ``first`` to ``last``."""
    weeks = week_starts(first, last)
    cells: dict[tuple[date, str], PoolWeek] = {}
    with store.session() as session:
        pools = [p for p in pools_in(session).values() if p.centre == centre]
        stays = {pool.key: _stays(session, pool.key) for pool in pools}
    for pool in pools:
        for monday in weeks:
            days = [monday + timedelta(days=n) for n in range(5)]
            names = sorted({s.name for s in stays[pool.key] if any(s.covers(d) for d in days)})
            free_each = [free_places(pool, stays[pool.key], d) for d in days]
            known = [f for f in free_each if f is not None]
            free = min(known) if known else None
            cells[(monday, pool.label)] = PoolWeek(
                monday, pool.label, pool.places_on(monday), tuple(names), free
            )
    return CentreOccupancy(centre, tuple(p.label for p in pools), tuple(weeks), cells)


class PoolToday(NamedTuple):
    """How full one pool is on a day."""

    centre: Centre
    label: str
    places: int | None
    taken: int
    free: int | None


def pools_on(store: Store, day: date) -> list[PoolToday]:
    """Return how many pupils hold each pool's places on ``day``."""
    result = []
    with store.session() as session:
        for pool in pools_in(session).values():
            stays = _stays(session, pool.key)
            taken = sum(1 for s in stays if s.covers(day))
            result.append(
                PoolToday(
                    pool.centre,
                    pool.label,
                    pool.places_on(day),
                    taken,
                    free_places(pool, stays, day),
                )
            )
    return result


def closures(store: Store) -> list[tuple[date, date]]:
    """Return when the centres are closed (half terms, holidays between terms)."""
    with store.session() as session:
        return closed_ranges(session)


class TermRow(NamedTuple):
    """A term's dates."""

    label: str
    starts_on: date
    half_term_starts: date | None
    half_term_ends: date | None
    ends_on: date


def terms(store: Store) -> list[TermRow]:
    """Return every term in the term_dates table, oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(
                TermDates.academic_year,
                TermDates.term,
                TermDates.starts_on,
                TermDates.half_term_starts,
                TermDates.half_term_ends,
                TermDates.ends_on,
            ).order_by(TermDates.starts_on)
        )
        return [
            TermRow(f"{term.label} {year}-{(year + 1) % 100:02d}", start, hs, he, end)
            for year, term, start, hs, he, end in rows
        ]


def term_of(store: Store, day: date) -> TermRow | None:
    """Return the term holding ``day`` or, in a holiday, the last term before it."""
    before = [t for t in terms(store) if t.starts_on <= day]
    return before[-1] if before else None


class Choice(NamedTuple):
    """An id and its label, for a combo box."""

    id: int
    label: str


def mentor_choices(store: Store) -> list[Choice]:
    """Return the filled posts that can mentor pupils, each with their current caseload."""
    caseload = (
        select(func.count(Placement.id))
        .where(Placement.mentor_id == StaffMember.id, Placement.status == PlacementStatus.ACTIVE)
        .correlate(StaffMember)
        .scalar_subquery()
    )
    with store.session() as session:
        rows = session.execute(
            select(StaffMember.id, StaffMember.name, StaffMember.role, caseload)
            .where(StaffMember.vacant.is_(False), StaffMember.active.is_(True))
            .order_by(StaffMember.role != StaffRole.INCLUSION_MENTOR, StaffMember.name)
        )
        return [
            Choice(i, f"{name} ({role.label}): {count} pupil{'s' if count != 1 else ''}")
            for i, name, role, count in rows
        ]


@typed_input
def assign_mentor(
    store: Store, placement_id: int, mentor_id: int | None, *, version: int | None = None
) -> None:
    """Make ``mentor_id`` the mentor of an active or requested placement (None removes one)."""
    with (
        refusing_stale_saves(store, Placement, placement_id, THIS_PLACEMENT, "mentor_id"),
        store.session() as session,
    ):
        placement = session.get(Placement, placement_id)
        if placement is None:
            raise NotFoundError("That placement no longer exists.")
        check_version(session, placement, version, THIS_PLACEMENT, "mentor_id")
        if placement.status == PlacementStatus.ENDED:
            raise RuleError("An ended placement keeps the mentor it had.", "mentor_id")
        if mentor_id is None and needs_mentor(placement.programme):
            raise RuleError("Tier 2 programmes need a mentor.", "mentor_id")
        if mentor_id is not None:
            member = session.get(StaffMember, mentor_id)
            if member is None or member.vacant:
                raise RuleError("Choose a post that is filled.", "mentor_id")
        placement.mentor_id = mentor_id


def provider_choices(store: Store) -> list[Choice]:
    """Return the active AP providers."""
    with store.session() as session:
        rows = session.execute(
            select(Provider.id, Provider.name)
            .where(Provider.active.is_(True))
            .order_by(Provider.name)
        )
        return [Choice(i, name) for i, name in rows]
