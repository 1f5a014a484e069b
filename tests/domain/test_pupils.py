from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.pupils import (
    PupilInput,
    clean_pupil,
    expected_year_group,
    year_group_warning,
)
from slip_desktop.domain.upn import make_upn

TODAY = date(2026, 11, 27)
PUPIL = PupilInput(
    first_name=" Zoë ",
    last_name="Nguyễn",
    upn=make_upn("855", "4001", 19, 42).lower(),
    date_of_birth=date(2013, 3, 14),
    year_group=None,
    school_id=3,
)


def test_names_from_many_languages_are_kept_and_trimmed() -> None:
    clean = clean_pupil(PUPIL, TODAY)
    assert (clean.first_name, clean.last_name) == ("Zoë", "Nguyễn")
    assert clean_pupil(replace(PUPIL, last_name="O'Brien"), TODAY).last_name == "O'Brien"
    assert clean_pupil(replace(PUPIL, last_name="Smith-Jones"), TODAY).last_name == "Smith-Jones"
    assert clean.upn == PUPIL.upn.upper()


def test_year_group_is_derived_from_the_date_of_birth() -> None:
    # Born March 2013: started Year 7 in September 2024, so Year 9 in 2026-27.
    assert expected_year_group(date(2013, 3, 14), TODAY) == 9
    assert clean_pupil(PUPIL, TODAY).year_group == 9
    # 31 August and 1 September fall in different cohorts.
    assert expected_year_group(date(2013, 8, 31), TODAY) == 9
    assert expected_year_group(date(2013, 9, 1), TODAY) == 8


def test_a_year_group_that_disagrees_with_the_date_of_birth_is_warned_not_refused() -> None:
    assert year_group_warning(date(2013, 3, 14), 9, TODAY) is None
    warning = year_group_warning(date(2013, 3, 14), 8, TODAY)
    assert warning is not None and "Year 9" in warning and "out of cohort" in warning
    assert clean_pupil(replace(PUPIL, year_group=8), TODAY).year_group == 8


def test_bad_pupil_fields_are_all_named() -> None:
    bad = replace(
        PUPIL, first_name="  ", last_name="R2-D2", upn="B207000016049", date_of_birth=None
    )
    with pytest.raises(ValidationError) as error:
        clean_pupil(replace(bad, school_id=None), TODAY)
    assert set(error.value.errors) == {
        "first_name",
        "last_name",
        "upn",
        "date_of_birth",
        "year_group",
        "school",
    }
    assert "check letter" in error.value.errors["upn"]


def test_name_length_limit_is_stated() -> None:
    with pytest.raises(ValidationError) as error:
        clean_pupil(replace(PUPIL, last_name="A" * 101), TODAY)
    assert "at most 100" in error.value.errors["last_name"]
    assert clean_pupil(replace(PUPIL, last_name="A" * 100), TODAY).last_name == "A" * 100


def test_a_pupil_too_young_for_secondary_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        clean_pupil(replace(PUPIL, date_of_birth=date(2022, 1, 1)), TODAY)
    assert "date_of_birth" in error.value.errors


def test_dates_are_read_the_british_way() -> None:
    from slip_desktop.domain.validation import parse_day

    assert parse_day(" 14/03/2013 ") == date(2013, 3, 14)
    assert parse_day("14-3-2013") == date(2013, 3, 14)
    assert parse_day("14032013") == date(2013, 3, 14)
    assert parse_day("14 March 2013") == date(2013, 3, 14)
    assert parse_day("") is None
    for bad in ("31/02/2013", "14/03/13", "yesterday", "3/14/2013"):
        with pytest.raises(ValueError):
            parse_day(bad)
