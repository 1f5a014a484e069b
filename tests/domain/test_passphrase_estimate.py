"""The passphrase estimate, rule by rule: character pool, runs, words, repeats and scores."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.passphrase import (
    MIN_BITS,
    MIN_LENGTH,
    Strength,
    _effective_length,
    _pool_size,
    _word_bits,
    check_new_passphrase,
    passphrase_strength,
)

TOO_SHORT = (
    "Use at least 12 characters: three or four unrelated words "
    "make a passphrase that is long and easy to remember."
)
TOO_EASY = (
    "Too easy to guess: avoid repeats, runs such as 1234 and common words; "
    "add another unrelated word."
)


def test_the_database_key_needs_twelve_characters_and_fifty_bits() -> None:
    assert MIN_LENGTH == 12
    assert MIN_BITS == 50.0


@pytest.mark.parametrize(
    ("text", "pool"),
    [("", 1), ("a", 26), ("Z", 26), ("7", 10), ("!", 33), ("é", 33), ("aZ", 52), ("aZ7!", 95)],
)
def test_each_kind_of_character_widens_the_pool(text: str, pool: int) -> None:
    assert _pool_size(text) == pool


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("", 0.0),
        ("a", 1.0),
        ("acegi", 5.0),
        ("aaaa", 1.75),
        ("aA", 1.25),
        ("abcd", 1.75),
        ("dcba", 1.75),
        ("1234", 1.75),
        ("9876", 1.75),
        ("qwer", 1.75),
        ("rewq", 1.75),
        ("za", 2.0),
        ("a1", 2.0),
    ],
)
def test_repeats_and_runs_count_a_quarter_of_a_character(text: str, length: float) -> None:
    assert _effective_length(text) == length


@pytest.mark.parametrize(
    ("text", "bits"),
    [
        ("", 0.0),
        ("password", 3.0),
        ("PASSWORD", 5.0),
        ("Password", 4.0),
        ("tram", 13.0),
        ("Tram", 14.0),
        ("TrAm", 15.0),
        ("tRAM", 15.0),
        ("abc", 13.0),
        ("ab", 9.4),
        ("Ab", 10.4),
        ("x", 4.7),
        ("aa", 5.7),
        ("aaaa", 6.7),
        ("AAAA", 8.7),
        ("aaaa bbbb", 15.4),
        ("42", 6.64),
        ("-", 2.0),
        ("!!!", 2.0),
        ("!?", 10.0),
        ("tram lemon", 28.0),
    ],
)
def test_a_guesser_working_word_by_word_pays_per_word(text: str, bits: float) -> None:
    assert _word_bits(text) == pytest.approx(bits)


@pytest.mark.parametrize(
    ("text", "bits", "score", "label"),
    [
        ("", 0.0, 0, "Very weak"),
        ("tram admin -", 28.0, 1, "Weak"),
        ("Tram lemon!?", 39.0, 1, "Weak"),
        ("Tram Lemon!?", 40.0, 2, "Fair"),
        ("tram Lemon orbit admin", 49.0, 2, "Fair"),
        ("Tram Lemon orbit admin", 50.0, 3, "Strong"),
        ("TrAm LeMon OrBit zest kiwi", 79.0, 3, "Strong"),
        ("TrAm LeMon OrBit Zest kiwi", 80.0, 4, "Very strong"),
    ],
)
def test_the_score_steps_up_at_28_40_50_and_80_bits(
    text: str, bits: float, score: int, label: str
) -> None:
    strength = passphrase_strength(text)
    assert strength.bits == pytest.approx(bits)
    assert (strength.score, strength.label) == (score, label)


def test_fifty_bits_and_twelve_characters_are_enough() -> None:
    assert passphrase_strength("Tram Lemon orbit admin") == Strength(50.0, 3, "Strong", "")
    assert passphrase_strength("Tram Lemon orbit admin").acceptable


def test_just_under_fifty_bits_is_too_easy_to_guess() -> None:
    strength = passphrase_strength("tram Lemon orbit admin")
    assert strength.advice == TOO_EASY
    assert not strength.acceptable


def test_eleven_characters_are_too_short_however_random() -> None:
    strength = passphrase_strength("Zq9!xR2#kL0")
    assert strength.advice == TOO_SHORT
    assert not strength.acceptable


def test_twelve_characters_are_long_enough_then_only_the_guesswork_counts() -> None:
    assert passphrase_strength("Zq9!xR2#kL0@").advice == TOO_EASY


def test_the_character_estimate_counts_length_times_pool_bits() -> None:
    # Runs of digits: 6.25 effective characters from a pool of 43 are under the word count.
    assert passphrase_strength("1234567890 12").bits == pytest.approx(6.25 * math.log2(43))


def test_a_repeated_unit_counts_once() -> None:
    assert passphrase_strength("Slip Slip Slip Slip").bits == pytest.approx(22.0)
    assert passphrase_strength("qrzqrzqrzqrzqrz").bits == passphrase_strength("qrz").bits


def test_a_common_word_counts_about_two_characters() -> None:
    assert passphrase_strength("xxpasswordxx").bits == pytest.approx((8.25 - 6) * math.log2(26))


def test_a_text_of_common_words_alone_counts_nothing() -> None:
    assert passphrase_strength("passwordpassword").bits == 0.0


def test_three_different_characters_are_worth_at_most_ten_bits() -> None:
    assert passphrase_strength("aaaaaaaaaaaaab").bits == 10.0
    assert passphrase_strength("ab ab ab ab ab").bits == 10.0


def test_four_different_characters_are_not_capped_at_ten_bits() -> None:
    assert passphrase_strength("Zzzzzzzzzzzzzzzzq!").bits == pytest.approx(16.0)


def test_a_new_passphrase_that_is_strong_and_typed_twice_is_returned_unchanged() -> None:
    assert check_new_passphrase("Tram Lemon orbit admin", "Tram Lemon orbit admin") == (
        "Tram Lemon orbit admin"
    )


def test_a_weak_new_passphrase_is_refused_with_the_advice() -> None:
    with pytest.raises(ValidationError) as caught:
        check_new_passphrase("tram Lemon orbit admin", "tram Lemon orbit admin")
    assert caught.value.errors == {"passphrase": TOO_EASY}


def test_a_new_passphrase_typed_differently_is_refused_on_the_confirmation() -> None:
    with pytest.raises(ValidationError) as caught:
        check_new_passphrase("Tram Lemon orbit admin", "Tram Lemon orbit admiN")
    assert caught.value.errors == {"confirmation": "The two passphrases are not the same."}


def test_a_new_passphrase_with_spaces_at_either_end_is_refused() -> None:
    for text in (" violet harbour sixty lanterns", "violet harbour sixty lanterns "):
        with pytest.raises(ValidationError) as caught:
            check_new_passphrase(text, text)
        assert caught.value.errors == {
            "passphrase": "Leave out spaces at the start and end: they are easy to forget."
        }


WORDS = ["amber", "kettle", "ribbon", "lantern", "orbit", "harbour", "violet", "tractor"]


@given(words=st.lists(st.sampled_from(WORDS), min_size=4, max_size=6, unique=True))
def test_four_unrelated_words_are_accepted_and_returned_equal(words: list[str]) -> None:
    passphrase = " ".join(words)
    assert passphrase_strength(passphrase).acceptable
    assert check_new_passphrase(passphrase, passphrase) == passphrase


@given(text=st.text(max_size=30))
def test_a_refused_passphrase_is_refused_on_the_passphrase_with_its_advice(text: str) -> None:
    strength = passphrase_strength(text)
    try:
        chosen = check_new_passphrase(text, text)
    except ValidationError as error:
        assert error.field == "passphrase"
        spaces = "Leave out spaces at the start and end: they are easy to forget."
        assert error.message in (strength.advice, spaces)
        return
    assert chosen == text and strength.acceptable and len(text) >= MIN_LENGTH


def test_a_whole_text_repeating_one_unit_is_measured_by_that_unit_alone() -> None:
    # 'qw9!' once: 'qw' 9.4 + '9' 3.32 + '!' 2 bits word by word, whatever the capitals.
    assert passphrase_strength("Qw9!Qw9!Qw9!Qw9!").bits == pytest.approx(14.72)


def test_words_of_one_letter_repeated_are_too_easy_to_guess() -> None:
    strength = passphrase_strength("aaaa bbbb cccc dddd")
    assert strength.bits == pytest.approx(4 * 6.7 + 3 * 2.0)
    assert not strength.acceptable and strength.label == "Weak"
