"""Account names, display names and passwords at their limits, and the Argon2id hasher."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from hypothesis import given
from hypothesis import strategies as st

from slip_desktop.domain import passwords
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.passwords import (
    MAX_DISPLAY_NAME,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    RESERVED_USERNAMES,
    check_account,
    display_name_problem,
    hash_password,
    needs_rehash,
    normalise_username,
    password_problem,
    use_hasher,
    username_problem,
    verify_password,
)

BAD_NAME = (
    "An account name is 3 to 60 characters: it starts with a letter and uses only "
    "letters, digits, dots, dashes and underscores."
)
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def cheap_hasher() -> Iterator[PasswordHasher]:
    """Hash with tiny Argon2 parameters so the tests stay fast."""
    previous = use_hasher(CHEAP)
    yield previous
    use_hasher(previous)


def test_the_limits_are_ten_to_two_hundred_characters_and_names_of_120() -> None:
    assert (MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, MAX_DISPLAY_NAME) == (10, 200, 120)
    assert frozenset({"system", "admin", "root"}) == RESERVED_USERNAMES


def test_an_account_name_is_stored_trimmed_and_lower_case() -> None:
    assert normalise_username("  J.Smith ") == "j.smith"


@pytest.mark.parametrize("name", ["abc", "a" * 60, "j.smith", "o-brien_2", " J.Smith "])
def test_an_account_name_of_3_to_60_allowed_characters_is_accepted(name: str) -> None:
    assert username_problem(name) is None


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_account_name_is_asked_for(name: str) -> None:
    assert username_problem(name) == "Enter an account name."


@pytest.mark.parametrize("name", ["ab", "a" * 61, "1abc", "_abc", "has space", "émile", "a/b"])
def test_an_account_name_outside_the_pattern_is_refused(name: str) -> None:
    assert username_problem(name) == BAD_NAME


@pytest.mark.parametrize("name", ["system", "Admin", " ROOT "])
def test_a_reserved_account_name_is_refused(name: str) -> None:
    assert (
        username_problem(name)
        == f"'{name.strip().lower()}' is reserved; choose another account name."
    )


@pytest.mark.parametrize("name", ["", "Nguyễn Thị Ánh", "x" * 120, "  " + "y" * 120 + "  "])
def test_a_display_name_up_to_120_characters_is_accepted(name: str) -> None:
    assert display_name_problem(name) is None


def test_a_display_name_of_121_characters_is_refused() -> None:
    assert display_name_problem("z" * 121) == "A name has at most 120 characters."


@pytest.mark.parametrize("name", ["Олег\x07Петренко", "Zoë\u200bO'Brien", "a\nb"])
def test_a_display_name_with_control_characters_is_refused(name: str) -> None:
    assert display_name_problem(name) == "A name cannot hold control characters."


@pytest.mark.parametrize("password", ["k3v!n-pw#9", "abcd" * 50])
def test_a_password_of_10_to_200_varied_characters_is_accepted(password: str) -> None:
    assert password_problem(password) is None


def test_a_password_of_nine_characters_is_refused() -> None:
    assert password_problem("k3v!n-pw#") == "A password needs at least 10 characters."


def test_a_password_of_201_characters_is_refused() -> None:
    assert password_problem("abcd" * 50 + "e") == "A password has at most 200 characters."


@pytest.mark.parametrize("password", [" k3v!n-pw#9", "k3v!n-pw#9 ", "k3v!n\x00pw#9"])
def test_a_password_with_edge_spaces_or_a_null_is_refused(password: str) -> None:
    assert password_problem(password) == (
        "A password cannot start or end with spaces or hold a null character."
    )


def test_a_password_of_three_different_characters_is_refused() -> None:
    assert password_problem("abcabcabcabc") == "Use a password with more different characters."


def test_a_password_of_four_different_characters_is_accepted() -> None:
    assert password_problem("abcdabcdabcd") is None


def test_a_password_holding_the_account_name_is_refused_whatever_the_case() -> None:
    assert password_problem("my-JSmith-pass", " JSmith ") == (
        "A password must not contain the account name."
    )


def test_a_password_without_the_account_name_is_accepted() -> None:
    assert password_problem("my-jsmyth-pass", "jsmith") is None
    assert password_problem("my-jsmyth-pass", "") is None


def test_a_new_account_is_accepted_when_every_field_is() -> None:
    check_account("z.obrien", "Zoë O'Brien-Ćorić", "tram-lemon-orbit")


def test_a_new_account_names_every_bad_field_with_its_reason() -> None:
    with pytest.raises(ValidationError) as caught:
        check_account("root", "x" * 121, "root-password")
    assert caught.value.errors == {
        "username": "'root' is reserved; choose another account name.",
        "display_name": "A name has at most 120 characters.",
        "password": "A password must not contain the account name.",
    }


@given(
    name=st.from_regex(r"[a-z][a-z0-9._-]{2,20}", fullmatch=True),
    password=st.text(
        st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=40
    ),
)
def test_a_new_account_is_accepted_or_refused_on_the_password(name: str, password: str) -> None:
    if name in RESERVED_USERNAMES:
        return
    try:
        check_account(name, "Σοφία Παπαδοπούλου", password)
    except ValidationError as error:
        assert set(error.errors) == {"password"}
        assert error.errors["password"] == password_problem(password, name)
        return
    assert password_problem(password, name) is None
    assert MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH
    assert name not in password.lower()


def test_the_hasher_can_be_swapped_and_given_back(cheap_hasher: PasswordHasher) -> None:
    assert passwords._hasher is CHEAP
    assert use_hasher(cheap_hasher) is CHEAP
    assert passwords._hasher is cheap_hasher
    use_hasher(CHEAP)


def test_a_hash_verifies_only_its_own_password(cheap_hasher: PasswordHasher) -> None:
    stored = hash_password("tram-lemon-orbit")
    assert stored.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert verify_password(stored, "tram-lemon-orbit") is True
    assert verify_password(stored, "tram-lemon-orbiT") is False
    assert verify_password("$argon2id$broken", "tram-lemon-orbit") is False
    assert verify_password("", "tram-lemon-orbit") is False


def test_a_hash_made_with_todays_parameters_needs_no_rehash(cheap_hasher: PasswordHasher) -> None:
    assert needs_rehash(hash_password("tram-lemon-orbit")) is False


def test_a_damaged_hash_needs_rehashing(cheap_hasher: PasswordHasher) -> None:
    assert needs_rehash("not a hash") is True


def test_a_hash_made_with_weaker_parameters_needs_rehashing(cheap_hasher: PasswordHasher) -> None:
    weaker = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, hash_len=8).hash("x" * 10)
    assert needs_rehash(weaker) is True


def test_a_password_checked_without_an_account_name_refuses_no_name() -> None:
    assert password_problem("xxxx-tram-lemon") is None
