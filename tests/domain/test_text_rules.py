"""What typed text, numbers and dates may hold: each rule at its edge, each refusal in words."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.text_rules import (
    BIDI_CONTROLS,
    check_date,
    check_date_range,
    clean_text,
    date_problem,
    flag_problem,
    integer_problem,
    label_of,
    number_problem,
    scrub,
    text_problem,
)


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("visitor_name", "Visitor name"),
        ("_name_", "Name"),
        ("x", "X"),
        ("", "This field"),
        ("__", "This field"),
        ("école_name", "École name"),
    ],
)
def test_a_field_is_named_in_the_words_the_form_shows(field: str, label: str) -> None:
    assert label_of(field) == label


def test_text_not_given_as_text_is_refused_naming_the_field() -> None:
    assert text_problem("visitor_name", 12, None) == "Visitor name must be text."
    assert text_problem("visitor_name", None, 10) == "Visitor name must be text."


def test_text_exactly_at_the_column_length_is_accepted_one_over_is_refused() -> None:
    assert text_problem("notes", "a" * 1000, 1000) is None
    assert text_problem("notes", "é" * 1000, 1000) is None
    assert text_problem("notes", "a" * 1001, 1000) == (
        "Notes has at most 1,000 characters; this has 1,001."
    )
    assert text_problem("notes", "é" * 1001, 1000) == (
        "Notes has at most 1,000 characters; this has 1,001."
    )


def test_text_without_a_length_limit_takes_any_length() -> None:
    assert text_problem("notes", "a" * 100_000, None) is None
    assert text_problem("notes", "", 0) is None
    assert text_problem("notes", "a", 0) == "Notes has at most 0 characters; this has 1."


@pytest.mark.parametrize(
    "value",
    [
        "Zoë O'Brien-Ćorić",
        "Nguyễn Thị Ánh",
        "Σοφία Παπαδοπούλου",
        "Олег Петренко",
        "plain ASCII with space and tilde ~",
        " ",
        "",
        "X marks the spot",
        "Xë",
        "\u200d joiner",
    ],
)
def test_ordinary_text_in_any_script_is_accepted(value: str) -> None:
    assert text_problem("name", value, 100, multiline=False) is None
    assert text_problem("name", value, 100) is None


@pytest.mark.parametrize("value", ["line one\nline two", "tab\there", "crlf\r\n", "ë\në\të\rë"])
def test_line_breaks_and_tabs_only_where_the_field_is_multiline(value: str) -> None:
    assert text_problem("notes", value, None) is None
    problem = text_problem("notes", value, None, multiline=False)
    assert problem is not None and problem.startswith("Notes cannot hold control characters (U+00")


def test_a_single_line_field_names_the_first_line_break() -> None:
    assert text_problem("name", "a\nb", None, multiline=False) == (
        "Name cannot hold control characters (U+000A)."
    )
    assert text_problem("name", "é\tb", None, multiline=False) == (
        "Name cannot hold control characters (U+0009)."
    )
    assert text_problem("name", "\n", None, multiline=False) == (
        "Name cannot hold control characters (U+000A)."
    )
    assert text_problem("name", "\t\r", None, multiline=False) == (
        "Name cannot hold control characters (U+0009)."
    )


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("a\x00b", "0000"),
        ("\x1f", "001F"),
        ("del\x7f", "007F"),
        ("é\x00", "0000"),
        ("\x85é", "0085"),
    ],
)
def test_control_characters_are_refused_even_in_multiline_text(value: str, code: str) -> None:
    message = f"Notes cannot hold control characters (U+{code})."
    assert text_problem("notes", value, None) == message
    assert text_problem("notes", value, None, multiline=False) == message


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_each_bidi_override_and_isolate_is_refused(char: str) -> None:
    assert text_problem("name", f"abc{char}def", 100) == (
        f"Name cannot hold right-to-left override characters (U+{ord(char):04X})."
    )


def test_the_bidi_characters_are_exactly_the_nine_overrides_and_isolates() -> None:
    assert {f"{ord(c):04X}" for c in BIDI_CONTROLS} == {
        "202A", "202B", "202C", "202D", "202E", "2066", "2067", "2068", "2069",
    }  # fmt: skip


def test_a_lone_surrogate_is_refused_as_a_broken_character() -> None:
    assert text_problem("name", "ab\ud800", 100) == (
        "Name holds a broken character (a lone surrogate); type it again."
    )


def test_clean_text_trims_accepted_text_and_names_the_field_when_refusing() -> None:
    assert clean_text("name", "  Олег Петренко \n", 20) == "Олег Петренко"
    assert clean_text("name", "a" * 20, 20) == "a" * 20
    with pytest.raises(ValidationError) as refused:
        clean_text("visitor_name", "a" * 21, 20)
    assert refused.value.errors == {
        "visitor_name": "Visitor name has at most 20 characters; this has 21."
    }
    with pytest.raises(ValidationError) as refused:
        clean_text("visitor_name", "a\nb", 20, multiline=False)
    assert refused.value.errors == {
        "visitor_name": "Visitor name cannot hold control characters (U+000A)."
    }
    assert clean_text("notes", "a\nb", None) == "a\nb"


@pytest.mark.parametrize(
    ("value", "birth"),
    [
        (date(2000, 1, 1), False),
        (date(2099, 12, 31), False),
        (date(1990, 1, 1), True),
        (date(2099, 12, 31), True),
        (datetime(2000, 1, 1, 9, 0), False),
    ],
)
def test_dates_at_the_first_and_last_day_are_accepted(value: date, birth: bool) -> None:
    assert date_problem("starts_on", value, birth=birth) is None
    assert check_date("starts_on", value, birth=birth) == value


@pytest.mark.parametrize(
    ("value", "birth", "first"),
    [
        (date(1999, 12, 31), False, 2000),
        (date(2100, 1, 1), False, 2000),
        (date(1990, 1, 1), False, 2000),
        (date(1989, 12, 31), True, 1990),
        (date(2100, 1, 1), True, 1990),
    ],
)
def test_dates_the_day_outside_the_range_are_refused(value: date, birth: bool, first: int) -> None:
    message = f"Check the year of date of birth: it runs from {first} to 2099."
    assert date_problem("date_of_birth", value, birth=birth) == message
    with pytest.raises(ValidationError) as refused:
        check_date("date_of_birth", value, birth=birth)
    assert refused.value.errors == {"date_of_birth": message}


@pytest.mark.parametrize("value", ["2026-01-01", None, 20260101])
def test_a_date_that_is_not_a_date_is_refused_naming_the_field(value: object) -> None:
    assert date_problem("starts_on", value) == "Starts on must be a date."
    with pytest.raises(ValidationError) as refused:
        check_date("starts_on", value)
    assert refused.value.errors == {"starts_on": "Starts on must be a date."}


def test_a_date_and_time_in_a_date_field_is_checked_by_its_day() -> None:
    assert date_problem("starts_on", datetime(2099, 12, 31, 23, 59)) is None
    assert date_problem("starts_on", datetime(2100, 1, 1, 0, 0)) == (
        "Check the year of starts on: it runs from 2000 to 2099."
    )
    assert date_problem("starts_on", datetime(1999, 12, 31, 23, 59)) is not None


def test_a_range_may_end_the_same_day_or_later_or_stay_open() -> None:
    first = date(2026, 12, 4)
    check_date_range("starts_on", first, "ends_on", first)
    check_date_range("starts_on", first, "ends_on", date(2026, 12, 5))
    check_date_range("starts_on", first, "ends_on", None)


def test_a_range_ending_the_day_before_it_starts_is_refused_on_the_end() -> None:
    with pytest.raises(ValidationError) as refused:
        check_date_range("starts_on", date(2026, 12, 4), "ends_on", date(2026, 12, 3))
    assert refused.value.errors == {"ends_on": "Ends on cannot be before starts on."}


def test_a_range_names_the_end_or_the_start_that_is_out_of_range() -> None:
    with pytest.raises(ValidationError) as refused:
        check_date_range("starts_on", date(2026, 12, 4), "ends_on", date(2100, 1, 1))
    assert set(refused.value.errors) == {"ends_on"}
    with pytest.raises(ValidationError) as refused:
        check_date_range("starts_on", date(1999, 12, 31), "ends_on", None)
    assert set(refused.value.errors) == {"starts_on"}
    with pytest.raises(ValidationError) as refused:
        check_date_range("starts_on", "4/12/2026", "ends_on", "5/12/2026")
    assert refused.value.errors == {"starts_on": "Starts on must be a date."}


def test_a_whole_number_is_an_int_but_never_a_bool() -> None:
    assert integer_problem("places", 0) is None
    assert integer_problem("places", -3) is None
    for value in (True, False, 3.0, "3", Decimal(3), None):
        assert integer_problem("places", value) == "Places must be a whole number."


def test_an_exact_number_is_an_int_or_finite_decimal_never_a_float_or_bool() -> None:
    assert number_problem("day_rate", 0) is None
    assert number_problem("day_rate", Decimal("0.00")) is None
    assert number_problem("day_rate", Decimal("-1.5")) is None
    for value in (True, 1.5, "1.50", Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")):
        assert number_problem("day_rate", value) == "Day rate must be a number."


def test_a_flag_is_yes_or_no_only() -> None:
    assert flag_problem("eal", True) is None
    assert flag_problem("eal", False) is None
    for value in (1, 0, "yes", None):
        assert flag_problem("looked_after", value) == "Looked after must be yes or no."


def test_scrub_keeps_ordinary_text_and_layout_and_marks_each_refused_character() -> None:
    assert scrub("Zoë O'Brien\nX\tY\r", 100) == "Zoë O'Brien\nX\tY\r"
    assert scrub("a\u202eb\ud800c\x00d\x85e", 100) == "a\ufffdb\ufffdc\ufffdd\ufffde"
    for char in BIDI_CONTROLS:
        assert scrub(char, 5) == "\ufffd"


def test_scrub_keeps_exactly_the_length_asked_for() -> None:
    assert scrub("abcdef", 6) == "abcdef"
    assert scrub("abcdef", 5) == "abcde"
    assert scrub("abcdef", 0) == ""


def test_scrub_writes_other_values_as_text() -> None:
    assert scrub(12, 10) == "12"
    assert scrub(None, 10) == "None"
    assert scrub(date(2026, 12, 7), 10) == "2026-12-07"


# -- properties with two sides: accepted text comes back equal, refused text names its field

_ALLOWED_LAYOUT = "\n\r\t"


def _text_wrong(value: str, max_len: int, multiline: bool) -> bool:
    """An independent reading of the text rule."""
    if len(value) > max_len:
        return True
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs" or char in BIDI_CONTROLS:
            return True
        if category == "Cc" and not (multiline and char in _ALLOWED_LAYOUT):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(
    value=st.text(
        alphabet=st.characters(codec=None)
        | st.sampled_from(sorted(BIDI_CONTROLS) + ["\n", "\x00"])
        | st.characters(categories=("Cs",)),
        max_size=24,
    ),
    max_len=st.integers(0, 20),
    multiline=st.booleans(),
)
def test_text_is_kept_trimmed_or_refused_naming_its_field(
    value: str, max_len: int, multiline: bool
) -> None:
    wrong = _text_wrong(value, max_len, multiline)
    try:
        kept = clean_text("visitor_name", value, max_len, multiline=multiline)
    except ValidationError as error:
        assert wrong
        assert list(error.errors) == ["visitor_name"]
        assert error.errors["visitor_name"].startswith("Visitor name ")
        return
    assert not wrong
    assert kept == value.strip()


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1980, 1, 1), max_value=date(2110, 12, 31)), birth=st.booleans())
def test_a_date_is_kept_or_refused_naming_its_field(day: date, birth: bool) -> None:
    first = date(1990, 1, 1) if birth else date(2000, 1, 1)
    try:
        kept = check_date("starts_on", day, birth=birth)
    except ValidationError as error:
        assert not first <= day <= date(2099, 12, 31)
        assert list(error.errors) == ["starts_on"]
        return
    assert first <= day <= date(2099, 12, 31) and kept == day
