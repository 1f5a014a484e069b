"""Term and series dates at their edges: same day, day after, Easter Monday, the August holiday."""

from __future__ import annotations

from datetime import date, time

import pytest

from slip_desktop.domain.calendar import (
    WEEKDAYS,
    SeriesPlan,
    TermSpan,
    bank_holidays,
    first_weekday_on_or_after,
    fortnightly_dates,
    is_bank_holiday,
    series_dates,
    series_schedule,
    term_of,
    typical_terms,
    validate_series,
    validate_term,
    validate_year,
)
from slip_desktop.domain.enums import Term
from slip_desktop.domain.errors import ValidationError

AUTUMN = TermSpan(
    2026, Term.AUTUMN, date(2026, 9, 2), date(2026, 10, 26), date(2026, 10, 30), date(2026, 12, 18)
)
# Invented terms running over Easter Monday 2027 (29 March) and the August bank holiday
# 2027 (30 August), so that dropping England's subdivision would change the dates.
OVER_EASTER = TermSpan(2026, Term.SPRING, date(2027, 3, 1), None, None, date(2027, 4, 16))
OVER_AUGUST = TermSpan(2026, Term.SUMMER, date(2027, 8, 2), None, None, date(2027, 9, 10))


def test_easter_monday_and_the_august_bank_holiday_are_englands() -> None:
    assert is_bank_holiday(date(2027, 3, 29))
    assert is_bank_holiday(date(2027, 8, 30))
    assert is_bank_holiday(date(2026, 4, 6))
    assert is_bank_holiday(date(2026, 8, 31))
    assert not is_bank_holiday(date(2027, 8, 2))  # Scotland's summer holiday
    assert not is_bank_holiday(date(2027, 11, 30))  # St Andrew's Day
    assert not is_bank_holiday(date(2027, 3, 17))  # St Patrick's Day


def test_bank_holidays_between_two_dates_are_named_in_order_both_ends_included() -> None:
    found = bank_holidays(date(2027, 3, 26), date(2027, 3, 29))
    assert found == {date(2027, 3, 26): "Good Friday", date(2027, 3, 29): "Easter Monday"}
    assert list(bank_holidays(date(2027, 8, 30), date(2027, 8, 30))) == [date(2027, 8, 30)]
    assert bank_holidays(date(2027, 8, 31), date(2027, 9, 30)) == {}
    over_new_year = bank_holidays(date(2026, 12, 25), date(2027, 1, 1))
    # Boxing Day 2026 is a Saturday: the library lists it and its Monday substitute.
    assert list(over_new_year) == [
        date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 28), date(2027, 1, 1),
    ]  # fmt: skip
    assert over_new_year[date(2026, 12, 28)].startswith("Boxing Day")


def test_a_monday_forum_on_easter_monday_moves_to_the_next_week() -> None:
    plan = SeriesPlan(0, time(9, 30), time(11), 2, date(2027, 3, 15))
    assert series_dates(plan, OVER_EASTER) == [date(2027, 3, 15), date(2027, 4, 5)]
    assert series_schedule(plan, OVER_EASTER) == [
        (date(2027, 3, 15), ""),
        (date(2027, 3, 29), "bank holiday: Easter Monday"),
        (date(2027, 4, 5), ""),
    ]


def test_a_monday_forum_on_the_august_bank_holiday_moves_to_the_next_week() -> None:
    plan = SeriesPlan(0, time(9, 30), None, 4, date(2027, 8, 2))
    assert series_dates(plan, OVER_AUGUST) == [date(2027, 8, 2), date(2027, 9, 6)]
    assert series_schedule(plan, OVER_AUGUST) == [
        (date(2027, 8, 2), ""),
        (date(2027, 8, 30), "bank holiday: Late Summer Bank Holiday"),
        (date(2027, 9, 6), ""),
    ]


def test_a_series_starts_from_the_term_when_no_first_day_is_given() -> None:
    # Autumn starts on a Wednesday: a Monday series starts the Monday after.
    plan = SeriesPlan(0, time(9), time(10), 2)
    assert series_dates(plan, AUTUMN)[:2] == [date(2026, 9, 7), date(2026, 9, 21)]
    assert series_schedule(plan, AUTUMN)[0] == (date(2026, 9, 7), "")
    # A Wednesday series meets on the first day of term.
    wednesday = SeriesPlan(2, time(9), time(10), 1)
    assert series_dates(wednesday, AUTUMN)[0] == date(2026, 9, 2)


def test_a_series_meets_on_the_last_day_of_term_but_not_after() -> None:
    plan = SeriesPlan(4, time(9), time(10), 1, date(2026, 12, 4))
    assert series_dates(plan, AUTUMN) == [date(2026, 12, 4), date(2026, 12, 11), date(2026, 12, 18)]
    assert series_schedule(plan, AUTUMN)[-1] == (date(2026, 12, 18), "")


def test_first_weekday_on_or_after_the_same_day_and_the_day_after() -> None:
    assert first_weekday_on_or_after(date(2026, 10, 12), 0) == date(2026, 10, 12)
    assert first_weekday_on_or_after(date(2026, 10, 13), 0) == date(2026, 10, 19)
    assert first_weekday_on_or_after(date(2026, 10, 10), 4) == date(2026, 10, 16)
    assert WEEKDAYS[4] == "Friday"


def test_fortnightly_dates_skip_the_first_and_last_day_of_a_break() -> None:
    closed = [(date(2026, 10, 26), date(2026, 10, 30))]
    # Monday series from 19 Oct: 26 Oct (first day of the break) skipped, 2 Nov kept.
    assert fortnightly_dates(date(2026, 10, 19), date(2026, 11, 16), 0, closed) == [
        date(2026, 10, 19), date(2026, 11, 2), date(2026, 11, 16),
    ]  # fmt: skip
    # Friday series: 30 Oct (the last day of the break) skipped, 6 Nov kept.
    assert fortnightly_dates(date(2026, 10, 16), date(2026, 11, 6), 4, closed) == [
        date(2026, 10, 16), date(2026, 11, 6),
    ]  # fmt: skip
    assert fortnightly_dates(date(2026, 10, 12), date(2026, 10, 12), 0) == [date(2026, 10, 12)]
    assert fortnightly_dates(date(2026, 10, 12), date(2026, 10, 11), 0) == []
    with pytest.raises(ValueError, match="^every_weeks must be at least 1$"):
        fortnightly_dates(date(2026, 10, 12), date(2026, 10, 30), 0, every_weeks=0)
    assert fortnightly_dates(date(2026, 10, 12), date(2026, 10, 19), 0, every_weeks=1) == [
        date(2026, 10, 12), date(2026, 10, 19),
    ]  # fmt: skip


def test_is_school_day_at_every_edge() -> None:
    holidays = [date(2026, 11, 2)]
    assert AUTUMN.is_school_day(date(2026, 9, 2))
    assert not AUTUMN.is_school_day(date(2026, 9, 1))
    assert AUTUMN.is_school_day(date(2026, 12, 18))
    assert not AUTUMN.is_school_day(date(2026, 12, 19))
    assert AUTUMN.is_school_day(date(2026, 10, 23))
    assert not AUTUMN.is_school_day(date(2026, 10, 26))
    assert not AUTUMN.is_school_day(date(2026, 10, 30))
    assert not AUTUMN.is_school_day(date(2026, 11, 2), holidays)
    assert AUTUMN.is_school_day(date(2026, 11, 3), holidays)
    assert not AUTUMN.is_school_day(date(2026, 10, 10))  # Saturday
    assert AUTUMN.is_school_day(date(2026, 10, 9))  # Friday
    assert not AUTUMN.is_school_day(date(2026, 10, 11))  # Sunday


def test_a_term_without_a_half_term_has_no_breaks() -> None:
    assert OVER_EASTER.closed_ranges() == []
    one_sided = TermSpan(2026, Term.SPRING, date(2027, 1, 5), date(2027, 2, 15), None,
                         date(2027, 3, 26))  # fmt: skip
    assert one_sided.closed_ranges() == []
    assert AUTUMN.closed_ranges() == [(date(2026, 10, 26), date(2026, 10, 30))]
    assert AUTUMN.label == "Autumn 2026"
    assert OVER_EASTER.label == "Spring 2027"


def test_a_term_ending_the_day_it_starts_is_refused_and_the_day_after_accepted() -> None:
    with pytest.raises(ValidationError) as raised:
        validate_term(TermSpan(2026, Term.AUTUMN, date(2026, 9, 2), None, None, date(2026, 9, 2)))
    assert raised.value.errors == {"ends_on": "The term must end after it starts."}
    validate_term(TermSpan(2026, Term.AUTUMN, date(2026, 9, 2), None, None, date(2026, 9, 3)))


def test_a_term_of_200_days_is_accepted_and_201_refused() -> None:
    validate_term(TermSpan(2026, Term.AUTUMN, date(2026, 9, 1), None, None, date(2027, 3, 20)))
    with pytest.raises(ValidationError) as raised:
        validate_term(TermSpan(2026, Term.AUTUMN, date(2026, 9, 1), None, None, date(2027, 3, 21)))
    assert raised.value.errors == {
        "ends_on": "A term is at most about four months long; check the year."
    }


def test_half_term_needs_both_ends() -> None:
    for first, last in ((date(2026, 10, 26), None), (None, date(2026, 10, 30))):
        with pytest.raises(ValidationError) as raised:
            validate_term(
                TermSpan(2026, Term.AUTUMN, date(2026, 9, 2), first, last, date(2026, 12, 18))
            )
        assert raised.value.errors == {
            "half_term_ends": "Give both the first and the last day of half-term, or neither."
        }


def test_a_one_day_half_term_is_accepted_and_a_backwards_one_refused() -> None:
    one_day = date(2026, 10, 26)
    validate_term(TermSpan(2026, Term.AUTUMN, date(2026, 9, 2), one_day, one_day,
                           date(2026, 12, 18)))  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        validate_term(TermSpan(2026, Term.AUTUMN, date(2026, 9, 2), one_day,
                               date(2026, 10, 25), date(2026, 12, 18)))  # fmt: skip
    assert raised.value.errors == {
        "half_term_ends": "Half-term must end on or after the day it starts."
    }


def test_a_half_term_on_the_first_or_last_day_of_term_is_inside_it() -> None:
    start, end = date(2026, 9, 2), date(2026, 12, 18)
    validate_term(TermSpan(2026, Term.AUTUMN, start, start, date(2026, 9, 4), end))
    validate_term(TermSpan(2026, Term.AUTUMN, start, date(2026, 12, 14), end, end))
    outside = ((date(2026, 9, 1), date(2026, 9, 4)), (date(2026, 12, 14), date(2026, 12, 19)))
    for first, last in outside:
        with pytest.raises(ValidationError) as raised:
            validate_term(TermSpan(2026, Term.AUTUMN, start, first, last, end))
        assert raised.value.errors == {"half_term_starts": "Half-term must fall inside the term."}


def test_a_term_starting_the_day_after_the_last_ends_is_accepted() -> None:
    autumn, spring, summer = typical_terms(2026)
    right_after = TermSpan(2026, Term.SPRING, date(2026, 12, 19), None, None, spring.ends_on)
    validate_year([summer, right_after, autumn])
    same_day = TermSpan(2026, Term.SPRING, autumn.ends_on, None, None, spring.ends_on)
    with pytest.raises(ValidationError) as raised:
        validate_year([summer, same_day, autumn])
    assert raised.value.errors == {
        "spring.starts_on": "Spring must start after Autumn ends (18 December 2026)."
    }
    late_summer = TermSpan(2026, Term.SUMMER, spring.ends_on, None, None, summer.ends_on)
    with pytest.raises(ValidationError) as clash:
        validate_year([autumn, spring, late_summer])
    assert set(clash.value.errors) == {"summer.starts_on"}


def test_a_series_request_at_its_edges() -> None:
    ok = SeriesPlan(4, time(9), time(9, 1), 8, date(2026, 12, 18))
    validate_series(ok, AUTUMN)
    validate_series(SeriesPlan(0, time(9), None, 1, date(2026, 9, 2)), AUTUMN)
    cases = [
        (SeriesPlan(5, time(9), time(10)), "weekday"),
        (SeriesPlan(-1, time(9), time(10)), "weekday"),
        (SeriesPlan(0, time(9), time(9)), "ends_at"),
        (SeriesPlan(0, time(9), time(10), 0), "every_weeks"),
        (SeriesPlan(0, time(9), time(10), 9), "every_weeks"),
        (SeriesPlan(0, time(9), time(10), 2, date(2026, 9, 1)), "first_on"),
        (SeriesPlan(0, time(9), time(10), 2, date(2026, 12, 19)), "first_on"),
    ]
    for plan, field in cases:
        with pytest.raises(ValidationError) as raised:
            validate_series(plan, AUTUMN)
        assert set(raised.value.errors) == {field}, plan
    with pytest.raises(ValidationError) as first_on:
        validate_series(cases[-1][0], AUTUMN)
    assert first_on.value.errors["first_on"] == (
        "The first meeting must fall in Autumn 2026 (02 Sep to 18 Dec 2026)."
    )
    with pytest.raises(ValidationError):
        series_schedule(cases[0][0], AUTUMN)


@pytest.mark.parametrize("year", [2026, 2027])
def test_typical_terms_dates(year: int) -> None:
    autumn, spring, summer = typical_terms(year)
    assert all(span.academic_year == year for span in (autumn, spring, summer))
    assert [s.term for s in (autumn, spring, summer)] == [Term.AUTUMN, Term.SPRING, Term.SUMMER]
    if year == 2026:
        assert (autumn.starts_on, autumn.half_term_starts, autumn.half_term_ends,
                autumn.ends_on) == (date(2026, 9, 2), date(2026, 10, 26), date(2026, 10, 30),
                                    date(2026, 12, 18))  # fmt: skip
        assert (spring.starts_on, spring.half_term_starts, spring.half_term_ends,
                spring.ends_on) == (date(2027, 1, 11), date(2027, 2, 15), date(2027, 2, 19),
                                    date(2027, 4, 2))  # fmt: skip
        assert (summer.starts_on, summer.half_term_starts, summer.half_term_ends,
                summer.ends_on) == (date(2027, 4, 19), date(2027, 5, 31), date(2027, 6, 4),
                                    date(2027, 7, 21))  # fmt: skip


def test_term_of_a_day_on_the_first_and_last_days_and_in_the_holidays() -> None:
    spans = typical_terms(2026)
    assert term_of(date(2026, 9, 2), spans) == spans[0]
    assert term_of(date(2026, 12, 18), spans) == spans[0]
    assert term_of(date(2026, 12, 19), spans) is None
    assert term_of(date(2026, 9, 1), spans) is None
    assert term_of(date(2027, 1, 11), spans) == spans[1]


#: typical_terms, worked by hand from its rule for years whose edges fall differently:
#: 2 Sep 2027 is a Thursday (autumn waits for Wed 8 Sep); 5 Jan 2032 is a Monday (spring
#: starts that day); 27 Mar 2032 is a Saturday (spring ends Fri 2 Apr).
TYPICAL = {
    2027: [
        ("2027-09-08", "2027-10-25", "2027-10-29", "2027-12-17"),
        ("2028-01-10", "2028-02-14", "2028-02-18", "2028-03-31"),
        ("2028-04-17", "2028-05-29", "2028-06-02", "2028-07-19"),
    ],
    2028: [
        ("2028-09-06", "2028-10-30", "2028-11-03", "2028-12-22"),
        ("2029-01-08", "2029-02-19", "2029-02-23", "2029-03-30"),
        ("2029-04-16", "2029-05-28", "2029-06-01", "2029-07-18"),
    ],
    # 17 Jul 2030 is a Wednesday: summer ends that day.
    2029: [
        ("2029-09-05", "2029-10-29", "2029-11-02", "2029-12-21"),
        ("2030-01-07", "2030-02-18", "2030-02-22", "2030-03-29"),
        ("2030-04-15", "2030-05-27", "2030-05-31", "2030-07-17"),
    ],
    # 24 Oct 2033 and 13 Feb 2034 are Mondays, 16 Dec 2033 a Friday: each is kept.
    2033: [
        ("2033-09-07", "2033-10-24", "2033-10-28", "2033-12-16"),
        ("2034-01-09", "2034-02-13", "2034-02-17", "2034-03-31"),
        ("2034-04-17", "2034-05-29", "2034-06-02", "2034-07-19"),
    ],
    # 5 Jan, 13 Apr and 25 May 2037 are Mondays, 27 Mar 2037 a Friday.
    2036: [
        ("2036-09-03", "2036-10-27", "2036-10-31", "2036-12-19"),
        ("2037-01-05", "2037-02-16", "2037-02-20", "2037-03-27"),
        ("2037-04-13", "2037-05-25", "2037-05-29", "2037-07-22"),
    ],
    2031: [
        ("2031-09-03", "2031-10-27", "2031-10-31", "2031-12-19"),
        ("2032-01-05", "2032-02-16", "2032-02-20", "2032-04-02"),
        ("2032-04-19", "2032-05-31", "2032-06-04", "2032-07-21"),
    ],
}


@pytest.mark.parametrize("year", sorted(TYPICAL))
def test_typical_terms_follow_their_rule_in_other_years(year: int) -> None:
    got = [
        tuple(
            d.isoformat()
            for d in (s.starts_on, s.half_term_starts, s.half_term_ends, s.ends_on)
            if d is not None
        )
        for s in typical_terms(year)
    ]
    assert got == TYPICAL[year]


def test_a_series_starting_on_the_first_day_of_half_term_moves_a_week_on() -> None:
    closed = [(date(2026, 10, 26), date(2026, 10, 30))]
    assert fortnightly_dates(date(2026, 10, 26), date(2026, 11, 16), 0, closed) == [
        date(2026, 11, 2),
        date(2026, 11, 16),
    ]
    plan = SeriesPlan(0, time(9), time(10), 2, date(2026, 10, 26))
    assert series_schedule(plan, AUTUMN)[:3] == [
        (date(2026, 10, 26), "half-term"),
        (date(2026, 11, 2), ""),
        (date(2026, 11, 16), ""),
    ]


def test_a_series_reaching_the_last_day_of_half_term_moves_a_week_on() -> None:
    plan = SeriesPlan(4, time(9), time(10), 2, date(2026, 10, 30))
    assert series_schedule(plan, AUTUMN)[:3] == [
        (date(2026, 10, 30), "half-term"),
        (date(2026, 11, 6), ""),
        (date(2026, 11, 20), ""),
    ]


def test_a_series_request_says_what_is_wrong_in_words() -> None:
    with pytest.raises(ValidationError) as raised:
        validate_series(SeriesPlan(6, time(10), time(9, 30), 12), AUTUMN)
    assert raised.value.errors == {
        "weekday": "Meetings are held on a school day, Monday to Friday.",
        "ends_at": "The meeting must end after it starts.",
        "every_weeks": "Choose a rhythm between every week and every eight weeks.",
    }
