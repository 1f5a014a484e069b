"""The year's offer form at its edges: places 0-200, weeks 1-52, days 0.5-5 in halves."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.capacity import Pool
from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.offer import (
    MAX_PLACES,
    OfferLine,
    copy_offer_to,
    default_line,
    default_offer,
    offer_from_text,
)
from slip_desktop.domain.programmes import CATALOGUE, Centre, ChargeRule, programme_key_stage

P = Programme


def _typed(line: OfferLine) -> dict[str, str]:
    return {
        "places": "" if line.places is None else str(line.places),
        "weeks": "" if line.weeks is None else str(line.weeks),
        "days": str(line.days_per_week),
    }


def _form(**changes: dict[str, str]) -> dict[Programme, dict[str, str]]:
    form = {p: _typed(default_line(p)) for p in CATALOGUE}
    for value, typed in changes.items():
        form[Programme(value)] = {**form[Programme(value)], **typed}
    return form


def _refused(form: dict[Programme, dict[str, str]]) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        offer_from_text(2026, form, {}, {})
    return raised.value.errors


def test_the_published_offer_typed_back_in_is_accepted_unchanged() -> None:
    assert offer_from_text(2026, _form(), {}, {}) == default_offer(2026)


def test_the_published_lines() -> None:
    assert default_line(P.RESET) == OfferLine(
        P.RESET, 5, 7, Decimal("2.5"), True, ChargeRule.PRO_RATA
    )
    assert default_line(P.ONE_TO_ONE) == OfferLine(
        P.ONE_TO_ONE, None, 6, Decimal("1.0"), False, ChargeRule.NONE
    )
    assert default_line(P.KS4_TIER3_AP).charged is True
    offer = default_offer(2026)
    assert offer.places("wigston-1-2") == 24
    assert offer.places("tier-2") is None
    assert offer.pools()["reset-B"] == Pool("reset-B", "Reset group B", Centre.PLC, 5)
    assert copy_offer_to(offer, 2027) == default_offer(2027)
    assert copy_offer_to(offer, 2027).lines is offer.lines


def test_charging_off_makes_the_rule_none() -> None:
    offer = offer_from_text(2026, _form(), {P.PATHWAY_1: False}, {P.RESET: ChargeRule.DAY_RATE})
    assert offer.line(P.PATHWAY_1).effective_rule == ChargeRule.NONE
    assert offer.line(P.PATHWAY_1).charge_rule == ChargeRule.PRO_RATA
    assert offer.line(P.RESET).effective_rule == ChargeRule.DAY_RATE
    assert offer.line(P.PATHWAY_2).effective_rule == ChargeRule.PRO_RATA


@pytest.mark.parametrize("places", ["0", str(MAX_PLACES), " 12 "])
def test_places_from_0_to_200_are_accepted(places: str) -> None:
    offer = offer_from_text(2026, _form(ks3_long_term={"places": places}), {}, {})
    assert offer.line(P.KS3_LONG_TERM).places == int(places)
    assert offer.places("ks3-long-term") == int(places)


@pytest.mark.parametrize("places", [str(MAX_PLACES + 1), "-1", "1.5", "ten", "1²"])
def test_places_outside_0_to_200_are_refused(places: str) -> None:
    errors = _refused(_form(ks3_long_term={"places": places}))
    assert errors == {"places:ks3_long_term": "Enter the places as a whole number from 0 to 200."}


def test_a_limited_pool_needs_its_places_and_an_unlimited_one_may_be_left_empty() -> None:
    errors = _refused(_form(reset={"places": " "}))
    assert errors == {"places:reset": "This programme's places have a limit: enter how many."}
    offer = offer_from_text(2026, _form(pathway_3={"places": ""}), {}, {})
    assert offer.line(P.PATHWAY_3).places is None
    limited = offer_from_text(2026, _form(pathway_3={"places": "8"}), {}, {})
    assert limited.line(P.PATHWAY_3).places == 8


def test_programmes_sharing_a_pool_take_the_first_ones_places() -> None:
    offer = offer_from_text(
        2026, _form(pathway_1={"places": "20"}, pathway_2={"places": "30"}), {}, {}
    )
    assert offer.line(P.PATHWAY_1).places == 20
    assert offer.line(P.PATHWAY_2).places == 20
    assert offer.pools()["wigston-1-2"].places == 20


@pytest.mark.parametrize(("weeks", "expected"), [("1", 1), ("52", 52), ("", None), (" 7 ", 7)])
def test_weeks_from_1_to_52_or_none_are_accepted(weeks: str, expected: int | None) -> None:
    offer = offer_from_text(2026, _form(reset={"weeks": weeks}), {}, {})
    assert offer.line(P.RESET).weeks == expected


@pytest.mark.parametrize("weeks", ["0", "53", "-1", "6.5", "six", "٣"])
def test_weeks_outside_1_to_52_are_refused(weeks: str) -> None:
    errors = _refused(_form(reset={"weeks": weeks}))
    assert errors == {"weeks:reset": "Enter the weeks as a whole number from 1 to 52."}


@pytest.mark.parametrize(("days", "expected"), [("0.5", "0.5"), ("5", "5.0"), ("2.50", "2.5")])
def test_days_from_half_a_day_to_five_in_halves_are_accepted(days: str, expected: str) -> None:
    offer = offer_from_text(2026, _form(reset={"days": days}), {}, {})
    assert offer.line(P.RESET).days_per_week == Decimal(expected)
    assert str(offer.line(P.RESET).days_per_week) == expected


@pytest.mark.parametrize("days", ["0", "0.4", "5.5", "2.25", "", "NaN", "Infinity", "two"])
def test_days_outside_half_days_from_0_5_to_5_are_refused(days: str) -> None:
    errors = _refused(_form(reset={"days": days}))
    assert errors == {"days:reset": "Enter the days a week in half days: 0.5 to 5."}


def test_every_bad_field_is_named_at_once() -> None:
    errors = _refused(
        _form(reset={"places": "x", "weeks": "0", "days": "9"}, pathway_2={"days": "0"})
    )
    assert set(errors) == {"places:reset", "weeks:reset", "days:reset", "days:pathway_2"}


@pytest.mark.parametrize("programme", [P.SMALL_GROUP, P.ONE_TO_ONE, P.ENGAGEMENT])
def test_a_tier_2_programme_cannot_be_charged_pro_rata(programme: Programme) -> None:
    # It serves both key stages, so there is no one average pupil cost to charge.
    with pytest.raises(ValidationError) as raised:
        offer_from_text(2026, _form(), {programme: True}, {programme: ChargeRule.PRO_RATA})
    assert raised.value.errors == {
        f"rule:{programme.value}": f"{programme.label} serves KS3 and KS4, so it has no one "
        "average pupil cost: charge it by the AP day rate or not at all."
    }
    day_rate = offer_from_text(2026, _form(), {programme: True}, {programme: ChargeRule.DAY_RATE})
    assert day_rate.line(programme).effective_rule == ChargeRule.DAY_RATE


def test_every_pro_rata_programme_in_the_offer_has_an_average_cost_to_charge() -> None:
    offer = default_offer(2026)
    for programme, line in offer.lines.items():
        if line.charge_rule == ChargeRule.PRO_RATA:
            assert programme_key_stage(programme) in (3, 4)


def test_a_programme_left_off_the_form_needs_its_places_and_days() -> None:
    form = _form()
    del form[P.KS3_LONG_TERM]
    assert _refused(form) == {
        "places:ks3_long_term": "This programme's places have a limit: enter how many.",
        "days:ks3_long_term": "Enter the days a week in half days: 0.5 to 5.",
    }


def test_an_unlimited_programme_with_only_its_days_has_no_places_or_weeks() -> None:
    offer = offer_from_text(2026, _form(one_to_one={}) | {P.ONE_TO_ONE: {"days": "1"}}, {}, {})
    line = offer.line(P.ONE_TO_ONE)
    assert (line.places, line.weeks, line.days_per_week) == (None, None, Decimal("1.0"))
    assert offer.places("tier-2") is None


def test_the_offer_is_for_the_year_asked() -> None:
    offer = offer_from_text(2031, _form(), {}, {})
    assert offer.academic_year == 2031
    assert offer.lines == default_offer(2031).lines


# -- a property with two sides: a valid line comes back equal, a wrong field is named -----


@settings(max_examples=200, deadline=None)
@given(
    places=st.integers(-2, MAX_PLACES + 2),
    weeks=st.integers(-1, 54),
    quarter_days=st.integers(-1, 22),
)
def test_an_offer_line_is_kept_or_refused_naming_each_wrong_field(
    places: int, weeks: int, quarter_days: int
) -> None:
    days = Decimal(quarter_days) / 4
    typed = {"places": str(places), "weeks": str(weeks), "days": str(days)}
    wrong = set()
    if not 0 <= places <= MAX_PLACES:
        wrong.add("places:ks3_long_term")
    if not 1 <= weeks <= 52:
        wrong.add("weeks:ks3_long_term")
    if not (Decimal("0.5") <= days <= 5 and quarter_days % 2 == 0):
        wrong.add("days:ks3_long_term")
    try:
        offer = offer_from_text(2026, _form(ks3_long_term=typed), {}, {})
    except ValidationError as error:
        assert set(error.errors) == wrong and wrong
        return
    assert not wrong
    line = offer.line(P.KS3_LONG_TERM)
    assert (line.places, line.weeks, line.days_per_week) == (places, weeks, days)
    assert offer.lines == {**default_offer(2026).lines, P.KS3_LONG_TERM: line}
