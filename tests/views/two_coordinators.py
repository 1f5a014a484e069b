"""Two invented coordinators on one database, for tests of a save someone else beat."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from slip_desktop.db import users
from slip_desktop.db.audit import install_audit
from slip_desktop.db.store import Store
from slip_desktop.domain.passwords import use_hasher

CORA = ("cora", "a long passphrase 1")
SOFIA = ("sofia", "another passphrase 2")


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    """Hash the two passwords cheaply: these tests sign in often."""
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


@pytest.fixture
def office(store: Store) -> Store:
    """``store`` with its audit trail and two coordinators, Cora and Σοφία."""
    install_audit(store)
    users.create_first_coordinator(store, CORA[0], "Cora Lindqvist", CORA[1])
    users.create_user(store, SOFIA[0], "Σοφία Παπαδοπούλου", "coordinator", SOFIA[1])
    return store


def sign_in_as(store: Store, who: tuple[str, str]) -> None:
    """Make ``who`` (CORA or SOFIA) the one working on ``store``."""
    users.sign_in(store, *who)
