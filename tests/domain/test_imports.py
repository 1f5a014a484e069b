from __future__ import annotations

from datetime import date, datetime

import pytest

from slip_desktop.domain.enums import Programme, SendStatus
from slip_desktop.domain.imports import (
    DUPLICATE_SCORE,
    ImportKind,
    guess_mapping,
    layout_key,
    name_key,
    parse_choice,
    parse_date,
    parse_flag,
    parse_send,
    parse_year_group,
)


def test_surname_synonyms_map_to_the_last_name() -> None:
    for heading in ("Surname", "Legal surname", "Last name", "LAST_NAME", " family name "):
        assert guess_mapping(ImportKind.PUPILS, ["UPN", heading])["last_name"] == 1


def test_a_column_is_matched_to_one_field_only() -> None:
    mapping = guess_mapping(ImportKind.SCHOOLS, ["School", "URN"])
    assert mapping == {"name": 0, "urn": 1}


def test_the_layout_key_ignores_case_and_spacing_but_not_order() -> None:
    a = layout_key(ImportKind.PUPILS, ["UPN", "Legal  Surname"])
    assert a == layout_key(ImportKind.PUPILS, ["upn", "legal surname"])
    assert a != layout_key(ImportKind.PUPILS, ["legal surname", "upn"])
    assert len(a) <= 60  # the Setting key's width


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("03/02/2013", date(2013, 2, 3)),
        ("3.2.2013", date(2013, 2, 3)),
        ("2013-02-03", date(2013, 2, 3)),
        ("2013-02-03T00:00:00", date(2013, 2, 3)),
        (41308, date(2013, 2, 3)),
        ("41308", date(2013, 2, 3)),
        (datetime(2013, 2, 3, 0, 0), date(2013, 2, 3)),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_in_the_formats_offices_use(cell: object, expected: date | None) -> None:
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["31/02/2013", "next Tuesday", "13/13/2013"])
def test_a_cell_that_is_not_a_date_says_what_to_type(cell: str) -> None:
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_date(cell)


def test_flags_sen_codes_year_groups_and_choices() -> None:
    assert parse_flag("Y") and parse_flag("true") and not parse_flag("") and not parse_flag("No")
    with pytest.raises(ValueError):
        parse_flag("maybe")
    assert parse_send("K") is SendStatus.SEN_SUPPORT and parse_send("E") is SendStatus.EHC_PLAN
    assert parse_send("") is SendStatus.NONE
    assert parse_year_group("Y9") == 9 and parse_year_group("Year 10") == 10
    assert parse_year_group(8.0) == 8
    assert parse_choice("KS3 Reset", list(Programme), "programme") is Programme.RESET
    assert parse_choice("pathway_2", list(Programme), "programme") is Programme.PATHWAY_2


def test_names_compare_without_accents_case_or_punctuation() -> None:
    from rapidfuzz import fuzz

    assert name_key("Zoë", "O'Brien-Ćorić") == "zoe o brien coric"
    spelt = fuzz.ratio(name_key("Zoë", "O'Brien-Ćorić"), name_key("ZOE", "OBrien Coric"))
    assert spelt >= DUPLICATE_SCORE
    assert fuzz.ratio(name_key("Zoë", "Patel"), name_key("Amara", "Okafor")) < DUPLICATE_SCORE
