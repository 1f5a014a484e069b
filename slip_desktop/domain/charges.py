"""What a school is charged for a placement: one function per charge rule.

The rules, as the coordinator reads them in the Finance tab (``CHARGE_RULES``):

* Tier 1 and tier 2: no charge.
* Tier 3 (KS4 part-time AP): the AP provider's day rate for every *booked* day
  (the school days in the period that fall on the booked weekdays).
* Reset, KS3 long-term and KS4 pathways 1-3: the year's average pupil cost for
  the key stage, plus the pupil premium when the pupil is eligible, plus the
  pupil's additional SEND funding, pro rata to the school days placed out of
  the school days in the year, and to the days a week placed out of five
  (Reset: 2.5 of 5).

Which rule a programme follows is the year's offer (``domain/offer.py``).

Everything is ``Decimal``; the line total is rounded once (``money.ROUNDING_RULE``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.money import ROUNDING_RULE, format_money, parse_money, round_to_penny
from slip_desktop.domain.programmes import CATALOGUE, ChargeRule, programme_key_stage

FULL_WEEK = Decimal(5)

#: Which tier each programme is charged and reported at (from the catalogue).
PROGRAMME_TIER: dict[Programme, int] = {p: i.tier for p, i in CATALOGUE.items()}

#: The key stage whose average pupil cost a pro-rata programme is charged at.
PROGRAMME_KEY_STAGE: dict[Programme, int] = {
    p: stage for p in CATALOGUE if (stage := programme_key_stage(p) or 0)
}

#: The rules in the coordinator's words, shown in the Finance tab and on statements.
CHARGE_RULES: tuple[tuple[str, str], ...] = (
    ("Tier 1 and tier 2", "No charge (Inclusion Forum, small-group, 1:1, Engagement Officer)."),
    (
        "Tier 3 (KS4 part-time AP)",
        "The AP provider's day rate x booked days. Booked days = the school days in "
        "the placement that fall on its booked weekdays (Mon+Wed+Fri is 3 days a "
        "week). Booked, not attended, days are charged because the provider bills "
        "the partnership for the places it holds.",
    ),
    (
        "KS3 Reset and long-term, KS4 pathways (tier 4)",
        "(average pupil cost for the key stage + pupil premium when eligible + the "
        "pupil's additional SEND funding) x school days placed / school days in the "
        "year x days a week / 5 (Reset: 2.5 of 5 days).",
    ),
    (
        "The year's offer",
        "Settings > The year's offer says, for each year, which programmes are charged "
        "and by which rule.",
    ),
    (
        "Pupil premium",
        "Looked-after or previously looked-after: the looked-after rate; otherwise an "
        "eligible (Ever 6) pupil: the standard rate; a service child adds the service rate.",
    ),
    (
        "School days",
        "Monday to Friday inside the term dates, leaving out half-terms and England's "
        "bank holidays.",
    ),
    ("Rounding", f"Money is exact to the penny; {ROUNDING_RULE}."),
)


@dataclass(frozen=True)
class Rates:
    """The rates in force for an academic year (all amounts are a year's, in pounds)."""

    academic_year: int
    average_cost_ks3: Decimal
    average_cost_ks4: Decimal
    pupil_premium: Decimal
    pupil_premium_cla: Decimal
    pupil_premium_service: Decimal
    school_days: int


@dataclass(frozen=True)
class PupilFunding:
    """What a pupil brings with them: premium eligibility and additional SEND funding."""

    pupil_premium: bool = False
    looked_after: bool = False
    previously_looked_after: bool = False
    service_child: bool = False
    send_funding: Decimal = Decimal(0)


@dataclass(frozen=True)
class Charge:
    """One placement's charge for a period, with every figure it was worked out from.

    ``base`` is the tier-4 average pupil cost for a year or the tier-3 day rate;
    ``pupil_premium`` and ``send`` are a year's amounts; ``amount`` is the line total.
    """

    tier: int
    placed_days: int
    days_per_week: Decimal
    year_days: int
    base: Decimal
    pupil_premium: Decimal
    send: Decimal
    amount: Decimal
    calculation: str


def tier_of(programme: Programme) -> int:
    """Return the tier a programme is charged at."""
    return PROGRAMME_TIER[programme]


def _week_text(days_per_week: Decimal) -> str:
    return f"{days_per_week.normalize():f}/5 days a week"


def no_charge(programme: Programme, placed_days: int, days_per_week: Decimal) -> Charge:
    """Tier 1 and tier 2 (or charging off in the year's offer): nothing charged, days shown."""
    return Charge(
        tier=tier_of(programme),
        placed_days=placed_days,
        days_per_week=days_per_week,
        year_days=0,
        base=Decimal(0),
        pupil_premium=Decimal(0),
        send=Decimal(0),
        amount=Decimal("0.00"),
        calculation=f"{programme.label}: no charge",
    )


def booked_days(placed_days: int, days_per_week: Decimal) -> Decimal:
    """Return the days booked with an AP provider: school days x days a week / 5."""
    return Decimal(placed_days) * days_per_week / FULL_WEEK


def tier3_charge(
    day_rate: Decimal, placed_days: int, days_per_week: Decimal, booked: int | None = None
) -> Charge:
    """Tier 3: the provider's day rate for every booked day (not only attended days).

    ``booked`` is the count of school days on the booked weekdays; without it the
    booked days are worked out as school days x days a week / 5.
    """
    days = Decimal(booked) if booked is not None else booked_days(placed_days, days_per_week)
    amount = round_to_penny(day_rate * days)
    return Charge(
        tier=3,
        placed_days=placed_days,
        days_per_week=days_per_week,
        year_days=0,
        base=day_rate,
        pupil_premium=Decimal(0),
        send=Decimal(0),
        amount=amount,
        calculation=(
            f"{format_money(day_rate)} a day × {placed_days} school days × "
            f"{_week_text(days_per_week)} ({days.normalize():f} booked days) = "
            f"{format_money(amount)}"
        ),
    )


def pupil_premium_for(rates: Rates, funding: PupilFunding) -> Decimal:
    """Return the year's pupil premium a tier-4 place passes on for this pupil.

    The looked-after rate replaces the standard (Ever 6) rate; the service
    premium is a separate grant and is added to either.
    """
    premium = Decimal(0)
    if funding.looked_after or funding.previously_looked_after:
        premium = rates.pupil_premium_cla
    elif funding.pupil_premium:
        premium = rates.pupil_premium
    if funding.service_child:
        premium += rates.pupil_premium_service
    return premium


def average_cost_for(rates: Rates, programme: Programme) -> Decimal:
    """Return the year's average pupil cost for a tier-4 programme's key stage."""
    stage = PROGRAMME_KEY_STAGE[programme]
    return rates.average_cost_ks3 if stage == 3 else rates.average_cost_ks4


def tier4_charge(
    rates: Rates,
    programme: Programme,
    funding: PupilFunding,
    placed_days: int,
    days_per_week: Decimal,
) -> Charge:
    """Tier 4: (average cost + pupil premium + SEND funding) pro rata to days placed.

    amount = (cost + premium + SEND) x placed_days / school days in the year
    x days_per_week / 5, rounded once to the penny.
    """
    base = average_cost_for(rates, programme)
    premium = pupil_premium_for(rates, funding)
    send = funding.send_funding
    yearly = base + premium + send
    amount = round_to_penny(
        yearly * Decimal(placed_days) * days_per_week / (Decimal(rates.school_days) * FULL_WEEK)
    )
    return Charge(
        tier=tier_of(programme),
        placed_days=placed_days,
        days_per_week=days_per_week,
        year_days=rates.school_days,
        base=base,
        pupil_premium=premium,
        send=send,
        amount=amount,
        calculation=(
            f"({format_money(base)} + {format_money(premium)} + {format_money(send)}) × "
            f"{placed_days} / {rates.school_days} school days × {_week_text(days_per_week)} "
            f"= {format_money(amount)}"
        ),
    )


def charge_for(
    programme: Programme,
    placed_days: int,
    days_per_week: Decimal,
    rates: Rates | None,
    funding: PupilFunding,
    day_rate: Decimal | None,
    rule: ChargeRule | None = None,
    booked: int | None = None,
) -> Charge:
    """Apply ``rule`` (default: the published offer's rule for ``programme``).

    Raises:
        ValueError: when a day-rate place has no day rate or a pro-rata place no rates.
    """
    rule = CATALOGUE[programme].charge_rule if rule is None else rule
    if rule == ChargeRule.NONE:
        return no_charge(programme, placed_days, days_per_week)
    if rule == ChargeRule.DAY_RATE:
        if day_rate is None:
            raise ValueError("a day-rate place needs its AP provider's day rate")
        return tier3_charge(day_rate, placed_days, days_per_week, booked)
    if rates is None:
        raise ValueError("a pro-rata place needs the year's rates")
    return tier4_charge(rates, programme, funding, placed_days, days_per_week)


#: Rate fields as the rates form names them, with their labels.
RATE_FIELDS: tuple[tuple[str, str], ...] = (
    ("average_cost_ks3", "Average pupil cost, KS3 (a year)"),
    ("average_cost_ks4", "Average pupil cost, KS4 (a year)"),
    ("pupil_premium", "Pupil premium (Ever 6)"),
    ("pupil_premium_cla", "Pupil premium, looked-after or previously looked-after"),
    ("pupil_premium_service", "Service pupil premium"),
)


def rates_from_text(academic_year: int, texts: dict[str, str]) -> Rates:
    """Check the rates form and return the rates, or raise every problem at once.

    ``texts`` holds each of ``RATE_FIELDS`` and ``school_days`` as typed.

    Raises:
        ValidationError: field -> message for every field that cannot be accepted.
    """
    errors: dict[str, str] = {}
    amounts: dict[str, Decimal] = {}
    for name, _label in RATE_FIELDS:
        try:
            amounts[name] = parse_money(texts.get(name, ""), name)
        except ValidationError as error:
            errors.update(error.errors)
    days_text = texts.get("school_days", "").strip()
    days = 0
    # isascii: '1²0' passes isdigit() but int() refuses it.
    if not (days_text.isascii() and days_text.isdigit()) or not 100 <= int(days_text) <= 200:
        errors["school_days"] = "Enter the school days in the year, a whole number (usually 190)."
    else:
        days = int(days_text)
    if errors:
        raise ValidationError(errors)
    return Rates(academic_year=academic_year, school_days=days, **amounts)
