"""The invented demo partnership's own details (address, payment details, coordinator)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from slip_desktop.db.models import PartnershipSettings


def seed(session: Session) -> None:
    """Store the demo partnership's details (all invented; sort code in the unused 00- range)."""
    session.add(
        PartnershipSettings(
            id=1,
            name="South Leicestershire Inclusion Partnership",
            address="The Old School House\nBlaby Road\nSouth Wigston\nLeicestershire LE18 9ZZ",
            phone="0116 496 0000",
            email="office@slip.example.org.uk",
            website="www.slip.example.org.uk",
            logo_png=None,
            coordinator="Gareth Pryce",
            payee="South Leicestershire Inclusion Partnership",
            sort_code="00-99-01",
            account_number="00012345",
            remittance="Please quote the statement number and e-mail a remittance advice.",
            payment_terms_days=30,
            marking="OFFICIAL-SENSITIVE",
        )
    )
