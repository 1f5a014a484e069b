"""Review operations: booking reviews when a placement starts, recording them, overdue ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from slip_desktop.db.models import Placement, Pupil, Review, School, TermDates
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import PlacementStatus, Programme, ReturnAnswer
from slip_desktop.domain.errors import NotFoundError, ValidationError
from slip_desktop.domain.reviews import HalfTerm, days_overdue, review_purpose, review_schedule
from slip_desktop.domain.typed_input import typed_input


def half_terms(session: Session) -> list[HalfTerm]:
    """Return every half term in the term_dates table."""
    halves: list[HalfTerm] = []
    for term in session.scalars(select(TermDates).order_by(TermDates.starts_on)):
        if term.half_term_starts is not None and term.half_term_ends is not None:
            # The first half ends the day before the break; the second starts after it.
            halves.append(HalfTerm(term.starts_on, term.half_term_starts - timedelta(days=1)))
            halves.append(HalfTerm(term.half_term_ends + timedelta(days=1), term.ends_on))
        else:
            halves.append(HalfTerm(term.starts_on, term.ends_on))
    return halves


def closed_ranges(session: Session) -> list[tuple[date, date]]:
    """Return the half terms and the holidays between terms, as date ranges."""
    closed: list[tuple[date, date]] = []
    previous_end: date | None = None
    for term in session.scalars(select(TermDates).order_by(TermDates.starts_on)):
        if term.half_term_starts is not None and term.half_term_ends is not None:
            closed.append((term.half_term_starts, term.half_term_ends))
        if previous_end is not None and term.starts_on > previous_end + timedelta(days=1):
            closed.append((previous_end + timedelta(days=1), term.starts_on - timedelta(days=1)))
        previous_end = term.ends_on
    return closed


@typed_input
def schedule_reviews(session: Session, placement: Placement) -> list[Review]:
    """Book the reviews a placement that has just started needs (inside the caller's session)."""
    if placement.starts_on is None:
        return []
    due = review_schedule(
        placement.starts_on,
        placement.planned_end_on,
        half_terms(session),
        closed_ranges(session),
    )
    reviews = [Review(placement_id=placement.id, due_on=d.due_on, notes="") for d in due]
    session.add_all(reviews)
    return reviews


class ReviewRow(NamedTuple):
    """A booked or held review, with its pupil."""

    id: int
    placement_id: int
    name: str
    school: str
    programme: Programme
    group_name: str
    due_on: date
    held_on: date | None
    able_to_return: ReturnAnswer | None
    attendees: str
    next_step: str
    notes: str
    placement_status: PlacementStatus
    starts_on: date | None
    planned_end_on: date | None

    @property
    def purpose(self) -> str:
        """What kind of review this is, by the booking rule."""
        return review_purpose(self.due_on, self.starts_on, self.planned_end_on)


def list_reviews(store: Store, placement_id: int | None = None) -> list[ReviewRow]:
    """Return reviews of placements (all, or one placement's), earliest due first."""
    query = (
        select(
            Review.id,
            Review.placement_id,
            Pupil.first_name,
            Pupil.last_name,
            School.name,
            Placement.programme,
            Placement.group_name,
            Review.due_on,
            Review.held_on,
            Review.able_to_return,
            Review.attendees,
            Review.next_step,
            Review.notes,
            Placement.status,
            Placement.starts_on,
            Placement.planned_end_on,
        )
        .join(Placement, Placement.id == Review.placement_id)
        .join(Pupil, Pupil.id == Placement.pupil_id)
        .join(School, School.id == Placement.school_id)
        .order_by(Review.due_on, Pupil.last_name)
    )
    if placement_id is not None:
        query = query.where(Review.placement_id == placement_id)
    with store.session() as session:
        return [
            ReviewRow(rid, pid, f"{first} {last}", *rest)
            for rid, pid, first, last, *rest in session.execute(query)
        ]


def overdue_reviews(store: Store, today: date) -> list[ReviewRow]:
    """Return reviews of active placements past their due date and not yet held."""
    return [
        r
        for r in list_reviews(store)
        if r.placement_status == PlacementStatus.ACTIVE and days_overdue(r.due_on, r.held_on, today)
    ]


@dataclass(frozen=True)
class ReviewRecord:
    """What was said at a review."""

    review_id: int
    held_on: date | None
    able_to_return: ReturnAnswer | None
    attendees: str
    notes: str
    next_step: str


def record_review(store: Store, record: ReviewRecord, today: date) -> None:
    """Record a held review: the answer to "able to return to mainstream?", who came, next step."""
    errors: dict[str, str] = {}
    if record.held_on is None:
        errors["held_on"] = "Enter the date the review was held."
    elif record.held_on > today:
        errors["held_on"] = "A review cannot be recorded before it is held."
    if record.able_to_return is None:
        errors["able_to_return"] = "Answer: is this pupil able to return to mainstream?"
    if not record.attendees.strip():
        errors["attendees"] = "Say who attended (including the school's link)."
    if not record.next_step.strip():
        errors["next_step"] = "Write the agreed next step."
    if errors:
        raise ValidationError(errors)
    with store.session() as session:
        review = session.get(Review, record.review_id)
        if review is None:
            raise NotFoundError("That review no longer exists.")
        review.held_on = record.held_on
        review.able_to_return = record.able_to_return
        review.attendees = record.attendees.strip()
        review.notes = record.notes.strip()
        review.next_step = record.next_step.strip()
