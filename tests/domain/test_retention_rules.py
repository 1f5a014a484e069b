from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.retention import (
    DEFAULT_RULES,
    Anchor,
    Disposal,
    RecordType,
    add_years,
    format_rule,
    make_rule,
    parse_rule,
)


def test_sen_records_are_kept_until_date_of_birth_plus_31_years() -> None:
    rule = DEFAULT_RULES[RecordType.SEN_PUPIL]
    assert rule.anchor == Anchor.DATE_OF_BIRTH and rule.years == 31
    born = date(2010, 5, 14)
    assert rule.due_on(born) == date(2041, 5, 14)
    assert not rule.is_due(born, date(2041, 5, 13))
    assert rule.is_due(born, date(2041, 5, 14))


def test_a_29_february_birthday_falls_due_on_1_march() -> None:
    assert add_years(date(2012, 2, 29), 31) == date(2043, 3, 1)
    assert add_years(date(2012, 2, 29), 4) == date(2016, 2, 29)


def test_rules_round_trip_through_their_setting_text() -> None:
    rule = make_rule("other_pupil", "20", "delete")
    assert rule == make_rule(RecordType.OTHER_PUPIL, 20, Disposal.DELETE)
    assert parse_rule(RecordType.OTHER_PUPIL, format_rule(rule)) == rule


def test_a_damaged_setting_falls_back_to_the_default_never_to_keep_forever() -> None:
    assert parse_rule(RecordType.SEN_PUPIL, "forever") == DEFAULT_RULES[RecordType.SEN_PUPIL]


@pytest.mark.parametrize(
    ("record_type", "years", "disposal", "field"),
    [
        ("pupil", 10, "delete", "record_type"),
        ("sen_pupil", 0, "delete", "years"),
        ("sen_pupil", 101, "delete", "years"),
        ("sen_pupil", "ten", "delete", "years"),
        ("sen_pupil", True, "delete", "years"),
        ("sen_pupil", 10, "shred", "disposal"),
    ],
)
def test_bad_rules_name_the_field(
    record_type: object, years: object, disposal: object, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_rule(record_type, years, disposal)
    assert field in caught.value.errors
