from __future__ import annotations

from datetime import date

from slip_desktop.domain.reviews import (
    REVIEW_RULE,
    HalfTerm,
    days_overdue,
    review_purpose,
    review_schedule,
    review_state,
)

HALVES = [
    HalfTerm(date(2026, 9, 2), date(2026, 10, 23)),
    HalfTerm(date(2026, 11, 2), date(2026, 12, 18)),
    HalfTerm(date(2027, 1, 5), date(2027, 2, 12)),
    HalfTerm(date(2027, 2, 22), date(2027, 3, 26)),
]


def test_review_schedule_reset_mid_point_and_end() -> None:
    due = review_schedule(date(2026, 11, 2), date(2026, 12, 18), HALVES)
    assert [(d.due_on, d.purpose) for d in due] == [
        (date(2026, 11, 25), "Mid-point review"),
        (date(2026, 12, 18), "End review"),
    ]


def test_review_schedule_longer_placements_every_half_term_and_at_the_end() -> None:
    due = review_schedule(date(2026, 9, 14), date(2027, 3, 5), HALVES)
    assert [d.due_on for d in due] == [
        date(2026, 10, 23),
        date(2026, 12, 18),
        date(2027, 2, 12),
        date(2027, 3, 5),
    ]
    assert due[-1].purpose == "End review"


def test_review_schedule_skips_a_half_term_ending_in_the_first_fortnight() -> None:
    due = review_schedule(date(2026, 10, 19), None, HALVES)
    assert due[0].due_on == date(2026, 12, 18)


def test_review_schedule_without_term_dates_falls_back_to_six_weekly() -> None:
    due = review_schedule(date(2026, 9, 7), date(2027, 1, 29))
    assert len(due) == 4 and due[-1].due_on == date(2027, 1, 29)


def test_overdue_reviews_say_so_in_words() -> None:
    today = date(2026, 11, 27)
    assert days_overdue(date(2026, 11, 20), None, today) == 7
    assert review_state(date(2026, 11, 20), None, today) == "OVERDUE by 7 days"
    assert review_state(date(2026, 11, 20), date(2026, 11, 21), today).startswith("Held")
    assert review_state(date(2026, 12, 1), None, today) == "Due in 4 days"
    assert "mid-point" in REVIEW_RULE and "half term" in REVIEW_RULE


def test_review_purpose_follows_the_schedule() -> None:
    start, reset_end = date(2026, 11, 2), date(2026, 12, 18)
    assert review_purpose(date(2026, 11, 25), start, reset_end) == "Mid-point review"
    assert review_purpose(reset_end, start, reset_end) == "End review"
    assert review_purpose(date(2026, 12, 18), date(2026, 9, 2), date(2027, 7, 16)) == (
        "Half-term review"
    )


def test_review_schedule_mid_point_is_a_teaching_day_not_in_half_term() -> None:
    half_term = [(date(2026, 10, 26), date(2026, 10, 30))]
    due = review_schedule(date(2026, 10, 5), date(2026, 11, 27), HALVES, half_term)
    assert due[0].due_on == date(2026, 11, 4)
    christmas = [(date(2026, 12, 19), date(2027, 1, 4))]
    due = review_schedule(date(2026, 11, 30), date(2027, 1, 29), HALVES, christmas)
    assert [d.purpose for d in due] == ["Mid-point review", "End review"]
    assert review_purpose(due[0].due_on, date(2026, 11, 30), date(2027, 1, 29)) == (
        "Mid-point review"
    )
