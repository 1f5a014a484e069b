"""Sign-in throttling, and signing in to a read-only database without writing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher

from slip_desktop.db import users
from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.identity import set_current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.passwords import use_hasher
from tests.conftest import TEST_PASSPHRASE

RIGHT = "a long passphrase 1"


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


class FakeClock:
    """Seconds that move only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def office(store: Store) -> Store:
    install_audit(store)
    users.create_first_coordinator(store, "anh.nguyen", "Nguyễn Thị Ánh", RIGHT)
    return store


def _refusals(store: Store) -> list[str]:
    set_current_user(store, None)
    return [
        str(row.changes) for row in list_audit(store) if row.action is AuditAction.SIGN_IN_FAILED
    ]


def test_fifty_wrong_passwords_then_the_right_one_is_refused_until_the_wait_has_passed(
    office: Store,
) -> None:
    clock = FakeClock()
    users.throttle_of(office).clock = clock
    for _ in range(50):
        with pytest.raises(ValidationError):
            users.sign_in(office, "anh.nguyen", "guess")
        clock.now += 0.14  # 7 tries a second, as the attacker's script went
    with pytest.raises(ValidationError, match=r"Wait \d+ seconds") as refused_right:
        users.sign_in(office, "anh.nguyen", RIGHT)
    wait = int(re.search(r"Wait (\d+) seconds", refused_right.value.message)[1])  # type: ignore[index]
    assert wait >= 2
    clock.now += wait - 1
    with pytest.raises(ValidationError, match="Wait 1 seconds"):
        users.sign_in(office, "anh.nguyen", RIGHT)
    clock.now += 1
    assert users.sign_in(office, "anh.nguyen", RIGHT).username == "anh.nguyen"
    refused = _refusals(office)
    # Every refusal is in the audit trail; most were refused without trying the password.
    assert len(refused) == 52 and sum("refused, wait" in r for r in refused) > 40


def test_five_wrong_passwords_are_free_then_the_wait_doubles(office: Store) -> None:
    clock = FakeClock()
    throttle = users.throttle_of(office)
    throttle.clock = clock
    for _ in range(users.FREE_FAILURES):
        with pytest.raises(ValidationError, match="account name or password is wrong"):
            users.authenticate(office, "anh.nguyen", "guess")
    assert throttle.wait_seconds("anh.nguyen") == 2
    clock.now += 2
    with pytest.raises(ValidationError, match="wrong"):
        users.authenticate(office, "anh.nguyen", "guess")
    assert throttle.wait_seconds("anh.nguyen") == 4
    # Another account name is not held up by these failures.
    assert throttle.wait_seconds("olena") == 0


# A file closed and opened again: the restart of the program.
@pytest.mark.sqlite_only
def test_restarting_the_program_does_not_reset_the_growing_wait(office: Store) -> None:
    clock = FakeClock()
    users.throttle_of(office).clock = clock
    for _ in range(users.FREE_FAILURES + 2):
        with pytest.raises(ValidationError):
            users.sign_in(office, "anh.nguyen", "guess")
        clock.now += 100  # each one after the wait before it had passed
    assert users.throttle_of(office).wait_seconds("anh.nguyen") == 0
    assert office.path is not None
    path = office.path
    office.close()
    reopened = Store.open(path, TEST_PASSPHRASE)
    try:
        install_audit(reopened)
        users.throttle_of(reopened).clock = clock
        # Seven failures survived the restart: after the eighth the wait is 16 s.
        with pytest.raises(ValidationError, match="wrong"):
            users.sign_in(reopened, "anh.nguyen", "guess")
        with pytest.raises(ValidationError, match="Wait 16 seconds"):
            users.sign_in(reopened, "anh.nguyen", RIGHT)
        clock.now += 16
        assert users.sign_in(reopened, "anh.nguyen", RIGHT).username == "anh.nguyen"
        # A right password clears the count, in the file too.
        assert users.throttle_of(reopened).wait_seconds("anh.nguyen") == 0
        refused = _refusals(reopened)
        assert len(refused) == users.FREE_FAILURES + 4
        assert sum("refused, wait 16 s" in r for r in refused) == 1
    finally:
        reopened.close()
    again = Store.open(path, TEST_PASSPHRASE)
    try:
        users.throttle_of(again).clock = clock
        assert users.throttle_of(again).wait_seconds("anh.nguyen") == 0
    finally:
        again.close()


# A read-only database is a file the laptop cannot write.
@pytest.mark.sqlite_only
def test_signing_in_to_a_read_only_database_writes_nothing_and_holds_its_audit_row(
    office: Store,
) -> None:
    set_current_user(office, None)
    before = len(list_audit(office))
    office.become_read_only()
    identity = users.sign_in(office, "anh.nguyen", RIGHT)
    assert identity.display_name == "Nguyễn Thị Ánh"
    with pytest.raises(ValidationError):
        users.sign_in(office, "anh.nguyen", "wrong one")
    set_current_user(office, None)
    assert len(list_audit(office)) == before  # nothing was written
    # Once the store can be written again (a restore) the held rows are written.
    office.read_only = False
    office.replace_engine(office.passphrase)
    assert users.flush_held_sign_ins(office) == 2
    set_current_user(office, None)
    notes = [str(r.changes) for r in list_audit(office)]
    assert sum("while read-only" in n for n in notes) == 2
