"""Retention rules at their edges: the due day, leap days, limits, defaults and stored text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.retention import (
    ANCHORS,
    ANONYMISED_FIRST_NAME,
    DEFAULT_RULES,
    MAX_YEARS,
    MIN_YEARS,
    Anchor,
    Disposal,
    RecordType,
    RetentionRule,
    add_years,
    format_rule,
    make_rule,
    parse_rule,
    setting_key,
)


def test_an_anonymised_pupil_is_named_in_parentheses() -> None:
    assert ANONYMISED_FIRST_NAME == "(anonymised)"


def test_a_rule_keeps_records_one_to_a_hundred_years() -> None:
    assert (MIN_YEARS, MAX_YEARS) == (1, 100)


def test_the_default_rules_are_dob_plus_31_dob_plus_25_and_closed_plus_6() -> None:
    assert {
        RecordType.SEN_PUPIL: RetentionRule(
            RecordType.SEN_PUPIL, Anchor.DATE_OF_BIRTH, 31, Disposal.ANONYMISE
        ),
        RecordType.OTHER_PUPIL: RetentionRule(
            RecordType.OTHER_PUPIL, Anchor.DATE_OF_BIRTH, 25, Disposal.ANONYMISE
        ),
        RecordType.ANONYMOUS_CASE: RetentionRule(
            RecordType.ANONYMOUS_CASE, Anchor.CASE_CLOSED, 6, Disposal.DELETE
        ),
    } == DEFAULT_RULES
    assert ANCHORS == {
        RecordType.SEN_PUPIL: Anchor.DATE_OF_BIRTH,
        RecordType.OTHER_PUPIL: Anchor.DATE_OF_BIRTH,
        RecordType.ANONYMOUS_CASE: Anchor.CASE_CLOSED,
    }


def test_a_record_is_due_on_the_anniversary_not_the_day_before() -> None:
    rule = DEFAULT_RULES[RecordType.ANONYMOUS_CASE]
    closed = date(2020, 7, 22)
    assert rule.due_on(closed) == date(2026, 7, 22)
    assert not rule.is_due(closed, date(2026, 7, 21))
    assert rule.is_due(closed, date(2026, 7, 22))
    assert rule.is_due(closed, date(2026, 7, 23))


def test_a_leap_day_anchor_falls_due_on_1_march_of_a_common_year() -> None:
    assert add_years(date(2016, 2, 29), 25) == date(2041, 3, 1)
    assert add_years(date(2016, 2, 29), 1) == date(2017, 3, 1)


def test_an_ordinary_day_moves_to_the_same_day_years_on() -> None:
    assert add_years(date(2010, 12, 31), 6) == date(2016, 12, 31)


def test_each_rule_is_kept_under_its_own_setting_key() -> None:
    assert setting_key(RecordType.SEN_PUPIL) == "retention.sen_pupil"
    assert setting_key(RecordType.ANONYMOUS_CASE) == "retention.anonymous_case"


def test_a_rule_is_stored_as_years_colon_disposal() -> None:
    assert format_rule(DEFAULT_RULES[RecordType.SEN_PUPIL]) == "31:anonymise"
    assert format_rule(DEFAULT_RULES[RecordType.ANONYMOUS_CASE]) == "6:delete"


@pytest.mark.parametrize("years", [1, 100, "  7 "])
def test_a_rule_of_one_to_a_hundred_years_is_accepted(years: object) -> None:
    rule = make_rule("anonymous_case", years, "anonymise")
    assert rule == RetentionRule(
        RecordType.ANONYMOUS_CASE, Anchor.CASE_CLOSED, int(str(years)), Disposal.ANONYMISE
    )
    assert type(rule.record_type) is RecordType and type(rule.disposal) is Disposal


def test_a_rule_takes_its_anchor_from_the_record_type() -> None:
    assert make_rule("other_pupil", 3, "delete").anchor is Anchor.DATE_OF_BIRTH
    assert make_rule("anonymous_case", 3, "delete").anchor is Anchor.CASE_CLOSED


def test_a_bad_rule_says_what_is_wrong_with_each_field() -> None:
    with pytest.raises(ValidationError) as caught:
        make_rule("pupil", 0, "shred")
    assert caught.value.errors == {
        "record_type": "Choose a record type from the list.",
        "years": "Years to keep must be between 1 and 100.",
        "disposal": "Choose what to do from the list.",
    }


@pytest.mark.parametrize("text", ["", "31", ":anonymise", "0:delete", "101:delete", "31:keep"])
def test_a_damaged_stored_rule_falls_back_to_its_default(text: str) -> None:
    for record_type in RecordType:
        assert parse_rule(record_type, text) == DEFAULT_RULES[record_type]


@given(
    record_type=st.sampled_from(list(RecordType)),
    years=st.integers(-5, 110),
    disposal=st.sampled_from([*Disposal, "shred", ""]),
)
def test_a_stored_rule_reads_back_equal_or_falls_back_to_the_default(
    record_type: RecordType, years: int, disposal: str
) -> None:
    text = f"{years}:{disposal}"
    read = parse_rule(record_type, text)
    if MIN_YEARS <= years <= MAX_YEARS and disposal in list(Disposal):
        assert read == RetentionRule(record_type, ANCHORS[record_type], years, Disposal(disposal))
        assert format_rule(read) == text
    else:
        assert read == DEFAULT_RULES[record_type]
        with pytest.raises(ValidationError) as caught:
            make_rule(record_type, years, disposal)
        bad = set()
        if not MIN_YEARS <= years <= MAX_YEARS:
            bad.add("years")
        if disposal not in list(Disposal):
            bad.add("disposal")
        assert set(caught.value.errors) == bad
