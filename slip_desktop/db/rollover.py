"""The new school year: copying rates and term dates, Year 11 leavers, the end-of-Year-10 list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import func, select

from slip_desktop.db.identity import require_permission
from slip_desktop.db.models import Placement, Pupil, RateSet, Review, School, TermDates
from slip_desktop.db.pupils import year_group_on
from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import list_terms, save_year
from slip_desktop.domain.calendar import TermSpan
from slip_desktop.domain.enums import EndOutcome, PlacementStatus, Programme, Term
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.school_year import (
    Post16Destination,
    academic_year_bounds,
    academic_year_label,
    clean_outcomes,
    shift_into_year,
)
from slip_desktop.domain.text_rules import SCHOOL_FIRST, SCHOOL_LAST
from slip_desktop.domain.typed_input import typed_input

#: Who a copied rate set is entered by, so the history shows where it came from.
ROLLOVER = "New school year"


@typed_input
def check_school_years(from_year: int, to_year: int) -> None:
    """Refuse academic years outside the school dates the office keeps (2000-2098)."""
    first, last = SCHOOL_FIRST.year, SCHOOL_LAST.year - 1  # 2098-99 is the last whole year
    for field, year in (("from_year", from_year), ("to_year", to_year)):
        if not first <= year <= last:
            raise ValidationError({field: f"Choose a school year from {first} to {last}."})


def copy_rates(store: Store, from_year: int, to_year: int) -> str:
    """Copy the newest rates of ``from_year`` to ``to_year`` unless it has rates already.

    Returns what was done, in the coordinator's words.
    """
    # The new year is the coordinator's: checked here, not only in the Settings menu.
    require_permission(store, Action.CHANGE_SETTINGS)
    check_school_years(from_year, to_year)
    with store.session() as session:
        if session.scalar(select(RateSet.id).where(RateSet.academic_year == to_year).limit(1)):
            return f"{academic_year_label(to_year)} already has rates: left as they are."
        source = session.scalars(
            select(RateSet)
            .where(RateSet.academic_year == from_year)
            .order_by(RateSet.entered_at.desc(), RateSet.id.desc())
            .limit(1)
        ).first()
        if source is None:
            return f"{academic_year_label(from_year)} has no rates to copy: enter them in Finance."
        session.add(
            RateSet(
                academic_year=to_year,
                average_cost_ks3_pence=source.average_cost_ks3_pence,
                average_cost_ks4_pence=source.average_cost_ks4_pence,
                pupil_premium_pence=source.pupil_premium_pence,
                pupil_premium_cla_pence=source.pupil_premium_cla_pence,
                pupil_premium_service_pence=source.pupil_premium_service_pence,
                school_days=source.school_days,
                entered_by=ROLLOVER,
                entered_at=datetime.now(),
            )
        )
    return f"Rates of {academic_year_label(from_year)} copied: check them when the DfE publishes."


@typed_input
def copy_term_dates(store: Store, from_year: int, to_year: int) -> str:
    """Copy ``from_year``'s terms into ``to_year`` on the same weekdays, unless it has terms.

    The copy is a skeleton: the coordinator corrects it to the published dates.
    """
    # The new year is the coordinator's: checked here, not only in the Settings menu.
    require_permission(store, Action.CHANGE_SETTINGS)
    check_school_years(from_year, to_year)
    with store.session() as session:
        if session.scalar(select(TermDates.id).where(TermDates.academic_year == to_year).limit(1)):
            return f"{academic_year_label(to_year)} already has term dates: left as they are."
    spans = list_terms(store, from_year)
    if not spans:
        return f"{academic_year_label(from_year)} has no term dates to copy."

    def moved(day: date | None) -> date | None:
        return None if day is None else shift_into_year(day, to_year)

    copies = []
    for span in spans:
        starts, ends = (
            shift_into_year(span.starts_on, to_year),
            shift_into_year(span.ends_on, to_year),
        )
        copies.append(
            TermSpan(
                to_year,
                span.term,
                starts,
                moved(span.half_term_starts),
                moved(span.half_term_ends),
                ends,
            )
        )
    save_year(store, to_year, copies)
    return (
        f"Term dates copied to the same weekdays ({len(copies)} terms): "
        "correct them to the published dates."
    )


def year_end(store: Store, academic_year: int) -> date:
    """Return the last day of the summer term, or 31 August when it is not on record."""
    summer = [s for s in list_terms(store, academic_year) if s.term == Term.SUMMER]
    return summer[0].ends_on if summer else academic_year_bounds(academic_year)[1]


class PlacedPupil(NamedTuple):
    """A pupil on an active placement, as the rollover lists show them."""

    placement_id: int
    pupil_id: int
    name: str
    school: str
    year_group: int
    programme: Programme
    starts_on: date | None
    planned_end_on: date | None
    next_review_on: date | None

    @property
    def programme_label(self) -> str:
        """The programme as the coordinator reads it."""
        return self.programme.label


def _active_in_year_group(store: Store, academic_year: int, year_group: int) -> list[PlacedPupil]:
    shown = year_group_on(academic_year)
    next_review = (
        select(func.min(Review.due_on))
        .where(Review.placement_id == Placement.id, Review.held_on.is_(None))
        .correlate(Placement)
        .scalar_subquery()
    )
    query = (
        select(
            Placement.id,
            Pupil.id,
            Pupil.first_name,
            Pupil.last_name,
            School.name,
            shown,
            Placement.programme,
            Placement.starts_on,
            Placement.planned_end_on,
            next_review,
        )
        .join(Pupil, Pupil.id == Placement.pupil_id)
        .join(School, School.id == Placement.school_id)
        .where(Placement.status == PlacementStatus.ACTIVE, shown == year_group)
        .order_by(School.name, Pupil.last_name, Pupil.first_name, Placement.id)
    )
    with store.session() as session:
        return [
            PlacedPupil(pid, pupil, f"{first} {last}", school, year, prog, start, end, review)
            for pid, pupil, first, last, school, year, prog, start, end, review in session.execute(
                query
            )
        ]


def year11_placements(store: Store, academic_year: int) -> list[PlacedPupil]:
    """Return the active placements of pupils in Year 11 in ``academic_year`` (the leavers)."""
    return _active_in_year_group(store, academic_year, 11)


def end_of_year10_list(store: Store, academic_year: int) -> list[PlacedPupil]:
    """Return KS4 pupils in Year 10 on placements: the end-of-Year-10 push back to mainstream."""
    return _active_in_year_group(store, academic_year, 10)


@dataclass(frozen=True)
class LeaverOutcome:
    """What the coordinator records for one Year 11 leaver's placement."""

    placement_id: int
    destination: Post16Destination = Post16Destination.UNKNOWN
    #: Qualifications, one a line: "GCSE Mathematics: 4".
    outcomes: str = ""


@typed_input
def end_year11_placements(store: Store, leavers: Sequence[LeaverOutcome], ended_on: date) -> int:
    """End each leaver's active placement on ``ended_on`` with destination and outcomes.

    One transaction: every leaver is checked first, so a bad line stores nothing.
    Returns how many placements were ended.

    Raises:
        ValidationError: outcomes without a grade (field ``outcomes.<placement id>``).
        RuleError: a placement has gone, is no longer active, or starts after ``ended_on``.
    """
    # The new year is the coordinator's: checked here, not only in the Settings menu.
    require_permission(store, Action.CHANGE_SETTINGS)
    cleaned: dict[int, str] = {}
    for leaver in leavers:
        try:
            cleaned[leaver.placement_id] = clean_outcomes(leaver.outcomes)
        except ValidationError as error:
            raise ValidationError(
                {f"outcomes.{leaver.placement_id}": error.errors["outcomes"]}
            ) from error
    with store.session() as session:
        for leaver in leavers:
            placement = session.get(Placement, leaver.placement_id)
            if placement is None or placement.status != PlacementStatus.ACTIVE:
                raise RuleError(
                    "A Year 11 placement has changed since the list was shown: reopen it."
                )
            if placement.starts_on is not None and placement.starts_on > ended_on:
                raise RuleError(
                    f"A placement starts on {placement.starts_on:%d %b %Y}, after the year ends "
                    f"({ended_on:%d %b %Y}): cancel it rather than end it.",
                    "ended_on",
                )
            placement.status = PlacementStatus.ENDED
            placement.ended_on = ended_on
            placement.end_outcome = EndOutcome.POST16
            placement.post16_destination = leaver.destination
            placement.year11_outcomes = cleaned[leaver.placement_id]
            for review in session.scalars(
                select(Review).where(
                    Review.placement_id == placement.id,
                    Review.held_on.is_(None),
                    Review.due_on > ended_on,
                )
            ):
                session.delete(review)
    return len(leavers)


class LeaverRecord(NamedTuple):
    """An ended Year 11 placement with where the pupil went."""

    placement_id: int
    ended_on: date | None
    destination: Post16Destination | None
    outcomes: str


def leaver_record(store: Store, placement_id: int) -> LeaverRecord:
    """Return a placement's end, post-16 destination and Year 11 outcomes."""
    with store.session() as session:
        placement = session.get(Placement, placement_id)
        if placement is None:
            raise RuleError("That placement no longer exists.")
        return LeaverRecord(
            placement.id,
            placement.ended_on,
            placement.post16_destination,
            placement.year11_outcomes,
        )
