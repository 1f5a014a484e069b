"""Pupil records at their edges: ages 9 and 19 on the day, year groups 1 and 14, the UPN."""

from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.pupils import PupilInput, clean_pupil, year_group_warning
from slip_desktop.domain.upn import make_upn

TODAY = date(2026, 11, 27)


def _pupil(**changes: object) -> PupilInput:
    base = {
        "first_name": "Олег",
        "last_name": "Петренко",
        "upn": "",
        "date_of_birth": date(2013, 3, 14),
        "year_group": 9,
        "school_id": 3,
    }
    return PupilInput(**{**base, **changes})  # type: ignore[arg-type]


def _errors(data: PupilInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        clean_pupil(data, TODAY)
    return error.value.errors


def test_a_pupil_nine_today_is_accepted_the_day_before_is_refused() -> None:
    assert clean_pupil(_pupil(date_of_birth=date(2017, 11, 27)), TODAY).date_of_birth == date(
        2017, 11, 27
    )
    assert _errors(_pupil(date_of_birth=date(2017, 11, 28))) == {
        "date_of_birth": "A pupil born on 28 Nov 2017 would be 8; secondary pupils are 9 to 19."
    }


def test_a_pupil_nineteen_is_accepted_twenty_today_is_refused() -> None:
    assert clean_pupil(_pupil(date_of_birth=date(2006, 11, 28)), TODAY).school_id == 3
    assert _errors(_pupil(date_of_birth=date(2006, 11, 27))) == {
        "date_of_birth": "A pupil born on 27 Nov 2006 would be 20; secondary pupils are 9 to 19."
    }


def test_year_groups_1_and_14_are_accepted_0_and_15_are_not() -> None:
    for year_group in (1, 14):
        assert clean_pupil(_pupil(year_group=year_group), TODAY).year_group == year_group
    for year_group in (0, 15):
        assert _errors(_pupil(year_group=year_group)) == {
            "year_group": "Choose a year group from 1 to 14."
        }


def test_missing_date_school_and_year_are_each_named() -> None:
    assert _errors(_pupil(date_of_birth=None, year_group=None, school_id=None)) == {
        "date_of_birth": "Enter the date of birth.",
        "year_group": "Choose a year group from 1 to 14.",
        "school": "Choose the pupil's school.",
    }


def test_a_cleaned_pupil_keeps_every_answer() -> None:
    upn = make_upn("855", "4001", 2019, 42)
    typed = _pupil(
        upn=f" {upn.lower()} ",
        year_group=None,
        send_status=SendStatus.EHC_PLAN,
        pupil_premium=True,
        looked_after=True,
        eal=True,
    )
    clean = clean_pupil(typed, TODAY)
    assert (clean.first_name, clean.last_name, clean.upn) == ("Олег", "Петренко", upn)
    assert clean.year_group == 9 and clean.year_group_as_of == 2026
    assert (clean.send_status, clean.pupil_premium, clean.looked_after, clean.eal) == (
        SendStatus.EHC_PLAN,
        True,
        True,
        True,
    )


def test_a_wrong_check_letter_is_named_on_the_upn() -> None:
    assert _errors(_pupil(upn="Q207000016049")) == {
        "upn": "The check letter is wrong: for these digits it should be P."
    }


def test_year_group_warning_only_when_it_disagrees() -> None:
    born = date(2013, 3, 14)
    assert year_group_warning(born, 9, TODAY) is None
    assert year_group_warning(None, 9, TODAY) is None
    assert year_group_warning(born, None, TODAY) is None
    assert year_group_warning(born, 8, TODAY) == (
        "Born 14 Mar 2013, so Year 9 in 2026-27; you entered Year 8. "
        "Keep it only if the pupil is taught out of cohort."
    )
