from __future__ import annotations

import pytest

from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.permissions import PERMISSIONS, Action, PermissionDenied, allowed, require

C, S, R = UserRole.COORDINATOR, UserRole.STAFF, UserRole.READ_ONLY

#: The matrix written out by hand: a change to PERMISSIONS must change this too.
EXPECTED: dict[Action, set[UserRole]] = {
    Action.VIEW_PUPIL_DATA: {C, S, R},
    Action.EDIT_RECORDS: {C, S},
    Action.DELETE_RECORDS: {C},
    Action.EXPORT_PUPIL_DATA: {C, S},
    Action.VIEW_FINANCE: {C},
    Action.EDIT_FINANCE: {C},
    Action.MANAGE_USERS: {C},
    Action.VIEW_AUDIT: {C},
    Action.MANAGE_RETENTION: {C},
    Action.SUBJECT_ACCESS: {C},
    Action.VIEW_SETTINGS: {C, S, R},
    Action.CHANGE_SETTINGS: {C},
    Action.BACKUP_RESTORE: {C},
    Action.CHANGE_PASSPHRASE: {C},
}


def test_matrix_covers_every_action() -> None:
    assert set(EXPECTED) == set(Action)
    assert set(PERMISSIONS) == set(UserRole)


@pytest.mark.parametrize("role", list(UserRole))
@pytest.mark.parametrize("action", list(Action))
def test_role_x_action_matrix(role: UserRole, action: Action) -> None:
    expected = role in EXPECTED[action]
    assert allowed(role, action) is expected
    if expected:
        require(role, action)
    else:
        with pytest.raises(PermissionDenied) as caught:
            require(role, action)
        assert "coordinator" in caught.value.message


def test_finance_and_user_administration_are_for_the_coordinator_only() -> None:
    for action in (Action.VIEW_FINANCE, Action.EDIT_FINANCE, Action.MANAGE_USERS):
        assert [role for role in UserRole if allowed(role, action)] == [UserRole.COORDINATOR]


def test_read_only_accounts_change_nothing() -> None:
    assert PERMISSIONS[UserRole.READ_ONLY] == {Action.VIEW_PUPIL_DATA, Action.VIEW_SETTINGS}
