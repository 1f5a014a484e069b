"""Who is signed in to a store: the identity the audit trail and permission checks read."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from slip_desktop.db.store import Store
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.permissions import Action, require


@dataclass(frozen=True)
class Identity:
    """The person (or the built-in system) acting on a store."""

    user_id: int | None
    username: str
    display_name: str
    role: UserRole


#: Headless runs (demo seeding, screenshots, self-test, tests) act as this built-in identity.
SYSTEM = Identity(None, "system", "System (no sign-in)", UserRole.COORDINATOR)

# Kept beside the Store rather than inside it, so store.py needs no change.
_signed_in: weakref.WeakKeyDictionary[Store, Identity] = weakref.WeakKeyDictionary()


def set_current_user(store: Store, user: Identity | None) -> None:
    """Make ``user`` the identity acting on ``store`` (None: back to SYSTEM)."""
    if user is None:
        _signed_in.pop(store, None)
    else:
        _signed_in[store] = user


def current_user(store: Store) -> Identity:
    """Return the identity acting on ``store`` (SYSTEM until someone signs in)."""
    return _signed_in.get(store, SYSTEM)


def require_permission(store: Store, action: Action) -> Identity:
    """Return the current identity, or raise PermissionDenied if its role may not ``action``."""
    user = current_user(store)
    require(user.role, action)
    return user
