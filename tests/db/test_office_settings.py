"""The partnership's settings row and schools with contacts, as stored."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.partnership import is_partnership_set, read_partnership, save_partnership
from slip_desktop.db.pupils import list_schools
from slip_desktop.db.schools import (
    add_school,
    close_school,
    list_all_schools,
    reopen_school,
    school_record,
    update_school,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.domain.permissions import PermissionDenied
from slip_desktop.domain.schools import Contact, ContactRole, SchoolDetails

STAFF = Identity(5, "staffer", "Sam Staff", UserRole.STAFF)
HARBOUR = SchoolDetails("Harbour Vale Academy", urn="990101", la_code="855")


def test_an_unset_partnership_reads_as_the_defaults_then_as_saved(store: Store) -> None:
    assert read_partnership(store) == DEFAULTS and not is_partnership_set(store)
    office = Partnership(name="Wolds & Vale Inclusion Partnership", email="o@wolds.example")
    assert save_partnership(store, office) == office
    assert read_partnership(store) == office and is_partnership_set(store)


def test_only_the_coordinator_changes_settings(store: Store) -> None:
    set_current_user(store, STAFF)
    with pytest.raises(PermissionDenied):
        save_partnership(store, DEFAULTS)
    with pytest.raises(PermissionDenied):
        add_school(store, HARBOUR)


def test_a_school_keeps_one_contact_per_role_and_edits_replace_them(store: Store) -> None:
    senco = Contact(ContactRole.SENCO, "Nguyễn Thị Ánh", "senco@hva.example.sch.uk")
    school_id = add_school(store, HARBOUR, [senco])
    assert school_record(store, school_id).contacts == (senco,)
    finance = Contact(ContactRole.FINANCE, "Олег Петренко", "finance@hva.example.sch.uk")
    update_school(store, school_id, HARBOUR, [finance])
    assert school_record(store, school_id).contacts == (finance,)


def test_a_school_name_or_urn_already_used_is_refused_naming_the_field(store: Store) -> None:
    add_school(store, HARBOUR)
    with pytest.raises(ValidationError) as caught:
        add_school(store, SchoolDetails("harbour vale academy"))
    assert "name" in caught.value.errors
    with pytest.raises(ValidationError) as caught:
        add_school(store, SchoolDetails("Kestrel Park College", urn="990101"))
    assert "urn" in caught.value.errors


def test_closing_hides_a_school_from_new_referrals_but_keeps_its_history(store: Store) -> None:
    school_id = add_school(store, HARBOUR)
    close_school(store, school_id, date(2026, 12, 1))
    assert list_schools(store) == []
    assert [s.id for s in list_schools(store, active_only=False)] == [school_id]
    record = list_all_schools(store)[0]
    assert not record.open and record.closed_on == date(2026, 12, 1)
    reopen_school(store, school_id)
    assert [s.id for s in list_schools(store)] == [school_id]


def test_the_old_single_contact_becomes_the_schools_senco(tmp_path: Path) -> None:
    from alembic import command

    from slip_desktop.db.migrate import alembic_config, upgrade_to_head

    old = Store.open(tmp_path / "old.db")
    command.upgrade(alembic_config(old.engine), "0008")
    with old.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO school (name, short_name, dfe_number, contact_name, contact_email,"
                " phone, link_name, active) VALUES ('Harbour Vale Academy', 'HVA', '',"
                " 'Zoë O''Brien', 'zoe@hva.example.sch.uk', '', '', 1),"
                " ('Kestrel Park College', 'KPC', '', '', '', '', '', 1)"
            )
        )
    upgrade_to_head(old.engine)
    records = {r.name: r for r in list_all_schools(old)}
    assert records["Harbour Vale Academy"].contacts == (
        Contact(ContactRole.SENCO, "Zoë O'Brien", "zoe@hva.example.sch.uk"),
    )
    assert records["Kestrel Park College"].contacts == ()
    assert records["Harbour Vale Academy"].open
    old.close()


def test_downgrading_puts_the_senco_back_as_the_schools_contact(tmp_path: Path) -> None:
    from alembic import command

    from slip_desktop.db.migrate import alembic_config, upgrade_to_head

    store = Store.open(tmp_path / "down.db")
    upgrade_to_head(store.engine)
    senco = Contact(ContactRole.SENCO, "Zoë O'Brien", "zoe@hva.example.sch.uk")
    add_school(store, HARBOUR, [senco])
    command.downgrade(alembic_config(store.engine), "0008")
    with store.engine.connect() as connection:
        row = connection.execute(text("SELECT contact_name, contact_email FROM school")).one()
    assert tuple(row) == ("Zoë O'Brien", "zoe@hva.example.sch.uk")
    store.close()
