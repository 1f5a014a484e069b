"""Field cleaners for forms: trim, normalise and check typed text, collecting every problem."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from slip_desktop.domain.errors import ValidationError

#: Longest name part the pupil record keeps (matches the database column).
NAME_MAX = 100
#: Longest referrer name or role.
SHORT_TEXT_MAX = 120
#: Longest e-mail address.
EMAIL_MAX = 200
#: Longest phone number.
PHONE_MAX = 40
#: Longest free-text answer on the referral form (concerns, strategies, views...).
LONG_TEXT_MAX = 4000

# Letters of any script (with their combining marks), spaces, apostrophes, hyphens and dots:
# enough for O'Brien, Zoë, Nguyễn, Smith-Jones, St. John; nothing that looks like a typo or code.
_NAME_PUNCTUATION = frozenset(" '’-.")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,}$")


def clean_text(text: str) -> str:
    """Return ``text`` in NFC form with surrounding whitespace removed."""
    return unicodedata.normalize("NFC", text).strip()


def _is_name_char(char: str) -> bool:
    category = unicodedata.category(char)
    return category.startswith("L") or category.startswith("M") or char in _NAME_PUNCTUATION


class Checker:
    """Collects field problems while cleaning a form, then raises them together.

    Each ``*`` method returns the cleaned value (or a harmless placeholder when
    the field is wrong) and records a message for the field, so a dialog can
    mark every wrong field at once.
    """

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        """Record ``message`` for ``field`` unless it already has one."""
        self.errors.setdefault(field, message)

    def raise_if_any(self) -> None:
        """Raise ValidationError listing every problem recorded."""
        if self.errors:
            raise ValidationError(self.errors)

    def text(
        self,
        field: str,
        value: Any,
        label: str,
        *,
        max_length: int,
        required: bool = True,
        multiline: bool = False,
    ) -> str:
        """Return ``value`` trimmed, checking type, presence, length and control characters."""
        if not isinstance(value, str):
            self.fail(field, f"{label} must be text.")
            return ""
        cleaned = value.strip()
        allowed = {"\n", "\t"} if multiline else set()
        if required and not cleaned:
            self.fail(field, f"Enter {label.lower()}.")
        elif len(cleaned) > max_length:
            self.fail(field, f"{label} has at most {max_length:,} characters.")
        elif any(unicodedata.category(ch).startswith("C") and ch not in allowed for ch in cleaned):
            self.fail(field, f"{label} cannot hold control characters.")
        return cleaned

    def integer(self, field: str, value: Any, label: str, *, low: int, high: int) -> int:
        """Return ``value`` as an int between ``low`` and ``high`` inclusive."""
        if isinstance(value, bool):
            self.fail(field, f"{label} must be a whole number.")
            return low
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                self.fail(field, f"{label} must be a whole number.")
                return low
        if not isinstance(value, int):
            self.fail(field, f"{label} must be a whole number.")
            return low
        if not low <= value <= high:
            self.fail(field, f"{label} must be between {low} and {high}.")
            return low
        return value

    def choice(self, field: str, value: Any, label: str, options: Collection[str]) -> str:
        """Return ``value`` when it is one of ``options`` (compared as text)."""
        if not isinstance(value, str) or value not in options:
            self.fail(field, f"Choose {label.lower()} from the list.")
            return next(iter(options))
        return value

    def name(self, field: str, label: str, text: str, required: bool = True) -> str:
        """Clean a person's name: letters of any language, spaces, ' - and dots."""
        value = " ".join(clean_text(text).split())
        if not value:
            if required:
                self.fail(field, f"Enter the {label}.")
            return ""
        if len(value) > NAME_MAX:
            self.fail(field, f"The {label} can be at most {NAME_MAX} characters ({len(value)}).")
        elif not all(_is_name_char(c) for c in value):
            bad = next(c for c in value if not _is_name_char(c))
            self.fail(field, f"The {label} cannot contain '{bad}'. Use letters, spaces, ' and -.")
        elif not any(unicodedata.category(c).startswith("L") for c in value):
            self.fail(field, f"The {label} needs at least one letter.")
        return value

    def short_text(self, field: str, label: str, text: str, limit: int = SHORT_TEXT_MAX) -> str:
        """Clean one line of text up to ``limit`` characters."""
        value = " ".join(clean_text(text).split())
        if len(value) > limit:
            self.fail(field, f"The {label} can be at most {limit} characters ({len(value)}).")
        return value

    def long_text(self, field: str, label: str, text: str, limit: int = LONG_TEXT_MAX) -> str:
        """Clean free text (line breaks kept) up to ``limit`` characters."""
        value = clean_text(text).replace("\r\n", "\n").replace("\r", "\n")
        if "\x00" in value:
            value = value.replace("\x00", "")
        if len(value) > limit:
            self.fail(
                field,
                f"The {label} can be at most {limit:,} characters; this has {len(value):,}. "
                "Shorten it or attach the rest to the school's file.",
            )
        return value

    def email(self, field: str, text: str) -> str:
        """Clean an optional e-mail address."""
        value = clean_text(text)
        if not value:
            return ""
        if len(value) > EMAIL_MAX:
            self.fail(field, f"An e-mail address can be at most {EMAIL_MAX} characters.")
        elif not _EMAIL.match(value):
            self.fail(field, "This does not look like an e-mail address (name@school.sch.uk).")
        return value

    def phone(self, field: str, text: str) -> str:
        """Clean an optional phone number (digits, spaces, brackets, + and -)."""
        value = " ".join(clean_text(text).split())
        if not value:
            return ""
        if len(value) > PHONE_MAX:
            self.fail(field, f"A phone number can be at most {PHONE_MAX} characters.")
        elif not _PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
            self.fail(field, "A phone number has digits, spaces, brackets, + and - only.")
        return value

    def percent(self, field: str, label: str, text: str) -> Decimal | None:
        """Parse an optional percentage 0-100 with at most one decimal place."""
        value = clean_text(text).rstrip("%").strip()
        if not value:
            return None
        message = f"The {label} is a number from 0 to 100, e.g. 87.5."
        if len(value) > 8 or not re.fullmatch(r"[0-9]+(\.[0-9]*)?|\.[0-9]+", value):
            self.fail(field, message)
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.fail(field, message)
            return None
        if not Decimal(0) <= number <= Decimal(100):
            self.fail(field, message)
            return None
        return number.quantize(Decimal("0.1"))

    def count(self, field: str, label: str, text: str, maximum: int = 200) -> int:
        """Parse a whole number from 0 to ``maximum`` (empty means 0)."""
        value = clean_text(text)
        if not value:
            return 0
        if not re.fullmatch(r"[0-9]{1,4}", value) or int(value) > maximum:
            self.fail(field, f"The {label} is a whole number from 0 to {maximum}.")
            return 0
        return int(value)


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
#: The days a record may fall on. Date fields offer years up to 9999; there, sums such as a
#: review or a Reset cohort's last day overflow, and a stored end in 9999 breaks the rosters.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)


def day_problem(day: date) -> str | None:
    """Return why ``day`` cannot be stored, or None when it falls from FIRST_DAY to LAST_DAY."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"Check the year: dates run from {FIRST_DAY.year} to {LAST_DAY.year}."


DATE_HINT = "Type the date as day/month/year, e.g. 14/03/2013."


def parse_day(text: str) -> date | None:
    """Read a date typed the British way (14/03/2013, 14-3-2013, 14 Mar 2013, 2013-03-14).

    Returns None for empty text; raises ValueError with DATE_HINT for anything else
    that is not a real four-digit-year date.
    """
    value = clean_text(text).lower().rstrip(".")
    if not value:
        return None
    parts = [p for p in re.split(r"[\s/.\-,]+", value) if p]
    if len(parts) == 1 and re.fullmatch(r"[0-9]{8}", parts[0]):
        parts = [parts[0][:2], parts[0][2:4], parts[0][4:]]
    if len(parts) != 3:
        raise ValueError(DATE_HINT)
    if re.fullmatch(r"[0-9]{4}", parts[0]):
        parts = [parts[2], parts[1], parts[0]]
    day, month, year = parts
    month_number = _MONTHS.get(month) if not month.isdigit() else None
    if month.isascii() and month.isdigit():
        month_number = int(month)
    if not (day.isascii() and day.isdigit() and year.isascii() and year.isdigit()):
        raise ValueError(DATE_HINT)
    if month_number is None or len(year) != 4 or len(day) > 2:
        raise ValueError(DATE_HINT)
    try:
        return date(int(year), month_number, int(day))
    except ValueError as error:
        raise ValueError(f"There is no such date. {DATE_HINT}") from error
