"""Every tier's charging branch, money at zero and at a half penny, and the rates form's edges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slip_desktop.domain.charges import (
    CHARGE_RULES,
    PROGRAMME_KEY_STAGE,
    PROGRAMME_TIER,
    RATE_FIELDS,
    Charge,
    PupilFunding,
    Rates,
    average_cost_for,
    booked_days,
    charge_for,
    no_charge,
    pupil_premium_for,
    rates_from_text,
    tier3_charge,
    tier4_charge,
)
from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.programmes import ChargeRule

RATES = Rates(
    academic_year=2026,
    average_cost_ks3=Decimal("6500.00"),
    average_cost_ks4=Decimal("7200.00"),
    pupil_premium=Decimal("1035.00"),
    pupil_premium_cla=Decimal("2530.00"),
    pupil_premium_service=Decimal("335.00"),
    school_days=190,
)

GOOD_FORM = {
    "average_cost_ks3": "£6,500",
    "average_cost_ks4": "7200.00",
    "pupil_premium": "1035",
    "pupil_premium_cla": "2,530.00",
    "pupil_premium_service": "335",
    "school_days": "190",
}


# -- which tier charges what ----------------------------------------------------------------


def test_each_programme_is_charged_at_its_published_tier() -> None:
    assert PROGRAMME_TIER == {
        Programme.SMALL_GROUP: 2,
        Programme.ONE_TO_ONE: 2,
        Programme.ENGAGEMENT: 2,
        Programme.RESET: 4,
        Programme.KS3_LONG_TERM: 4,
        Programme.KS4_TIER3_AP: 3,
        Programme.PATHWAY_1: 4,
        Programme.PATHWAY_2: 4,
        Programme.PATHWAY_3: 4,
    }


def test_pro_rata_programmes_are_charged_at_their_single_key_stages_cost() -> None:
    # Tier 2 serves both key stages, so it has no key stage to be charged at.
    assert PROGRAMME_KEY_STAGE == {
        Programme.RESET: 3,
        Programme.KS3_LONG_TERM: 3,
        Programme.KS4_TIER3_AP: 4,
        Programme.PATHWAY_1: 4,
        Programme.PATHWAY_2: 4,
        Programme.PATHWAY_3: 4,
    }
    assert average_cost_for(RATES, Programme.RESET) == Decimal("6500.00")
    assert average_cost_for(RATES, Programme.KS3_LONG_TERM) == Decimal("6500.00")
    assert average_cost_for(RATES, Programme.PATHWAY_3) == Decimal("7200.00")


def test_tier_2_no_charge_shows_the_days_and_nothing_else() -> None:
    charge = no_charge(Programme.ONE_TO_ONE, 12, Decimal("1.0"))
    assert charge == Charge(
        tier=2,
        placed_days=12,
        days_per_week=Decimal("1.0"),
        year_days=0,
        base=Decimal(0),
        pupil_premium=Decimal(0),
        send=Decimal(0),
        amount=Decimal("0.00"),
        calculation="Tier 2 1:1: no charge",
    )
    assert str(charge.amount) == "0.00"


@pytest.mark.parametrize("programme", [Programme.SMALL_GROUP, Programme.ENGAGEMENT])
def test_tier_2_is_not_charged_even_with_rates_and_a_day_rate(programme: Programme) -> None:
    funding = PupilFunding(pupil_premium=True, send_funding=Decimal("900"))
    charge = charge_for(programme, 30, Decimal("1.0"), RATES, funding, Decimal("85.50"))
    assert charge.amount == Decimal("0.00")
    assert charge.calculation.endswith(": no charge")


def test_tier_3_is_charged_the_day_rate_even_when_rates_are_missing() -> None:
    charge = charge_for(
        Programme.KS4_TIER3_AP, 20, Decimal("2.0"), None, PupilFunding(), Decimal("85.50")
    )
    assert charge == Charge(
        tier=3,
        placed_days=20,
        days_per_week=Decimal("2.0"),
        year_days=0,
        base=Decimal("85.50"),
        pupil_premium=Decimal(0),
        send=Decimal(0),
        amount=Decimal("684.00"),
        calculation=("£85.50 a day × 20 school days × 2/5 days a week (8 booked days) = £684.00"),
    )


def test_tier_3_without_a_day_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="^a day-rate place needs its AP provider's day rate$"):
        charge_for(Programme.KS4_TIER3_AP, 20, Decimal("2.0"), RATES, PupilFunding(), None)


@pytest.mark.parametrize(
    "programme",
    [
        Programme.RESET,
        Programme.KS3_LONG_TERM,
        Programme.PATHWAY_1,
        Programme.PATHWAY_2,
        Programme.PATHWAY_3,
    ],
)
def test_tier_4_without_the_years_rates_is_refused(programme: Programme) -> None:
    with pytest.raises(ValueError, match="^a pro-rata place needs the year's rates$"):
        charge_for(programme, 20, Decimal("5.0"), None, PupilFunding(), Decimal("85.50"))


def test_tier_4_ignores_a_day_rate_and_charges_pro_rata() -> None:
    charge = charge_for(
        Programme.PATHWAY_2, 19, Decimal("5.0"), RATES, PupilFunding(), Decimal("85.50")
    )
    # 7,200 x 19 / 190 = 720.00
    assert charge.amount == Decimal("720.00")
    assert charge.tier == 4
    assert charge.year_days == 190


def test_the_years_offer_rule_overrides_the_catalogue_both_ways() -> None:
    off = charge_for(
        Programme.PATHWAY_1, 19, Decimal("5.0"), RATES, PupilFunding(), None, ChargeRule.NONE
    )
    assert off.amount == Decimal("0.00")
    assert (off.tier, off.placed_days, off.days_per_week) == (4, 19, Decimal("5.0"))
    on = charge_for(
        Programme.ONE_TO_ONE, 10, Decimal("1.0"), None, PupilFunding(), Decimal("50"),
        ChargeRule.DAY_RATE,
    )  # fmt: skip
    # 10 school days at 1 of 5 days a week: 2 booked days x £50
    assert on.amount == Decimal("100.00")
    pro_rata = charge_for(
        Programme.KS4_TIER3_AP, 19, Decimal("5.0"), RATES, PupilFunding(), Decimal("50"),
        ChargeRule.PRO_RATA,
    )  # fmt: skip
    assert pro_rata.amount == Decimal("720.00")  # 7,200 x 19 / 190, not 19 x £50


def test_booked_weekdays_count_overrides_the_days_a_week_estimate() -> None:
    estimate = tier3_charge(Decimal("10.00"), 10, Decimal("3"))
    assert estimate.amount == Decimal("60.00")  # 10 x 3 / 5 = 6 booked days
    counted = tier3_charge(Decimal("10.00"), 10, Decimal("3"), booked=7)
    assert counted.amount == Decimal("70.00")
    assert "(7 booked days)" in counted.calculation
    none_booked = tier3_charge(Decimal("10.00"), 10, Decimal("3"), booked=0)
    assert none_booked.amount == Decimal("0.00")


def test_booked_days_are_school_days_times_days_a_week_over_five() -> None:
    assert booked_days(10, Decimal("2")) == Decimal(4)
    assert booked_days(7, Decimal("2.5")) == Decimal("3.5")
    assert booked_days(0, Decimal("5")) == 0


# -- money at zero and at a half penny ------------------------------------------------------


def test_tier_3_at_a_half_penny_rounds_up_once() -> None:
    # £0.01 x 2.5 booked days (5 school days at 2.5 a week) = 2.5p -> 3p.
    charge = tier3_charge(Decimal("0.01"), 5, Decimal("2.5"))
    assert charge.amount == Decimal("0.03")
    below = tier3_charge(Decimal("0.01"), 12, Decimal("1"))  # 2.4 booked days: 2.4p -> 2p
    assert below.amount == Decimal("0.02")


def test_tier_4_at_a_half_penny_rounds_up_and_just_below_rounds_down() -> None:
    rates = Rates(2026, Decimal("0"), Decimal("9.50"), Decimal(0), Decimal(0), Decimal(0), 190)
    # £9.50 x 1 / 190 = £0.05 exactly; x 0.5 / 5 = 0.005 -> 0.01
    half = tier4_charge(rates, Programme.PATHWAY_1, PupilFunding(), 1, Decimal("0.5"))
    assert half.amount == Decimal("0.01")
    below = Rates(2026, Decimal("0"), Decimal("9.49"), Decimal(0), Decimal(0), Decimal(0), 190)
    assert tier4_charge(below, Programme.PATHWAY_1, PupilFunding(), 1, Decimal("0.5")).amount == (
        Decimal("0.00")
    )


def test_tier_4_at_zero_cost_charges_zero_not_minus_zero() -> None:
    rates = Rates(2026, Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0), 190)
    charge = tier4_charge(rates, Programme.KS3_LONG_TERM, PupilFunding(), 38, Decimal("5.0"))
    assert charge.amount == Decimal("0.00")
    assert not charge.amount.is_signed()
    assert charge.calculation == (
        "(£0.00 + £0.00 + £0.00) × 38 / 190 school days × 5/5 days a week = £0.00"
    )


def test_tier_4_zero_days_placed_charges_nothing() -> None:
    charge = tier4_charge(RATES, Programme.PATHWAY_1, PupilFunding(), 0, Decimal("5.0"))
    assert charge.amount == Decimal("0.00")


def test_tier_4_records_every_figure_it_was_worked_out_from() -> None:
    funding = PupilFunding(previously_looked_after=True, service_child=True,
                           send_funding=Decimal("100.00"))  # fmt: skip
    charge = tier4_charge(RATES, Programme.KS3_LONG_TERM, funding, 38, Decimal("2.5"))
    # (6,500 + 2,530 + 335 + 100) x 38 / 190 x 2.5 / 5 = 9,465 x 0.1 = 946.50
    assert charge == Charge(
        tier=4,
        placed_days=38,
        days_per_week=Decimal("2.5"),
        year_days=190,
        base=Decimal("6500.00"),
        pupil_premium=Decimal("2865.00"),
        send=Decimal("100.00"),
        amount=Decimal("946.50"),
        calculation=(
            "(£6,500.00 + £2,865.00 + £100.00) × 38 / 190 school days × 2.5/5 days a week = £946.50"
        ),
    )


# -- pupil premium: every branch ------------------------------------------------------------


@pytest.mark.parametrize(
    ("funding", "expected"),
    [
        (PupilFunding(), "0"),
        (PupilFunding(pupil_premium=True), "1035.00"),
        (PupilFunding(looked_after=True), "2530.00"),
        (PupilFunding(previously_looked_after=True), "2530.00"),
        (PupilFunding(looked_after=True, pupil_premium=True), "2530.00"),
        (PupilFunding(service_child=True), "335.00"),
        (PupilFunding(looked_after=True, service_child=True), "2865.00"),
        (PupilFunding(previously_looked_after=True, service_child=True), "2865.00"),
        (PupilFunding(pupil_premium=True, service_child=True), "1370.00"),
    ],
)
def test_pupil_premium_rate_for_each_kind_of_eligibility(
    funding: PupilFunding, expected: str
) -> None:
    assert pupil_premium_for(RATES, funding) == Decimal(expected)


# -- the rates form ---------------------------------------------------------------------------


def test_a_valid_rates_form_is_accepted_and_read_exactly() -> None:
    rates = rates_from_text(2026, GOOD_FORM)
    assert rates == RATES


def test_rates_form_accepts_zero_pounds() -> None:
    form = dict(GOOD_FORM, pupil_premium_service="0", pupil_premium="£0.00")
    rates = rates_from_text(2026, form)
    assert rates.pupil_premium_service == 0
    assert rates.pupil_premium == 0


@pytest.mark.parametrize("days", ["100", "200", " 190 "])
def test_rates_form_accepts_school_days_from_100_to_200(days: str) -> None:
    assert rates_from_text(2026, dict(GOOD_FORM, school_days=days)).school_days == int(days)


@pytest.mark.parametrize("days", ["99", "201", "", "1²0", "19O", "-190", "190.0"])
def test_rates_form_refuses_school_days_outside_100_to_200(days: str) -> None:
    with pytest.raises(ValidationError) as raised:
        rates_from_text(2026, dict(GOOD_FORM, school_days=days))
    assert raised.value.errors == {
        "school_days": "Enter the school days in the year, a whole number (usually 190)."
    }


@pytest.mark.parametrize(("name", "_label"), RATE_FIELDS)
def test_rates_form_names_the_one_missing_amount(name: str, _label: str) -> None:
    form = dict(GOOD_FORM)
    del form[name]
    with pytest.raises(ValidationError) as raised:
        rates_from_text(2026, form)
    assert raised.value.errors == {name: "Enter an amount in pounds, for example 1035.00."}


def test_rates_form_reports_every_bad_field_at_once() -> None:
    with pytest.raises(ValidationError) as raised:
        rates_from_text(2026, {"average_cost_ks3": "-1", "school_days": "0"})
    assert set(raised.value.errors) == {name for name, _ in RATE_FIELDS} | {"school_days"}


def test_the_charge_rules_name_every_tier_and_the_rounding() -> None:
    headings = [heading for heading, _ in CHARGE_RULES]
    assert headings[:3] == [
        "Tier 1 and tier 2",
        "Tier 3 (KS4 part-time AP)",
        "KS3 Reset and long-term, KS4 pathways (tier 4)",
    ]
    assert "half a penny rounds up" in dict(CHARGE_RULES)["Rounding"]


def test_tier_3_through_the_offer_charges_the_counted_booked_days() -> None:
    # 10 school days at 3 a week would be 6 booked days; the booked weekdays counted 7.
    charge = charge_for(
        Programme.KS4_TIER3_AP, 10, Decimal("3"), None, PupilFunding(), Decimal("10.00"),
        booked=7,
    )  # fmt: skip
    assert charge.amount == Decimal("70.00")
    assert (charge.placed_days, charge.days_per_week) == (10, Decimal("3"))


def test_rates_form_without_the_school_days_names_them() -> None:
    form = dict(GOOD_FORM)
    del form["school_days"]
    with pytest.raises(ValidationError) as raised:
        rates_from_text(2026, form)
    assert set(raised.value.errors) == {"school_days"}
