"""The offer per academic year: read it as domain objects, save it, copy it to a new year."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from slip_desktop.db.models import OfferLine as OfferLineRow
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import (
    check_list_version,
    newest_change,
    refusing_stale_list_saves,
)
from slip_desktop.domain.capacity import Pool, build_pools
from slip_desktop.domain.enums import Programme
from slip_desktop.domain.offer import Offer, OfferLine, copy_offer_to, default_offer
from slip_desktop.domain.programmes import CATALOGUE, POOL_SPECS, pool_programmes
from slip_desktop.domain.typed_input import typed_input


def _stored_years(session: Session) -> list[int]:
    return sorted(set(session.scalars(select(OfferLineRow.academic_year).distinct())))


def _lines_of(session: Session, academic_year: int) -> dict[Programme, OfferLine]:
    rows = session.scalars(select(OfferLineRow).where(OfferLineRow.academic_year == academic_year))
    return {
        row.programme: OfferLine(
            row.programme, row.places, row.weeks, row.days_per_week, row.charged, row.charge_rule
        )
        for row in rows
    }


def offer_in(session: Session, academic_year: int) -> Offer:
    """Return the offer in force in ``academic_year`` inside an open session.

    A year without its own rows follows the latest earlier year that has them
    (a change applies from its year on), else the published offer.
    """
    earlier = [y for y in _stored_years(session) if y <= academic_year]
    base = default_offer(academic_year)
    if not earlier:
        return base
    stored = _lines_of(session, earlier[-1])
    # A programme added to the catalogue after the year was stored takes its default line.
    return Offer(academic_year, {p: stored.get(p, base.lines[p]) for p in CATALOGUE})


def read_offer(store: Store, academic_year: int) -> Offer:
    """Return the offer in force in ``academic_year``."""
    with store.session() as session:
        return offer_in(session, academic_year)


def _own_rows(session: Session, academic_year: int) -> list[OfferLineRow]:
    query = select(OfferLineRow).where(OfferLineRow.academic_year == academic_year)
    return list(session.scalars(query))


def _beside(row: OfferLineRow) -> str:
    return f"places:{row.programme.value}"


def offer_version(store: Store, academic_year: int) -> int:
    """Return the version of a year's own offer, for the dialog to hand back to ``save_offer``.

    0 while the year has no own offer (or none on the trail).
    """
    with store.session() as session:
        return newest_change(session, OfferLineRow, _own_rows(session, academic_year))[0]


def offer_years(store: Store) -> list[int]:
    """Return the academic years that have their own stored offer, oldest first."""
    with store.session() as session:
        return _stored_years(session)


def pools_in(session: Session) -> dict[str, Pool]:
    """Return every pool with its places year by year (the published offer before any year)."""
    by_year: dict[str, list[tuple[int, int | None]]] = defaultdict(list)
    for year in _stored_years(session):
        lines = _lines_of(session, year)
        for key in POOL_SPECS:
            line = lines.get(pool_programmes(key)[0])
            if line is not None:
                by_year[key].append((year, line.places))
    pools = build_pools()
    result = {}
    for key, pool in pools.items():
        base = key.rsplit("-", 1)[0] if key not in POOL_SPECS else key
        result[key] = Pool(pool.key, pool.label, pool.centre, pool.places, tuple(by_year[base]))
    return result


def _write(session: Session, offer: Offer, entered_by: str) -> None:
    existing = {
        row.programme: row
        for row in session.scalars(
            select(OfferLineRow).where(OfferLineRow.academic_year == offer.academic_year)
        )
    }
    now = datetime.now()
    for programme, line in offer.lines.items():
        row = existing.get(programme)
        if row is None:
            row = OfferLineRow(academic_year=offer.academic_year, programme=programme)
            session.add(row)
        changed = (row.places, row.weeks, row.days_per_week, row.charged, row.charge_rule) != (
            line.places,
            line.weeks,
            line.days_per_week,
            line.charged,
            line.charge_rule,
        )
        if changed or row.id is None:
            row.places = line.places
            row.weeks = line.weeks
            row.days_per_week = line.days_per_week
            row.charged = line.charged
            row.charge_rule = line.charge_rule
            row.entered_at = now
            row.entered_by = entered_by


@typed_input
def save_offer(
    store: Store, offer: Offer, entered_by: str = "", version: int | None = None
) -> Offer:
    """Store ``offer`` as its year's own offer; later years without their own follow it.

    Every changed line is audited (the trail keeps the old and new figures);
    other years' rows are untouched, so the history stays. ``version`` is
    :func:`offer_version` when the dialog read the year (None: not checked).

    Raises:
        StaleRecordError: someone else saved the year's offer since the dialog read it.
    """
    year = offer.academic_year
    what = f"The offer for {year}-{(year + 1) % 100:02d}"
    rows_of = partial(_own_rows, academic_year=year)
    with (
        refusing_stale_list_saves(store, OfferLineRow, rows_of, what, _beside),
        store.session() as session,
    ):
        check_list_version(session, OfferLineRow, rows_of(session), version, what, _beside)
        _write(session, offer, entered_by)
        session.flush()
        return offer_in(session, offer.academic_year)


@typed_input
def copy_offer(store: Store, from_year: int, to_year: int, entered_by: str = "") -> Offer:
    """Start ``to_year`` as a copy of ``from_year``'s offer (for the new school year).

    A year that already has its own offer keeps it.
    """
    from slip_desktop.db.rollover import check_school_years

    check_school_years(from_year, to_year)
    with store.session() as session:
        if to_year not in _stored_years(session):
            _write(session, copy_offer_to(offer_in(session, from_year), to_year), entered_by)
            session.flush()
        return offer_in(session, to_year)
