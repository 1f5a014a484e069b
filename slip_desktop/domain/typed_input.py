"""Wrong kinds of value refused at the door: a write function's type hints checked at run time.

``@typed_input`` on a db/ write function compares each argument with its annotation
(``str``, ``int``, ``date``, ``time``, ``Decimal``, enums, ``X | None``, containers and
dataclasses such as ProviderInput, field by field) and raises a ValidationError naming
the first wrong field: a bool where a number belongs, a date where text belongs, text
where a date belongs. Its contents (characters, lengths, years) are checked by the rules
in text_rules and, for whatever is stored, by db/input_guard.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TypeVar

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.text_rules import label_of

F = TypeVar("F", bound=Callable[..., Any])

_WORDS: dict[type, str] = {
    str: "text",
    int: "a whole number",
    bool: "yes or no",
    date: "a date",
    datetime: "a date and time",
    time: "a time of day",
    Decimal: "an amount",
    float: "a number",
}


def _kind_problem(field: str, value: Any, hint: Any) -> str | None:
    """Return why ``value`` does not match ``hint`` (None when it does or cannot be told)."""
    if hint is Any or hint is object or isinstance(hint, TypeVar):
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if any(_kind_problem(field, value, option) is None for option in options):
            return None
        return _kind_problem(field, value, next(o for o in options if o is not type(None)))
    if hint is type(None):
        return None if value is None else f"{label_of(field)} must be left empty."
    if origin is typing.Literal:
        return None if value in typing.get_args(hint) else f"Choose {label_of(field).lower()}."
    if origin is not None:
        if problem := _container_problem(field, value, origin, typing.get_args(hint)):
            return problem
        hint = origin
    if not isinstance(hint, type):
        return None
    label = label_of(field)
    if hint is int and isinstance(value, bool):
        return f"{label} must be a whole number."
    if hint is date and isinstance(value, datetime):
        return None
    if not isinstance(value, hint):
        if issubclass(hint, enum.Enum):
            # Qt hands a StrEnum back from a combo box as plain text: its value will do.
            if _as_member(hint, value) is not None:
                return None
            return f"Choose {label.lower()} from the list."
        # Text is a Sequence too, but where text belongs the form says so.
        if hint is not str and issubclass(hint, Sequence | Mapping):
            return f"{label} is not in the form expected."
        return f"{label} must be {_WORDS.get(hint, 'of the right kind')}."
    if isinstance(value, float | Decimal) and not _finite(value):
        return f"{label} must be a number."
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = _dataclass_problem(value)
        return found[1] if found else None
    return None


def _container_problem(field: str, value: Any, origin: Any, args: tuple[Any, ...]) -> str | None:
    """Check the items of a list, tuple or dict argument against their hints."""
    if not isinstance(origin, type) or not args:
        return None
    wrong = f"{label_of(field)} is not in the form expected."
    if issubclass(origin, Mapping):
        if not isinstance(value, Mapping) or len(args) != 2:
            return wrong if not isinstance(value, Mapping) else None
        for key, item in value.items():
            if _kind_problem(field, key, args[0]) or _kind_problem(field, item, args[1]):
                return _kind_problem(field, item, args[1]) or wrong
        return None
    if issubclass(origin, Sequence):
        if isinstance(value, str | bytes) or not isinstance(value, Sequence):
            return wrong
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(value) != len(args):
                return wrong
            pairs = zip(value, args, strict=True)
            return wrong if any(_kind_problem(field, v, a) for v, a in pairs) else None
        return wrong if any(_kind_problem(field, v, args[0]) for v in value) else None
    return None


def _as_member(hint: type[enum.Enum], value: Any) -> enum.Enum | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    try:
        return hint(value)
    except ValueError:
        return None


def _enum_hint(hint: Any) -> type[enum.Enum] | None:
    """The enum class a hint names (``Kind`` or ``Kind | None``), if any."""
    options = (
        typing.get_args(hint)
        if typing.get_origin(hint) in (typing.Union, types.UnionType)
        else (hint,)
    )
    enums = [o for o in options if isinstance(o, type) and issubclass(o, enum.Enum)]
    return enums[0] if len(enums) == 1 else None


def _converted(value: Any, hint: Any) -> Any:
    """Return ``value`` as the enum member its hint names when it came as the member's text."""
    kind = _enum_hint(hint)
    if kind is not None and not isinstance(value, kind):
        member = _as_member(kind, value)
        return value if member is None else member
    return value


def _finite(value: float | Decimal) -> bool:
    return (
        value.is_finite()
        if isinstance(value, Decimal)
        else value == value and abs(value) != float("inf")
    )


def _dataclass_problem(value: Any) -> tuple[str, str] | None:
    hints = typing.get_type_hints(type(value))
    for field in dataclasses.fields(value):
        if field.name in hints:
            problem = _kind_problem(field.name, getattr(value, field.name), hints[field.name])
            if problem:
                return field.name, problem
    return None


def check_kinds(function: Callable[..., Any], *args: Any, **kwargs: Any) -> inspect.BoundArguments:
    """Raise ValidationError naming the first argument whose kind does not match its hint.

    Returns the arguments bound, with enum members given as their text turned into members.
    """
    hints = typing.get_type_hints(function)
    bound = inspect.signature(function).bind(*args, **kwargs)
    for name, value in list(bound.arguments.items()):
        if name in ("store", "session") or name not in hints:
            continue
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            found = _dataclass_problem(value)
            if found:
                raise ValidationError({found[0]: found[1]})
            field_hints = typing.get_type_hints(type(value))
            changes = {
                f.name: _converted(getattr(value, f.name), field_hints[f.name])
                for f in dataclasses.fields(value)
                if f.name in field_hints and _enum_hint(field_hints[f.name]) is not None
            }
            if changes:
                bound.arguments[name] = dataclasses.replace(value, **changes)
            continue
        if problem := _kind_problem(name, value, hints[name]):
            raise ValidationError({name: problem})
        bound.arguments[name] = _converted(value, hints[name])
    return bound


def typed_input(function: F) -> F:
    """Check every argument of ``function`` against its type hints before it runs."""

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        try:
            bound = check_kinds(function, *args, **kwargs)
        except TypeError as error:
            # Missing or unknown arguments: the caller's mistake, said as a refusal.
            raise ValidationError(
                {"arguments": f"The form sent the wrong fields ({error})."}
            ) from error
        return function(*bound.args, **bound.kwargs)

    return typing.cast(F, checked)
