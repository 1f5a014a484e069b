"""Roles below the UI: every db write and every guarded read, for every role, through db/ only.

Each public write function (the audit lists in test_audit.py and test_audit_write_paths.py)
and each read of finance, users, the audit trail, backups, restore and the passphrase is
called as each role; it must be refused (PermissionDenied) exactly when domain/permissions
says the role may not, and must not be refused otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from slip_desktop.db import backup, encryption, finance, rates, statements, users
from slip_desktop.db.audit import FINANCE_TABLES, install_audit, list_audit, verify_audit_trail
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.models import AppUser
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Term, UserRole
from slip_desktop.domain.errors import DomainError
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.domain.permissions import Action, PermissionDenied, allowed
from tests.conftest import TEST_PASSPHRASE
from tests.db.test_audit import WRITE_PATHS, _prepare
from tests.db.test_audit_write_paths import (  # noqa: F401 - fixtures used by name
    DEMO_WRITE_PATHS,
    FINANCE_WRITE_PATHS,
    demo_copy,
    seeded_file,
)
from tests.finance_world import build_world

#: Roles tried (the coordinator's allowed writes are proven by the audit write-path tests).
ROLES = (UserRole.STAFF, UserRole.READ_ONLY, UserRole.COORDINATOR)

#: Write functions whose permission is not the table's (None: anyone signed in).
#: The office's own set-up (Settings menu): the coordinator's to change.
SETTINGS_MODULES = frozenset({"partnership", "schools", "people", "rollover"})

SPECIAL: dict[str, Action | None] = {
    "backup.restore_backup": Action.BACKUP_RESTORE,
    "encryption.change_passphrase": Action.CHANGE_PASSPHRASE,
    # The trail of an export or a print: whoever printed it is recorded.
    "audit.record_exports": None,
    "audit.record_export": None,
    "audit.record_event": None,
    # Anyone signs in; and changing one's own password is checked in test_own_password_*.
    "users.sign_in": None,
    "retention.set_retention_rule": Action.MANAGE_RETENTION,
    "retention.dispose": Action.MANAGE_RETENTION,
}


def required(name: str, table: str) -> Action | None:
    """Return the action a write function needs (from its name and the table it writes)."""
    if name in SPECIAL:
        return SPECIAL[name]
    if name.split(".")[0] in SETTINGS_MODULES:
        return Action.CHANGE_SETTINGS
    if table == "app_user":
        return Action.MANAGE_USERS
    if table in FINANCE_TABLES:
        return Action.EDIT_FINANCE
    return Action.EDIT_RECORDS


def actor(role: UserRole) -> Identity:
    """Someone with ``role`` whose account is none of the test data's."""
    return Identity(9_999, "actor", "Actor Ōkubo-Núñez", role)


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


def _expect(store: Store, role: UserRole, need: Action | None, call: Callable[[], object]) -> str:
    """Call as ``role``; return 'refused' or 'allowed' and check it matches the table."""
    set_current_user(store, actor(role))
    try:
        call()
        outcome = "allowed"
    except PermissionDenied:
        outcome = "refused"
    except DomainError as error:
        # Each call is set up to succeed for the coordinator: any other refusal is a finding.
        outcome = f"failed: {error.message}"
    finally:
        set_current_user(store, None)
    wanted = "allowed" if need is None or allowed(role, need) else "refused"
    assert outcome == wanted
    return outcome


@pytest.mark.parametrize("role", ROLES[:2])
@pytest.mark.parametrize("name", sorted(DEMO_WRITE_PATHS))
def test_demo_write_functions_follow_the_role_table(
    demo_copy: Store,  # noqa: F811 - the fixture imported above
    role: UserRole,
    name: str,
) -> None:
    install_audit(demo_copy)
    setup, table, _action = DEMO_WRITE_PATHS[name]
    _expect(demo_copy, role, required(name, table), setup(demo_copy))


@pytest.mark.parametrize("role", ROLES[:2])
@pytest.mark.parametrize("name", sorted(FINANCE_WRITE_PATHS))
def test_finance_write_functions_follow_the_role_table(
    store: Store, role: UserRole, name: str
) -> None:
    build_world(store)
    install_audit(store)
    setup, table, _action = FINANCE_WRITE_PATHS[name]
    _expect(store, role, required(name, table), setup(store))


@pytest.mark.parametrize("role", ROLES[:2])
@pytest.mark.parametrize("name", sorted(set(WRITE_PATHS) - {"users.create_first_coordinator"}))
def test_account_and_trail_write_functions_follow_the_role_table(
    store: Store, role: UserRole, name: str
) -> None:
    install_audit(store)
    ids = _prepare(store)
    write, table, _action = WRITE_PATHS[name]
    _expect(store, role, required(name, table), lambda: write(store, ids))


def _reads(store: Store, folder: Path) -> dict[str, tuple[Action, Callable[[], object]]]:
    return {
        "finance.term_states": (Action.VIEW_FINANCE, lambda: finance.term_states(store, 2026)),
        "finance.totals_by_school": (
            Action.VIEW_FINANCE,
            lambda: finance.totals_by_school(store, 2026),
        ),
        "finance.income_by_tier": (
            Action.VIEW_FINANCE,
            lambda: finance.income_by_tier(store, 2026),
        ),
        "finance.list_adjustments": (
            Action.VIEW_FINANCE,
            lambda: finance.list_adjustments(store, 2026),
        ),
        "rates.list_rate_sets": (Action.VIEW_FINANCE, lambda: rates.list_rate_sets(store)),
        "rates.current_rates": (Action.VIEW_FINANCE, lambda: rates.current_rates(store, 2026)),
        "statements.load_statements": (
            Action.VIEW_FINANCE,
            lambda: statements.load_statements(store, 2026, Term.AUTUMN),
        ),
        "users.list_users": (Action.MANAGE_USERS, lambda: users.list_users(store)),
        "audit.list_audit": (Action.VIEW_AUDIT, lambda: list_audit(store)),
        "audit.verify_audit_trail": (Action.VIEW_AUDIT, lambda: verify_audit_trail(store)),
        "backup.make_backup": (
            Action.BACKUP_RESTORE,
            lambda: backup.make_backup(store, folder, rotate=False),
        ),
        "backup.restore_backup": (
            Action.BACKUP_RESTORE,
            lambda: backup.restore_backup(store, backup.list_backups(folder)[0].path),
        ),
        "encryption.change_passphrase": (
            Action.CHANGE_PASSPHRASE,
            lambda: encryption.change_passphrase(store, TEST_PASSPHRASE, TEST_PASSPHRASE),
        ),
    }


# Backups and the passphrase are the laptop file's; the server has pg_dump and its own roles.
@pytest.mark.sqlite_only
@pytest.mark.parametrize("role", ROLES)
def test_reads_of_finance_users_trail_backups_and_the_passphrase_follow_the_role_table(
    store: Store, role: UserRole, tmp_path: Path
) -> None:
    install_audit(store)
    folder = tmp_path / "backups"
    backup.make_backup(store, folder, rotate=False)
    outcomes = {
        name: _expect(store, role, need, call)
        for name, (need, call) in _reads(store, folder).items()
    }
    if role == UserRole.STAFF:
        assert set(outcomes.values()) == {"refused"}


# Backups and the passphrase are the laptop file's; the server has pg_dump and its own roles.
@pytest.mark.sqlite_only
def test_a_scheduled_backup_runs_for_anyone(store: Store, tmp_path: Path) -> None:
    set_current_user(store, actor(UserRole.READ_ONLY))
    assert backup.make_backup(store, tmp_path, rotate=False, scheduled=True).exists()


@pytest.fixture
def accounts(store: Store) -> tuple[Store, dict[str, int]]:
    install_audit(store)
    return store, _prepare(store)


@pytest.mark.parametrize("role", [UserRole.STAFF, UserRole.READ_ONLY])
def test_no_one_but_a_user_admin_makes_themselves_coordinator_even_with_a_raw_session(
    accounts: tuple[Store, dict[str, int]], role: UserRole
) -> None:
    store, ids = accounts
    me = Identity(ids["staff"], "staffer", "Sam", role)
    set_current_user(store, me)
    with pytest.raises(PermissionDenied):
        users.set_role(store, ids["staff"], UserRole.COORDINATOR)
    with pytest.raises(PermissionDenied), store.session() as s:
        account = s.get(AppUser, ids["staff"])
        assert account is not None
        account.role = UserRole.COORDINATOR
    with pytest.raises(PermissionDenied), store.session() as s:
        s.add(
            AppUser(
                username="sneaky",
                display_name="S",
                role=UserRole.COORDINATOR,
                password_hash="x",
                active=True,
            )
        )
    set_current_user(store, None)
    with store.session() as s:
        assert s.scalar(select(AppUser.role).where(AppUser.id == ids["staff"])) == UserRole.STAFF
        assert s.scalar(select(AppUser.id).where(AppUser.username == "sneaky")) is None


@pytest.mark.parametrize("role", [UserRole.STAFF, UserRole.READ_ONLY])
def test_no_one_but_a_user_admin_replaces_the_coordinators_password_hash(
    accounts: tuple[Store, dict[str, int]], role: UserRole
) -> None:
    store, ids = accounts
    with store.session() as s:
        before = s.scalar(select(AppUser.password_hash).where(AppUser.id == ids["coordinator"]))
    set_current_user(store, Identity(ids["staff"], "staffer", "Sam", role))
    with pytest.raises(PermissionDenied):
        users.set_password(store, ids["coordinator"], "my own choice 12345")
    with pytest.raises(PermissionDenied), store.session() as s:
        account = s.get(AppUser, ids["coordinator"])
        assert account is not None
        account.password_hash = before.replace("$", "#", 1) if before else "x"
    set_current_user(store, None)
    with store.session() as s:
        after = s.scalar(select(AppUser.password_hash).where(AppUser.id == ids["coordinator"]))
    assert after == before
    users.authenticate(store, "coord", "a long passphrase 1")


def test_own_password_is_still_theirs_to_change(accounts: tuple[Store, dict[str, int]]) -> None:
    store, ids = accounts
    set_current_user(store, Identity(ids["staff"], "staffer", "Sam", UserRole.READ_ONLY))
    users.set_password(store, ids["staff"], "a brand new passphrase")
    set_current_user(store, None)
    users.authenticate(store, "staffer", "a brand new passphrase")


def test_signing_in_as_someone_else_may_upgrade_their_password_hash(
    accounts: tuple[Store, dict[str, int]],
) -> None:
    store, ids = accounts
    with store.session() as s:
        before = s.scalar(select(AppUser.password_hash).where(AppUser.id == ids["coordinator"]))
    # Stronger settings than the hash was made with: signing in upgrades it.
    use_hasher(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    set_current_user(store, Identity(7, "rita", "Rita", UserRole.READ_ONLY))
    identity = users.sign_in(store, "coord", "a long passphrase 1")
    assert identity.role == UserRole.COORDINATOR
    with store.session() as s:
        after = s.scalar(select(AppUser.password_hash).where(AppUser.id == ids["coordinator"]))
    assert after != before
