from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from slip_desktop.db import users
from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.identity import Identity, current_user, set_current_user
from slip_desktop.db.models import AppUser
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.errors import NotFoundError, RuleError, ValidationError
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.domain.permissions import PermissionDenied


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


@pytest.fixture
def office(store: Store) -> Store:
    install_audit(store)
    users.create_first_coordinator(store, "Coord", "Cora Ordinator", "a long passphrase 1")
    return store


def test_first_run_creates_the_coordinator_once(store: Store) -> None:
    assert not users.has_users(store)
    row = users.create_first_coordinator(store, " Coord ", "Cora", "a long passphrase 1")
    assert (row.username, row.role, row.active) == ("coord", UserRole.COORDINATOR, True)
    with pytest.raises(RuleError):
        users.create_first_coordinator(store, "another", "X", "a long passphrase 2")


def test_the_stored_password_is_an_argon2_hash(office: Store) -> None:
    with office.session() as session:
        stored = session.scalar(select(AppUser.password_hash))
    assert stored is not None and stored.startswith("$argon2id$")
    assert "passphrase" not in stored


def test_sign_in_sets_the_current_user_and_is_audited(office: Store) -> None:
    identity = users.sign_in(office, "COORD", "a long passphrase 1")
    assert current_user(office) == identity
    assert identity.role == UserRole.COORDINATOR
    assert any(
        r.action == AuditAction.SIGN_IN and r.username == "coord" for r in list_audit(office)
    )


@pytest.mark.parametrize(("name", "password"), [("coord", "wrong passphrase"), ("nobody", "x")])
def test_a_wrong_sign_in_says_the_same_whatever_was_wrong(
    office: Store, name: str, password: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        users.authenticate(office, name, password)
    assert caught.value.errors == {"password": users.WRONG_SIGN_IN}
    assert any(r.action == AuditAction.SIGN_IN_FAILED for r in list_audit(office))


def test_a_deactivated_account_cannot_sign_in(office: Store) -> None:
    staff = users.create_user(office, "sam", "Sam Taff", UserRole.STAFF, "staff passphrase 9")
    users.deactivate_user(office, staff.id)
    with pytest.raises(ValidationError):
        users.authenticate(office, "sam", "staff passphrase 9")
    users.reactivate_user(office, staff.id)
    assert users.authenticate(office, "sam", "staff passphrase 9").user_id == staff.id


def test_user_administration_is_for_the_coordinator_only(office: Store) -> None:
    staff = users.create_user(office, "sam", "Sam Taff", "staff", "staff passphrase 9")
    users.sign_in(office, "sam", "staff passphrase 9")
    for attempt in (
        lambda: users.list_users(office),
        lambda: users.create_user(office, "eve", "Eve", "coordinator", "sneaky passphrase"),
        lambda: users.set_role(office, staff.id, "coordinator"),
        lambda: users.deactivate_user(office, 1),
        lambda: users.set_password(office, 1, "taken over passphrase"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    # ...but anyone may change their own password.
    users.set_password(office, staff.id, "my own new passphrase")
    set_current_user(office, None)
    assert users.authenticate(office, "sam", "my own new passphrase").user_id == staff.id


def test_the_last_active_coordinator_is_kept(office: Store) -> None:
    coordinator = users.list_users(office)[0]
    set_current_user(office, Identity(None, "system", "System", UserRole.COORDINATOR))
    with pytest.raises(RuleError):
        users.deactivate_user(office, coordinator.id)
    with pytest.raises(RuleError):
        users.set_role(office, coordinator.id, UserRole.STAFF)
    second = users.create_user(office, "deputy", "Dee", "coordinator", "second in command")
    users.set_role(office, coordinator.id, UserRole.STAFF)
    assert {u.role for u in users.list_users(office) if u.id == second.id} == {UserRole.COORDINATOR}


def test_you_cannot_deactivate_yourself(office: Store) -> None:
    me = users.sign_in(office, "coord", "a long passphrase 1")
    assert me.user_id is not None
    with pytest.raises(RuleError):
        users.deactivate_user(office, me.user_id)


def test_duplicate_names_and_missing_accounts_are_explained(office: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        users.create_user(office, "COORD", "Copy", "staff", "copycat passphrase")
    assert "already" in caught.value.errors["username"]
    with pytest.raises(NotFoundError):
        users.reactivate_user(office, 999)
