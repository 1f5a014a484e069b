"""Who may do what: the role x action table every permission check reads."""

from __future__ import annotations

from collections.abc import Mapping

from slip_desktop.domain.enums import Labelled, UserRole
from slip_desktop.domain.errors import DomainError


class Action(Labelled):
    """Something a signed-in person asks the program to do."""

    VIEW_PUPIL_DATA = "view_pupil_data", "See pupil records"
    EDIT_RECORDS = "edit_records", "Add and change records"
    DELETE_RECORDS = "delete_records", "Delete records"
    EXPORT_PUPIL_DATA = "export_pupil_data", "Print and export pupil data"
    VIEW_FINANCE = "view_finance", "See rates and statements"
    EDIT_FINANCE = "edit_finance", "Change rates and issue statements"
    MANAGE_USERS = "manage_users", "Manage user accounts"
    VIEW_AUDIT = "view_audit", "See the audit trail"
    MANAGE_RETENTION = "manage_retention", "Set retention rules and dispose of records"
    SUBJECT_ACCESS = "subject_access", "Answer a subject access request"
    VIEW_SETTINGS = "view_settings", "See the partnership's details and schools"
    CHANGE_SETTINGS = "change_settings", "Change office settings"
    BACKUP_RESTORE = "backup_restore", "Back up and restore the database"
    CHANGE_PASSPHRASE = "change_passphrase", "Change the database passphrase"


class PermissionDenied(DomainError):  # noqa: N818 - reads as 'raise PermissionDenied'
    """The signed-in person's role does not allow the action."""


_STAFF = frozenset(
    {
        Action.VIEW_PUPIL_DATA,
        Action.EDIT_RECORDS,
        Action.EXPORT_PUPIL_DATA,
        Action.VIEW_SETTINGS,
    }
)

#: The whole table: a role may do exactly the actions listed for it.
PERMISSIONS: Mapping[UserRole, frozenset[Action]] = {
    # The coordinator is the data controller's representative: everything.
    UserRole.COORDINATOR: frozenset(Action),
    # Staff prepare meetings and keep records, but finance, users, disposal and
    # subject access stay with the coordinator.
    UserRole.STAFF: _STAFF,
    UserRole.READ_ONLY: frozenset({Action.VIEW_PUPIL_DATA, Action.VIEW_SETTINGS}),
}


def allowed(role: UserRole, action: Action) -> bool:
    """Return True when ``role`` may do ``action``."""
    return action in PERMISSIONS.get(role, frozenset())


def require(role: UserRole, action: Action) -> None:
    """Raise PermissionDenied unless ``role`` may do ``action``."""
    if not allowed(role, action):
        raise PermissionDenied(
            f"{role.label} accounts may not {action.label[0].lower()}{action.label[1:]}; "
            "ask the coordinator."
        )
