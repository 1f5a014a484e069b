"""Importing office files: each way a cell is read, at its edges, and each refusal in words."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.enums import Programme, SendStatus
from slip_desktop.domain.imports import (
    SYNONYMS,
    ImportKind,
    RowProblems,
    field_label,
    guess_mapping,
    heading_key,
    layout_key,
    missing_fields,
    name_key,
    parse_choice,
    parse_date,
    parse_flag,
    parse_send,
    parse_year_group,
)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("upn", "UPN"),
        ("senco_email", "SENCO email"),
        ("planned_end_on", "Planned end"),
        ("first_name", "First name"),
        ("date_of_birth", "Date of birth"),
    ],
)
def test_the_mapping_page_names_each_field_in_words(name: str, label: str) -> None:
    assert field_label(name) == label


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("  Date_of-Birth. ", "date of birth"),
        ("Year/Group", "year group"),
        ("LEGAL   SURNAME", "legal surname"),
        ("days/week", "days week"),
        ("", ""),
    ],
)
def test_a_heading_is_compared_lower_case_with_punctuation_as_spaces(
    heading: str, key: str
) -> None:
    assert heading_key(heading) == key


def test_a_heading_that_is_the_field_name_itself_is_matched() -> None:
    assert guess_mapping(ImportKind.PLACEMENTS, ["Notes", "group_name"]) == {"group_name": 1}


def test_the_first_of_two_columns_meaning_one_field_is_taken() -> None:
    mapping = guess_mapping(ImportKind.PUPILS, ["Surname", "Last name", "Forename"])
    assert mapping == {"last_name": 0, "first_name": 2}


def test_columns_are_matched_field_by_field_whatever_their_order() -> None:
    mapping = guess_mapping(ImportKind.REFERRALS, ["Date", "Notes", "URN"])
    assert mapping == {"school": 2, "received_on": 0, "presenting_concerns": 1}
    assert guess_mapping(ImportKind.PUPILS, []) == {}


def test_a_layout_is_remembered_under_its_kind_and_a_hash_of_its_headings() -> None:
    # Remembered mappings are stored under this key in existing databases: it must not drift.
    assert layout_key(ImportKind.PUPILS, ["UPN", "Legal Surname"]) == (
        "import_map.pupils.9870d82705378d86e349798c"
    )
    assert layout_key(ImportKind.SCHOOLS, ["UPN", "Legal Surname"]).startswith(
        "import_map.schools."
    )
    assert layout_key(ImportKind.PUPILS, ["ab", "c"]) != layout_key(ImportKind.PUPILS, ["a", "bc"])


def test_the_required_fields_left_out_are_listed_in_order() -> None:
    assert missing_fields(ImportKind.PUPILS, {}) == ["last_name", "first_name", "date_of_birth"]
    assert missing_fields(ImportKind.PUPILS, {"first_name": 0}) == ["last_name", "date_of_birth"]
    assert missing_fields(ImportKind.PLACEMENTS, {"programme": 0, "starts_on": 1}) == []
    assert missing_fields(ImportKind.SCHOOLS, {"urn": 0}) == ["name"]
    assert missing_fields(ImportKind.REFERRALS, {}) == ["received_on"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2013, 2, 3), date(2013, 2, 3)),
        (datetime(2013, 2, 3, 23, 59), date(2013, 2, 3)),
        ("3/2/2013", date(2013, 2, 3)),
        ("03-02-2013", date(2013, 2, 3)),
        (" 3.02.2013 ", date(2013, 2, 3)),
        ("2013-2-3", date(2013, 2, 3)),
        ("2013-02-03 10:15", date(2013, 2, 3)),
        ("41308.0", date(2013, 2, 3)),
        (41308.75, date(2013, 2, 3)),
        (1, date(1899, 12, 31)),
        (2_958_465, date(9999, 12, 31)),
        ("   ", None),
    ],
)
def test_a_date_cell_is_read_in_each_form_offices_type(cell: object, expected: date) -> None:
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("next Tuesday", "“next Tuesday” is not a date: use dd/mm/yyyy or yyyy-mm-dd."),
        ("3/2/13", "“3/2/13” is not a date: use dd/mm/yyyy or yyyy-mm-dd."),
        ("41308.5", "“41308.5” is not a date: use dd/mm/yyyy or yyyy-mm-dd."),
        (True, "“True” is not a date: use dd/mm/yyyy or yyyy-mm-dd."),
        ("31/02/2013", "“31/02/2013” is not a real date: use dd/mm/yyyy."),
        ("2013-13-01", "“2013-13-01” is not a real date: use dd/mm/yyyy."),
        (0, "0 is not a spreadsheet date."),
        (0.5, "0.5 is not a spreadsheet date."),
        (2_958_466, "2.95847e+06 is not a spreadsheet date."),
        (-3, "-3 is not a spreadsheet date."),
    ],
)
def test_a_cell_that_is_no_date_says_what_was_found(cell: object, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_date(cell)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    "cell",
    ["y", "Yes", " TRUE ", "1", "t", "x", "FSM", "pp", "CLA", "eligible", True, 2, 1.5, -1],
)
def test_each_way_of_saying_yes_is_read_as_yes(cell: object) -> None:
    assert parse_flag(cell) is True


@pytest.mark.parametrize(
    "cell", ["", "n", "No", "false", "0", "F", "none", "-", None, False, 0, 0.0]
)
def test_each_way_of_saying_no_is_read_as_no(cell: object) -> None:
    assert parse_flag(cell) is False


def test_a_flag_that_is_neither_says_so() -> None:
    with pytest.raises(ValueError) as refused:
        parse_flag("Maybe ")
    assert str(refused.value) == "“Maybe ” is not yes or no."


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        (None, SendStatus.NONE),
        ("", SendStatus.NONE),
        ("N", SendStatus.NONE),
        ("none", SendStatus.NONE),
        ("No", SendStatus.NONE),
        ("K", SendStatus.SEN_SUPPORT),
        ("SEN Support", SendStatus.SEN_SUPPORT),
        ("sen_support", SendStatus.SEN_SUPPORT),
        ("support", SendStatus.SEN_SUPPORT),
        ("a", SendStatus.SEN_SUPPORT),
        ("P", SendStatus.SEN_SUPPORT),
        ("E", SendStatus.EHC_PLAN),
        ("s", SendStatus.EHC_PLAN),
        ("EHC", SendStatus.EHC_PLAN),
        ("EHCP", SendStatus.EHC_PLAN),
        ("ehc-plan", SendStatus.EHC_PLAN),
        ("Statement", SendStatus.EHC_PLAN),
        ("EHC needs assessment", SendStatus.EHC_ASSESSMENT),
        ("ehc_assessment", SendStatus.EHC_ASSESSMENT),
        ("Assessment", SendStatus.EHC_ASSESSMENT),
    ],
)
def test_each_sen_code_and_word_names_its_status(cell: object, status: SendStatus) -> None:
    assert parse_send(cell) is status


def test_a_sen_cell_naming_no_status_says_which_codes_to_use() -> None:
    with pytest.raises(ValueError) as refused:
        parse_send("Q")
    assert str(refused.value) == "“Q” is not a SEN status: use N, K (SEN support) or E (EHC plan)."


@pytest.mark.parametrize(
    ("cell", "year_group"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        (9, 9),
        (9.0, 9),
        ("9", 9),
        (" Y9 ", 9),
        ("yr 10", 10),
        ("Year11", 11),
        ("NC 7", 7),
        ("14", 14),
    ],
)
def test_a_year_group_is_read_with_or_without_its_word(cell: object, year_group: int) -> None:
    assert parse_year_group(cell) == year_group


@pytest.mark.parametrize("cell", ["Year nine", "100", "Y 9b", True])
def test_a_cell_with_no_year_group_says_to_use_a_number(cell: object) -> None:
    with pytest.raises(ValueError) as refused:
        parse_year_group(cell)
    assert str(refused.value) == f"“{cell}” is not a year group: use a number such as 9."


@pytest.mark.parametrize(
    ("cell", "programme"),
    [
        ("reset", Programme.RESET),
        ("KS3  reset", Programme.RESET),
        ("ks3_long_term", Programme.KS3_LONG_TERM),
        ("KS3 R", Programme.RESET),
        ("tier 2 1:1", Programme.ONE_TO_ONE),
    ],
)
def test_a_choice_is_named_by_its_value_its_label_or_the_one_label_it_begins(
    cell: str, programme: Programme
) -> None:
    assert parse_choice(cell, list(Programme), "programme") is programme


def test_an_empty_choice_cell_chooses_nothing() -> None:
    assert parse_choice(None, list(Programme), "programme") is None
    assert parse_choice(" ", list(Programme), "programme") is None


@pytest.mark.parametrize("cell", ["KS4 pathway", "Forest school"])
def test_a_choice_cell_naming_none_or_several_lists_the_choices(cell: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_choice(cell, list(Programme), "programme")
    assert str(refused.value) == (
        f"“{cell}” is not a programme: use one of Tier 2 small group, Tier 2 1:1, "
        "Tier 2 Engagement Officer, KS3 Reset, KS3 long-term (tier 4), KS4 tier 3 part-time AP, "
        "KS4 pathway 1 (Wigston, 5 GCSEs), KS4 pathway 2 (Wigston, 2 GCSEs), "
        "KS4 pathway 3 (blended AP)."
    )


@pytest.mark.parametrize(
    ("first", "last", "key"),
    [
        ("Nguyễn Thị", "Ánh", "nguyen thi anh"),
        ("  Zoë ", " O'Brien-Ćorić ", "zoe o brien coric"),
        ("STRAẞE", "Olsen", "strasse olsen"),
        ("Олег", "Петренко", "олег петренко"),
    ],
)
def test_names_are_folded_for_comparing_spellings(first: str, last: str, key: str) -> None:
    assert name_key(first, last) == key


def test_a_row_keeps_the_first_problem_found_for_each_field() -> None:
    row = RowProblems()
    row.add("upn", "The check letter is wrong.")
    row.add("upn", "Another problem.")
    row.add("date_of_birth", "Not a date.")
    assert row.errors == {"upn": "The check letter is wrong.", "date_of_birth": "Not a date."}
    assert RowProblems().errors == {}


@pytest.mark.parametrize("kind", list(SYNONYMS))
def test_no_heading_names_two_fields_of_one_kind(kind: ImportKind) -> None:
    # guess_mapping relies on it: a column matched to one field is never another's.
    owners: dict[str, str] = {}
    for name, words in SYNONYMS[kind].items():
        for word in {*words, name.replace("_", " ")}:
            assert owners.setdefault(word, name) == name, word


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1900, 3, 1), max_value=date(2099, 12, 31)))
def test_every_date_written_as_offices_write_it_is_read_back_equal(day: date) -> None:
    assert parse_date(f"{day:%d/%m/%Y}") == day
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day
    assert parse_date(day.isoformat()) == day
    assert parse_date((day - date(1899, 12, 30)).days) == day


@settings(max_examples=200, deadline=None)
@given(cell=st.text(max_size=12))
def test_a_date_cell_is_read_or_refused_saying_what_to_type(cell: str) -> None:
    try:
        day = parse_date(cell)
    except ValueError as error:
        assert "dd/mm/yyyy" in str(error) or "spreadsheet date" in str(error)
        return
    assert day is None or isinstance(day, date)
    assert (day is None) == (not cell.strip())
