"""Field checks shared by every form: collect all problems, then raise one ValidationError."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from typing import Any

from slip_desktop.domain.errors import ValidationError


class Checker:
    """Gathers field problems so a form can mark them all at once.

    Each ``text``/``integer``/``choice`` call returns the cleaned value (or a
    harmless placeholder when it is wrong) and remembers any problem;
    :meth:`done` raises ValidationError if there was one.
    """

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, field: str, message: str) -> None:
        """Record ``message`` against ``field`` (the first problem per field wins)."""
        self.errors.setdefault(field, message)

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

    def done(self) -> None:
        """Raise ValidationError when any field had a problem."""
        if self.errors:
            raise ValidationError(self.errors)
