"""One date style: "Mon 07 Dec 2026" in lists, "07/12/2026" in inputs."""

from __future__ import annotations

from datetime import date, datetime

from slip_desktop.domain.date_style import date_time, input_date, long_date, short_date

DAY = date(2026, 12, 7)


def test_lists_show_the_weekday_day_month_and_year() -> None:
    assert long_date(DAY) == "Mon 07 Dec 2026"
    assert long_date(date(2027, 1, 1)) == "Fri 01 Jan 2027"


def test_a_date_without_its_year_keeps_the_weekday() -> None:
    assert short_date(DAY) == "Mon 07 Dec"


def test_inputs_show_day_month_year_with_slashes() -> None:
    assert input_date(DAY) == "07/12/2026"
    assert input_date(date(2026, 3, 9)) == "09/03/2026"


def test_a_moment_is_the_list_date_and_the_time() -> None:
    assert date_time(datetime(2026, 12, 7, 9, 5)) == "Mon 07 Dec 2026 09:05"
