"""The passphrase strength check."""

from __future__ import annotations

import pytest

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.passphrase import (
    MIN_LENGTH,
    check_new_passphrase,
    passphrase_strength,
)


@pytest.mark.parametrize(
    "weak",
    [
        "",
        "short",
        "password1234",
        "aaaaaaaaaaaaaaaa",
        "123456789012345",
        "abcdefghijklmnop",
        "qwertyuiopasdf",
        "Password2026!",
        "slipslipslipslip",
    ],
)
def test_weak_passphrases_are_refused_with_advice(weak: str) -> None:
    strength = passphrase_strength(weak)
    assert not strength.acceptable and strength.advice
    with pytest.raises(ValidationError) as raised:
        check_new_passphrase(weak, weak)
    assert "passphrase" in raised.value.errors


@pytest.mark.parametrize(
    "strong",
    [
        "violet harbour sixty lanterns",
        "Tractor-Mango-Quietly-Seven",
        "Zq9!xR2#kL0@pW",
        "correct horse battery staple",
    ],
)
def test_strong_passphrases_are_accepted(strong: str) -> None:
    assert passphrase_strength(strong).acceptable
    assert check_new_passphrase(strong, strong) == strong


def test_passphrase_must_be_typed_twice_the_same() -> None:
    with pytest.raises(ValidationError) as raised:
        check_new_passphrase("violet harbour sixty lanterns", "violet harbour sixty lantern")
    assert set(raised.value.errors) == {"confirmation"}


def test_passphrase_needs_the_minimum_length() -> None:
    advice = passphrase_strength("Zq9!xR2#").advice
    assert str(MIN_LENGTH) in advice


def test_strength_grows_with_length() -> None:
    scores = [passphrase_strength(t).score for t in ("tram", "tram lemon", "tram lemon orbit 42")]
    assert scores == sorted(scores) and scores[-1] >= 3


def test_leading_or_trailing_space_is_refused() -> None:
    with pytest.raises(ValidationError):
        check_new_passphrase(" violet harbour sixty lanterns", " violet harbour sixty lanterns")
