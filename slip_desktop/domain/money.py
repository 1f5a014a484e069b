"""Money as Decimal pounds, stored as integer pence, rounded by one rule."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from slip_desktop.domain.errors import ValidationError

PENNY = Decimal("0.01")

#: The one rounding rule: every charge line is rounded to the penny, half up, once,
#: after the whole calculation; components are never rounded on the way.
ROUNDING_RULE = "each line's total is rounded to the nearest penny (half a penny rounds up)"


def round_to_penny(amount: Decimal) -> Decimal:
    """Round ``amount`` (pounds) to the penny, half up; the only rounding in the charges."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def pounds(pence: int) -> Decimal:
    """Return integer pence as exact Decimal pounds."""
    return (Decimal(pence) / 100).quantize(PENNY)


def to_pence(amount: Decimal) -> int:
    """Return pounds as integer pence; ``amount`` must already be whole pence."""
    rounded = round_to_penny(amount)
    if rounded != amount:
        raise ValueError(f"{amount} is not a whole number of pence")
    return int(rounded * 100)


def format_money(amount: Decimal | int, signed: bool = False) -> str:
    """Return ``£1,234.50`` (``-£12.00`` for credits); ints are taken as pence."""
    value = pounds(amount) if isinstance(amount, int) else amount
    sign = "-" if value < 0 else ("+" if signed and value > 0 else "")
    return f"{sign}£{abs(value):,.2f}"


def parse_money(text: str, field: str, allow_negative: bool = False) -> Decimal:
    """Read what the coordinator typed (``£1,035``, ``1035.00``, ``-20``) as pounds.

    Raises:
        ValidationError: naming ``field`` when the text is not an amount in pounds and pence.
    """
    cleaned = text.strip().replace("£", "").replace(",", "").replace(" ", "")
    if not cleaned:
        raise ValidationError({field: "Enter an amount in pounds, for example 1035.00."})
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError({field: f"'{text}' is not an amount in pounds."}) from None
    if not value.is_finite():
        raise ValidationError({field: f"'{text}' is not an amount in pounds."})
    # Before rounding: a huge figure (1e30) cannot be rounded to the penny at all.
    if abs(value) >= Decimal("10000000"):
        raise ValidationError({field: "That amount is too large; check the figure."})
    if value != round_to_penny(value):
        raise ValidationError({field: "Use at most two decimal places (pence)."})
    if value < 0 and not allow_negative:
        raise ValidationError({field: "The amount cannot be negative."})
    return value
