"""Term dates per academic year: reading and saving the three terms."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from slip_desktop.db.models import TermDates
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import (
    check_list_version,
    newest_change,
    refusing_stale_list_saves,
)
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


def _year_rows(session: Session, academic_year: int) -> list[TermDates]:
    return list(session.scalars(select(TermDates).where(TermDates.academic_year == academic_year)))


def _beside(row: TermDates) -> str:
    return f"{row.term.value}.starts_on"


def year_version(store: Store, academic_year: int) -> int:
    """Return the version of a year's terms, for the dialog to hand back to ``save_year``."""
    with store.session() as session:
        return newest_change(session, TermDates, _year_rows(session, academic_year))[0]


def academic_years(store: Store) -> list[int]:
    """Return every academic year that has term dates, oldest first."""
    with store.session() as session:
        return sorted(set(session.scalars(select(TermDates.academic_year))))


@typed_input
def save_year(
    store: Store, academic_year: int, spans: Sequence[TermSpan], version: int | None = None
) -> None:
    """Replace the term dates of ``academic_year`` with ``spans`` after checking them.

    ``version`` is :func:`year_version` when the dialog read the year (None: not checked).

    Raises:
        ValidationError: for every date that cannot be accepted.
        StaleRecordError: someone else saved the year's terms since the dialog read them.
    """
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
    what = f"The term dates for {academic_year}-{(academic_year + 1) % 100:02d}"
    rows_of = partial(_year_rows, academic_year=academic_year)
    with (
        refusing_stale_list_saves(store, TermDates, rows_of, what, _beside),
        store.session() as session,
    ):
        rows = rows_of(session)
        check_list_version(session, TermDates, rows, version, what, _beside)
        existing = {row.term: row for row in rows}
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
