"""The published offer, field by field, and the key-stage and weekday rules built on it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.programmes import (
    CATALOGUE,
    KS3_LONG_TERM_POOL,
    PATHWAY_3_POOL,
    POOL_SPECS,
    RESET_POOL,
    TIER2_POOL,
    TIER3_POOL,
    WIGSTON_POOL,
    Centre,
    ChargeRule,
    PoolSpec,
    check_key_stage,
    check_key_stage_on,
    describe_weekdays,
    key_stage_on,
    parse_weekdays,
    pool_programmes,
    programme_key_stage,
    programmes_where,
    weekdays_text,
    year_group_on,
)

P = Programme
NO, DAY, PRO = ChargeRule.NONE, ChargeRule.DAY_RATE, ChargeRule.PRO_RATA

#: programme: tier, key stages, centre, pool, weeks, days a week, AP part, charge rule,
#: register, needs provider, needs mentor, full time, booked weekdays.
OFFER = {
    P.SMALL_GROUP: (2, {3, 4}, Centre.IN_SCHOOL, TIER2_POOL, 6, "1.0", False, NO, None,
                    False, True, False, False),
    P.ONE_TO_ONE: (2, {3, 4}, Centre.IN_SCHOOL, TIER2_POOL, 6, "1.0", False, NO, None,
                   False, True, False, False),
    P.ENGAGEMENT: (2, {3, 4}, Centre.IN_SCHOOL, TIER2_POOL, 6, "1.0", False, NO, None,
                   False, True, False, False),
    P.RESET: (4, {3}, Centre.PLC, RESET_POOL, 7, "2.5", False, PRO, Centre.PLC,
              False, False, False, False),
    P.KS3_LONG_TERM: (4, {3}, Centre.PLC, KS3_LONG_TERM_POOL, None, "5.0", True, PRO,
                      Centre.PLC, False, False, True, False),
    P.KS4_TIER3_AP: (3, {4}, Centre.AP, TIER3_POOL, None, "2.0", False, DAY, Centre.AP,
                     True, False, False, True),
    P.PATHWAY_1: (4, {4}, Centre.WIGSTON, WIGSTON_POOL, None, "5.0", True, PRO,
                  Centre.WIGSTON, False, False, True, False),
    P.PATHWAY_2: (4, {4}, Centre.WIGSTON, WIGSTON_POOL, None, "5.0", True, PRO,
                  Centre.WIGSTON, False, False, True, False),
    P.PATHWAY_3: (4, {4}, Centre.AP, PATHWAY_3_POOL, None, "5.0", False, PRO, Centre.AP,
                  True, False, True, False),
}  # fmt: skip


@pytest.mark.parametrize("programme", list(Programme))
def test_each_programme_follows_the_published_offer(programme: Programme) -> None:
    entry = CATALOGUE[programme]
    (tier, stages, centre, pool, weeks, per_week, ap, rule, register, provider, mentor,
     full_time, booked) = OFFER[programme]  # fmt: skip
    assert entry.programme == programme
    assert entry.tier == tier
    assert entry.key_stages == frozenset(stages)
    assert entry.centre == centre
    assert entry.pool == pool
    assert entry.weeks == weeks
    assert entry.days_per_week == Decimal(per_week)
    assert entry.ap_component is ap
    assert entry.charge_rule == rule
    assert entry.register == register
    assert entry.needs_provider is provider
    assert entry.needs_mentor is mentor
    assert entry.full_time is full_time
    assert entry.booked_weekdays is booked


def test_the_pools_of_the_published_offer() -> None:
    assert PoolSpec("reset", "Reset group", Centre.PLC, 5, ("A", "B")) == RESET_POOL
    assert PoolSpec("ks3-long-term", "KS3 long-term", Centre.PLC, 10) == KS3_LONG_TERM_POOL
    assert PoolSpec("wigston-1-2", "Pathways 1 and 2", Centre.WIGSTON, 24) == WIGSTON_POOL
    assert PoolSpec("pathway-3", "Pathway 3 (blended AP)", Centre.AP, None) == PATHWAY_3_POOL
    assert PoolSpec("tier-3-ap", "KS4 tier 3 AP", Centre.AP, None) == TIER3_POOL
    assert PoolSpec("tier-2", "Tier 2 in school", Centre.IN_SCHOOL, None) == TIER2_POOL
    assert list(POOL_SPECS) == [
        "tier-2", "reset", "ks3-long-term", "tier-3-ap", "wigston-1-2", "pathway-3",
    ]  # fmt: skip
    assert [c.value for c in Centre] == [
        "SLIP Pupil Learning Centre", "Wigston Centre", "Alternative provision",
        "In school (tier 2)",
    ]  # fmt: skip
    assert [(r.value, r.label) for r in ChargeRule] == [
        ("none", "No charge"),
        ("day_rate", "AP day rate × booked days"),
        ("pro_rata", "Pro-rata average pupil cost + pupil premium + SEND"),
    ]


def test_programmes_where_each_condition_narrows_the_list() -> None:
    assert programmes_where() == tuple(Programme)
    assert programmes_where(tier=3) == (P.KS4_TIER3_AP,)
    assert programmes_where(stage=3) == (
        P.SMALL_GROUP, P.ONE_TO_ONE, P.ENGAGEMENT, P.RESET, P.KS3_LONG_TERM,
    )  # fmt: skip
    assert programmes_where(full_time=True) == (
        P.KS3_LONG_TERM, P.PATHWAY_1, P.PATHWAY_2, P.PATHWAY_3,
    )  # fmt: skip
    assert programmes_where(full_time=False, stage=4, tier=4) == ()
    assert programmes_where(tier=4, stage=4, full_time=True) == (
        P.PATHWAY_1, P.PATHWAY_2, P.PATHWAY_3,
    )  # fmt: skip
    assert pool_programmes("wigston-1-2") == (P.PATHWAY_1, P.PATHWAY_2)
    assert pool_programmes("reset") == (P.RESET,)
    assert pool_programmes("nowhere") == ()


def test_a_programme_has_a_key_stage_only_when_it_serves_one() -> None:
    assert programme_key_stage(P.RESET) == 3
    assert programme_key_stage(P.PATHWAY_2) == 4
    assert programme_key_stage(P.ONE_TO_ONE) is None


def test_year_groups_turn_on_1_september() -> None:
    born = date(2012, 1, 15)
    assert year_group_on(born, date(2026, 8, 31)) == 9
    assert year_group_on(born, date(2026, 9, 1)) == 10
    assert key_stage_on(born, date(2026, 8, 31)) == 3
    assert key_stage_on(born, date(2026, 9, 1)) == 4
    assert key_stage_on(born, date(2028, 9, 1)) is None  # Year 12


@pytest.mark.parametrize("year_group", [7, 9])
def test_ks3_programmes_accept_years_7_to_9(year_group: int) -> None:
    for programme in (P.RESET, P.KS3_LONG_TERM, P.ENGAGEMENT):
        assert check_key_stage(programme, year_group) is None


@pytest.mark.parametrize("year_group", [10, 11])
def test_ks4_programmes_accept_years_10_and_11(year_group: int) -> None:
    for programme in (P.KS4_TIER3_AP, P.PATHWAY_1, P.PATHWAY_2, P.PATHWAY_3, P.SMALL_GROUP):
        assert check_key_stage(programme, year_group) is None


def test_a_ks4_programme_for_a_year_9_pupil_names_the_ks3_choices() -> None:
    with pytest.raises(RuleError) as raised:
        check_key_stage(P.PATHWAY_1, 9, "Nguyễn Thị Ánh", "pathway")
    assert raised.value.field == "pathway"
    assert str(raised.value) == (
        "Nguyễn Thị Ánh is in Year 9 (KS3) but KS4 pathway 1 (Wigston, 5 GCSEs) is a KS4 "
        "programme. Choose KS3 Reset or KS3 long-term (tier 4)."
    )


def test_a_ks3_programme_for_a_year_10_pupil_names_the_ks4_choices() -> None:
    with pytest.raises(RuleError) as raised:
        check_key_stage(P.RESET, 10)
    assert raised.value.field == "programme"
    assert str(raised.value) == (
        "The pupil is in Year 10 (KS4) but KS3 Reset is a KS3 programme. Choose KS4 tier 3 "
        "part-time AP or KS4 pathway 1 (Wigston, 5 GCSEs) or KS4 pathway 2 (Wigston, 2 GCSEs) "
        "or KS4 pathway 3 (blended AP)."
    )


@pytest.mark.parametrize("year_group", [6, 12])
def test_a_pupil_outside_years_7_to_11_fits_no_single_stage_programme(year_group: int) -> None:
    with pytest.raises(RuleError) as raised:
        check_key_stage(P.PATHWAY_3, year_group, "Олег Петренко", "year_group")
    assert raised.value.field == "year_group"
    assert str(raised.value) == (
        f"Олег Петренко is in Year {year_group}, outside Years 7-11: no partnership programme fits."
    )
    check_key_stage(P.ONE_TO_ONE, year_group)  # tier 2 serves any year


def test_key_stage_on_the_start_day_names_who_and_where() -> None:
    with pytest.raises(RuleError) as raised:
        check_key_stage_on(P.PATHWAY_1, date(2012, 1, 15), date(2026, 8, 31), "Σοφία", "starts_on")
    assert raised.value.field == "starts_on"
    assert str(raised.value).startswith("Σοφία is in Year 9 (KS3)")
    check_key_stage_on(P.PATHWAY_1, date(2012, 1, 15), date(2026, 9, 1))
    with pytest.raises(RuleError) as default:
        check_key_stage_on(P.PATHWAY_1, date(2012, 1, 15), date(2026, 8, 31))
    assert default.value.field == "programme"
    assert str(default.value).startswith("The pupil is in Year 9")


def test_booked_weekdays_read_any_case_and_spacing_and_refuse_others() -> None:
    assert parse_weekdays(" Mon , ,FRI,wed,mon") == (0, 2, 4)
    assert parse_weekdays("") == ()
    assert parse_weekdays("tue,thu") == (1, 3)
    with pytest.raises(RuleError) as raised:
        parse_weekdays("mon, Saturday ")
    assert raised.value.field == "weekdays"
    assert str(raised.value) == "'saturday' is not a weekday (mon to fri)."


def test_booked_weekdays_are_stored_and_shown_in_week_order() -> None:
    assert weekdays_text([4, 0, 2, 0]) == "mon,wed,fri"
    assert weekdays_text(()) == ""
    assert describe_weekdays("fri,mon,tue,thu,wed") == "Mon, Tue, Wed, Thu, Fri"
    assert describe_weekdays("") == ""
    assert describe_weekdays("mon,sun") == "mon,sun"
