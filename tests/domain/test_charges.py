from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.charges import (
    PupilFunding,
    Rates,
    charge_for,
    no_charge,
    pupil_premium_for,
    rates_from_text,
    tier3_charge,
    tier4_charge,
    tier_of,
)
from slip_desktop.domain.enums import Programme, Term
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.money import format_money, parse_money, round_to_penny
from slip_desktop.domain.school_days import TermSpan, england_bank_holidays, school_days

RATES = Rates(
    academic_year=2026,
    average_cost_ks3=Decimal("6500.00"),
    average_cost_ks4=Decimal("7200.00"),
    pupil_premium=Decimal("1035.00"),
    pupil_premium_cla=Decimal("2530.00"),
    pupil_premium_service=Decimal("335.00"),
    school_days=190,
)


def test_tier_1_and_tier_2_have_no_charge() -> None:
    for programme in (Programme.SMALL_GROUP, Programme.ONE_TO_ONE, Programme.ENGAGEMENT):
        charge = charge_for(programme, 30, Decimal("1.0"), RATES, PupilFunding(), None)
        assert charge.tier == 2
        assert charge.amount == Decimal("0.00")


def test_reset_35_of_190_days_is_charged_cost_pp_and_send_pro_rata_to_2_5_of_5_days() -> None:
    # The offer's KS3 cost points at the KS4 one: Reset is charged, pro rata to its 2.5 days.
    funding = PupilFunding(pupil_premium=True, send_funding=Decimal("1200.50"))
    charge = charge_for(Programme.RESET, 35, Decimal("2.5"), RATES, funding, None)
    # (6,500 + 1,035 + 1,200.50) x 35 / 190 x 2.5 / 5 = 305,742.5 / 380 = 804.5855... -> 804.59
    assert charge.amount == Decimal("804.59")
    assert (charge.base, charge.pupil_premium, charge.send) == (
        Decimal("6500.00"),
        Decimal("1035.00"),
        Decimal("1200.50"),
    )
    assert tier_of(Programme.RESET) == 4
    assert no_charge(Programme.RESET, 20, Decimal("2.5")).amount == 0


def test_ks3_long_term_is_charged_pro_rata_like_tier_4() -> None:
    charge = charge_for(Programme.KS3_LONG_TERM, 38, Decimal("5.0"), RATES, PupilFunding(), None)
    # 6,500 x 38 / 190 = 1,300.00
    assert charge.amount == Decimal("1300.00")


def test_mon_wed_fri_tier3_booking_is_charged_3_days_a_week() -> None:
    # Nine weeks of Mon+Wed+Fri: 27 booked days at £85.50, not 2 days a week (£1,539.00).
    charge = charge_for(
        Programme.KS4_TIER3_AP, 45, Decimal("3"), None, PupilFunding(), Decimal("85.50"),
        booked=27,
    )  # fmt: skip
    assert charge.amount == Decimal("2308.50")


def test_tier4_full_time_ks4_with_pupil_premium_45_of_190_days() -> None:
    charge = tier4_charge(
        RATES, Programme.PATHWAY_1, PupilFunding(pupil_premium=True), 45, Decimal("5.0")
    )
    # Worked by hand: (7,200 + 1,035) x 45 / 190 = 370,575 / 190 = 1,950.3947... -> 1,950.39
    assert charge.amount == Decimal("1950.39")
    assert (charge.base, charge.pupil_premium, charge.send) == (
        Decimal("7200.00"),
        Decimal("1035.00"),
        Decimal("0"),
    )
    assert "45 / 190" in charge.calculation
    assert charge.calculation.endswith("£1,950.39")


def test_tier4_adds_the_pupils_send_funding_and_uses_ks3_cost_for_ks3() -> None:
    funding = PupilFunding(send_funding=Decimal("4000.00"))
    charge = tier4_charge(RATES, Programme.KS3_LONG_TERM, funding, 38, Decimal("5.0"))
    # (6,500 + 0 + 4,000) x 38 / 190 = 10,500 x 0.2 = 2,100.00
    assert charge.amount == Decimal("2100.00")


def test_tier4_part_time_place_is_pro_rata_to_days_per_week() -> None:
    charge = tier4_charge(
        RATES, Programme.PATHWAY_3, PupilFunding(looked_after=True), 60, Decimal("3.0")
    )
    # (7,200 + 2,530) x 60 / 190 x 3 / 5 = 9,730 x 180 / 950 = 1,843.5789... -> 1,843.58
    expected = (Decimal(9730) * 60 * 3 / (190 * 5)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert expected == Decimal("1843.58")
    assert charge.amount == expected


def test_tier3_ap_place_is_charged_at_the_day_rate_for_booked_days() -> None:
    charge = tier3_charge(Decimal("85.50"), 20, Decimal("2.0"))
    # 20 school days at 2 of 5 days a week = 8 booked days x £85.50 = £684.00
    assert charge.tier == 3
    assert charge.amount == Decimal("684.00")
    assert "8 booked days" in charge.calculation


def test_pupil_premium_looked_after_rate_replaces_standard_and_service_adds() -> None:
    assert pupil_premium_for(RATES, PupilFunding()) == 0
    assert pupil_premium_for(RATES, PupilFunding(pupil_premium=True)) == Decimal("1035.00")
    both = PupilFunding(pupil_premium=True, previously_looked_after=True)
    assert pupil_premium_for(RATES, both) == Decimal("2530.00")
    service = PupilFunding(pupil_premium=True, service_child=True)
    assert pupil_premium_for(RATES, service) == Decimal("1370.00")


def test_money_is_rounded_once_half_up_at_the_line_total() -> None:
    assert round_to_penny(Decimal("0.005")) == Decimal("0.01")
    assert round_to_penny(Decimal("2.675")) == Decimal("2.68")
    assert format_money(Decimal("-12.5")) == "-£12.50"
    assert format_money(123456) == "£1,234.56"


def test_parse_money_accepts_pounds_and_refuses_nonsense() -> None:
    assert parse_money("£1,035", "x") == Decimal("1035")
    with pytest.raises(ValidationError):
        parse_money("ten pounds", "x")
    with pytest.raises(ValidationError):
        parse_money("1.005", "x")
    with pytest.raises(ValidationError):
        parse_money("-3", "x")


def test_rates_form_reports_every_bad_field() -> None:
    with pytest.raises(ValidationError) as raised:
        rates_from_text(2026, {"average_cost_ks3": "abc", "school_days": "0"})
    assert {"average_cost_ks3", "average_cost_ks4", "school_days"} <= set(raised.value.errors)


def test_school_days_skip_weekends_half_term_and_bank_holidays() -> None:
    span = TermSpan(
        2026,
        Term.AUTUMN,
        date(2026, 9, 2),
        date(2026, 12, 18),
        date(2026, 10, 26),
        date(2026, 10, 30),
    )
    holidays = england_bank_holidays([2026, 2027])
    # Two full weeks either side of half-term: 5 + 5 days, the half-term week not counted.
    assert school_days(date(2026, 10, 19), date(2026, 11, 6), [span], holidays) == 10
    # A bank holiday inside term (spring: Easter Monday 2027 falls in the holidays anyway);
    # use a made-up summer term that contains Spring Bank Holiday, 31 May 2027.
    summer = TermSpan(2026, Term.SUMMER, date(2027, 5, 24), date(2027, 6, 4))
    assert school_days(date(2027, 5, 24), date(2027, 6, 4), [summer], holidays) == 9
    # Days outside the term do not count.
    assert school_days(date(2026, 8, 24), date(2026, 9, 4), [span], holidays) == 3


@settings(max_examples=500, deadline=None)
@given(
    cost=st.integers(0, 2_000_000),
    premium=st.sampled_from([PupilFunding(), PupilFunding(pupil_premium=True)]),
    send=st.integers(0, 1_500_000),
    days=st.integers(0, 80),
    tenths=st.integers(1, 50),
)
def test_tier4_rounds_once_to_the_penny_half_up(
    cost: int, premium: PupilFunding, send: int, days: int, tenths: int
) -> None:
    rates = Rates(
        2026,
        Decimal(cost) / 100,
        Decimal(cost) / 100,
        Decimal("1035"),
        Decimal("2530"),
        Decimal("335"),
        190,
    )
    funding = PupilFunding(pupil_premium=premium.pupil_premium, send_funding=Decimal(send) / 100)
    per_week = Decimal(tenths) / 10
    charge = tier4_charge(rates, Programme.PATHWAY_2, funding, days, per_week)
    yearly = (
        Decimal(cost) / 100 + (Decimal(1035) if premium.pupil_premium else 0) + Decimal(send) / 100
    )
    exact = yearly * days * per_week / (190 * 5)
    assert charge.amount == exact.quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert abs(charge.amount - exact) <= Decimal("0.005")
