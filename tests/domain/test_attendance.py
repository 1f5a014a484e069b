from __future__ import annotations

from datetime import date

import pytest

from slip_desktop.domain.attendance import (
    CODES,
    Meaning,
    attends,
    check_code,
    days_count,
    describe_days,
    tally,
)
from slip_desktop.domain.enums import Session
from slip_desktop.domain.errors import RuleError


def test_attendance_percentage_counts_present_late_and_off_site_as_attending() -> None:
    result = tally(["/", "/", "L", "B", "I", "O", "X", "#", ""])
    assert result.possible == 6  # X and # are not possible sessions; "" is unmarked
    assert result.attended == 4
    assert result.authorised == 1 and result.unauthorised == 1
    assert result.unmarked == 1
    assert result.percentage == 66.7


def test_attendance_percentage_is_none_without_possible_sessions() -> None:
    assert tally(["X", ""]).percentage is None


def test_codes_follow_the_dfe_meanings() -> None:
    assert CODES["/"].meaning == Meaning.PRESENT
    assert CODES["B"].meaning == Meaning.OFF_SITE
    assert {CODES[c].meaning for c in "IMC"} == {Meaning.AUTHORISED}
    assert CODES["O"].meaning == Meaning.UNAUTHORISED
    assert check_code("l") == "L"
    with pytest.raises(RuleError):
        check_code("A")


def test_reset_days_decide_which_sessions_are_at_the_centre() -> None:
    days = "mon,tue,wed-am"
    wednesday = date(2026, 11, 25)
    assert attends(days, wednesday, Session.AM)
    assert not attends(days, wednesday, Session.PM)
    assert not attends(days, date(2026, 11, 26), Session.AM)
    assert attends("", date(2026, 11, 26), Session.PM)
    assert not attends("", date(2026, 11, 28), Session.AM)  # Saturday
    assert days_count(days) == 2.5
    assert describe_days(days) == "Mon, Tue, Wed am"
