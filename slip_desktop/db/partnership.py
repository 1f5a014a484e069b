"""The partnership's own details: read (defaults until saved) and saved by the coordinator."""

from __future__ import annotations

from dataclasses import asdict

from slip_desktop.db.identity import require_permission
from slip_desktop.db.models import PartnershipSettings
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.partnership import (
    DEFAULTS,
    TEXT_FIELDS,
    Partnership,
    partnership_from_form,
)
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.typed_input import typed_input

_ROW_ID = 1


def _domain(row: PartnershipSettings) -> Partnership:
    return Partnership(
        name=row.name,
        address=row.address,
        phone=row.phone,
        email=row.email,
        website=row.website,
        logo_png=row.logo_png,
        coordinator=row.coordinator,
        payee=row.payee,
        sort_code=row.sort_code,
        account_number=row.account_number,
        remittance=row.remittance,
        payment_terms_days=row.payment_terms_days,
        marking=row.marking,
    )


def read_partnership(store: Store) -> Partnership:
    """Return the partnership's details, or the defaults when none were saved yet."""
    with store.session() as session:
        row = session.get(PartnershipSettings, _ROW_ID)
        return _domain(row) if row is not None else DEFAULTS


def partnership_version(store: Store) -> int:
    """Return the version of the saved details the form reads (0: none saved yet)."""
    with store.session() as session:
        row = session.get(PartnershipSettings, _ROW_ID)
        return row.version if row is not None else 0


def partnership_details(store: Store) -> Partnership:
    """Return what documents print as the partnership: headers, footers, statements, e-mails."""
    return read_partnership(store)


def is_partnership_set(store: Store) -> bool:
    """True once the coordinator has saved the partnership's details (for the first-run list)."""
    with store.session() as session:
        return session.get(PartnershipSettings, _ROW_ID) is not None


@typed_input
def save_partnership(
    store: Store, partnership: Partnership, version: int | None = None
) -> Partnership:
    """Store checked details (see ``domain.partnership.partnership_from_form``); audited.

    ``version`` is the one the form read (:func:`partnership_version`; 0: none saved).

    Raises:
        PermissionDenied: unless the signed-in role may change settings.
        StaleRecordError: someone else saved the details since the form read them.
    """
    require_permission(store, Action.CHANGE_SETTINGS)
    # Checked again here, not only in the dialog: every caller meets the form's rules.
    partnership = partnership_from_form(
        {field: str(getattr(partnership, field)) for field in TEXT_FIELDS}, partnership.logo_png
    )
    what = "The partnership's details"
    with (
        refusing_stale_saves(store, PartnershipSettings, _ROW_ID, what, "name"),
        store.session() as session,
    ):
        row = session.get(PartnershipSettings, _ROW_ID)
        if row is not None:
            check_version(session, row, version, what, "name")
        if row is None:
            row = PartnershipSettings(id=_ROW_ID)
            session.add(row)
        for field, value in asdict(partnership).items():
            if getattr(row, field, None) != value:
                setattr(row, field, value)
        session.flush()
        return _domain(row)
