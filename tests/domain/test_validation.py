"""Field cleaners at their limits: exactly at each limit, one over, and every message."""

from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.validation import (
    DATE_HINT,
    EMAIL_MAX,
    LONG_TEXT_MAX,
    NAME_MAX,
    PHONE_MAX,
    SHORT_TEXT_MAX,
    Checker,
    clean_text,
    day_problem,
    parse_day,
)


def _one(method: str, *args: object, **kwargs: object) -> tuple[object, dict[str, str]]:
    check = Checker()
    value = getattr(check, method)(*args, **kwargs)
    return value, check.errors


def test_checker_raises_every_problem_at_once_first_message_kept() -> None:
    check = Checker()
    check.raise_if_any()
    check.fail("a", "first")
    check.fail("a", "second")
    check.fail("b", "other")
    with pytest.raises(ValidationError) as error:
        check.raise_if_any()
    assert error.value.errors == {"a": "first", "b": "other"}


def test_clean_text_trims_and_composes() -> None:
    assert clean_text("  Zoe\u0308 \n") == "Zoë"


def test_text_at_exactly_the_limit_is_kept_one_over_is_refused() -> None:
    assert _one("text", "t", " " + "é" * 10 + " ", "Role", max_length=10) == ("é" * 10, {})
    assert _one("text", "t", "é" * 11, "Role", max_length=10) == (
        "é" * 11,
        {"t": "Role has at most 10 characters."},
    )
    assert _one("text", "t", "x" * 1001, "Notes", max_length=1000)[1] == {
        "t": "Notes has at most 1,000 characters."
    }


def test_text_presence_type_and_control_characters() -> None:
    assert _one("text", "t", "  ", "Role", max_length=10) == ("", {"t": "Enter role."})
    assert _one("text", "t", "", "Role", max_length=10, required=False) == ("", {})
    assert _one("text", "t", 5, "Role", max_length=10) == ("", {"t": "Role must be text."})
    assert _one("text", "t", "a\tb", "Role", max_length=10)[1] == {
        "t": "Role cannot hold control characters."
    }
    assert _one("text", "t", "a\nb\tc", "Notes", max_length=10, multiline=True) == ("a\nb\tc", {})
    assert _one("text", "t", "a\x07b", "Notes", max_length=10, multiline=True)[1] == {
        "t": "Notes cannot hold control characters."
    }


def test_integer_bounds_are_inclusive() -> None:
    for value in (1, 14, "1", " 14 "):
        assert _one("integer", "n", value, "Year", low=1, high=14) == (int(value), {})
    for value in (0, 15, "15"):
        assert _one("integer", "n", value, "Year", low=1, high=14) == (
            1,
            {"n": "Year must be between 1 and 14."},
        )
    for value in (True, "x", 1.0, None):
        assert _one("integer", "n", value, "Year", low=3, high=14) == (
            3,
            {"n": "Year must be a whole number."},
        )


def test_choice_is_one_of_the_options() -> None:
    assert _one("choice", "c", "b", "Tier", ("a", "b")) == ("b", {})
    for value in ("z", 1, None):
        assert _one("choice", "c", value, "Tier", ("a", "b")) == (
            "a",
            {"c": "Choose tier from the list."},
        )


def test_name_at_exactly_the_limit_is_kept_one_over_is_refused() -> None:
    assert _one("name", "n", "name", "ж" * NAME_MAX) == ("ж" * NAME_MAX, {})
    over = "ж" * (NAME_MAX + 1)
    assert _one("name", "n", "name", over) == (
        over,
        {"n": f"The name can be at most {NAME_MAX} characters ({NAME_MAX + 1})."},
    )


def test_names_of_every_script_are_accepted_and_spaced_once() -> None:
    for typed, kept in (
        ("  Zoë   O'Brien-Ćorić ", "Zoë O'Brien-Ćorić"),
        ("Nguyễn Thị Ánh", "Nguyễn Thị Ánh"),
        ("Σοφία Παπαδοπούλου", "Σοφία Παπαδοπούλου"),
        ("St. John", "St. John"),
        ("D’Arcy", "D’Arcy"),
    ):
        assert _one("name", "n", "name", typed) == (kept, {})


def test_name_refusals_say_why() -> None:
    assert _one("name", "n", "first name", "  ") == ("", {"n": "Enter the first name."})
    assert _one("name", "n", "first name", "", required=False) == ("", {})
    assert _one("name", "n", "first name", "Ann2")[1] == {
        "n": "The first name cannot contain '2'. Use letters, spaces, ' and -."
    }
    assert _one("name", "n", "first name", "-'.")[1] == {
        "n": "The first name needs at least one letter."
    }


def test_short_text_at_exactly_the_limit_is_kept_one_over_is_refused() -> None:
    assert _one("short_text", "s", "role", " a  b ") == ("a b", {})
    assert _one("short_text", "s", "role", "r" * SHORT_TEXT_MAX) == ("r" * SHORT_TEXT_MAX, {})
    assert _one("short_text", "s", "role", "r" * (SHORT_TEXT_MAX + 1))[1] == {
        "s": f"The role can be at most {SHORT_TEXT_MAX} characters ({SHORT_TEXT_MAX + 1})."
    }


def test_long_text_at_exactly_the_limit_is_kept_one_over_is_refused() -> None:
    assert _one("long_text", "l", "views", "v" * LONG_TEXT_MAX) == ("v" * LONG_TEXT_MAX, {})
    assert _one("long_text", "l", "views", "v" * (LONG_TEXT_MAX + 1))[1] == {
        "l": "The views can be at most 4,000 characters; this has 4,001. "
        "Shorten it or attach the rest to the school's file."
    }
    assert _one("long_text", "l", "views", " a\r\nb\rc\x00d ") == ("a\nb\ncd", {})


def test_email_at_exactly_the_limit_is_kept_one_over_is_refused() -> None:
    assert _one("email", "e", "  ") == ("", {})
    at_limit = "a" * (EMAIL_MAX - len("@x.uk")) + "@x.uk"
    assert _one("email", "e", at_limit) == (at_limit, {})
    assert _one("email", "e", "a" + at_limit)[1] == {
        "e": f"An e-mail address can be at most {EMAIL_MAX} characters."
    }
    for bad in ("name@school", "a b@x.uk", "a@@x.uk", "@x.uk"):
        assert _one("email", "e", bad)[1] == {
            "e": "This does not look like an e-mail address (name@school.sch.uk)."
        }


def test_phone_at_exactly_the_limit_is_kept_one_over_is_refused() -> None:
    assert _one("phone", "p", "") == ("", {})
    assert _one("phone", "p", " +44  116 (496) 0123 ") == ("+44 116 (496) 0123", {})
    assert _one("phone", "p", "123456") == ("123456", {})
    at_limit = "1" * PHONE_MAX
    assert _one("phone", "p", at_limit) == (at_limit, {})
    assert _one("phone", "p", at_limit + "1")[1] == {
        "p": f"A phone number can be at most {PHONE_MAX} characters."
    }
    for bad in ("12345", "(12) 345", "0116 ext 5", "-- -- --"):
        assert _one("phone", "p", bad)[1] == {
            "p": "A phone number has digits, spaces, brackets, + and - only."
        }


def test_percent_runs_from_0_to_100_to_one_place() -> None:
    message = {"a": "The attendance is a number from 0 to 100, e.g. 87.5."}
    assert _one("percent", "a", "attendance", " ") == (None, {})
    for typed, kept in (("0", "0.0"), ("100", "100.0"), ("87.5%", "87.5"), (".5", "0.5")):
        value, errors = _one("percent", "a", "attendance", typed)
        assert (str(value), errors) == (kept, {})
    for bad in ("100.1", "-1", "x", "1e2", "123456789", "٥٠"):
        assert _one("percent", "a", "attendance", bad) == (None, message)


def test_count_runs_from_0_to_its_maximum() -> None:
    assert _one("count", "c", "suspensions", "") == (0, {})
    assert _one("count", "c", "suspensions", "200") == (200, {})
    assert _one("count", "c", "suspensions", "7", 7) == (7, {})
    for bad in ("201", "-1", "1.5", "x", "12345"):
        assert _one("count", "c", "suspensions", bad) == (
            0,
            {"c": "The suspensions is a whole number from 0 to 200."},
        )
    assert _one("count", "c", "suspensions", "8", 7)[1] == {
        "c": "The suspensions is a whole number from 0 to 7."
    }


def test_dates_from_2000_to_2099_can_be_stored() -> None:
    assert day_problem(date(2000, 1, 1)) is None
    assert day_problem(date(2099, 12, 31)) is None
    message = "Check the year: dates run from 2000 to 2099."
    assert day_problem(date(1999, 12, 31)) == message
    assert day_problem(date(2100, 1, 1)) == message


@pytest.mark.parametrize(
    "typed",
    [
        "14/03/2013",
        "14-3-2013",
        "14.03.2013",
        "14 Mar 2013",
        "14 march 2013.",
        "14 MARCH, 2013",
        "2013-03-14",
        "14032013",
    ],
)
def test_british_dates_are_read(typed: str) -> None:
    assert parse_day(typed) == date(2013, 3, 14)


def test_every_month_name_is_read() -> None:
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sept", "oct", "nov", "dec"]
    for number, name in enumerate(names, start=1):
        assert parse_day(f"1 {name} 2020") == date(2020, number, 1)
    long_names = ["january", "february", "march", "april", "june", "july", "august"]
    long_names += ["september", "october", "november", "december", "sep"]
    for name in long_names:
        assert parse_day(f"1 {name} 2020") is not None


def test_empty_date_is_none_and_nonsense_explains() -> None:
    assert parse_day("  ") is None
    for bad in ("14/03", "14/03/13", "14/13th/2013", "123/03/2013", "x/03/2013", "14/03/٢٠١٣"):
        with pytest.raises(ValueError) as error:
            parse_day(bad)
        assert str(error.value) == DATE_HINT
    with pytest.raises(ValueError) as error:
        parse_day("31/02/2013")
    assert str(error.value) == f"There is no such date. {DATE_HINT}"


def test_eight_digits_are_day_month_year_only_when_typed_alone() -> None:
    assert parse_day("14112013") == date(2013, 11, 14)
    with pytest.raises(ValueError) as error:
        parse_day("14032013/03/2013")
    assert str(error.value) == DATE_HINT


def test_percent_of_eight_characters_is_read_nine_are_refused() -> None:
    value, errors = _one("percent", "a", "attendance", "100.0000")
    assert (str(value), errors) == ("100.0", {})
    assert _one("percent", "a", "attendance", "0000087.5")[1] == {
        "a": "The attendance is a number from 0 to 100, e.g. 87.5."
    }
    assert _one("percent", "a", "attendance", "87X%")[1] == {
        "a": "The attendance is a number from 0 to 100, e.g. 87.5."
    }


def test_names_with_combining_vowel_signs_are_accepted() -> None:
    # Devanagari vowel signs stay separate marks after NFC (no precomposed form).
    assert _one("name", "n", "name", "अनिल कुमार") == ("अनिल कुमार", {})
