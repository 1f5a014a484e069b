"""typed_input: a wrong kind of value is refused naming the field; enum text is accepted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from slip_desktop.domain.enums import StaffRole
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.typed_input import typed_input


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
