"""The DfE register codes in force from August 2024 and what each counts as."""

from __future__ import annotations

import pytest

from slip_desktop.domain.attendance import (
    CODE_LENGTH,
    CODES,
    LEGACY_CODES,
    Category,
    Meaning,
    check_code,
    code_of,
    codes_starting,
    is_absence,
    tally,
)
from slip_desktop.domain.errors import RuleError

ATTENDS, APPROVED, AUTHORISED, UNAUTHORISED, NOT_COUNTED = (
    Meaning.PRESENT,
    Meaning.APPROVED,
    Meaning.AUTHORISED,
    Meaning.UNAUTHORISED,
    Meaning.NOT_POSSIBLE,
)

#: Every code of "Working together to improve school attendance" (August 2024), with
#: the meaning the DfE gives it for attendance statistics.
DFE_2024 = {
    "/": ATTENDS,
    "L": ATTENDS,
    "K": APPROVED,
    "V": APPROVED,
    "P": APPROVED,
    "W": APPROVED,
    "B": APPROVED,
    "D": NOT_COUNTED,
    "C1": AUTHORISED,
    "M": AUTHORISED,
    "J1": AUTHORISED,
    "S": AUTHORISED,
    "X": NOT_COUNTED,
    "C2": AUTHORISED,
    "C": AUTHORISED,
    "T": AUTHORISED,
    "R": AUTHORISED,
    "I": AUTHORISED,
    "E": AUTHORISED,
    "Q": NOT_COUNTED,
    "Y1": NOT_COUNTED,
    "Y2": NOT_COUNTED,
    "Y3": NOT_COUNTED,
    "Y4": NOT_COUNTED,
    "Y5": NOT_COUNTED,
    "Y6": NOT_COUNTED,
    "Y7": NOT_COUNTED,
    "G": UNAUTHORISED,
    "N": UNAUTHORISED,
    "O": UNAUTHORISED,
    "U": UNAUTHORISED,
    "Z": NOT_COUNTED,
    "#": NOT_COUNTED,
}


def test_the_register_offers_exactly_the_codes_in_force_from_august_2024() -> None:
    assert set(CODES) == set(DFE_2024)
    assert all(1 <= len(code) <= CODE_LENGTH for code in CODES)


@pytest.mark.parametrize(("mark", "meaning"), sorted(DFE_2024.items()))
def test_each_code_counts_with_its_dfe_meaning(mark: str, meaning: Meaning) -> None:
    assert CODES[mark].meaning == meaning
    assert CODES[mark].description
    one = tally([mark])
    if meaning == NOT_COUNTED:
        assert (one.possible, one.not_counted) == (0, 1)
    else:
        assert one.possible == 1
        assert one.attended == (1 if meaning in (ATTENDS, APPROVED) else 0)
        assert one.approved == (1 if meaning == APPROVED else 0)
        assert one.authorised == (1 if meaning == AUTHORISED else 0)
        assert one.unauthorised == (1 if meaning == UNAUTHORISED else 0)
    assert is_absence(mark) == (meaning in (AUTHORISED, UNAUTHORISED))


def test_every_meaning_and_heading_is_used() -> None:
    assert {c.meaning for c in CODES.values()} == set(Meaning)
    assert {c.category for c in CODES.values()} == set(Category)


def test_a_c1_mark_counts_as_authorised_absence() -> None:
    result = tally(["C1", "/", "/", "/"])
    assert (result.possible, result.attended, result.authorised) == (4, 3, 1)
    assert result.percentage == 75.0


def test_approved_educational_activity_counts_as_attending() -> None:
    result = tally(["K", "B", "I", "Y1"])
    assert (result.possible, result.attended, result.approved, result.authorised) == (3, 2, 2, 1)


def test_multi_character_codes_are_checked_in_any_case() -> None:
    assert check_code(" c1 ") == "C1"
    assert check_code("y7") == "Y7"
    assert codes_starting("Y") == [f"Y{n}" for n in range(1, 8)]
    assert codes_starting("C") == ["C1", "C2"]
    with pytest.raises(RuleError, match="not a register code"):
        check_code("Y8")


@pytest.mark.parametrize(
    ("old", "meaning"),
    [("Y", NOT_COUNTED), ("J", AUTHORISED), ("H", AUTHORISED), ("F", AUTHORISED), ("\\", ATTENDS)],
)
def test_an_old_one_letter_mark_still_reads_with_its_meaning(old: str, meaning: Meaning) -> None:
    assert code_of(old).meaning == meaning
    assert old in LEGACY_CODES
    tally([old])  # counts without failing


def test_an_old_mark_is_no_longer_offered_and_says_what_replaced_it() -> None:
    with pytest.raises(RuleError, match="Y1 or Y2"):
        check_code("Y")
    with pytest.raises(RuleError, match="J1"):
        check_code("j")


def test_a_mark_nobody_knows_reads_as_not_counted() -> None:
    assert code_of("?").meaning == NOT_COUNTED
