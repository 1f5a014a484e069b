"""The finance world with three schools to invoice: two charged, one with nothing to pay."""

from __future__ import annotations

from dataclasses import dataclass

from slip_desktop.db.models import PartnershipSettings, Placement, School, SchoolContact
from slip_desktop.db.store import Store
from slip_desktop.domain.schools import ContactRole
from tests.finance_world import World, build_world

#: Brookfield's finance contact and the third school's, in two scripts.
BROOKFIELD_FINANCE = ("Σοφία Παπαδοπούλου", "sofia.papadopoulou@brookfield.example")
OAKFIELD_FINANCE = ("Олег Петренко", "oleg.petrenko@oakfield.example")
OAKFIELD = "Oakfield College (invented)"
PAYEE = "Leicestershire County Council (SLIP)"


@dataclass
class StatementsWorld:
    world: World
    oakfield_id: int


def build_statements_world(store: Store) -> StatementsWorld:
    """Brookfield and Oakfield have charges; Meadowbank only a free small-group place."""
    world = build_world(store)
    with store.session() as s:
        oakfield = School(name=OAKFIELD, address="1 Orchard Lane\nLutterworth\nLE17 4AA")
        s.add(oakfield)
        s.flush()
        ap = s.get(Placement, world.ap_placement_id)
        free = s.get(Placement, world.free_placement_id)
        assert ap is not None and free is not None
        ap.school_id = oakfield.id
        free.school_id = world.other_school_id
        brookfield = s.get(School, world.school_id)
        assert brookfield is not None
        brookfield.address = "Brook Street\nWigston\nLE18 1AB"
        s.add_all(
            [
                SchoolContact(
                    school_id=world.school_id,
                    role=ContactRole.FINANCE,
                    name=BROOKFIELD_FINANCE[0],
                    email=BROOKFIELD_FINANCE[1],
                ),
                SchoolContact(
                    school_id=world.school_id,
                    role=ContactRole.SENCO,
                    name="Zoë O'Brien-Ćorić",
                    email="senco@brookfield.example",
                ),
                SchoolContact(
                    school_id=oakfield.id,
                    role=ContactRole.FINANCE,
                    name=OAKFIELD_FINANCE[0],
                    email=OAKFIELD_FINANCE[1],
                ),
                PartnershipSettings(
                    id=1,
                    name="South Leicestershire Inclusion Partnership",
                    email="office@slip.example",
                    coordinator="Nguyễn Thị Ánh",
                    payee=PAYEE,
                    sort_code="12-34-56",
                    account_number="12345678",
                    remittance="Send remittance advice to office@slip.example.",
                    payment_terms_days=30,
                ),
            ]
        )
        return StatementsWorld(world, oakfield.id)
