"""Capacity on the day a stay ends, the day after, mid-week and across a weekend or 1 September."""

from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.capacity import (
    CENTRE_OF,
    KS3_LONG_TERM_PLACES,
    POOLS,
    RESET_DAYS,
    RESET_GROUP_PLACES,
    RESET_GROUPS,
    RESET_WEEKS,
    WIGSTON_PLACES,
    CapacityError,
    Centre,
    Pool,
    Stay,
    Waiter,
    build_pools,
    check_capacity,
    expected_free_dates,
    first_overflow,
    free_places,
    needs_mentor,
    needs_provider,
    occupancy_text,
    peak_occupancy,
    pool_key,
    reset_planned_end,
    waiting_list_key,
    waiting_order,
    week_starts,
)
from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import RuleError

ONE = Pool("one", "One place", Centre.PLC, 1)
# Fri 9 Oct 2026, Mon 12 Oct 2026.
FRIDAY = date(2026, 10, 9)
SATURDAY = date(2026, 10, 10)
MONDAY = date(2026, 10, 12)
WEDNESDAY = date(2026, 10, 14)


def test_the_published_offers_places() -> None:
    assert (RESET_GROUP_PLACES, KS3_LONG_TERM_PLACES, WIGSTON_PLACES) == (5, 10, 24)
    assert RESET_GROUPS == ("A", "B")
    assert (RESET_WEEKS, RESET_DAYS) == (7, 2.5)
    assert CENTRE_OF[Programme.PATHWAY_1] == Centre.WIGSTON
    assert CENTRE_OF[Programme.PATHWAY_3] == Centre.AP
    assert CENTRE_OF[Programme.RESET] == Centre.PLC
    assert set(POOLS) == {
        "reset-A", "reset-B", "ks3-long-term", "wigston-1-2", "pathway-3", "tier-3-ap", "tier-2",
    }  # fmt: skip
    assert POOLS["reset-B"] == Pool("reset-B", "Reset group B", Centre.PLC, 5)
    assert POOLS["wigston-1-2"] == Pool("wigston-1-2", "Pathways 1 and 2", Centre.WIGSTON, 24)


def test_a_years_own_places_replace_the_offers_and_reset_counts_per_group() -> None:
    pools = build_pools({"reset": 6, "wigston-1-2": None})
    assert pools["reset-A"] == Pool("reset-A", "Reset group A", Centre.PLC, 6)
    assert pools["wigston-1-2"] == Pool("wigston-1-2", "Pathways 1 and 2", Centre.WIGSTON, None)
    assert pools == build_pools({"reset": 6, "wigston-1-2": None, "nowhere": 3})
    assert pools["reset-A"].places == 6
    assert pools["reset-B"].places == 6
    assert pools["wigston-1-2"].places is None
    assert pools["ks3-long-term"].places == 10


def test_a_stay_starting_on_anothers_last_day_is_refused() -> None:
    held = [Stay("Zoë O'Brien-Ćorić", date(2026, 9, 7), FRIDAY)]
    with pytest.raises(CapacityError) as raised:
        check_capacity(ONE, held, FRIDAY, None)
    assert raised.value.field == "starts_on"
    assert "Fri 09 Oct 2026" in str(raised.value)
    assert "all 1 places are taken" in str(raised.value)


def test_a_stay_starting_the_day_after_anothers_last_day_fits() -> None:
    held = [Stay("Zoë O'Brien-Ćorić", date(2026, 9, 7), FRIDAY)]
    check_capacity(ONE, held, SATURDAY, None)
    check_capacity(ONE, held, MONDAY, None)
    assert first_overflow(ONE, held, MONDAY, None) is None


def test_a_stay_ending_the_day_before_anothers_first_day_fits() -> None:
    held = [Stay("Олег Петренко", MONDAY, None)]
    check_capacity(ONE, held, date(2026, 9, 7), FRIDAY)
    with pytest.raises(CapacityError):
        check_capacity(ONE, held, date(2026, 9, 7), MONDAY)


def test_a_booking_starting_mid_week_inside_the_new_stay_is_found() -> None:
    # The new stay starts Monday; someone else is booked from Wednesday: full from Wednesday.
    held = [Stay("Nguyễn Thị Ánh", WEDNESDAY, None)]
    assert first_overflow(ONE, held, MONDAY, None) == (WEDNESDAY, 1)
    assert first_overflow(ONE, held, MONDAY, date(2026, 10, 13)) is None
    assert first_overflow(ONE, held, MONDAY, WEDNESDAY) == (WEDNESDAY, 1)


def test_a_pool_with_room_for_the_extra_pupils_exactly_fits() -> None:
    two = Pool("two", "Two places", Centre.PLC, 2)
    held = [Stay("Σοφία Παπαδοπούλου", MONDAY, None)]
    assert first_overflow(two, held, MONDAY, None, extra=1) is None
    assert first_overflow(two, held, MONDAY, None, extra=2) == (MONDAY, 2)


def test_places_changing_on_1_september_are_checked_that_day() -> None:
    pool = Pool("p", "Pool", Centre.PLC, 2, by_year=((2027, 1),))
    held = [Stay("Σοφία Παπαδοπούλου", date(2027, 6, 1), None)]
    # Fits in 2026/27 (2 places), overflows on 1 Sep 2027 when the places drop to 1.
    assert first_overflow(pool, held, date(2027, 7, 1), None) == (date(2027, 9, 1), 1)
    assert first_overflow(pool, held, date(2027, 7, 1), date(2027, 8, 31)) is None
    assert first_overflow(pool, held, date(2027, 7, 1), date(2027, 9, 1)) == (date(2027, 9, 1), 1)
    with pytest.raises(CapacityError):
        check_capacity(pool, held, date(2027, 7, 1), None)


def test_places_on_follow_the_latest_year_that_has_begun() -> None:
    pool = Pool("p", "Pool", Centre.PLC, 5, by_year=((2026, 3), (2028, None)))
    assert pool.places_on(date(2026, 8, 31)) == 5
    assert pool.places_on(date(2026, 9, 1)) == 3
    assert pool.places_on(date(2028, 8, 31)) == 3
    assert pool.places_on(date(2028, 9, 1)) is None
    assert pool.change_days() == [date(2026, 9, 1), date(2028, 9, 1)]
    assert pool.limited


def test_a_pool_limited_only_in_some_years_is_limited() -> None:
    assert not Pool("ap", "AP", Centre.AP, None).limited
    assert Pool("ap", "AP", Centre.AP, None, by_year=((2027, 4),)).limited
    assert not Pool("ap", "AP", Centre.AP, None, by_year=((2027, None),)).limited


def test_an_unlimited_year_does_not_stop_the_check() -> None:
    pool = Pool("p", "Pool", Centre.PLC, None, by_year=((2027, 1),))
    held = [Stay("Zoë O'Brien-Ćorić", date(2027, 6, 1), None)]
    assert first_overflow(pool, held, date(2027, 6, 1), None) == (date(2027, 9, 1), 1)


def test_peak_occupancy_on_the_shared_last_and_first_day() -> None:
    stays = [
        Stay("a", date(2026, 9, 7), FRIDAY),
        Stay("b", FRIDAY, None),
        Stay("c", MONDAY, None),
    ]
    assert peak_occupancy(stays, date(2026, 9, 7), None) == (2, FRIDAY)
    assert peak_occupancy(stays, SATURDAY, None) == (2, MONDAY)
    assert peak_occupancy([], MONDAY, None) == (0, MONDAY)
    # Two peaks of the same height: the first day is named.
    level = [Stay("a", MONDAY, WEDNESDAY), Stay("b", date(2026, 10, 15), None)]
    assert peak_occupancy(level, MONDAY, None) == (1, MONDAY)


def test_stay_covers_its_first_and_last_day_only() -> None:
    stay = Stay("a", MONDAY, FRIDAY.replace(day=16))
    assert stay.covers(MONDAY)
    assert stay.covers(date(2026, 10, 16))
    assert not stay.covers(date(2026, 10, 11))
    assert not stay.covers(date(2026, 10, 17))
    assert Stay("open", MONDAY, None).covers(date(2030, 1, 1))


def test_free_places_on_the_day_a_place_ends_and_the_day_after() -> None:
    held = [Stay("Nguyễn Thị Ánh", date(2026, 9, 7), FRIDAY)]
    assert free_places(ONE, held, FRIDAY) == 0
    assert free_places(ONE, held, SATURDAY) == 1
    assert free_places(POOLS["tier-3-ap"], held, FRIDAY) is None


def test_a_place_freed_by_a_friday_end_is_expected_on_the_monday() -> None:
    held = [Stay("Nguyễn Thị Ánh", date(2026, 9, 7), FRIDAY)]
    assert expected_free_dates(ONE, held, date(2026, 10, 5), 1) == [MONDAY]
    # Ending on a Wednesday frees Thursday.
    mid = [Stay("Олег Петренко", date(2026, 9, 7), WEDNESDAY)]
    assert expected_free_dates(ONE, mid, date(2026, 10, 5), 1) == [date(2026, 10, 15)]
    # Ending today still frees tomorrow.
    assert expected_free_dates(ONE, mid, WEDNESDAY, 1) == [date(2026, 10, 15)]


def test_expected_free_dates_for_several_waiting_pupils() -> None:
    two = Pool("two", "Two places", Centre.PLC, 2)
    held = [
        Stay("a", date(2026, 9, 7), FRIDAY),
        Stay("b", date(2026, 9, 7), date(2026, 10, 20)),
    ]
    today = date(2026, 10, 5)
    assert expected_free_dates(two, held, today, 2) == [MONDAY, date(2026, 10, 21)]
    # A room with a place free today offers today first.
    assert expected_free_dates(two, held[:1], today, 1) == [today]
    # Open-ended stays never free a place: nobody else can be promised a day.
    assert expected_free_dates(ONE, [Stay("c", today, None)], today, 1) == []
    assert expected_free_dates(POOLS["pathway-3"], held, today, 3) == [today] * 3


def test_a_stay_ended_before_today_leaves_today_free_until_the_next_booking() -> None:
    held = [Stay("a", date(2026, 9, 7), date(2026, 9, 30)), Stay("b", MONDAY, None)]
    assert expected_free_dates(ONE, held, date(2026, 10, 5), 1, weeks=1) == [date(2026, 10, 5)]
    # Open-ended, the wait would run into Monday's booking, which never ends.
    assert expected_free_dates(ONE, held, date(2026, 10, 5), 1) == []


def test_a_fixed_length_wait_needs_room_for_every_week() -> None:
    # Free from Monday 12 Oct, but booked again from Monday 26 Oct: a two-week stay fits
    # the gap exactly (12-25 Oct); a three-week stay must wait until the later booking ends.
    held = [
        Stay("a", date(2026, 9, 7), FRIDAY),
        Stay("b", date(2026, 10, 26), date(2026, 11, 6)),
    ]
    today = date(2026, 10, 5)
    assert expected_free_dates(ONE, held, today, 1, weeks=2) == [MONDAY]
    assert expected_free_dates(ONE, held, today, 1, weeks=3) == [date(2026, 11, 9)]


def test_a_new_years_places_are_a_day_a_waiting_pupil_can_start() -> None:
    pool = Pool("p", "Pool", Centre.PLC, 0, by_year=((2027, 1),))
    assert expected_free_dates(pool, [], date(2027, 3, 1), 1) == [date(2027, 9, 1)]


def test_waiting_order_guarantee_first_then_earliest_decision_then_id() -> None:
    waiters = [
        Waiter(3, 0, date(2026, 9, 2)),
        Waiter(2, 0, date(2026, 9, 1)),
        Waiter(1, 0, date(2026, 9, 2)),
        Waiter(4, 1, date(2026, 9, 30)),
    ]
    assert [w.placement_id for w in waiting_order(waiters)] == [4, 2, 1, 3]


def test_reset_needs_a_group_and_waits_for_either() -> None:
    assert pool_key(Programme.RESET, "B") == "reset-B"
    assert pool_key(Programme.PATHWAY_2) == "wigston-1-2"
    assert pool_key(Programme.PATHWAY_2, "A") == "wigston-1-2"
    with pytest.raises(RuleError) as raised:
        pool_key(Programme.RESET, "")
    assert raised.value.field == "group"
    assert str(raised.value) == "Choose KS3 Reset group A or B."
    assert waiting_list_key(Programme.RESET, "A") == "reset"
    assert waiting_list_key(Programme.PATHWAY_1) == "wigston-1-2"


def test_who_needs_a_provider_and_who_a_mentor() -> None:
    assert [p for p in Programme if needs_provider(p)] == [
        Programme.KS4_TIER3_AP,
        Programme.PATHWAY_3,
    ]
    assert [p for p in Programme if needs_mentor(p)] == [
        Programme.SMALL_GROUP,
        Programme.ONE_TO_ONE,
        Programme.ENGAGEMENT,
    ]


def test_week_starts_from_a_mid_week_first_day_to_a_monday_last_day() -> None:
    assert week_starts(WEDNESDAY, date(2026, 10, 26)) == [
        MONDAY,
        date(2026, 10, 19),
        date(2026, 10, 26),
    ]
    assert week_starts(MONDAY, MONDAY) == [MONDAY]
    assert week_starts(SATURDAY, SATURDAY) == [date(2026, 10, 5)]


def test_a_reset_cohort_starting_mid_week_counts_that_week() -> None:
    # Starting Wednesday 14 Oct: that week is week 1, so 7 weeks end Friday 27 Nov.
    assert reset_planned_end(WEDNESDAY) == date(2026, 11, 27)
    # Starting Monday 12 Oct ends on the same Friday.
    assert reset_planned_end(MONDAY) == date(2026, 11, 27)
    # One week starting on a Friday ends that Friday.
    assert reset_planned_end(FRIDAY, weeks=1) == FRIDAY


def test_a_reset_cohort_skips_a_closed_week_and_ends_on_the_last_open_day() -> None:
    half_term = (date(2026, 10, 26), date(2026, 10, 30))
    assert reset_planned_end(MONDAY, [half_term], weeks=2) == date(2026, 10, 23)
    assert reset_planned_end(MONDAY, [half_term], weeks=3) == date(2026, 11, 6)
    # A week open only on Monday still counts and ends on that Monday.
    most = (date(2026, 10, 20), date(2026, 10, 23))
    assert reset_planned_end(MONDAY, [most], weeks=2) == date(2026, 10, 19)
    # Closed on the last Friday only: the cohort ends on the Thursday.
    friday = (date(2026, 10, 23), date(2026, 10, 23))
    assert reset_planned_end(MONDAY, [friday], weeks=2) == date(2026, 10, 22)
    # A weekend start: the week it falls in has no open day left, so it does not count.
    assert reset_planned_end(SATURDAY, weeks=1) == date(2026, 10, 16)


def test_occupancy_in_words() -> None:
    assert occupancy_text(3, 5, 2) == "3 of 5, 2 free"
    assert occupancy_text(5, 5, 0) == "5 of 5, FULL"
    assert occupancy_text(4, None, None) == "4 placed"


def test_a_place_freed_by_a_saturday_end_is_expected_on_the_monday() -> None:
    held = [Stay("Zoë O'Brien-Ćorić", date(2026, 9, 7), SATURDAY)]
    assert expected_free_dates(ONE, held, date(2026, 10, 5), 1) == [MONDAY]


def test_a_fixed_length_wait_ending_the_day_another_booking_starts_does_not_fit() -> None:
    # Free from Thursday 15 Oct; a two-week stay would end Wednesday 28 Oct, the day
    # another pupil is booked to start, so the first day that fits is after that booking.
    held = [
        Stay("a", date(2026, 9, 7), WEDNESDAY),
        Stay("b", date(2026, 10, 28), date(2026, 11, 6)),
    ]
    today = date(2026, 10, 5)
    assert expected_free_dates(ONE, held, today, 1, weeks=2) == [date(2026, 11, 9)]
    # One day shorter it fits: a stay of one week from Thursday ends the Wednesday after.
    assert expected_free_dates(ONE, held, today, 1, weeks=1) == [date(2026, 10, 15)]


def test_peak_occupancy_ignores_a_stay_starting_the_day_after_the_dates() -> None:
    stays = [Stay("a", MONDAY, None), Stay("b", date(2026, 10, 15), None)]
    assert peak_occupancy(stays, MONDAY, WEDNESDAY) == (1, MONDAY)
    assert peak_occupancy(stays, MONDAY, date(2026, 10, 15)) == (2, date(2026, 10, 15))
