"""Errors that carry a rule broken by the user, in the coordinator's words."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the office was broken; the message says what to do.

    Attributes:
        field: the form field the problem belongs to, or "" for the whole record.
        message: the sentence shown to the coordinator.
    """

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ValidationError(DomainError):
    """One or more fields hold values the office cannot accept.

    Attributes:
        errors: every problem found, field name -> message, so a form can mark all at once.
    """

    def __init__(self, errors: dict[str, str]) -> None:
        first_field, first_message = next(iter(errors.items()))
        super().__init__(first_message, first_field)
        self.errors = dict(errors)


class RuleError(DomainError):
    """An action is not allowed by the graduated response or a capacity rule."""


class NotFoundError(DomainError):
    """A record the action needs no longer exists."""


class ConflictError(DomainError):
    """Someone else changed the record since it was opened."""
