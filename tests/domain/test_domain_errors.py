"""A broken rule carries its field and its sentence; a form's errors name every field at once."""

from __future__ import annotations

from slip_desktop.domain.errors import (
    ConflictError,
    DomainError,
    NotFoundError,
    RuleError,
    ValidationError,
)


def test_a_rule_broken_for_the_whole_record_names_no_field() -> None:
    error = DomainError("This pupil already has a place.")
    assert (error.field, error.message, str(error)) == (
        "",
        "This pupil already has a place.",
        error.message,
    )


def test_a_rule_broken_on_one_field_names_it() -> None:
    error = RuleError("Choose a later date.", "starts_on")
    assert (error.field, error.message, str(error)) == (
        "starts_on",
        "Choose a later date.",
        "Choose a later date.",
    )
    assert isinstance(error, DomainError)
    assert isinstance(NotFoundError("Gone."), DomainError)
    assert isinstance(ConflictError("Changed."), DomainError)


def test_a_form_error_shows_its_first_field_and_keeps_every_field() -> None:
    errors = {"upn": "The check letter is wrong.", "date_of_birth": "Enter the date of birth."}
    error = ValidationError(errors)
    assert error.field == "upn"
    assert error.message == "The check letter is wrong." == str(error)
    assert error.errors == errors
    assert list(error.errors) == ["upn", "date_of_birth"]


def test_a_form_error_keeps_its_own_copy_of_the_fields() -> None:
    errors = {"name": "Enter the name."}
    error = ValidationError(errors)
    errors["email"] = "Added later."
    assert error.errors == {"name": "Enter the name."}
