from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.passwords import (
    check_account,
    hash_password,
    needs_rehash,
    password_problem,
    username_problem,
    verify_password,
)


def test_passwords_are_hashed_with_argon2id_and_salted() -> None:
    first, second = hash_password("correct horse battery"), hash_password("correct horse battery")
    assert first.startswith("$argon2id$")
    assert first != second
    assert "correct horse" not in first
    assert verify_password(first, "correct horse battery")
    assert not verify_password(first, "correct horse batterY")
    assert not verify_password("not a hash", "anything at all")


def test_weaker_hashes_need_rehashing() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("correct horse battery")
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("correct horse battery"))


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short", "at least 10"),
        ("aaaaaaaaaaaaa", "different characters"),
        (" leading space pass", "spaces"),
        ("x" * 201, "at most 200"),
        ("jsmith-is-great-1", "account name"),
    ],
)
def test_weak_passwords_are_refused(password: str, fragment: str) -> None:
    problem = password_problem(password, "jsmith")
    assert problem is not None and fragment in problem


@pytest.mark.parametrize("name", ["", "ab", "1abc", "has space", "system", "Émile", "a" * 61])
def test_bad_account_names_are_refused(name: str) -> None:
    assert username_problem(name) is not None


def test_account_check_names_every_bad_field() -> None:
    with pytest.raises(ValidationError) as caught:
        check_account("x", "Bad\x07Name", "short")
    assert set(caught.value.errors) == {"username", "display_name", "password"}
    check_account("J.Smith", "Jo Smith", "a long enough phrase")
