"""The role x action table, cell by cell, and the refusal each role reads."""

from __future__ import annotations

import pytest

from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.permissions import (
    PERMISSIONS,
    Action,
    PermissionDenied,
    allowed,
    require,
)

A = Action
STAFF_MAY = {A.VIEW_PUPIL_DATA, A.EDIT_RECORDS, A.EXPORT_PUPIL_DATA, A.VIEW_SETTINGS}
READ_ONLY_MAY = {A.VIEW_PUPIL_DATA, A.VIEW_SETTINGS}
MATRIX = [
    (role, action, action in may)
    for role, may in (
        (UserRole.COORDINATOR, set(Action)),
        (UserRole.STAFF, STAFF_MAY),
        (UserRole.READ_ONLY, READ_ONLY_MAY),
    )
    for action in Action
]


@pytest.mark.parametrize(("role", "action", "may"), MATRIX)
def test_each_role_may_do_exactly_its_actions(role: UserRole, action: Action, may: bool) -> None:
    assert allowed(role, action) is may
    if may:
        require(role, action)
    else:
        with pytest.raises(PermissionDenied):
            require(role, action)


def test_the_table_lists_every_role() -> None:
    assert set(PERMISSIONS) == set(UserRole)


def test_a_role_missing_from_the_table_may_do_nothing() -> None:
    assert not allowed("guest", A.VIEW_PUPIL_DATA)  # type: ignore[arg-type]


def test_a_refusal_names_the_role_and_the_action_in_words() -> None:
    with pytest.raises(PermissionDenied) as caught:
        require(UserRole.STAFF, A.MANAGE_USERS)
    assert (
        caught.value.message == "Staff accounts may not manage user accounts; ask the coordinator."
    )
    assert caught.value.field == ""


def test_a_read_only_refusal_lowers_only_the_first_letter() -> None:
    with pytest.raises(PermissionDenied) as caught:
        require(UserRole.READ_ONLY, A.EDIT_RECORDS)
    assert (
        str(caught.value)
        == "Read-only accounts may not add and change records; ask the coordinator."
    )


def test_each_action_reads_as_a_phrase() -> None:
    assert {a.value: a.label for a in Action} == {
        "view_pupil_data": "See pupil records",
        "edit_records": "Add and change records",
        "delete_records": "Delete records",
        "export_pupil_data": "Print and export pupil data",
        "view_finance": "See rates and statements",
        "edit_finance": "Change rates and issue statements",
        "manage_users": "Manage user accounts",
        "view_audit": "See the audit trail",
        "manage_retention": "Set retention rules and dispose of records",
        "subject_access": "Answer a subject access request",
        "view_settings": "See the partnership's details and schools",
        "change_settings": "Change office settings",
        "backup_restore": "Back up and restore the database",
        "change_passphrase": "Change the database passphrase",
    }
