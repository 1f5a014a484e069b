"""Unique Pupil Numbers: the DfE check letter, through python-stdnum."""

from __future__ import annotations

from stdnum import exceptions as stdnum_errors
from stdnum.gb import upn as _upn

#: Leicestershire's local authority number, the first three digits after the letter.
LEICESTERSHIRE_LA = "855"


def normalise_upn(text: str) -> str:
    """Return the UPN without spaces, upper-cased."""
    return _upn.compact(text)


def upn_problem(text: str) -> str | None:
    """Return why ``text`` is not a valid UPN, or None when it is."""
    number = normalise_upn(text)
    try:
        _upn.validate(number)
    except stdnum_errors.InvalidLength:
        return f"A UPN has 13 characters; this one has {len(number)}."
    except stdnum_errors.InvalidFormat:
        return "A UPN is a letter, 11 digits and a final digit or letter."
    except stdnum_errors.InvalidComponent:
        return f"{number[1:4]} is not a local authority number."
    except stdnum_errors.InvalidChecksum:
        right = _upn.calc_check_digit(number[1:])
        return f"The check letter is wrong: for these digits it should be {right}."
    return None


def make_upn(la: str, establishment: str, year: int, serial: int) -> str:
    """Build a valid permanent UPN from its parts (used for invented demo pupils)."""
    body = f"{la}{establishment}{year % 100:02d}{serial:03d}"
    return _upn.calc_check_digit(body) + body
