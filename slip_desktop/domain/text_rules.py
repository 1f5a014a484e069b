"""What typed text, numbers and dates may hold before anything stores them (hostile input)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from slip_desktop.domain.errors import ValidationError

#: Characters that reorder what follows them on screen (Trojan Source): a name could
#: then read differently in the list than in the record.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Layout characters that free text may keep.
_WHITESPACE = frozenset("\n\r\t")

#: School dates (terms, meetings, placements, reviews...) fall in these years.
SCHOOL_FIRST, SCHOOL_LAST = date(2000, 1, 1), date(2099, 12, 31)
#: A pupil or member of staff may have been born from this day.
BIRTH_FIRST = date(1990, 1, 1)


def label_of(field: str) -> str:
    """Return the words a form shows for ``field`` (``visitor_name`` -> ``Visitor name``)."""
    words = field.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "This field"


def text_problem(
    field: str, value: Any, max_len: int | None, *, multiline: bool = True
) -> str | None:
    """Return why ``value`` cannot be stored as text in ``field``, or None when it can.

    Refused: anything that is not text, NUL and other control characters (line
    breaks and tabs only where ``multiline``), bidi override and isolate
    characters, lone surrogates, and more than ``max_len`` characters.
    """
    label = label_of(field)
    if not isinstance(value, str):
        return f"{label} must be text."
    if max_len is not None and len(value) > max_len:
        return f"{label} has at most {max_len:,} characters; this has {len(value):,}."
    if value.isascii():
        # The common case, quickly: only ASCII control characters can be wrong here.
        bad = next((c for c in value if (c < " " or c == "\x7f") and c not in _WHITESPACE), None)
        if bad is None and (multiline or not any(c in _WHITESPACE for c in value)):
            return None
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            return f"{label} holds a broken character (a lone surrogate); type it again."
        if char in BIDI_CONTROLS:
            return f"{label} cannot hold right-to-left override characters (U+{ord(char):04X})."
        if category == "Cc" and not (multiline and char in _WHITESPACE):
            return f"{label} cannot hold control characters (U+{ord(char):04X})."
    return None


def clean_text(field: str, value: Any, max_len: int | None, *, multiline: bool = True) -> str:
    """Return ``value`` trimmed, or raise ValidationError naming ``field`` (see text_problem)."""
    if problem := text_problem(field, value, max_len, multiline=multiline):
        raise ValidationError({field: problem})
    return str(value).strip()


def date_problem(field: str, value: Any, *, birth: bool = False) -> str | None:
    """Return why ``value`` is not a date the office keeps in ``field``, or None.

    School dates run from 2000 to 2099; a date of birth may be from 1990.
    """
    label = label_of(field)
    if not isinstance(value, date):
        return f"{label} must be a date."
    first = BIRTH_FIRST if birth else SCHOOL_FIRST
    # A date and time (which typed_input lets through for a date) is checked by its day:
    # comparing it with a date would raise TypeError instead of refusing.
    day = value.date() if isinstance(value, datetime) else value
    if not first <= day <= SCHOOL_LAST:
        return (
            f"Check the year of {label.lower()}: it runs from {first.year} to {SCHOOL_LAST.year}."
        )
    return None


def check_date(field: str, value: Any, *, birth: bool = False) -> date:
    """Return ``value`` or raise ValidationError naming ``field`` (see date_problem)."""
    if problem := date_problem(field, value, birth=birth):
        raise ValidationError({field: problem})
    return value  # type: ignore[no-any-return]


def check_date_range(first_field: str, first: Any, last_field: str, last: Any) -> None:
    """Raise ValidationError unless both are school dates and ``last`` is not before ``first``."""
    check_date(first_field, first)
    if last is None:
        return
    check_date(last_field, last)
    if last < first:
        before = f"{label_of(last_field)} cannot be before {label_of(first_field).lower()}."
        raise ValidationError({last_field: before})


def integer_problem(field: str, value: Any) -> str | None:
    """Return why ``value`` is not a whole number (True and False are not numbers), or None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return f"{label_of(field)} must be a whole number."
    return None


def number_problem(field: str, value: Any) -> str | None:
    """Return why ``value`` is not an exact number (whole or Decimal, never float or bool)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return f"{label_of(field)} must be a number."
    if isinstance(value, Decimal) and not value.is_finite():
        return f"{label_of(field)} must be a number."
    return None


def flag_problem(field: str, value: Any) -> str | None:
    """Return why ``value`` is not yes or no, or None."""
    if not isinstance(value, bool):
        return f"{label_of(field)} must be yes or no."
    return None


def scrub(value: Any, max_len: int) -> str:
    """Return ``value`` as text that may be stored, each refused character shown as U+FFFD.

    For text the program writes about what happened (audit notes): it must be kept
    even when a name in it was hostile, so it is made safe instead of refused.
    """
    text = value if isinstance(value, str) else str(value)
    return "".join(
        "\ufffd"
        if char in BIDI_CONTROLS
        or unicodedata.category(char) == "Cs"
        or (unicodedata.category(char) == "Cc" and char not in _WHITESPACE)
        else char
        for char in text[:max_len]
    )
