"""Money rules at their edges: zero, a half penny, signs, and what the coordinator types."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.money import (
    format_money,
    parse_money,
    pounds,
    round_to_penny,
    to_pence,
)


def test_a_half_penny_rounds_up_and_just_under_rounds_down() -> None:
    assert round_to_penny(Decimal("0.005")) == Decimal("0.01")
    assert round_to_penny(Decimal("0.0049999")) == Decimal("0.00")
    assert round_to_penny(Decimal("-0.005")) == Decimal("-0.01")
    assert round_to_penny(Decimal("1034.995")) == Decimal("1035.00")


def test_pence_and_pounds_convert_both_ways_exactly() -> None:
    assert pounds(0) == Decimal("0.00")
    assert pounds(1) == Decimal("0.01")
    assert pounds(103500) == Decimal("1035.00")
    assert to_pence(Decimal("1035.00")) == 103500
    assert to_pence(Decimal("0.01")) == 1
    assert to_pence(Decimal("0")) == 0
    assert to_pence(Decimal("-12.50")) == -1250


def test_to_pence_refuses_a_half_penny() -> None:
    with pytest.raises(ValueError, match=r"0\.005 is not a whole number of pence"):
        to_pence(Decimal("0.005"))


def test_zero_pounds_is_shown_without_a_sign() -> None:
    assert format_money(Decimal("0")) == "£0.00"
    assert format_money(Decimal("-0.00")) == "£0.00"
    assert format_money(0) == "£0.00"
    assert format_money(0, signed=True) == "£0.00"
    assert format_money(Decimal("0.00"), signed=True) == "£0.00"


def test_a_penny_either_side_of_zero_keeps_its_sign() -> None:
    assert format_money(Decimal("0.01")) == "£0.01"
    assert format_money(Decimal("0.01"), signed=True) == "+£0.01"
    assert format_money(Decimal("0.50"), signed=True) == "+£0.50"
    assert format_money(Decimal("-0.01")) == "-£0.01"
    assert format_money(Decimal("-0.01"), signed=True) == "-£0.01"
    assert format_money(1, signed=True) == "+£0.01"
    assert format_money(-1) == "-£0.01"


def test_money_shows_thousands_and_two_places() -> None:
    assert format_money(Decimal("1234.5")) == "£1,234.50"
    assert format_money(Decimal("1234.5"), signed=True) == "+£1,234.50"
    assert format_money(123456) == "£1,234.56"


def test_zero_pounds_is_accepted_as_an_amount() -> None:
    assert parse_money("0", "rate") == Decimal("0")
    assert parse_money("£0.00", "rate") == Decimal("0.00")
    assert format_money(parse_money("-0", "rate")) == "£0.00"


def test_typed_amounts_are_read_as_pounds() -> None:
    assert parse_money(" £1,035.50 ", "rate") == Decimal("1035.50")
    assert parse_money("1 035", "rate") == Decimal("1035")
    assert parse_money("-20", "credit", allow_negative=True) == Decimal("-20")
    assert parse_money("9999999.99", "rate") == Decimal("9999999.99")


def _refusal(text: str, allow_negative: bool = False) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_money(text, "rate", allow_negative)
    assert set(caught.value.errors) == {"rate"}
    return caught.value.errors["rate"]


def test_money_refusals_name_the_field_and_say_why() -> None:
    assert _refusal("   ") == "Enter an amount in pounds, for example 1035.00."
    assert _refusal("£") == "Enter an amount in pounds, for example 1035.00."
    assert _refusal("ten") == "'ten' is not an amount in pounds."
    assert _refusal("NaN") == "'NaN' is not an amount in pounds."
    assert _refusal("Infinity") == "'Infinity' is not an amount in pounds."
    assert _refusal("10000000") == "That amount is too large; check the figure."
    assert _refusal("-10000000", True) == "That amount is too large; check the figure."
    assert _refusal("1e30") == "That amount is too large; check the figure."
    assert _refusal("0.005") == "Use at most two decimal places (pence)."
    assert _refusal("-0.01") == "The amount cannot be negative."
    assert _refusal("-3") == "The amount cannot be negative."
