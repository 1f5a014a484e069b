"""The one way dates are written on screen: "Mon 07 Dec 2026" in lists, "07/12/2026" in inputs."""

from __future__ import annotations

from datetime import date, datetime

#: How a date typed into a field looks (and is read back), day first as in the UK.
INPUT_FORMAT = "%d/%m/%Y"
#: The same for Qt's date widgets (QDateEdit.setDisplayFormat).
QT_INPUT_FORMAT = "dd/MM/yyyy"


def long_date(day: date) -> str:
    """Return ``day`` as lists and messages show it: "Mon 07 Dec 2026"."""
    return f"{day:%a %d %b %Y}"


def short_date(day: date) -> str:
    """Return ``day`` without its year, where the year is plain from around it: "Mon 07 Dec"."""
    return f"{day:%a %d %b}"


def input_date(day: date) -> str:
    """Return ``day`` as a date field holds it: "07/12/2026"."""
    return day.strftime(INPUT_FORMAT)


def date_time(moment: datetime) -> str:
    """Return ``moment`` to the minute: "Mon 07 Dec 2026 14:05"."""
    return f"{long_date(moment.date())} {moment:%H:%M}"
