"""Pupil records: what a form may hold, how it is cleaned, and the year-group check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.school_year import academic_year_label, academic_year_of, year_group_for
from slip_desktop.domain.upn import normalise_upn, upn_problem
from slip_desktop.domain.validation import Checker

#: Year groups a pupil record may hold (out-of-cohort pupils can sit outside 7-11).
YEAR_GROUP_RANGE = range(1, 15)
#: Youngest and oldest ages (on the day) a secondary pupil record makes sense for.
MIN_AGE, MAX_AGE = 9, 19


@dataclass(frozen=True)
class PupilInput:
    """What the pupil part of a form holds, as typed."""

    first_name: str
    last_name: str
    upn: str
    date_of_birth: date | None
    year_group: int | None
    school_id: int | None
    send_status: SendStatus = SendStatus.NONE
    pupil_premium: bool = False
    looked_after: bool = False
    eal: bool = False


@dataclass(frozen=True)
class CleanPupil:
    """A pupil record ready to store."""

    first_name: str
    last_name: str
    upn: str | None
    date_of_birth: date
    year_group: int
    school_id: int
    send_status: SendStatus
    pupil_premium: bool
    looked_after: bool
    eal: bool
    #: The academic year ``year_group`` is given for: later years move it up with the cohort.
    year_group_as_of: int | None = None


class DuplicateUpnError(ValidationError):
    """The UPN typed already belongs to a pupil on record.

    Attributes:
        pupil_id: the existing pupil, so the form can offer to use that record.
    """

    def __init__(self, pupil_id: int, who: str) -> None:
        super().__init__({"upn": f"This UPN belongs to {who}, who is already on record."})
        self.pupil_id = pupil_id


def expected_year_group(date_of_birth: date, on: date) -> int:
    """Return the year group a pupil born on ``date_of_birth`` is in on the day ``on``."""
    return year_group_for(date_of_birth, academic_year_of(on))


def year_group_warning(date_of_birth: date | None, year_group: int | None, on: date) -> str | None:
    """Return a warning when ``year_group`` is not the one the date of birth gives, else None.

    Pupils taught out of cohort exist, so this never refuses the record.
    """
    if date_of_birth is None or year_group is None:
        return None
    expected = expected_year_group(date_of_birth, on)
    if expected == year_group:
        return None
    label = academic_year_label(academic_year_of(on))
    return (
        f"Born {date_of_birth:%d %b %Y}, so Year {expected} in {label}; you entered Year "
        f"{year_group}. Keep it only if the pupil is taught out of cohort."
    )


def clean_pupil(data: PupilInput, today: date) -> CleanPupil:
    """Return the cleaned pupil record, or raise ValidationError naming every bad field."""
    check = Checker()
    first = check.name("first_name", "first name", data.first_name)
    last = check.name("last_name", "last name", data.last_name)
    upn: str | None = normalise_upn(data.upn) if data.upn.strip() else None
    if upn is not None:
        problem = upn_problem(upn)
        if problem:
            check.fail("upn", problem)
    dob = data.date_of_birth
    if dob is None:
        check.fail("date_of_birth", "Enter the date of birth.")
    else:
        age = today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
        if not MIN_AGE <= age <= MAX_AGE:
            check.fail(
                "date_of_birth",
                f"A pupil born on {dob:%d %b %Y} would be {age}; "
                f"secondary pupils are {MIN_AGE} to {MAX_AGE}.",
            )
    year_group = data.year_group
    if year_group is None and dob is not None:
        year_group = expected_year_group(dob, today)
    if year_group is None or year_group not in YEAR_GROUP_RANGE:
        check.fail("year_group", "Choose a year group from 1 to 14.")
    if data.school_id is None:
        check.fail("school", "Choose the pupil's school.")
    check.raise_if_any()
    assert dob is not None and year_group is not None and data.school_id is not None
    return CleanPupil(
        first_name=first,
        last_name=last,
        upn=upn,
        date_of_birth=dob,
        year_group=year_group,
        school_id=data.school_id,
        send_status=data.send_status,
        pupil_premium=data.pupil_premium,
        looked_after=data.looked_after,
        eal=data.eal,
        year_group_as_of=academic_year_of(today),
    )
