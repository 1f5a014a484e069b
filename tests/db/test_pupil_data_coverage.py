"""Every table holding pupil data is in the subject access export and in the retention rules.

A table holds pupil data when a foreign key leads from it to the pupil table, directly
(placement.pupil_id) or through other tables (review -> placement -> pupil, action_item ->
action_plan -> referral -> pupil), or when it keeps a ``pupil_id`` without a foreign key
(the audit trail). A new such table fails here until the export gathers it and the
disposal of a pupil's file says what happens to it (or it is left out below, with why).
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from slip_desktop.db.models import Adjustment, Base, Placement, Pupil
from slip_desktop.db.retention import PUPIL_DATA_DISPOSAL, REMOVED, dispose
from slip_desktop.db.statements import (
    book_locked_term_corrections,
    issue_and_lock_term,
    prepare_statements,
)
from slip_desktop.db.store import Store
from slip_desktop.db.subject_access import gather_pupil_file
from slip_desktop.domain.enums import PlacementStatus, SendStatus, Term
from slip_desktop.domain.retention import RecordType
from tests.finance_world import World, build_world

TODAY = date(2026, 12, 18)

#: Tables holding pupil data that the subject access export leaves out, with why.
NOT_EXPORTED: dict[str, str] = {}

#: Tables holding pupil data that disposing of a pupil's file leaves alone, with why.
NOT_DISPOSED: dict[str, str] = {
    "audit_event": (
        "the audit trail is append-only (triggers refuse UPDATE and DELETE) and is itself "
        "the record of what was done with the pupil's data; the disposal's own row names "
        "fields, never values"
    ),
}


def pupil_data_tables() -> dict[str, str]:
    """Return every table holding pupil data, each with the path that links it to a pupil."""
    tables = Base.metadata.tables
    linked = {"pupil": "pupil"}
    grew = True
    while grew:
        grew = False
        for name, table in tables.items():
            if name in linked:
                continue
            path = next(
                (
                    f"{name}.{fk.parent.name} -> {linked[fk.column.table.name]}"
                    for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name)
                    if fk.column.table.name in linked
                ),
                None,
            )
            if path is None and "pupil_id" in table.c:
                path = f"{name}.pupil_id (no foreign key) -> pupil"
            if path is not None:
                linked[name] = path
                grew = True
    return linked


def test_the_tables_found_are_the_ones_known_to_hold_pupil_data() -> None:
    # A check of the search itself: the tables a pupil's file is made of today.
    found = pupil_data_tables()
    assert found.keys() >= {
        "pupil",
        "referral",
        "placement",
        "managed_move",
        "decision",
        "agenda_item",
        "action_plan",
        "action_item",
        "review",
        "attendance_mark",
        "school_visit",
        "statement_line",
        "adjustment",
        "audit_event",
    }
    assert "school" not in found and "meeting" not in found and "app_user" not in found


def test_every_table_of_pupil_data_is_in_the_subject_access_export(demo_store: Store) -> None:
    with demo_store.session() as session:
        pupil_id = session.scalars(select(Pupil.id).limit(1)).one()
    exported = {s.table for s in gather_pupil_file(demo_store, pupil_id, TODAY).sections}
    missing = {
        name: path
        for name, path in pupil_data_tables().items()
        if name not in exported and name not in NOT_EXPORTED
    }
    assert not missing, f"Not in the subject access export: {missing}"


def test_every_table_of_pupil_data_has_a_retention_decision() -> None:
    missing = {
        name: path
        for name, path in pupil_data_tables().items()
        if name not in PUPIL_DATA_DISPOSAL and name not in NOT_DISPOSED
    }
    assert not missing, f"No retention decision for: {missing}"
    stale = PUPIL_DATA_DISPOSAL.keys() - pupil_data_tables().keys()
    assert not stale, f"Retention decisions for tables holding no pupil data: {stale}"


# The one table that was missing: a correction booked after a locked term names the pupil.


@pytest.fixture
def corrected(store: Store) -> tuple[Store, World, int]:
    """A locked autumn term, then a placement ended early: one correction booked for it."""
    world = build_world(store)
    prepare_statements(store, 2026, Term.AUTUMN, TODAY)
    issue_and_lock_term(store, 2026, Term.AUTUMN, TODAY)
    with store.session() as s:
        placement = s.get(Placement, world.ap_placement_id)
        assert placement is not None
        placement.status = PlacementStatus.ENDED
        placement.ended_on = date(2026, 11, 20)
        pupil_id = placement.pupil_id
    (correction,) = book_locked_term_corrections(store, TODAY)
    return store, world, pupil_id


def _adjustment(store: Store) -> Adjustment:
    with store.session() as s:
        return s.scalars(select(Adjustment)).one()


def test_a_correction_naming_the_pupil_is_in_their_subject_access_export(
    corrected: tuple[Store, World, int],
) -> None:
    store, world, pupil_id = corrected
    section = gather_pupil_file(store, pupil_id, TODAY).section(
        "Corrections to the school's charges"
    )
    assert section.table == "adjustment" and len(section.rows) == 1
    reason = section.rows[0][section.columns.index("Reason")]
    assert reason == _adjustment(store).reason and "Correction to" in reason


def test_the_pupils_finance_adjustment_lines_are_in_the_money_section_in_pounds(
    corrected: tuple[Store, World, int],
) -> None:
    store, _world, pupil_id = corrected
    adjustment = _adjustment(store)
    prepare_statements(store, adjustment.academic_year, adjustment.term, TODAY)
    pupil_file = gather_pupil_file(store, pupil_id, TODAY)
    corrections = pupil_file.section("Corrections to the school's charges")
    assert corrections.area == "Money"
    assert corrections.rows[0][corrections.columns.index("Amount")].startswith(("£", "-£"))
    charges = pupil_file.section("Charges to the school")
    assert charges.area == "Money"
    amounts = [row[charges.columns.index("Amount")] for row in charges.rows]
    assert all(a.startswith(("£", "-£")) for a in amounts)
    sign = "-" if adjustment.amount_pence < 0 else ""
    assert f"{sign}£{abs(adjustment.amount_pence) / 100:,.2f}" in amounts
    assert "Amount pence" not in charges.columns and "amount_pence" not in charges.columns


def _make_due(store: Store, pupil_id: int) -> None:
    with store.session() as s:
        pupil = s.get(Pupil, pupil_id)
        assert pupil is not None
        pupil.date_of_birth = date(1990, 6, 1)
        pupil.send_status = SendStatus.NONE


@pytest.mark.parametrize("how", ["anonymise", "delete"])
def test_disposing_of_the_pupil_removes_the_correction_reason_and_keeps_the_amount(
    corrected: tuple[Store, World, int], how: str
) -> None:
    store, world, pupil_id = corrected
    amount = _adjustment(store).amount_pence
    _make_due(store, pupil_id)
    dispose(store, RecordType.OTHER_PUPIL, pupil_id, how, TODAY)
    adjustment = _adjustment(store)
    assert adjustment.reason == REMOVED and adjustment.amount_pence == amount
    expected = None if how == "delete" else world.ap_placement_id
    assert adjustment.placement_id == expected
