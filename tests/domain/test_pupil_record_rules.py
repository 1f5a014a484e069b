"""A pupil's record: each refusal in the coordinator's words, the UPN already on record."""

from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.pupils import (
    CleanPupil,
    DuplicateUpnError,
    PupilInput,
    clean_pupil,
    expected_year_group,
    year_group_warning,
)
from slip_desktop.domain.upn import make_upn

TODAY = date(2026, 11, 27)


def _pupil(**changes: object) -> PupilInput:
    base: dict[str, object] = {
        "first_name": "Σοφία",
        "last_name": "Παπαδοπούλου",
        "upn": "",
        "date_of_birth": date(2013, 3, 14),
        "year_group": 9,
        "school_id": 3,
    }
    return PupilInput(**{**base, **changes})  # type: ignore[arg-type]


def _errors(data: PupilInput, today: date = TODAY) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        clean_pupil(data, today)
    return error.value.errors


def test_a_pupil_record_is_returned_whole_with_the_year_its_group_is_for() -> None:
    upn = make_upn("855", "4001", 2019, 42)
    assert clean_pupil(_pupil(upn=upn, send_status=SendStatus.SEN_SUPPORT), TODAY) == CleanPupil(
        first_name="Σοφία",
        last_name="Παπαδοπούλου",
        upn=upn,
        date_of_birth=date(2013, 3, 14),
        year_group=9,
        school_id=3,
        send_status=SendStatus.SEN_SUPPORT,
        pupil_premium=False,
        looked_after=False,
        eal=False,
        year_group_as_of=2026,
    )


def test_a_blank_upn_is_stored_as_none() -> None:
    assert clean_pupil(_pupil(upn="   "), TODAY).upn is None


def test_the_year_group_is_given_for_the_academic_year_of_today() -> None:
    # 31 August is the last day of 2025-26; 1 September the first of 2026-27.
    assert clean_pupil(_pupil(), date(2026, 8, 31)).year_group_as_of == 2025
    assert clean_pupil(_pupil(), date(2026, 9, 1)).year_group_as_of == 2026


def test_both_names_are_required_in_the_forms_words() -> None:
    assert _errors(_pupil(first_name=" ", last_name="")) == {
        "first_name": "Enter the first name.",
        "last_name": "Enter the last name.",
    }
    assert _errors(_pupil(first_name="A" * 101)) == {
        "first_name": "The first name can be at most 100 characters (101)."
    }


def test_a_pupil_ten_on_the_day_is_accepted_and_born_the_next_day_is_still_nine() -> None:
    assert clean_pupil(_pupil(date_of_birth=date(2016, 11, 27), year_group=None), TODAY)
    nine = clean_pupil(_pupil(date_of_birth=date(2016, 11, 28)), TODAY)
    assert nine.date_of_birth == date(2016, 11, 28)


def test_the_age_counts_the_birthday_by_month_then_day() -> None:
    # Born 28 Oct 2017: nine on 27 Nov 2026 (a later month, an earlier day).
    assert clean_pupil(_pupil(date_of_birth=date(2017, 10, 28)), TODAY).school_id == 3
    # Born 26 Dec 2017: eight on 27 Nov 2026 (an earlier month, a later day).
    assert _errors(_pupil(date_of_birth=date(2017, 12, 26))) == {
        "date_of_birth": "A pupil born on 26 Dec 2017 would be 8; secondary pupils are 9 to 19."
    }


def test_the_year_group_follows_the_date_of_birth_when_left_empty() -> None:
    assert clean_pupil(_pupil(year_group=None), TODAY).year_group == 9
    assert expected_year_group(date(2013, 3, 14), date(2027, 9, 1)) == 10
    assert expected_year_group(date(2013, 3, 14), date(2027, 8, 31)) == 9


def test_a_derived_year_group_outside_1_to_14_is_refused() -> None:
    # Nineteen in Year 15: the age is allowed, the year group it gives is not.
    assert _errors(_pupil(date_of_birth=date(2007, 8, 31), year_group=None)) == {
        "year_group": "Choose a year group from 1 to 14."
    }


def test_a_upn_already_on_record_is_named_with_its_pupil() -> None:
    error = DuplicateUpnError(41, "Zoë O'Brien-Ćorić (Year 9)")
    assert error.pupil_id == 41
    assert error.errors == {
        "upn": "This UPN belongs to Zoë O'Brien-Ćorić (Year 9), who is already on record."
    }
    assert error.field == "upn" and isinstance(error, ValidationError)


def test_the_warning_names_the_academic_year_of_the_day() -> None:
    assert year_group_warning(date(2013, 3, 14), 10, date(2026, 8, 31)) == (
        "Born 14 Mar 2013, so Year 8 in 2025-26; you entered Year 10. "
        "Keep it only if the pupil is taught out of cohort."
    )
