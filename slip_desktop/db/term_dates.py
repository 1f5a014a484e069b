"""Term dates per academic year: reading and saving the three terms."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from slip_desktop.db.models import TermDates
from slip_desktop.db.store import Store
from slip_desktop.domain.calendar import TermSpan, validate_term, validate_year
from slip_desktop.domain.enums import Term
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.typed_input import typed_input


def _span(row: TermDates) -> TermSpan:
    return TermSpan(
        row.academic_year,
        row.term,
        row.starts_on,
        row.half_term_starts,
        row.half_term_ends,
        row.ends_on,
    )


def list_terms(store: Store, academic_year: int | None = None) -> list[TermSpan]:
    """Return the terms on record (of one academic year when given), in date order."""
    query = select(TermDates).order_by(TermDates.starts_on)
    if academic_year is not None:
        query = query.where(TermDates.academic_year == academic_year)
    with store.session() as session:
        return [_span(row) for row in session.scalars(query)]


def academic_years(store: Store) -> list[int]:
    """Return every academic year that has term dates, oldest first."""
    with store.session() as session:
        return sorted(set(session.scalars(select(TermDates.academic_year))))


@typed_input
def save_year(store: Store, academic_year: int, spans: Sequence[TermSpan]) -> None:
    """Replace the term dates of ``academic_year`` with ``spans`` after checking them."""
    errors: dict[str, str] = {}
    for span in spans:
        if span.academic_year != academic_year:
            raise ValidationError(
                {"academic_year": "Every term must belong to the year being saved."}
            )
        try:
            validate_term(span)
        except ValidationError as error:
            errors.update({f"{span.term.value}.{k}": v for k, v in error.errors.items()})
    terms = [span.term for span in spans]
    for term in set(terms):
        if terms.count(term) > 1:
            errors[f"{term.value}.starts_on"] = f"{term.label} is given twice; enter it once."
    if errors:
        raise ValidationError(errors)
    validate_year(spans)
    with store.session() as session:
        existing = {
            row.term: row
            for row in session.scalars(
                select(TermDates).where(TermDates.academic_year == academic_year)
            )
        }
        kept: set[Term] = set()
        for span in spans:
            row = existing.get(span.term) or TermDates(academic_year=academic_year, term=span.term)
            row.starts_on = span.starts_on
            row.half_term_starts = span.half_term_starts
            row.half_term_ends = span.half_term_ends
            row.ends_on = span.ends_on
            session.add(row)
            kept.add(span.term)
        for term, row in existing.items():
            if term not in kept:
                session.delete(row)
