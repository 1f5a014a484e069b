"""The programme catalogue: every programme once, and everything derived from it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from slip_desktop.domain import capacity, charges, core_outcomes, impact
from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.offer import default_offer
from slip_desktop.domain.programmes import (
    CATALOGUE,
    Centre,
    ChargeRule,
    check_key_stage_on,
    info,
    key_stage_on,
    parse_weekdays,
    year_group_on,
)


@pytest.mark.parametrize("programme", list(Programme))
def test_every_programme_has_a_catalogue_entry_and_every_derived_mapping(
    programme: Programme,
) -> None:
    entry = CATALOGUE[programme]
    assert entry.programme == programme
    assert capacity.CENTRE_OF[programme] == entry.centre
    group = entry.pool.groups[0] if entry.pool.groups else ""
    assert capacity.pool_key(programme, group) in capacity.POOLS
    assert charges.PROGRAMME_TIER[programme] == entry.tier
    if entry.charge_rule == ChargeRule.PRO_RATA:
        assert programme in charges.PROGRAMME_KEY_STAGE
    if entry.tier == 2:
        assert programme in core_outcomes.TIER2_PROGRAMMES
    else:
        assert any(programme in ps for ps in core_outcomes.OUTSIDE_PROGRAMMES.values())
    if entry.pool.places is not None:
        assert any(programme in ps for ps, _cap in impact.CENTRES.values())
    assert default_offer(2026).line(programme).charge_rule == entry.charge_rule


def test_the_catalogue_follows_the_published_offer() -> None:
    assert info(Programme.RESET).pool.places == 5 and info(Programme.RESET).pool.groups == (
        "A",
        "B",
    )
    assert info(Programme.RESET).weeks == 7
    assert info(Programme.RESET).days_per_week == Decimal("2.5")
    assert info(Programme.KS3_LONG_TERM).pool.places == 10
    assert info(Programme.PATHWAY_1).pool is info(Programme.PATHWAY_2).pool
    assert info(Programme.PATHWAY_1).pool.places == 24
    # Pathway 3 is blended AP: not a Wigston place, on the AP register.
    assert info(Programme.PATHWAY_3).pool is not info(Programme.PATHWAY_1).pool
    assert info(Programme.PATHWAY_3).register == Centre.AP
    assert info(Programme.RESET).charge_rule == ChargeRule.PRO_RATA
    assert info(Programme.KS3_LONG_TERM).charge_rule == ChargeRule.PRO_RATA
    assert info(Programme.KS4_TIER3_AP).charge_rule == ChargeRule.DAY_RATE
    assert info(Programme.SMALL_GROUP).charge_rule == ChargeRule.NONE


def test_key_stage_comes_from_date_of_birth_and_the_day() -> None:
    born = date(2012, 1, 15)
    assert year_group_on(born, date(2026, 7, 20)) == 9
    assert year_group_on(born, date(2026, 9, 7)) == 10
    assert key_stage_on(born, date(2026, 7, 20)) == 3
    assert key_stage_on(born, date(2026, 9, 7)) == 4
    assert key_stage_on(date(2020, 1, 1), date(2026, 9, 7)) is None


def test_reset_refused_for_a_pupil_who_is_year_10_on_the_start_day() -> None:
    with pytest.raises(RuleError, match=r"Year 10 \(KS4\) but KS3 Reset is a KS3") as raised:
        check_key_stage_on(
            Programme.RESET, date(2012, 1, 15), date(2026, 9, 7), "Zoë O'Brien", "starts_on"
        )
    assert raised.value.field == "starts_on"
    check_key_stage_on(Programme.RESET, date(2012, 1, 15), date(2026, 7, 6))


def test_weekdays_are_read_and_checked() -> None:
    assert parse_weekdays("mon,wed,fri") == (0, 2, 4)
    with pytest.raises(RuleError):
        parse_weekdays("mon,sat")
