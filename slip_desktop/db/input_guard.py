"""The last line against hostile input: every ORM write is checked column by column first.

Each db/ function still cleans its own fields (with the coordinator's words for the
form); this guard catches what one of them forgets, so NUL and control characters,
bidi overrides, lone surrogates, text longer than its column, dates outside the
office's years and a bool where a number belongs are refused as a ValidationError
naming the field, and nothing of the write is stored.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, Integer, Numeric, String, Text, inspect
from sqlalchemy.orm import Mapper, Session

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.text_rules import (
    date_problem,
    flag_problem,
    integer_problem,
    label_of,
    number_problem,
    text_problem,
)

#: Longest free text (Text columns, no declared length) a record may hold.
LONG_TEXT_LIMIT = 100_000
#: Date columns that hold a date of birth (allowed from 1990).
BIRTH_COLUMNS = frozenset({"date_of_birth"})
#: Tables this guard leaves alone: the trail is written by db/audit.py itself.
_UNGUARDED = frozenset({"audit_event"})


@dataclass(frozen=True)
class _Rule:
    key: str
    kind: str
    max_len: int | None
    nullable: bool
    enum_class: type[enum.Enum] | None = None


def _kind(column_type: Any) -> tuple[str, int | None, type[enum.Enum] | None]:
    # Enum and Text are both Strings to SQLAlchemy: test them first.
    if isinstance(column_type, Enum):
        return "enum", None, column_type.enum_class
    if isinstance(column_type, Text):
        return "text", LONG_TEXT_LIMIT, None
    if isinstance(column_type, String):
        return "text", column_type.length, None
    if isinstance(column_type, DateTime):
        return "other", None, None
    if isinstance(column_type, Date):
        return "date", None, None
    if isinstance(column_type, Boolean):
        return "flag", None, None
    if isinstance(column_type, Integer):
        return "integer", None, None
    if isinstance(column_type, Numeric):
        return "number", None, None
    return "other", None, None


@cache
def _rules(mapper: Mapper[Any]) -> tuple[_Rule, ...]:
    rules = []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        kind, max_len, enum_class = _kind(column.type)
        if kind != "other":
            rules.append(_Rule(attr.key, kind, max_len, bool(column.nullable), enum_class))
    return tuple(rules)


def value_problem(rule_key: str, kind: str, value: Any, max_len: int | None = None) -> str | None:
    """Return why ``value`` cannot go into a column of ``kind``, or None."""
    if kind == "text":
        return text_problem(rule_key, value, max_len)
    if kind == "date":
        return date_problem(rule_key, value, birth=rule_key in BIRTH_COLUMNS)
    if kind == "integer":
        return integer_problem(rule_key, value)
    if kind == "number":
        return number_problem(rule_key, value)
    if kind == "flag":
        return flag_problem(rule_key, value)
    return None


def _enum_problem(rule: _Rule, value: Any) -> str | None:
    assert rule.enum_class is not None
    if isinstance(value, rule.enum_class):
        return None
    if isinstance(value, str) and value in {m.value for m in rule.enum_class}:
        return None
    return f"Choose {label_of(rule.key).lower()} from the list."


def _changed_values(obj: Any, is_new: bool) -> Iterator[tuple[_Rule, Any]]:
    state = inspect(obj)
    # A changed attribute keeps its loaded value in committed_state: only those were set.
    touched = state.dict if is_new else state.committed_state
    for rule in _rules(state.mapper):
        if rule.key in touched and rule.key in state.dict:
            yield rule, state.dict[rule.key]


def problems(obj: Any, is_new: bool) -> dict[str, str]:
    """Return field -> message for every value of ``obj`` about to be written that is refused."""
    found: dict[str, str] = {}
    for rule, value in _changed_values(obj, is_new):
        if value is None:
            # NOT NULL columns are the database's (and the form's) to refuse.
            continue
        if rule.kind == "enum":
            message = _enum_problem(rule, value)
        else:
            message = value_problem(rule.key, rule.kind, value, rule.max_len)
        if message:
            found.setdefault(rule.key, message)
    return found


def check_session(session: Session) -> None:
    """Raise ValidationError (every refused field) before ``session`` flushes hostile values."""
    found: dict[str, str] = {}
    for objects, is_new in ((session.new, True), (session.dirty, False)):
        for obj in objects:
            if inspect(obj).mapper.local_table.name in _UNGUARDED:
                continue
            for key, message in problems(obj, is_new).items():
                found.setdefault(key, message)
    if found:
        raise ValidationError(found)


def _has_lone_surrogate(value: str) -> bool:
    if value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _parameters(parameters: Any) -> Iterator[Any]:
    if isinstance(parameters, dict):
        yield from parameters.values()
    elif isinstance(parameters, list | tuple):
        for item in parameters:
            if isinstance(item, dict | list | tuple):
                yield from _parameters(item)
            else:
                yield item


#: What the SQLite driver binds; SQLAlchemy has turned dates, times, flags and money into these.
_SQLITE_BINDABLE = (str, int, float, bytes, memoryview)
_INT64 = 2**63


def _parameter_problem(value: Any, sqlite: bool) -> str | None:
    if isinstance(value, str):
        if _has_lone_surrogate(value):
            return "The text holds a broken character (a lone surrogate); type it again."
        return None
    if value is None or not sqlite:
        return None
    # A bool here was used as a number (a record's id...): Boolean columns arrive as 0/1.
    if isinstance(value, bool) or not isinstance(value, _SQLITE_BINDABLE):
        return f"A value of the wrong kind ({type(value).__name__}) was given; nothing was saved."
    if isinstance(value, int) and not -_INT64 <= value < _INT64:
        return "A number is far too large; nothing was saved."
    return None


def refuse_unencodable(
    conn: Any, _cursor: Any, _statement: str, parameters: Any, _context: Any, _many: bool
) -> None:
    """Engine hook: a value the driver cannot bind is a ValidationError, in any query.

    Without it a lone surrogate raises UnicodeEncodeError, and a wrong kind of value
    (a date, a bool or a huge number where a record's id belongs) a driver error, which
    no form knows how to show.
    """
    sqlite = conn.dialect.name == "sqlite"
    for value in _parameters(parameters):
        if problem := _parameter_problem(value, sqlite):
            raise ValidationError({"value": problem})
