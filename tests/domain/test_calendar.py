from __future__ import annotations

from datetime import date, time

import pytest

from slip_desktop.domain.calendar import (
    SeriesPlan,
    TermSpan,
    bank_holidays,
    is_bank_holiday,
    series_dates,
    series_schedule,
    typical_terms,
    validate_term,
    validate_year,
)
from slip_desktop.domain.enums import Term
from slip_desktop.domain.errors import ValidationError

# Summer term 2026: back on Monday 13 April (after Easter Monday, 6 April),
# half-term 25-29 May (the week of the Spring Bank Holiday), ends Wednesday 22 July.
SUMMER_2026 = TermSpan(
    2025, Term.SUMMER, date(2026, 4, 13), date(2026, 5, 25), date(2026, 5, 29), date(2026, 7, 22)
)
# Autumn term 2026: 2 September to 18 December, half-term 26-30 October.
AUTUMN_2026 = TermSpan(
    2026, Term.AUTUMN, date(2026, 9, 2), date(2026, 10, 26), date(2026, 10, 30), date(2026, 12, 18)
)


def test_forums_skip_bank_holidays_worked_example_summer_2026() -> None:
    # Fortnightly Monday forums from 20 April: 4 May is the Early May bank holiday,
    # so that forum moves to 11 May; 25 May is the Spring Bank Holiday in half-term,
    # so that one moves to 1 June; the fortnightly rhythm carries on from there.
    plan = SeriesPlan(0, time(9, 30), time(11, 30), 2, date(2026, 4, 20))
    assert series_dates(plan, SUMMER_2026) == [
        date(2026, 4, 20),
        date(2026, 5, 11),
        date(2026, 6, 1),
        date(2026, 6, 15),
        date(2026, 6, 29),
        date(2026, 7, 13),
    ]
    skipped = [(d, why) for d, why in series_schedule(plan, SUMMER_2026) if why]
    assert skipped == [
        (date(2026, 5, 4), "bank holiday: May Day"),
        (date(2026, 5, 25), "bank holiday: Spring Bank Holiday"),
    ]


def test_forums_skip_half_term_worked_example_autumn_2026() -> None:
    # Fortnightly Tuesdays from 15 September: 27 October falls in half-term,
    # so the forum is held on 3 November and the rhythm follows from there.
    plan = SeriesPlan(1, time(9, 30), time(11, 30), 2, date(2026, 9, 15))
    assert series_dates(plan, AUTUMN_2026) == [
        date(2026, 9, 15),
        date(2026, 9, 29),
        date(2026, 10, 13),
        date(2026, 11, 3),
        date(2026, 11, 17),
        date(2026, 12, 1),
        date(2026, 12, 15),
    ]
    assert (date(2026, 10, 27), "half-term") in series_schedule(plan, AUTUMN_2026)


def test_core_meetings_every_four_weeks_stay_in_term() -> None:
    plan = SeriesPlan(3, time(13, 30), time(15, 30), 4)
    days = series_dates(plan, AUTUMN_2026)
    assert days[0] == date(2026, 9, 3)
    assert all(AUTUMN_2026.is_school_day(d, bank_holidays(d, d)) for d in days)
    assert all((b - a).days >= 28 for a, b in zip(days, days[1:], strict=False))


def test_england_bank_holidays_come_from_the_holidays_library() -> None:
    assert is_bank_holiday(date(2026, 5, 4))
    assert is_bank_holiday(date(2027, 5, 31))
    assert not is_bank_holiday(date(2026, 5, 5))
    found = bank_holidays(date(2026, 12, 1), date(2027, 1, 31))
    assert date(2026, 12, 25) in found and date(2027, 1, 1) in found


def test_series_request_is_checked() -> None:
    with pytest.raises(ValidationError) as caught:
        series_dates(SeriesPlan(5, time(10), time(9), 2, date(2027, 1, 1)), AUTUMN_2026)
    assert set(caught.value.errors) == {"weekday", "ends_at", "first_on"}


def test_term_dates_must_hold_together() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_term(
            TermSpan(
                2026,
                Term.AUTUMN,
                date(2026, 9, 2),
                date(2026, 8, 1),
                date(2026, 8, 5),
                date(2026, 12, 18),
            )
        )
    assert "half_term_starts" in caught.value.errors
    with pytest.raises(ValidationError):
        validate_term(TermSpan(2026, Term.AUTUMN, date(2026, 9, 2), None, None, date(2026, 9, 1)))


def test_typical_terms_are_valid_and_in_order() -> None:
    for year in (2025, 2026, 2027, 2030):
        spans = typical_terms(year)
        for span in spans:
            validate_term(span)
            assert span.starts_on.weekday() < 5 and span.ends_on.weekday() < 5
        validate_year(spans)
    # The late-May half-term is the week of the Spring Bank Holiday.
    summer = typical_terms(2026)[2]
    assert summer.half_term_starts == date(2027, 5, 31)


def test_overlapping_terms_are_refused() -> None:
    autumn, spring, summer = typical_terms(2026)
    clash = TermSpan(2026, Term.SPRING, autumn.ends_on, None, None, spring.ends_on)
    with pytest.raises(ValidationError) as caught:
        validate_year([autumn, clash, summer])
    assert "spring.starts_on" in caught.value.errors
