"""typed_input: a wrong kind of value is refused naming the field; enum text is accepted."""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from enum import IntEnum
from typing import Any, Literal, Optional, TypeVar

import pytest

from slip_desktop.domain.enums import StaffRole
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.typed_input import check_kinds, typed_input


@dataclass(frozen=True)
class Post:
    role: StaffRole
    name: str


@typed_input
def save(
    store: object, post: Post, on: date, count: int, amount: Decimal, note: str | None = None
) -> tuple[Post, date, int]:
    return post, on, count


GOOD = {"on": date(2026, 11, 27), "count": 3, "amount": Decimal("1.50")}


def test_enum_text_from_a_combo_box_is_taken_as_the_member() -> None:
    post, _on, _count = save(None, Post("inclusion_mentor", "Олег Петренко"), **GOOD)  # type: ignore[arg-type]
    assert post.role is StaffRole.INCLUSION_MENTOR


@pytest.mark.parametrize(
    ("field", "changes"),
    [
        ("count", {"count": True}),
        ("count", {"count": "3"}),
        ("on", {"on": "2026-11-27"}),
        ("amount", {"amount": 1.5}),
        ("amount", {"amount": Decimal("NaN")}),
        ("note", {"note": date(2026, 1, 1)}),
    ],
)
def test_a_wrong_kind_of_value_is_refused_naming_its_field(
    field: str, changes: dict[str, object]
) -> None:
    with pytest.raises(ValidationError) as refused:
        save(None, Post(StaffRole.INCLUSION_MENTOR, "Zoë"), **{**GOOD, **changes})
    assert field in refused.value.errors


def test_a_dataclass_field_of_the_wrong_kind_is_named() -> None:
    with pytest.raises(ValidationError) as refused:
        save(None, Post("not a role", "Zoë"), **GOOD)  # type: ignore[arg-type]
    assert "role" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        save(None, Post(StaffRole.INCLUSION_MENTOR, date(2026, 1, 1)), **GOOD)  # type: ignore[arg-type]
    assert "name" in refused.value.errors


# -- each kind of hint, refused in the coordinator's words ---------------------------------

T = TypeVar("T")


class Level(IntEnum):
    LOW = 1
    HIGH = 2


@dataclass(frozen=True)
class Plain:
    name: str
    count: int


@dataclass(frozen=True)
class Outer:
    post: Post


def _refusal(hint: object, value: object) -> str | None:
    """The message a write function with one argument ``value: hint`` refuses ``value`` with."""

    def write(value: object) -> object:
        return value

    write.__annotations__ = {"value": hint, "return": object}
    try:
        check_kinds(write, value)
    except ValidationError as error:
        assert list(error.errors) == ["value"]
        return error.errors["value"]
    return None


@pytest.mark.parametrize("hint", [Any, object, T])
def test_a_hint_that_takes_anything_refuses_nothing(hint: object) -> None:
    for value in (None, object(), "text", 3, [1], Post(StaffRole.TA, "Zoë")):
        assert _refusal(hint, value) is None


@pytest.mark.parametrize(
    ("hint", "value", "message"),
    [
        (str, 3, "Value must be text."),
        (str, None, "Value must be text."),
        (str, ["a"], "Value must be text."),
        (int, True, "Value must be a whole number."),
        (int, False, "Value must be a whole number."),
        (int, "3", "Value must be a whole number."),
        (int, 3.0, "Value must be a whole number."),
        (bool, 1, "Value must be yes or no."),
        (date, "2026-12-07", "Value must be a date."),
        (datetime, date(2026, 12, 7), "Value must be a date and time."),
        (time, "09:00", "Value must be a time of day."),
        (Decimal, 1.5, "Value must be an amount."),
        (Decimal, Decimal("NaN"), "Value must be a number."),
        (Decimal, Decimal("-Infinity"), "Value must be a number."),
        (float, "1.5", "Value must be a number."),
        (float, float("nan"), "Value must be a number."),
        (float, float("inf"), "Value must be a number."),
        (float, float("-inf"), "Value must be a number."),
        (Plain, "Zoë", "Value must be of the right kind."),
        (type(None), 0, "Value must be left empty."),
        (type(None), "", "Value must be left empty."),
        (Literal["a", "b"], "c", "Choose value."),
        (StaffRole, "captain", "Choose value from the list."),
        (StaffRole, True, "Choose value from the list."),
        (StaffRole, 3, "Choose value from the list."),
        (StaffRole, None, "Choose value from the list."),
        (Level, 3, "Choose value from the list."),
        (Level, True, "Choose value from the list."),
    ],
)
def test_a_wrong_kind_is_refused_in_words(hint: object, value: object, message: str) -> None:
    assert _refusal(hint, value) == message


@pytest.mark.parametrize(
    ("hint", "value"),
    [
        (str, ""),
        (int, 0),
        (int, -3),
        (bool, False),
        (date, date(2026, 12, 7)),
        (date, datetime(2026, 12, 7, 9, 30)),
        (datetime, datetime(2026, 12, 7, 9, 30)),
        (time, time(9, 0)),
        (Decimal, Decimal("0.00")),
        (float, 1.5),
        (float, -0.0),
        (type(None), None),
        (Literal["a", "b"], "b"),
        (StaffRole, StaffRole.TA),
        (StaffRole, "ta"),
        (Level, 2),
        (Level, Level.LOW),
        (Plain, Plain("Zoë", 1)),
    ],
)
def test_the_right_kind_is_accepted(hint: object, value: object) -> None:
    assert _refusal(hint, value) is None


def test_an_optional_value_may_be_empty_and_otherwise_is_named_by_its_kind() -> None:
    assert _refusal(int | None, None) is None
    assert _refusal(int | None, 3) is None
    assert _refusal(int | None, "3") == "Value must be a whole number."
    assert _refusal(None | int, "3") == "Value must be a whole number."
    assert _refusal(Optional[date], "today") == "Value must be a date."  # noqa: UP045
    assert _refusal(str | int, 3) is None
    assert _refusal(str | int, "3") is None
    assert _refusal(str | int, date(2026, 1, 1)) == "Value must be text."


@pytest.mark.parametrize(
    ("hint", "value"),
    [
        (list[int], [1, 2]),
        (list[int], []),
        (list, ["a", 1]),
        (tuple[int, str], (1, "a")),
        (tuple[int, ...], (1, 2, 3)),
        (tuple[int, ...], ()),
        (dict[str, int], {"a": 1}),
        (dict[str, int], {}),
        (Mapping[str, int], {"a": 1}),
        (Sequence[str], ["a", "b"]),
        (Sequence[str], ("a",)),
        (Counter[str], Counter("ab")),
    ],
)
def test_containers_of_the_right_items_are_accepted(hint: object, value: object) -> None:
    assert _refusal(hint, value) is None


@pytest.mark.parametrize(
    ("hint", "value"),
    [
        (list[int], [1, "2"]),
        (list[int], (1, 2)),
        (list[int], "12"),
        (list, "ab"),
        (tuple, [1]),
        (tuple[int, str], (1, 2)),
        (tuple[int, str], (1,)),
        (tuple[int, str], (1, "a", "b")),
        (tuple[int, str], [1, "a"]),
        (tuple[int, ...], (1, "a")),
        (dict[str, int], {1: 1}),
        (dict[str, int], [("a", 1)]),
        (Mapping[str, int], "a=1"),
        (Sequence[str], "abc"),
        (Sequence[str], b"abc"),
        (Sequence[str], [1]),
        (Sequence[str], 3),
        (Counter[str], ["a"]),
    ],
)
def test_a_container_of_the_wrong_shape_or_items_is_not_in_the_form_expected(
    hint: object, value: object
) -> None:
    assert _refusal(hint, value) == "Value is not in the form expected."


def test_a_mapping_names_the_kind_its_values_should_be() -> None:
    assert _refusal(dict[str, int], {"a": "1"}) == "Value must be a whole number."
    assert _refusal(dict[str, int], {"a": 1, "b": True}) == "Value must be a whole number."


def test_a_dataclass_inside_a_dataclass_is_checked_field_by_field() -> None:
    with pytest.raises(ValidationError) as refused:
        check_kinds(_keep_outer, Outer(Post(StaffRole.TA, 3)))  # type: ignore[arg-type]
    assert refused.value.errors == {"post": "Name must be text."}
    assert check_kinds(_keep_outer, Outer(Post(StaffRole.TA, "Zoë"))).arguments["outer"] == (
        Outer(Post(StaffRole.TA, "Zoë"))
    )


def _keep_outer(outer: Outer) -> Outer:
    return outer


def _keep_plain(store: int, session: int, plain: Plain, loose, count: int) -> object:  # type: ignore[no-untyped-def]  # noqa: ANN001
    return plain


def test_the_store_the_session_and_arguments_without_hints_are_not_checked() -> None:
    bound = check_kinds(_keep_plain, "store", "session", Plain("a", 1), object(), 2)
    assert bound.arguments["store"] == "store" and bound.arguments["session"] == "session"
    with pytest.raises(ValidationError) as refused:
        check_kinds(_keep_plain, "store", "session", Plain("a", 1), object(), "2")
    assert refused.value.errors == {"count": "Count must be a whole number."}


def test_a_dataclass_without_choices_is_passed_on_as_it_came() -> None:
    plain = Plain("Олег Петренко", 2)
    assert check_kinds(_keep_plain, None, None, plain, None, 1).arguments["plain"] is plain
    with pytest.raises(ValidationError) as refused:
        check_kinds(_keep_plain, None, None, Plain("Олег", "2"), None, 1)  # type: ignore[arg-type]
    assert refused.value.errors == {"count": "Count must be a whole number."}


def _choose(role: StaffRole, maybe: StaffRole | None, either: StaffRole | Level, text: str) -> None:
    pass


def test_choice_text_is_turned_into_its_member_only_where_one_list_is_meant() -> None:
    bound = check_kinds(_choose, "teacher", "ta", "hlta", "ta")
    assert bound.arguments["role"] is StaffRole.TEACHER
    assert bound.arguments["maybe"] is StaffRole.TA
    # Two lists could be meant, so the text is left as it came; plain text stays text.
    assert type(bound.arguments["either"]) is str and bound.arguments["either"] == "hlta"
    assert type(bound.arguments["text"]) is str
    assert check_kinds(_choose, StaffRole.TA, None, Level.LOW, "").arguments["maybe"] is None


@typed_input
def _record(when: date, count: int = 1) -> tuple[date, int]:
    """Keep a count."""
    return when, count


def test_a_checked_write_returns_what_the_write_returns_and_keeps_its_name() -> None:
    assert _record(date(2026, 12, 7), count=2) == (date(2026, 12, 7), 2)
    assert _record.__name__ == "_record" and _record.__doc__ == "Keep a count."


@pytest.mark.parametrize(
    ("args", "kwargs"), [((), {}), ((date(2026, 12, 7),), {"colour": "red"}), ((1, 2, 3), {})]
)
def test_missing_or_unknown_arguments_are_refused_as_the_wrong_fields(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    with pytest.raises(ValidationError) as refused:
        _record(*args, **kwargs)
    assert list(refused.value.errors) == ["arguments"]
    message = refused.value.errors["arguments"]
    assert message.startswith("The form sent the wrong fields (") and message.endswith(").")
    assert "argument" in message


def test_a_bare_list_hint_takes_any_items() -> None:
    assert _refusal(typing.List, [1, "a"]) is None  # noqa: UP006
    assert _refusal(typing.Dict, {"a": 1}) is None  # noqa: UP006


def test_an_optional_amount_that_is_not_a_number_says_so() -> None:
    assert _refusal(Decimal | None, Decimal("NaN")) == "Value must be a number."
    assert _refusal(Decimal, Decimal("sNaN")) == "Value must be a number."
    assert _refusal(str, datetime(2026, 12, 7, 9, 0)) == "Value must be text."


def test_a_hint_of_object_takes_even_a_float_that_is_not_a_number() -> None:
    assert _refusal(object, float("nan")) is None


def _note(kind: StaffRole | str) -> None:
    pass


def test_free_text_where_a_choice_or_text_is_allowed_stays_text() -> None:
    assert check_kinds(_note, "anything typed").arguments["kind"] == "anything typed"
    assert check_kinds(_note, "ta").arguments["kind"] is StaffRole.TA


def test_a_write_checked_when_the_program_runs_is_checked_the_same() -> None:
    def write(store: object, count: int) -> int:
        return count

    checked = typed_input(write)
    assert checked(None, 4) == 4
    with pytest.raises(ValidationError) as refused:
        checked(None, "4")
    assert refused.value.errors == {"count": "Count must be a whole number."}
