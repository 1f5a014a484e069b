"""Review dates at their edges: same day, day after, Friday/Monday, the fortnight, the end."""

from __future__ import annotations

from datetime import date, timedelta

from slip_desktop.domain.reviews import (
    DueReview,
    HalfTerm,
    days_overdue,
    review_purpose,
    review_schedule,
    review_state,
)

MONDAY = date(2026, 9, 7)
TODAY = date(2026, 11, 27)  # a Friday


def _days(reviews: list[DueReview]) -> list[date]:
    return [r.due_on for r in reviews]


def test_exactly_eight_teaching_weeks_is_a_short_placement_one_day_more_is_not() -> None:
    eight_weeks = MONDAY + timedelta(weeks=8) - timedelta(days=3)  # the 40th teaching day, Fri
    short = review_schedule(MONDAY, eight_weeks)
    assert short == [
        DueReview(MONDAY + timedelta(weeks=4), "Mid-point review"),
        DueReview(eight_weeks, "End review"),
    ]
    longer = review_schedule(MONDAY, eight_weeks + timedelta(days=3))  # 41 days, ends Mon
    assert [r.purpose for r in longer] == ["Half-term review", "End review"]
    assert _days(longer) == [MONDAY + timedelta(weeks=6), eight_weeks + timedelta(days=3)]


def test_closed_days_at_either_end_of_a_holiday_are_not_teaching_days() -> None:
    end = MONDAY + timedelta(days=11)  # Friday of the second week: ten weekdays
    assert review_schedule(MONDAY, end)[0].due_on == MONDAY + timedelta(days=7)
    # A closure covers its first and last days: closing Mon-Tue leaves eight days (the
    # fifth is Tue 15th); closing Thu-Fri at the end leaves eight (the fifth is Fri 11th).
    opening = [(MONDAY, MONDAY + timedelta(days=1))]
    assert review_schedule(MONDAY, end, closed=opening)[0].due_on == MONDAY + timedelta(days=8)
    closing = [(end - timedelta(days=1), end)]
    assert review_schedule(MONDAY, end, closed=closing)[0].due_on == MONDAY + timedelta(days=4)


def test_a_placement_of_one_day_is_reviewed_that_day() -> None:
    assert review_schedule(MONDAY, MONDAY) == [
        DueReview(MONDAY, "Mid-point review"),
        DueReview(MONDAY, "End review"),
    ]
    saturday = MONDAY - timedelta(days=2)
    assert review_schedule(saturday, saturday)[0] == DueReview(saturday, "Mid-point review")


def test_a_half_term_ending_on_a_weekend_is_reviewed_the_friday_before() -> None:
    sunday = date(2026, 10, 25)
    halves = [HalfTerm(date(2026, 9, 1), sunday)]
    due = review_schedule(date(2026, 9, 1), None, halves)
    assert due == [DueReview(date(2026, 10, 23), "Half-term review")]
    saturday = date(2026, 10, 24)
    assert review_schedule(date(2026, 9, 1), None, [HalfTerm(MONDAY, saturday)]) == due


def test_a_half_term_review_exactly_a_fortnight_in_is_booked_a_day_earlier_is_not() -> None:
    friday = date(2026, 10, 23)
    halves = [HalfTerm(date(2026, 9, 1), friday)]
    assert _days(review_schedule(friday - timedelta(weeks=2), None, halves)) == [friday]
    assert review_schedule(friday - timedelta(weeks=2, days=-1), None, halves) == []


def test_no_half_term_review_on_or_after_the_planned_end() -> None:
    friday = date(2026, 10, 23)
    halves = [HalfTerm(date(2026, 9, 1), friday), HalfTerm(date(2026, 11, 2), date(2026, 12, 18))]
    starts = date(2026, 9, 1)
    long_end = date(2027, 1, 8)
    assert _days(review_schedule(starts, long_end, halves)) == [
        friday,
        date(2026, 12, 18),
        long_end,
    ]
    day_after = date(2026, 12, 19)
    assert _days(review_schedule(starts, day_after, halves)) == [
        friday,
        date(2026, 12, 18),
        day_after,
    ]
    same_day = date(2026, 12, 18)
    assert _days(review_schedule(starts, same_day, halves)) == [friday, same_day]


def test_half_terms_are_taken_in_date_order() -> None:
    halves = [
        HalfTerm(date(2026, 11, 2), date(2026, 12, 18)),
        HalfTerm(date(2026, 9, 1), date(2026, 10, 23)),
    ]
    assert _days(review_schedule(date(2026, 9, 1), None, halves)) == [
        date(2026, 10, 23),
        date(2026, 12, 18),
    ]


def test_without_term_dates_reviews_fall_six_weekly_on_a_weekday_before_the_end() -> None:
    saturday = date(2026, 9, 5)
    due = review_schedule(saturday, None)
    assert due[0] == DueReview(date(2026, 10, 16), "Half-term review")  # Sat + 6 weeks -> Fri
    assert len(due) == 8  # weeks 6..48 of a year; week 54 is past the 52-week horizon
    starts = MONDAY
    end = starts + timedelta(weeks=12)  # a fallback review would fall on the end itself
    assert _days(review_schedule(starts, end)) == [starts + timedelta(weeks=6), end]
    end_day_after = end + timedelta(days=1)
    assert _days(review_schedule(starts, end_day_after)) == [
        starts + timedelta(weeks=6),
        end,
        end_day_after,
    ]


def test_a_review_on_the_planned_end_is_the_end_review() -> None:
    end = date(2026, 12, 18)
    assert review_purpose(end, date(2026, 9, 1), end) == "End review"
    assert review_purpose(end + timedelta(days=1), None, end) == "End review"
    assert review_purpose(end - timedelta(days=1), None, end) == "Half-term review"
    assert review_purpose(end, None, None) == "Half-term review"


def test_placements_up_to_ten_weeks_have_a_mid_point_a_day_longer_do_not() -> None:
    starts = MONDAY
    ten_weeks = starts + timedelta(weeks=10)
    middle = starts + timedelta(weeks=4)
    assert review_purpose(middle, starts, ten_weeks) == "Mid-point review"
    assert review_purpose(middle, starts, ten_weeks + timedelta(days=1)) == "Half-term review"


def test_a_review_due_today_is_not_overdue_yesterday_is_by_one_day() -> None:
    assert days_overdue(TODAY, None, TODAY) == 0
    assert days_overdue(TODAY - timedelta(days=1), None, TODAY) == 1
    assert days_overdue(TODAY - timedelta(days=9), None, TODAY) == 9
    assert days_overdue(TODAY - timedelta(days=9), TODAY, TODAY) == 0


def test_review_states_in_words_at_each_edge() -> None:
    assert review_state(TODAY, TODAY, TODAY) == "Held 27 Nov 2026"
    assert review_state(TODAY - timedelta(days=1), None, TODAY) == "OVERDUE by 1 day"
    assert review_state(TODAY - timedelta(days=2), None, TODAY) == "OVERDUE by 2 days"
    assert review_state(TODAY, None, TODAY) == "Due today"
    assert review_state(TODAY + timedelta(days=1), None, TODAY) == "Due in 1 day"
    assert review_state(TODAY + timedelta(days=7), None, TODAY) == "Due in 7 days"
    assert review_state(TODAY + timedelta(days=8), None, TODAY) == "Booked"
