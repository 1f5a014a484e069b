"""School days at their edges: term and half-term days, weekends, England's bank holidays."""

from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.enums import Term
from slip_desktop.domain.school_days import (
    TERM_ORDER,
    TermSpan,
    england_bank_holidays,
    next_term,
    school_days,
    term_sort_key,
)

AUTUMN = TermSpan(
    2026, Term.AUTUMN, date(2026, 9, 2), date(2026, 12, 18), date(2026, 10, 26), date(2026, 10, 30)
)
# An invented spring term running over Easter 2027 (Good Friday 26 Mar, Easter Monday 29 Mar).
SPRING_OVER_EASTER = TermSpan(2026, Term.SPRING, date(2027, 3, 22), date(2027, 4, 2))
# An invented summer term over the August bank holiday 2027 (Monday 30 August).
SUMMER_OVER_AUGUST = TermSpan(2026, Term.SUMMER, date(2027, 8, 23), date(2027, 9, 3))


def test_englands_bank_holidays_include_easter_monday_and_the_august_bank_holiday() -> None:
    holidays = england_bank_holidays([2027])
    assert date(2027, 3, 29) in holidays  # Easter Monday: not a bank holiday in Scotland
    assert date(2027, 8, 30) in holidays  # late summer: Scotland's is the first Monday
    assert date(2027, 3, 26) in holidays  # Good Friday
    assert date(2027, 12, 27) in holidays  # Christmas Day substitute
    assert date(2027, 8, 2) not in holidays  # Scotland's summer bank holiday
    assert date(2027, 1, 4) not in holidays  # Scotland's 2 January substitute
    assert date(2027, 3, 17) not in holidays  # St Patrick's Day (Northern Ireland)
    assert date(2027, 7, 12) not in holidays  # Battle of the Boyne (Northern Ireland)
    assert date(2027, 11, 30) not in holidays  # St Andrew's Day (Scotland)
    assert all(day.year == 2027 for day in holidays)


def test_easter_monday_in_term_is_not_a_school_day() -> None:
    holidays = england_bank_holidays([2027])
    # 22 Mar - 2 Apr 2027: ten weekdays less Good Friday and Easter Monday.
    days = school_days(date(2027, 3, 22), date(2027, 4, 2), [SPRING_OVER_EASTER], holidays)
    assert days == 8
    assert school_days(date(2027, 3, 29), date(2027, 3, 29), [SPRING_OVER_EASTER], holidays) == 0
    assert school_days(date(2027, 3, 30), date(2027, 3, 30), [SPRING_OVER_EASTER], holidays) == 1


def test_the_august_bank_holiday_in_term_is_not_a_school_day() -> None:
    holidays = england_bank_holidays([2027])
    days = school_days(date(2027, 8, 23), date(2027, 9, 3), [SUMMER_OVER_AUGUST], holidays)
    assert days == 9
    assert school_days(date(2027, 8, 30), date(2027, 8, 30), [SUMMER_OVER_AUGUST], holidays) == 0


def test_a_single_day_counts_when_start_and_end_are_the_same_school_day() -> None:
    assert school_days(date(2026, 10, 14), date(2026, 10, 14), [AUTUMN], frozenset()) == 1


def test_an_end_before_the_start_counts_nothing() -> None:
    assert school_days(date(2026, 10, 14), date(2026, 10, 13), [AUTUMN], frozenset()) == 0


def test_friday_to_monday_is_two_school_days() -> None:
    assert school_days(date(2026, 10, 9), date(2026, 10, 12), [AUTUMN], frozenset()) == 2
    # Saturday and Sunday alone: none.
    assert school_days(date(2026, 10, 10), date(2026, 10, 11), [AUTUMN], frozenset()) == 0


def test_the_first_and_last_days_of_term_count_and_the_days_outside_do_not() -> None:
    assert school_days(date(2026, 9, 2), date(2026, 9, 2), [AUTUMN], frozenset()) == 1
    assert school_days(date(2026, 9, 1), date(2026, 9, 1), [AUTUMN], frozenset()) == 0
    assert school_days(date(2026, 12, 18), date(2026, 12, 18), [AUTUMN], frozenset()) == 1
    assert school_days(date(2026, 12, 21), date(2026, 12, 21), [AUTUMN], frozenset()) == 0


def test_half_terms_first_and_last_days_are_not_school_days() -> None:
    assert not AUTUMN.is_open(date(2026, 10, 26))
    assert not AUTUMN.is_open(date(2026, 10, 30))
    assert AUTUMN.is_open(date(2026, 10, 23))
    assert AUTUMN.is_open(date(2026, 11, 2))
    assert school_days(date(2026, 10, 23), date(2026, 11, 2), [AUTUMN], frozenset()) == 2


def test_a_half_term_with_only_one_date_is_ignored() -> None:
    start_only = TermSpan(2026, Term.AUTUMN, date(2026, 9, 2), date(2026, 12, 18),
                          half_term_starts=date(2026, 10, 26))  # fmt: skip
    end_only = TermSpan(2026, Term.AUTUMN, date(2026, 9, 2), date(2026, 12, 18),
                        half_term_ends=date(2026, 10, 30))  # fmt: skip
    assert start_only.is_open(date(2026, 10, 27))
    assert end_only.is_open(date(2026, 10, 27))


def test_a_day_open_in_any_of_several_terms_counts() -> None:
    spring = TermSpan(2026, Term.SPRING, date(2027, 1, 5), date(2027, 3, 26))
    assert school_days(date(2026, 12, 18), date(2027, 1, 5), [AUTUMN, spring], frozenset()) == 2


def test_booked_weekdays_count_only_those_days() -> None:
    # Mon, Wed, Fri (0, 2, 4) over the fortnight 12-23 Oct: six days.
    two_weeks = (date(2026, 10, 12), date(2026, 10, 23))
    assert school_days(*two_weeks, [AUTUMN], frozenset(), weekdays={0, 2, 4}) == 6
    assert school_days(*two_weeks, [AUTUMN], frozenset(), weekdays=set()) == 0
    # A weekend day booked by mistake never counts.
    assert school_days(*two_weeks, [AUTUMN], frozenset(), weekdays={5, 6}) == 0
    # A booked Monday that is a bank holiday is not charged.
    holidays = england_bank_holidays([2027])
    assert school_days(date(2027, 8, 30), date(2027, 9, 3), [SUMMER_OVER_AUGUST], holidays,
                       weekdays={0}) == 0  # fmt: skip


@pytest.mark.parametrize(
    ("year", "term", "expected"),
    [
        (2026, Term.AUTUMN, (2026, Term.SPRING)),
        (2026, Term.SPRING, (2026, Term.SUMMER)),
        (2026, Term.SUMMER, (2027, Term.AUTUMN)),
    ],
)
def test_the_term_after(year: int, term: Term, expected: tuple[int, Term]) -> None:
    assert next_term(year, term) == expected


def test_terms_sort_in_the_order_they_happen() -> None:
    assert TERM_ORDER == (Term.AUTUMN, Term.SPRING, Term.SUMMER)
    keys = [term_sort_key(2027, Term.AUTUMN), term_sort_key(2026, Term.SUMMER),
            term_sort_key(2026, Term.AUTUMN)]  # fmt: skip
    assert sorted(keys) == [(2026, 0), (2026, 2), (2027, 0)]
