"""Reading the board's date fields: a date typed but unreadable is said beside its field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from slip_desktop.domain.errors import ValidationError
from slip_desktop.ui.form_inputs import DateField


def check_dates(fields: Mapping[str, DateField]) -> None:
    """Raise ValidationError naming every field whose text is not a date.

    An empty field passes: whether a date is needed is the domain's rule, and it says so
    in the coordinator's words; a date it cannot read would otherwise look like no date.
    """
    problems = {name: problem for name, field in fields.items() if (problem := field.problem())}
    if problems:
        raise ValidationError(problems)


def required_date(name: str, field: DateField, missing: str = "Give the date.") -> date:
    """Return the date in ``field``; raise ValidationError for ``name`` when empty or unreadable."""
    day = field.value()
    if day is None:
        raise ValidationError({name: field.problem() or missing})
    return day
