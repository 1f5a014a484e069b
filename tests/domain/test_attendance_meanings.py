"""Every attendance meaning and heading, the centre days a pupil is due, and the percentage."""

from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.attendance import (
    CODES,
    DAY_TOKENS,
    LEGACY_CODES,
    PRESENT,
    Category,
    Code,
    Meaning,
    Tally,
    attends,
    centre_days_problem,
    check_code,
    code_of,
    codes_starting,
    day_tokens,
    days_count,
    describe_days,
    format_percentage,
    is_absence,
    tally,
)
from slip_desktop.domain.enums import Session
from slip_desktop.domain.errors import RuleError

#: The DfE's heading for every code in force from August 2024.
HEADINGS = {
    Category.PRESENT: ["/", "L"],
    Category.APPROVED: ["K", "V", "P", "W", "B", "D"],
    Category.LEAVE: ["C1", "M", "J1", "S", "X", "C2", "C"],
    Category.OTHER_AUTHORISED: ["T", "R", "I", "E"],
    Category.UNAVOIDABLE: ["Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7"],
    Category.UNAUTHORISED: ["G", "N", "O", "U"],
    Category.ADMINISTRATIVE: ["Z", "#"],
}

MONDAY = date(2026, 10, 12)
WEDNESDAY = date(2026, 10, 14)
FRIDAY = date(2026, 10, 16)
SATURDAY = date(2026, 10, 17)
SUNDAY = date(2026, 10, 18)


@pytest.mark.parametrize("category", list(Category))
def test_each_code_sits_under_its_dfe_heading(category: Category) -> None:
    assert [mark for mark, code in CODES.items() if code.category == category] == (
        HEADINGS[category]
    )


def test_the_meanings_and_headings_read_as_the_dfe_words() -> None:
    assert [m.value for m in Meaning] == [
        "present",
        "approved educational activity",
        "authorised absence",
        "unauthorised absence",
        "not counted",
    ]
    assert Meaning.OFF_SITE is Meaning.APPROVED
    assert Category.UNAUTHORISED == "Absent: unauthorised absence"
    assert Category.LEAVE == "Absent: leave of absence"
    assert Category.OTHER_AUTHORISED == "Absent: other authorised reasons"


def test_authorised_and_unauthorised_codes_are_not_swapped() -> None:
    assert code_of("I").meaning == Meaning.AUTHORISED  # illness
    assert code_of("M").meaning == Meaning.AUTHORISED  # medical appointment
    assert code_of("G").meaning == Meaning.UNAUTHORISED  # holiday not granted
    assert code_of("O").meaning == Meaning.UNAUTHORISED
    assert code_of("U").meaning == Meaning.UNAUTHORISED  # late after the register closed
    assert code_of("L").meaning == Meaning.PRESENT  # late before it closed
    counts = tally(["I", "G", "G", "U", "/", "L"])
    assert (counts.authorised, counts.unauthorised, counts.attended) == (1, 3, 2)


def test_old_marks_read_with_their_old_headings() -> None:
    assert [(c.mark, c.meaning, c.category) for c in LEGACY_CODES.values()] == [
        ("Y", Meaning.NOT_POSSIBLE, Category.UNAVOIDABLE),
        ("J", Meaning.AUTHORISED, Category.LEAVE),
        ("H", Meaning.AUTHORISED, Category.LEAVE),
        ("F", Meaning.AUTHORISED, Category.LEAVE),
        ("\\", Meaning.PRESENT, Category.PRESENT),
    ]


def test_a_current_code_wins_over_an_old_one_and_unknown_marks_are_named() -> None:
    assert code_of("/") is CODES["/"]
    assert code_of("J") is LEGACY_CODES["J"]
    unknown = Code("??", Meaning.NOT_POSSIBLE, "Unknown code", Category.ADMINISTRATIVE)
    assert code_of("??") == unknown
    assert PRESENT == "/"


def test_an_empty_mark_is_not_an_absence() -> None:
    assert not is_absence("")
    assert is_absence("N")
    assert is_absence("C")
    assert not is_absence("K")
    assert not is_absence("Y1")


def test_tally_counts_every_meaning_once() -> None:
    counts = tally(["/", "K", "C1", "N", "Y2", "", ""])
    assert counts == Tally(
        possible=4, attended=2, authorised=1, unauthorised=1, unmarked=2, approved=1,
        not_counted=1,
    )  # fmt: skip
    assert counts.percentage == 50.0


def test_percentage_rounds_to_one_place_and_is_none_with_nothing_possible() -> None:
    assert tally(["/", "/", "N"]).percentage == 66.7
    assert tally(["/"]).percentage == 100.0
    assert tally(["N"]).percentage == 0.0
    assert tally(["#", ""]).percentage is None
    assert format_percentage(None) == "–"
    assert format_percentage(66.66) == "66.7%"
    assert format_percentage(0.0) == "0.0%"


def test_check_code_accepts_every_current_code_and_refuses_the_rest() -> None:
    for mark in CODES:
        assert check_code(f" {mark.lower()} ") == mark
    with pytest.raises(RuleError) as raised:
        check_code("q9")
    assert raised.value.field == "code"
    assert str(raised.value).startswith("'q9' is not a register code. Use one of: / L K V")
    with pytest.raises(RuleError) as old:
        check_code("h")
    assert str(old.value) == "'H' is no longer a register code (since August 2024)."
    assert old.value.field == "code"
    with pytest.raises(RuleError) as replaced:
        check_code("J")
    assert str(replaced.value) == (
        "'J' is no longer a register code (since August 2024). Use J1 instead."
    )


def test_codes_starting_lists_only_longer_codes() -> None:
    assert codes_starting("C1") == []
    assert codes_starting("J") == ["J1"]
    assert codes_starting("L") == []


def test_an_empty_centre_days_list_means_every_weekday() -> None:
    for day in (MONDAY, WEDNESDAY, FRIDAY):
        assert attends("", day, Session.AM)
        assert attends("  ", day, Session.PM)
    assert not attends("", SATURDAY, Session.AM)
    assert not attends("", SUNDAY, Session.PM)


def test_a_weekend_is_never_a_centre_day_even_when_typed() -> None:
    assert not attends("sat,sun", SATURDAY, Session.AM)


def test_centre_days_name_whole_and_half_days() -> None:
    days = " Mon , wed-am ,,FRI"
    assert attends(days, MONDAY, Session.AM)
    assert attends(days, MONDAY, Session.PM)
    assert attends(days, WEDNESDAY, Session.AM)
    assert not attends(days, WEDNESDAY, Session.PM)
    assert attends(days, FRIDAY, Session.PM)
    assert not attends(days, date(2026, 10, 13), Session.AM)


def test_centre_days_read_as_the_coordinator_writes_them() -> None:
    assert describe_days("") == "Every day"
    assert describe_days(" mon, ,TUE,wed-am ") == "Mon, Tue, Wed am"
    assert day_tokens(" Mon, ,WED-PM ") == ["mon", "wed-pm"]


def test_days_a_week_count_half_days_as_half() -> None:
    assert days_count("") == 5.0
    assert days_count("mon,tue,wed-am") == 2.5
    assert days_count("mon, ,fri") == 2.0
    assert days_count("thu-pm") == 0.5


def test_centre_days_problems_are_named() -> None:
    assert centre_days_problem("mon,wed-am, fri") is None
    assert centre_days_problem("") is None
    assert centre_days_problem("mon,sat") == (
        "'sat' is not a day: use mon to fri, or half days like wed-am."
    )
    assert centre_days_problem("monday-all-day-long-please") == (
        "'monday-all-day-long-' is not a day: use mon to fri, or half days like wed-am."
    )
    assert centre_days_problem("wed-am,wed-pm") == (
        "Name each day once (a half day counts as that day)."
    )
    assert len(DAY_TOKENS) == 15
    assert "fri-pm" in DAY_TOKENS


def test_tally_adds_up_repeated_marks_of_each_meaning() -> None:
    counts = tally(["#", "Y1", "X", "I", "M", "C", "G", "N", "/", "L", "K", "V", "", ""])
    assert (counts.not_counted, counts.authorised, counts.unauthorised) == (3, 3, 2)
    assert (counts.attended, counts.approved, counts.unmarked) == (4, 2, 2)
    assert counts.possible == 9
