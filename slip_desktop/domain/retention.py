"""Retention rules: how long each kind of record is kept, and when it falls due."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from slip_desktop.domain.enums import Labelled
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.validation import Checker

#: First name given to an anonymised pupil; parentheses keep it apart from any real name.
ANONYMISED_FIRST_NAME = "(anonymised)"
MIN_YEARS = 1
MAX_YEARS = 100


class RecordType(Labelled):
    """A kind of record with its own retention rule."""

    SEN_PUPIL = "sen_pupil", "Pupils with special educational needs (whole file)"
    OTHER_PUPIL = "other_pupil", "Other pupils (whole file)"
    ANONYMOUS_CASE = "anonymous_case", "Anonymous forum cases"


class Anchor(Labelled):
    """The date a retention period counts from."""

    DATE_OF_BIRTH = "date_of_birth", "Date of birth"
    CASE_CLOSED = "case_closed", "Case closed (or received, if never closed)"


class Disposal(Labelled):
    """What happens to a record once its period is over."""

    ANONYMISE = "anonymise", "Anonymise"
    DELETE = "delete", "Delete"


class RetentionRule(NamedTuple):
    """Keep records of ``record_type`` for ``years`` after ``anchor``, then ``disposal``."""

    record_type: RecordType
    anchor: Anchor
    years: int
    disposal: Disposal

    def due_on(self, anchor_date: date) -> date:
        """Return the first day the record may be disposed of."""
        return add_years(anchor_date, self.years)

    def is_due(self, anchor_date: date, today: date) -> bool:
        """Return True when the period counted from ``anchor_date`` is over by ``today``."""
        return today >= self.due_on(anchor_date)


#: Each record type counts from one anchor; SEN files follow the DfE/IRMS guidance.
ANCHORS: dict[RecordType, Anchor] = {
    RecordType.SEN_PUPIL: Anchor.DATE_OF_BIRTH,
    RecordType.OTHER_PUPIL: Anchor.DATE_OF_BIRTH,
    RecordType.ANONYMOUS_CASE: Anchor.CASE_CLOSED,
}

#: Defaults until the data protection officer decides otherwise.
DEFAULT_RULES: dict[RecordType, RetentionRule] = {
    # SEN-related records: date of birth + 31 years.
    RecordType.SEN_PUPIL: RetentionRule(
        RecordType.SEN_PUPIL, Anchor.DATE_OF_BIRTH, 31, Disposal.ANONYMISE
    ),
    RecordType.OTHER_PUPIL: RetentionRule(
        RecordType.OTHER_PUPIL, Anchor.DATE_OF_BIRTH, 25, Disposal.ANONYMISE
    ),
    RecordType.ANONYMOUS_CASE: RetentionRule(
        RecordType.ANONYMOUS_CASE, Anchor.CASE_CLOSED, 6, Disposal.DELETE
    ),
}


def add_years(day: date, years: int) -> date:
    """Return ``day`` moved ``years`` on; 29 February becomes 1 March in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def setting_key(record_type: RecordType) -> str:
    """Return the Setting key a record type's rule is kept under."""
    return f"retention.{record_type.value}"


def make_rule(record_type: Any, years: Any, disposal: Any) -> RetentionRule:
    """Return a checked rule, or raise ValidationError naming each bad field."""
    check = Checker()
    kind = check.choice("record_type", record_type, "A record type", list(RecordType))
    count = check.integer("years", years, "Years to keep", low=MIN_YEARS, high=MAX_YEARS)
    action = check.choice("disposal", disposal, "What to do", list(Disposal))
    check.raise_if_any()
    record = RecordType(kind)
    return RetentionRule(record, ANCHORS[record], count, Disposal(action))


def format_rule(rule: RetentionRule) -> str:
    """Return the text stored in the Setting table, e.g. ``"31:anonymise"``."""
    return f"{rule.years}:{rule.disposal.value}"


def parse_rule(record_type: RecordType, text: str) -> RetentionRule:
    """Read a stored rule; a damaged value falls back to the default (never to "keep forever")."""
    years, _sep, disposal = text.partition(":")
    try:
        return make_rule(record_type, years, disposal)
    except ValidationError:
        return DEFAULT_RULES[record_type]
