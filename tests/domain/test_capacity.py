from __future__ import annotations

from datetime import date, timedelta

import pytest

from slip_desktop.domain.capacity import (
    POOLS,
    Stay,
    Waiter,
    check_capacity,
    expected_free_dates,
    first_overflow,
    free_places,
    peak_occupancy,
    pool_key,
    reset_planned_end,
    waiting_order,
)
from slip_desktop.domain.enums import Programme
from slip_desktop.domain.errors import RuleError

START = date(2026, 11, 2)
END = date(2026, 12, 18)


def _stays(count: int, first: date = START, last: date | None = END) -> list[Stay]:
    return [Stay(f"Pupil {n}", first, last) for n in range(count)]


def test_a_sixth_pupil_in_a_reset_group_is_refused() -> None:
    pool = POOLS[pool_key(Programme.RESET, "A")]
    check_capacity(pool, _stays(4), START, END)  # the fifth fits
    with pytest.raises(RuleError, match="Reset group A is full"):
        check_capacity(pool, _stays(5), START, END)


def test_reset_groups_fill_separately() -> None:
    assert pool_key(Programme.RESET, "A") != pool_key(Programme.RESET, "B")
    check_capacity(POOLS[pool_key(Programme.RESET, "B")], [], START, END)
    with pytest.raises(RuleError, match="group A or B"):
        pool_key(Programme.RESET, "")


def test_a_25th_wigston_pupil_on_pathways_1_and_2_together_is_refused() -> None:
    assert pool_key(Programme.PATHWAY_1) == pool_key(Programme.PATHWAY_2)
    pool = POOLS[pool_key(Programme.PATHWAY_2)]
    check_capacity(pool, _stays(23), START, END)
    with pytest.raises(RuleError, match="all 24 places"):
        check_capacity(pool, _stays(24), START, END)


def test_an_11th_ks3_long_term_pupil_is_refused() -> None:
    pool = POOLS[pool_key(Programme.KS3_LONG_TERM)]
    check_capacity(pool, _stays(9), START, None)
    with pytest.raises(RuleError, match="all 10 places"):
        check_capacity(pool, _stays(10), START, None)


def test_capacity_is_refused_if_full_on_any_day_of_the_dates() -> None:
    pool = POOLS["reset-A"]
    # Four now, and a fifth joining in the last week: full only from 14 Dec.
    stays = _stays(4) + [Stay("Late joiner", date(2026, 12, 14), END)]
    check_capacity(pool, stays, START, date(2026, 12, 11))  # leaves before the fifth joins
    with pytest.raises(RuleError, match="Mon 14 Dec 2026"):
        check_capacity(pool, stays, START, END)
    assert peak_occupancy(stays, START, END) == (5, date(2026, 12, 14))


def test_places_that_ended_before_the_dates_do_not_count() -> None:
    ended = _stays(5, date(2026, 9, 7), date(2026, 10, 23))
    assert check_capacity(POOLS["reset-A"], ended, START, END) is None
    assert free_places(POOLS["reset-A"], ended, START) == 5
    assert free_places(POOLS["reset-A"], ended, date(2026, 10, 23)) == 0
    assert peak_occupancy(ended, START, END) == (0, START)


def test_ap_and_tier_2_have_no_fixed_limit() -> None:
    for programme in (Programme.PATHWAY_3, Programme.KS4_TIER3_AP, Programme.ONE_TO_ONE):
        pool = POOLS[pool_key(programme)]
        assert not pool.limited
        assert check_capacity(pool, _stays(60), START, END) is None
        assert free_places(pool, _stays(60), START) is None
        assert first_overflow(pool, _stays(60), START, END) is None


def test_waiting_list_order_guarantee_cases_first_then_decision_date() -> None:
    waiters = [
        Waiter(1, 0, date(2026, 10, 1)),
        Waiter(2, 0, date(2026, 9, 1)),
        Waiter(3, 1, date(2026, 11, 20)),
        Waiter(4, 0, date(2026, 9, 15)),
    ]
    assert [w.placement_id for w in waiting_order(waiters)] == [3, 2, 4, 1]


def test_expected_free_dates_come_from_planned_ends() -> None:
    pool = POOLS["reset-B"]
    stays = _stays(3, START, date(2026, 11, 27)) + _stays(2, START, date(2026, 12, 18))
    today = date(2026, 11, 25)
    # Full today; three places free the weekday after 27 Nov (a Friday), two after 18 Dec.
    assert (
        expected_free_dates(pool, stays, today, 5)
        == [date(2026, 11, 30)] * 3 + [date(2026, 12, 21)] * 2
    )
    assert expected_free_dates(pool, _stays(3), today, 3) == [today, today, date(2026, 12, 21)]


def test_a_reset_cohort_lasts_seven_weeks() -> None:
    end = reset_planned_end(START)
    assert end == date(2026, 12, 18)
    assert end.weekday() == 4 and (end - START) < timedelta(weeks=7)


def test_a_reset_cohort_counts_teaching_weeks_only() -> None:
    half_term = (date(2026, 10, 26), date(2026, 10, 30))
    christmas = (date(2026, 12, 19), date(2027, 1, 4))
    assert reset_planned_end(date(2026, 10, 5), [half_term]) == date(2026, 11, 27)
    # Three weeks before Christmas, four after (the week of 4 Jan counts from Tuesday).
    assert reset_planned_end(date(2026, 11, 30), [half_term, christmas]) == date(2027, 1, 29)
