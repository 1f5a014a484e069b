"""The offer per year, capacity from it, placements' real shape and the charges that follow."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from slip_desktop.db.attendance import REGISTER_CENTRES, register
from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.core import record_decision
from slip_desktop.db.models import Placement, Pupil
from slip_desktop.db.offer import copy_offer, offer_years, read_offer, save_offer
from slip_desktop.db.rosters import (
    WAITING_LABELS,
    PlaceRequest,
    get_placement,
    place_pupil,
    waiting_lists,
)
from slip_desktop.db.statements import load_statements, prepare_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import CapacityError, Centre, waiting_list_key
from slip_desktop.domain.core_outcomes import DecisionRequest
from slip_desktop.domain.enums import CoreOutcome, PlacementStatus, Programme, Term
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.offer import Offer
from slip_desktop.domain.programmes import ChargeRule, info
from tests.finance_world import build_world
from tests.roster_fixtures import (
    add_placement,
    add_pupil,
    add_school,
    add_staff_and_provider,
    add_term,
    fill,
)


def _with(offer: Offer, programme: Programme, **changes: object) -> Offer:
    lines = dict(offer.lines)
    lines[programme] = replace(lines[programme], **changes)  # type: ignore[arg-type]
    return Offer(offer.academic_year, lines)


def test_wigston_capacity_20_next_year_refuses_the_21st_pupil_next_year_not_this_year(
    store: Store,
) -> None:
    school = add_school(store)
    fill(store, school, Programme.PATHWAY_1, 20, date(2026, 11, 2), date(2027, 12, 17))
    next_year = _with(read_offer(store, 2027), Programme.PATHWAY_1, places=20)
    save_offer(store, _with(next_year, Programme.PATHWAY_2, places=20), "Coordinator")
    assert read_offer(store, 2027).places("wigston-1-2") == 20
    assert read_offer(store, 2026).places("wigston-1-2") == 24

    this_year = add_placement(
        store, add_pupil(store, school, "Σοφία", "Παπαδοπούλου", 10), Programme.PATHWAY_2
    )
    placed = place_pupil(store, PlaceRequest(this_year, date(2026, 11, 9), date(2027, 7, 16)))
    assert placed.status == PlacementStatus.ACTIVE

    later = add_placement(
        store, add_pupil(store, school, "Олег", "Петренко", 10), Programme.PATHWAY_1
    )
    with pytest.raises(CapacityError, match="full on Mon 06 Sep 2027: all 20 places"):
        place_pupil(store, PlaceRequest(later, date(2027, 9, 6), date(2027, 12, 17)))
    assert get_placement(store, later).status == PlacementStatus.WAITING


def test_a_new_year_starts_as_a_copy_of_the_last_and_earlier_years_keep_their_offer(
    store: Store,
) -> None:
    install_audit(store)
    assert read_offer(store, 2026).places("ks3-long-term") == 10  # the published offer
    save_offer(store, _with(read_offer(store, 2026), Programme.KS3_LONG_TERM, places=8))
    assert copy_offer(store, 2026, 2027).places("ks3-long-term") == 8
    save_offer(store, _with(read_offer(store, 2027), Programme.KS3_LONG_TERM, places=12))
    assert read_offer(store, 2026).places("ks3-long-term") == 8
    assert read_offer(store, 2027).places("ks3-long-term") == 12
    # A year without its own offer follows the latest earlier one.
    assert read_offer(store, 2029).places("ks3-long-term") == 12
    assert offer_years(store) == [2026, 2027]
    # Copying onto a year that has its own offer keeps it.
    assert copy_offer(store, 2026, 2027).places("ks3-long-term") == 12
    changes = [r for r in list_audit(store) if r.table_name == "offer_line"]
    assert any(r.changes.get("places") == [8, 12] for r in changes if r.action.value == "update")


def test_forecast_skips_future_bookings(store: Store) -> None:
    school = add_school(store)
    # Every KS3 long-term place is booked from next Monday to the end of the summer term.
    fill(store, school, Programme.KS3_LONG_TERM, 10, date(2026, 11, 9), date(2027, 7, 16))
    waiting = add_placement(
        store, add_pupil(store, school, "Nguyễn", "Thị Ánh"), Programme.KS3_LONG_TERM,
        PlacementStatus.WAITING,
    )  # fmt: skip
    (row,) = waiting_lists(store, date(2026, 11, 4))
    assert row.placement_id == waiting
    # Not "today": a place taken from today would be over capacity from Monday.
    assert row.expected_place_on == date(2027, 7, 19)


def test_pathway_3_pupil_is_on_the_ap_register_not_wigstons(store: Store) -> None:
    school = add_school(store)
    _mentor, provider = add_staff_and_provider(store)
    blended = add_placement(
        store, add_pupil(store, school, "Zoë", "O'Brien-Ćorić", 10), Programme.PATHWAY_3
    )
    place_pupil(
        store, PlaceRequest(blended, date(2026, 11, 2), date(2027, 7, 16), provider_id=provider)
    )
    wigston = add_placement(
        store, add_pupil(store, school, "Amir", "Haddad", 10), Programme.PATHWAY_1
    )
    place_pupil(store, PlaceRequest(wigston, date(2026, 11, 2), date(2027, 7, 16)))
    day = date(2026, 11, 4)
    assert [line.placement_id for line in register(store, Centre.AP, day)] == [blended]
    assert [line.placement_id for line in register(store, Centre.WIGSTON, day)] == [wigston]


def test_ks3_long_term_ap_days_put_the_pupil_on_the_ap_register_those_days(store: Store) -> None:
    school = add_school(store)
    _mentor, provider = add_staff_and_provider(store)
    placement = add_placement(store, add_pupil(store, school, "Ada"), Programme.KS3_LONG_TERM)
    with pytest.raises(ValidationError) as missing:
        place_pupil(store, PlaceRequest(placement, date(2026, 11, 2), ap_days="thu,fri"))
    assert "ap_provider_id" in missing.value.errors
    place_pupil(
        store,
        PlaceRequest(placement, date(2026, 11, 2), ap_provider_id=provider, ap_days="thu,fri"),
    )
    row = get_placement(store, placement)
    assert (row.ap_provider, row.ap_days) == ("Forge Test Skills", "thu,fri")
    thursday, monday = date(2026, 11, 5), date(2026, 11, 9)
    assert [line.placement_id for line in register(store, Centre.AP, thursday)] == [placement]
    assert register(store, Centre.PLC, thursday) == []
    assert [line.placement_id for line in register(store, Centre.PLC, monday)] == [placement]


def test_year_9_decided_for_reset_who_is_year_10_is_refused_at_placement(store: Store) -> None:
    add_term(store)
    school = add_school(store)
    pupil = add_pupil(store, school, "Zoë", "O'Brien-Ćorić", 9)
    with store.session() as session:
        # Year 9 when Core decided in July; Year 10 from September.
        record = session.get(Pupil, pupil)
        assert record is not None
        record.date_of_birth = date(2012, 1, 15)
    placement = add_placement(store, pupil, Programme.RESET, decided_on=date(2026, 7, 1))
    request = PlaceRequest(
        placement, date(2026, 9, 7), group_name="A", centre_days="mon,tue,wed-am"
    )
    with pytest.raises(RuleError, match=r"Zoë O'Brien-Ćorić is in Year 10 \(KS4\) but KS3 Reset"):
        place_pupil(store, request)
    assert get_placement(store, placement).status == PlacementStatus.REQUESTED


def test_mon_wed_fri_tier3_booking_is_charged_3_days_a_week(store: Store) -> None:
    world = build_world(store)
    with store.session() as session:
        placement = session.get(Placement, world.ap_placement_id)
        assert placement is not None
        placement.status = PlacementStatus.REQUESTED
        placement.starts_on = None
    place_pupil(
        store,
        PlaceRequest(
            world.ap_placement_id,
            date(2026, 10, 12),
            date(2026, 12, 18),
            provider_id=_provider_of(store, world.ap_placement_id),
            weekdays="mon,wed,fri",
        ),
    )
    assert get_placement(store, world.ap_placement_id).days_per_week == 3
    prepare_statements(store, 2026, Term.AUTUMN, date(2026, 12, 18))
    (statement,) = load_statements(store, 2026, Term.AUTUMN)
    (line,) = [x for x in statement.lines if x.placement_id == world.ap_placement_id]
    # 45 school days, 27 of them a Monday, Wednesday or Friday, at £85.50: not 2 days a week.
    assert line.amount == Decimal("85.50") * 27 == Decimal("2308.50")


def test_reset_35_of_190_days_is_charged_cost_pp_and_send_pro_rata_on_the_statement(
    store: Store,
) -> None:
    world = build_world(store)
    with store.session() as session:
        pupil = Pupil(
            first_name="Nguyễn", last_name="Thị Ánh", date_of_birth=date(2013, 10, 1),
            year_group=8, school_id=world.school_id, pupil_premium=True,
            send_funding_pence=120050,
        )  # fmt: skip
        session.add(pupil)
        session.flush()
        # 2 Nov - 18 Dec 2026: seven weeks, 35 school days.
        reset = Placement(
            pupil_id=pupil.id, school_id=world.school_id, programme=Programme.RESET,
            status=PlacementStatus.ACTIVE, requested_on=date(2026, 10, 1), group_name="A",
            starts_on=date(2026, 11, 2), planned_end_on=date(2026, 12, 18),
            days_per_week=Decimal("2.5"), centre_days="mon,tue,wed-am",
        )  # fmt: skip
        session.add(reset)
        session.flush()
        reset_id = reset.id
    prepare_statements(store, 2026, Term.AUTUMN, date(2026, 12, 18))
    (statement,) = load_statements(store, 2026, Term.AUTUMN)
    (line,) = [x for x in statement.lines if x.placement_id == reset_id]
    expected = (
        (Decimal(6500) + Decimal(1035) + Decimal("1200.50")) * 35 / 190 * Decimal("2.5") / 5
    ).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert line.days == 35
    assert line.amount == expected == Decimal("804.59")


def test_charging_switched_off_in_the_years_offer_charges_nothing(store: Store) -> None:
    world = build_world(store)
    offer = _with(read_offer(store, 2026), Programme.KS3_LONG_TERM, charged=False)
    save_offer(store, offer)
    prepare_statements(store, 2026, Term.AUTUMN, date(2026, 12, 18))
    (statement,) = load_statements(store, 2026, Term.AUTUMN)
    (line,) = [x for x in statement.lines if x.placement_id == world.part_time_placement_id]
    assert line.amount == 0
    assert read_offer(store, 2026).line(Programme.KS3_LONG_TERM).effective_rule == (ChargeRule.NONE)


def _provider_of(store: Store, placement_id: int) -> int:
    with store.session() as session:
        placement = session.get(Placement, placement_id)
        assert placement is not None and placement.provider_id is not None
        return placement.provider_id


@pytest.mark.parametrize("programme", list(Programme))
def test_every_programme_has_a_waiting_list_and_its_register(programme: Programme) -> None:
    entry = info(programme)
    group = entry.pool.groups[0] if entry.pool.groups else ""
    assert waiting_list_key(programme, group) in WAITING_LABELS
    assert entry.register in (*REGISTER_CENTRES, None)
    # Registered by their own school exactly when the programme runs in school.
    assert (entry.register is None) == (entry.centre == Centre.IN_SCHOOL)


def test_core_decides_a_mon_wed_fri_tier3_booking_as_3_days_a_week(demo_store: Store) -> None:
    from tests.db.test_core import NOW, WHY, _card, _meeting_id

    meeting_id = _meeting_id(demo_store)
    card = _card(demo_store, meeting_id, stage=4)
    request = DecisionRequest(
        CoreOutcome.OUTSIDE_PROGRAMME, WHY, "Gareth Pryce",
        programme=Programme.KS4_TIER3_AP, weekdays="mon,wed,fri",
    )  # fmt: skip
    record_decision(demo_store, meeting_id, card.referral_id, request, NOW)
    with demo_store.session() as session:
        placement = session.scalars(
            select(Placement).where(Placement.referral_id == card.referral_id)
        ).one()
        assert (placement.weekdays, placement.days_per_week) == ("mon,wed,fri", Decimal(3))
