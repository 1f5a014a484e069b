"""The audit trail is tamper-evident: a hash chain, and triggers the check puts back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text

from slip_desktop.db import retention, users
from slip_desktop.db.audit import install_audit, record_event, record_export, verify_audit_trail
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.models import AuditEvent, Pupil, School
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.domain.permissions import PermissionDenied
from slip_desktop.domain.retention import Disposal, RecordType


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


@pytest.fixture
def trail(store: Store) -> Store:
    """A store whose trail holds rows from every way rows are written."""
    install_audit(store)
    with store.session() as s:
        school = School(name="Żabka Academy")
        s.add(school)
        s.flush()
        pupil = Pupil(
            first_name="Nguyễn Thị",
            last_name="Ánh",
            date_of_birth=date(1990, 1, 1),  # long due for disposal
            year_group=9,
            school_id=school.id,
        )
        s.add(pupil)
        s.flush()
        pupil_id = pupil.id
    record_export(store, "Pupil list", pupil_id)
    record_event(store, AuditAction.SIGN_IN_FAILED, "app_user", None, "as 'Σοφία'")
    # Disposal adds its own row as an ORM object.
    retention.dispose(
        store, RecordType.OTHER_PUPIL, pupil_id, Disposal.ANONYMISE, date(2026, 11, 27)
    )
    return store


def _ids(store: Store) -> list[int]:
    with store.session() as s:
        return list(s.scalars(select(AuditEvent.id).order_by(AuditEvent.id)))


def test_every_audit_row_is_chained_to_the_one_before(trail: Store) -> None:
    check = verify_audit_trail(trail)
    assert check.ok, check.messages()
    assert check.rows >= 5
    with trail.session() as s:
        hashes = list(s.scalars(select(AuditEvent.row_hash)))
    assert all(len(h) == 64 for h in hashes) and len(set(hashes)) == len(hashes)


# SQLite's triggers: on the office server the app role cannot drop them (test_server_role).
@pytest.mark.sqlite_only
def test_a_row_deleted_with_raw_sql_breaks_the_chain_and_the_trigger_comes_back(
    trail: Store,
) -> None:
    victim = _ids(trail)[1]
    with trail.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_event_no_delete"))
        connection.execute(text("DELETE FROM audit_event WHERE id = :i"), {"i": victim})
    check = verify_audit_trail(trail)
    assert not check.ok
    assert check.broken == (victim + 1,)
    assert check.missing_triggers == ("audit_event_no_delete",)
    assert check.recreated_triggers == ("audit_event_no_delete",)
    text_shown = " ".join(check.messages())
    assert "tampered" in text_shown and "put back" in text_shown
    # The trigger is back: the next delete is refused again.
    with pytest.raises(Exception, match="append-only"), trail.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event"))
    assert verify_audit_trail(trail).missing_triggers == ()


# SQLite's triggers: on the office server the app role cannot drop them (test_server_role).
@pytest.mark.sqlite_only
def test_a_row_changed_with_raw_sql_is_reported(trail: Store) -> None:
    victim = _ids(trail)[2]
    with trail.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_event_no_update"))
        connection.execute(
            text("UPDATE audit_event SET username = 'someone' WHERE id = :i"), {"i": victim}
        )
    check = verify_audit_trail(trail)
    assert check.broken == (victim,)
    assert check.recreated_triggers == ("audit_event_no_update",)


def test_a_row_inserted_with_raw_sql_is_reported(trail: Store) -> None:
    with trail.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_event (at, username, action, table_name, changes) "
                "VALUES ('2026-11-27 10:00:00', 'x', 'create', 'pupil', '{}')"
            )
        )
    check = verify_audit_trail(trail)
    assert check.broken == (_ids(trail)[-1],) and check.missing_triggers == ()


def test_only_the_coordinator_verifies_the_trail(trail: Store) -> None:
    set_current_user(trail, Identity(9, "sam", "Sam", UserRole.STAFF))
    with pytest.raises(PermissionDenied):
        verify_audit_trail(trail)


def test_sign_in_rows_chain_too(trail: Store) -> None:
    users.create_first_coordinator(trail, "cora", "Cora", "a long passphrase 1")
    users.sign_in(trail, "cora", "a long passphrase 1")
    set_current_user(trail, None)
    assert verify_audit_trail(trail).ok
