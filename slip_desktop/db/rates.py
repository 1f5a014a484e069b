"""Rates per academic year: a new row for every change, so the history is kept."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from slip_desktop.db.identity import require_permission
from slip_desktop.db.models import RateSet
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import stale_error
from slip_desktop.domain.charges import Rates, rates_from_text
from slip_desktop.domain.money import pounds, to_pence
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.typed_input import typed_input


class RateSetRow(NamedTuple):
    """One entry in the rates history; ``current`` marks the newest of its year."""

    id: int
    academic_year: int
    average_cost_ks3: Decimal
    average_cost_ks4: Decimal
    pupil_premium: Decimal
    pupil_premium_cla: Decimal
    pupil_premium_service: Decimal
    school_days: int
    entered_at: datetime
    entered_by: str
    current: bool

    def to_rates(self) -> Rates:
        """Return the domain's view of these rates."""
        return Rates(
            academic_year=self.academic_year,
            average_cost_ks3=self.average_cost_ks3,
            average_cost_ks4=self.average_cost_ks4,
            pupil_premium=self.pupil_premium,
            pupil_premium_cla=self.pupil_premium_cla,
            pupil_premium_service=self.pupil_premium_service,
            school_days=self.school_days,
        )


def _row(rate_set: RateSet, current: bool) -> RateSetRow:
    return RateSetRow(
        id=rate_set.id,
        academic_year=rate_set.academic_year,
        average_cost_ks3=pounds(rate_set.average_cost_ks3_pence),
        average_cost_ks4=pounds(rate_set.average_cost_ks4_pence),
        pupil_premium=pounds(rate_set.pupil_premium_pence),
        pupil_premium_cla=pounds(rate_set.pupil_premium_cla_pence),
        pupil_premium_service=pounds(rate_set.pupil_premium_service_pence),
        school_days=rate_set.school_days,
        entered_at=rate_set.entered_at,
        entered_by=rate_set.entered_by,
        current=current,
    )


def _newest_first(session: Session, academic_year: int | None = None) -> list[RateSet]:
    query = select(RateSet).order_by(
        RateSet.academic_year.desc(), RateSet.entered_at.desc(), RateSet.id.desc()
    )
    if academic_year is not None:
        query = query.where(RateSet.academic_year == academic_year)
    return list(session.scalars(query))


def list_rate_sets(store: Store, academic_year: int | None = None) -> list[RateSetRow]:
    """Return the rates history (of one year, or all), newest first per year."""
    require_permission(store, Action.VIEW_FINANCE)
    with store.session() as session:
        seen: set[int] = set()
        rows = []
        for rate_set in _newest_first(session, academic_year):
            rows.append(_row(rate_set, rate_set.academic_year not in seen))
            seen.add(rate_set.academic_year)
        return rows


def current_rate_set(session: Session, academic_year: int) -> RateSet | None:
    """Return the rates in force for a year (the newest entry), inside a session."""
    found = _newest_first(session, academic_year)
    return found[0] if found else None


def current_rates(store: Store, academic_year: int) -> RateSetRow | None:
    """Return the rates in force for a year, or None when none were entered."""
    require_permission(store, Action.VIEW_FINANCE)
    with store.session() as session:
        rate_set = current_rate_set(session, academic_year)
        return _row(rate_set, True) if rate_set is not None else None


def rates_of(rate_set: RateSet) -> Rates:
    """Return a stored rate set as the domain's rates."""
    return _row(rate_set, True).to_rates()


@typed_input
def save_rates(
    store: Store,
    academic_year: int,
    texts: dict[str, str],
    entered_by: str = "",
    opened_id: int | None = None,
) -> RateSetRow:
    """Check the typed rates and add them as the year's newest entry (older ones stay).

    ``opened_id`` is the newest entry the form read (0: it read none; None: not checked).
    The year's rates are a history, so their version is their newest entry's id.

    Raises:
        ValidationError: for every field that cannot be accepted.
        StaleRecordError: someone else saved the year's rates since the form read them.
    """
    rates = rates_from_text(academic_year, texts)
    with store.session() as session:
        newest = current_rate_set(session, academic_year)
        if opened_id is not None and newest is not None and newest.id != opened_id:
            raise stale_error(
                session,
                newest,
                f"The rates for {academic_year}-{(academic_year + 1) % 100:02d}",
                "average_cost_ks3",
            )
        rate_set = RateSet(
            academic_year=academic_year,
            average_cost_ks3_pence=to_pence(rates.average_cost_ks3),
            average_cost_ks4_pence=to_pence(rates.average_cost_ks4),
            pupil_premium_pence=to_pence(rates.pupil_premium),
            pupil_premium_cla_pence=to_pence(rates.pupil_premium_cla),
            pupil_premium_service_pence=to_pence(rates.pupil_premium_service),
            school_days=rates.school_days,
            entered_by=entered_by,
            # Set here rather than by the server so two saves in one second still order.
            entered_at=datetime.now(),
        )
        session.add(rate_set)
        session.flush()
        return _row(rate_set, True)
