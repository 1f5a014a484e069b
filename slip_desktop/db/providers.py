"""AP provider operations: who the partnership commissions and who is placed with them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from sqlalchemy import func, select

from slip_desktop.db.models import Placement, Provider
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.enums import PlacementStatus
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.typed_input import typed_input

#: A provider's quality check is due again after a year.
QUALITY_CHECK_INTERVAL = timedelta(days=365)


class ProviderRow(NamedTuple):
    """An AP provider with how many pupils are placed there now."""

    id: int
    name: str
    offer: str
    day_rate: Decimal
    contact_name: str
    contact_email: str
    phone: str
    last_quality_check: date | None
    placed: int
    #: The version read: the form hands it back when it saves (db/versioning.py).
    version: int = 0

    def check_overdue(self, today: date) -> bool:
        """Return True when the last quality check is missing or more than a year old."""
        return (
            self.last_quality_check is None
            or today - self.last_quality_check > QUALITY_CHECK_INTERVAL
        )


def list_providers(store: Store) -> list[ProviderRow]:
    """Return every active provider with its current placements."""
    placed = (
        select(func.count(Placement.id))
        .where(Placement.provider_id == Provider.id, Placement.status == PlacementStatus.ACTIVE)
        .correlate(Provider)
        .scalar_subquery()
    )
    query = (
        select(
            Provider.id,
            Provider.name,
            Provider.offer,
            Provider.day_rate_pence,
            Provider.contact_name,
            Provider.contact_email,
            Provider.phone,
            Provider.last_quality_check,
            placed,
            Provider.version,
        )
        .where(Provider.active.is_(True))
        .order_by(Provider.name)
    )
    with store.session() as session:
        return [
            ProviderRow(pid, name, offer, Decimal(pence) / 100, *rest)
            for pid, name, offer, pence, *rest in session.execute(query)
        ]


@dataclass(frozen=True)
class ProviderInput:
    """What the provider form holds; ``day_rate`` is text in pounds as typed."""

    name: str
    offer: str
    day_rate: str
    contact_name: str
    contact_email: str
    phone: str
    last_quality_check: date | None


#: How a stale save names a provider.
_PROVIDER = "This provider"


@typed_input
def save_provider(
    store: Store, data: ProviderInput, provider_id: int | None = None, version: int | None = None
) -> int:
    """Add a provider (or change one from the ``version`` the form read); return its id.

    Raises:
        ValidationError: no name, a name already used, or a day rate that is not money.
        StaleRecordError: someone else saved the provider since the form read it.
    """
    errors: dict[str, str] = {}
    name = data.name.strip()
    if not name:
        errors["name"] = "Enter the provider's name."
    try:
        rate = Decimal(data.day_rate.strip().lstrip("£").replace(",", "") or "0")
        # The cap first: quantize fails on huge figures, and SQLite holds 64-bit pence.
        if rate < 0 or rate >= Decimal(100000) or rate != rate.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        errors["day_rate"] = "Enter the day rate in pounds and pence, e.g. 95.00."
        rate = Decimal(0)
    with (
        refusing_stale_saves(store, Provider, provider_id, _PROVIDER, "name"),
        store.session() as session,
    ):
        # Compared in Python: SQLite's lower() folds ASCII only, so 'Í' would slip past it.
        clash = next(
            (
                pid
                for pid, other in session.execute(select(Provider.id, Provider.name))
                if other.casefold() == name.casefold()
            ),
            None,
        )
        if name and clash is not None and clash != provider_id:
            errors["name"] = "A provider with this name already exists."
        if errors:
            raise ValidationError(errors)
        provider = session.get(Provider, provider_id) if provider_id else None
        if provider is not None:
            check_version(session, provider, version, _PROVIDER, "name")
        if provider is None:
            provider = Provider(name=name)
            session.add(provider)
        provider.name = name
        provider.offer = data.offer.strip()
        provider.day_rate_pence = int(rate * 100)
        provider.contact_name = data.contact_name.strip()
        provider.contact_email = data.contact_email.strip()
        provider.phone = data.phone.strip()
        provider.last_quality_check = data.last_quality_check
        session.flush()
        return provider.id


@typed_input
def record_quality_check(store: Store, provider_id: int, checked_on: date) -> None:
    """Record the date of a provider's latest quality check."""
    with store.session() as session:
        provider = session.get(Provider, provider_id)
        if provider is not None:
            provider.last_quality_check = checked_on
