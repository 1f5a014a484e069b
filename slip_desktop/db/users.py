"""Local user accounts: first-run coordinator, sign-in, and the coordinator's user admin."""

from __future__ import annotations

import json
import logging
import math
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import func, select

from slip_desktop.db.audit import REHASH_ON_SIGN_IN, record_event
from slip_desktop.db.identity import Identity, current_user, require_permission
from slip_desktop.db.key_slots import put_user_slot, remove_user_slot
from slip_desktop.db.models import AppUser
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import check_version, refusing_stale_saves
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.errors import DomainError, NotFoundError, RuleError, ValidationError
from slip_desktop.domain.passwords import (
    check_account,
    hash_password,
    needs_rehash,
    normalise_username,
    password_problem,
    verify_password,
)
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.typed_input import typed_input
from slip_desktop.domain.validation import Checker

log = logging.getLogger("slip_desktop")

#: Said for an unknown name and a wrong password alike, so names cannot be guessed.
WRONG_SIGN_IN = "The account name or password is wrong."
#: Wrong passwords for one account name allowed before each further try has to wait.
FREE_FAILURES = 5
#: The wait after the sixth wrong password; it doubles with each further one...
FIRST_WAIT_SECONDS = 2.0
#: ...up to this (15 minutes).
LONGEST_WAIT_SECONDS = 900.0


#: The setting row holding recent wrong passwords per account name (JSON), so a restart
#: of the program does not reset the growing wait.
FAILURES_SETTING = "sign_in_failures"
#: Account names remembered at most (a script typing random names cannot grow it forever).
_REMEMBERED_NAMES = 500


@dataclass
class SignInThrottle:
    """Wrong passwords per account name, and how long the next try must wait.

    Kept in the database (the ``sign_in_failures`` setting), so closing and reopening
    the program does not reset the wait; a read-only database keeps them in memory.
    A script trying passwords meets a wait that doubles after the first five failures.
    The sign-in form is refused with the wait rather than made to sleep.

    Attributes:
        clock: seconds since the epoch (a wall clock: the count outlives a restart;
            tests give their own).
        store: the database the failures are kept in (a weak reference; None: memory only).
    """

    clock: Callable[[], float] = time.time
    store: Callable[[], Store | None] = lambda: None
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)

    def wait_seconds(self, name: str) -> int:
        """Return how many whole seconds ``name`` must still wait (0: may try now)."""
        count, last = self._load().get(name, (0, 0.0))
        if count < FREE_FAILURES:
            return 0
        delay = min(FIRST_WAIT_SECONDS * 2 ** (count - FREE_FAILURES), LONGEST_WAIT_SECONDS)
        remaining = last + delay - self.clock()
        # A clock set back (or a copied file) never means a wait longer than the longest.
        remaining = min(remaining, delay)
        return math.ceil(remaining) if remaining > 0 else 0

    def failed(self, name: str) -> None:
        """Count a wrong password for ``name``."""
        failures = self._load()
        count, _last = failures.get(name, (0, 0.0))
        failures[name] = (count + 1, self.clock())
        if len(failures) > _REMEMBERED_NAMES:
            for oldest in sorted(failures, key=lambda n: failures[n][1])[:-_REMEMBERED_NAMES]:
                del failures[oldest]
        self._save(failures)

    def succeeded(self, name: str) -> None:
        """Forget the failures of ``name`` after a right password."""
        failures = self._load()
        if failures.pop(name, None) is not None:
            self._save(failures)

    def _writable(self) -> Store | None:
        store = self.store()
        return store if store is not None and not store.read_only else None

    def _load(self) -> dict[str, tuple[int, float]]:
        store = self._writable()
        if store is None:
            return dict(self._failures)
        from slip_desktop.db.models import Setting

        try:
            with store.session() as session:
                text = session.scalar(select(Setting.value).where(Setting.key == FAILURES_SETTING))
        except DomainError:  # a busy database: what this window counted still holds
            return dict(self._failures)
        found = dict(self._failures)  # held while the file was read-only
        try:
            stored = json.loads(text or "{}")
        except ValueError:
            stored = {}
        if isinstance(stored, dict):
            for key, pair in stored.items():
                if (
                    isinstance(pair, list)
                    and len(pair) == 2
                    and all(isinstance(v, int | float) and math.isfinite(v) for v in pair)
                ):
                    count, last = found.get(key, (0, 0.0))
                    found[key] = (max(count, int(pair[0])), max(last, float(pair[1])))
        return found

    def _save(self, failures: dict[str, tuple[int, float]]) -> None:
        self._failures = failures
        store = self._writable()
        if store is None:
            return
        from sqlalchemy import insert, update

        from slip_desktop.db.models import Setting

        text = json.dumps({k: list(v) for k, v in failures.items()}, ensure_ascii=True)
        # Core statements, not the ORM: nobody is signed in yet, and the flush guard
        # would refuse a write by no one. The refusal itself is in the audit trail.
        try:
            with store.session() as session:
                if session.scalar(select(Setting.key).where(Setting.key == FAILURES_SETTING)):
                    session.execute(
                        update(Setting)
                        .where(Setting.key == FAILURES_SETTING)
                        .values(value=text, version=Setting.version + 1)
                    )
                else:
                    session.execute(
                        insert(Setting).values(key=FAILURES_SETTING, value=text, version=1)
                    )
        except DomainError:  # a busy database: kept in memory, written with the next one
            log.warning("Sign-in failures could not be written; kept in memory")
            return
        self._failures = {}


_throttles: weakref.WeakKeyDictionary[Store, SignInThrottle] = weakref.WeakKeyDictionary()
#: Audit rows of sign-ins to a read-only store, written once it can be written again.
_held: weakref.WeakKeyDictionary[Store, list[tuple[AuditAction, int | None, str]]] = (
    weakref.WeakKeyDictionary()
)


def throttle_of(store: Store) -> SignInThrottle:
    """Return the sign-in throttle of ``store`` (made on first use)."""
    throttle = _throttles.get(store)
    if throttle is None:
        throttle = _throttles[store] = SignInThrottle(store=weakref.ref(store))
    return throttle


def _audit_sign_in(store: Store, action: AuditAction, user_id: int | None, note: str) -> None:
    """Record a sign-in event; a read-only store holds it in memory (and the log) instead."""
    if not store.read_only:
        record_event(store, action, "app_user", user_id, note)
        return
    _held.setdefault(store, []).append((action, user_id, note))
    log.info("Sign-in event held while the database is read-only: %s (%s)", action.value, note)


def flush_held_sign_ins(store: Store) -> int:
    """Write the sign-in rows held while ``store`` was read-only (after a restore); count them."""
    held = _held.pop(store, [])
    for action, user_id, note in held:
        record_event(store, action, "app_user", user_id, f"{note} (while read-only)")
    return len(held)


class UserRow(NamedTuple):
    """One account as the users list shows it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: UserRole
    active: bool
    #: The version read: the list hands it back when it changes the role (db/versioning.py).
    version: int = 0


def _row(user: AppUser) -> UserRow:
    return UserRow(user.id, user.username, user.display_name, user.role, user.active, user.version)


def _identity(user: AppUser) -> Identity:
    return Identity(user.id, user.username, user.display_name or user.username, user.role)


def _role(value: Any) -> UserRole:
    check = Checker()
    text = check.choice("role", value, "A role", [r.value for r in UserRole])
    check.raise_if_any()
    return UserRole(text)


def has_users(store: Store) -> bool:
    """Return True once any account exists (so the first-run form is not needed)."""
    with store.session() as session:
        return bool(session.scalar(select(func.count()).select_from(AppUser)))


def list_users(store: Store) -> list[UserRow]:
    """Return every account, active ones first."""
    require_permission(store, Action.MANAGE_USERS)
    with store.session() as session:
        users = session.scalars(select(AppUser).order_by(AppUser.active.desc(), AppUser.username))
        return [_row(u) for u in users]


def _add(store: Store, username: Any, display_name: Any, role: UserRole, password: Any) -> UserRow:
    if not all(isinstance(v, str) for v in (username, display_name, password)):
        raise ValidationError({"username": "Account name, name and password must be text."})
    check_account(username, display_name, password)
    name = normalise_username(username)
    with store.session() as session:
        taken = session.scalar(select(AppUser.id).where(AppUser.username == name))
        if taken is not None:
            raise ValidationError({"username": f"There is already an account called '{name}'."})
        user = AppUser(
            username=name,
            display_name=display_name.strip(),
            role=role,
            password_hash=hash_password(password),
            active=True,
        )
        session.add(user)
        session.flush()
        row = _row(user)
    # The coordinator's session holds the database key: the new person gets their slot.
    put_user_slot(store, name, password)
    return row


@typed_input
def create_first_coordinator(
    store: Store, username: str, display_name: str, password: str
) -> UserRow:
    """Create the coordinator's account on first run; refused once any account exists."""
    if has_users(store):
        raise RuleError("Accounts already exist: sign in instead.")
    return _add(store, username, display_name, UserRole.COORDINATOR, password)


def create_user(
    store: Store, username: str, display_name: str, role: UserRole | str, password: str
) -> UserRow:
    """Create an account (coordinator only)."""
    require_permission(store, Action.MANAGE_USERS)
    return _add(store, username, display_name, _role(role), password)


def _active_coordinators(session: Any, other_than: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(AppUser)
            .where(
                AppUser.role == UserRole.COORDINATOR,
                AppUser.active.is_(True),
                AppUser.id != other_than,
            )
        )
        or 0
    )


def _get(session: Any, user_id: int) -> AppUser:
    user = session.get(AppUser, user_id)
    if user is None:
        raise NotFoundError("That account no longer exists.")
    return user  # type: ignore[no-any-return]


@typed_input
def deactivate_user(store: Store, user_id: int) -> UserRow:
    """Stop an account signing in (kept, so past changes stay attributed)."""
    me = require_permission(store, Action.MANAGE_USERS)
    if me.user_id == user_id:
        raise RuleError("You cannot deactivate your own account.")
    with store.session() as session:
        user = _get(session, user_id)
        if user.role == UserRole.COORDINATOR and not _active_coordinators(session, user_id):
            raise RuleError("The last active coordinator account cannot be deactivated.")
        user.active = False
        row = _row(user)
    remove_user_slot(store, row.username)  # their password no longer opens the file
    return row


@typed_input
def reactivate_user(store: Store, user_id: int) -> UserRow:
    """Let a deactivated account sign in again."""
    require_permission(store, Action.MANAGE_USERS)
    with store.session() as session:
        user = _get(session, user_id)
        user.active = True
        return _row(user)


@typed_input
def set_role(
    store: Store, user_id: int, role: UserRole | str, version: int | None = None
) -> UserRow:
    """Change an account's role; the last active coordinator keeps theirs.

    ``version`` is the one the list read: an account changed since is refused.
    """
    require_permission(store, Action.MANAGE_USERS)
    new_role = _role(role)
    what = "This account"
    with (
        refusing_stale_saves(store, AppUser, user_id, what, "role"),
        store.session() as session,
    ):
        user = _get(session, user_id)
        check_version(session, user, version, what, "role")
        if (
            user.role == UserRole.COORDINATOR
            and new_role != UserRole.COORDINATOR
            and user.active
            and not _active_coordinators(session, user_id)
        ):
            raise RuleError("The last active coordinator must stay a coordinator.")
        user.role = new_role
        return _row(user)


def set_password(store: Store, user_id: int, password: str) -> None:
    """Set a new password for an account (the coordinator for anyone, others for themselves)."""
    me = current_user(store)
    if me.user_id != user_id:
        require_permission(store, Action.MANAGE_USERS)
    if not isinstance(password, str):
        raise ValidationError({"password": "A password must be text."})
    with store.session() as session:
        user = _get(session, user_id)
        if problem := password_problem(password, user.username):
            raise ValidationError({"password": problem})
        user.password_hash = hash_password(password)
        username = user.username
    put_user_slot(store, username, password)  # re-wraps only this person's slot


def authenticate(store: Store, username: str, password: str) -> Identity:
    """Return the identity of an active account whose password matches, or raise.

    Both outcomes leave an audit row (held in memory while the store is read-only);
    a wrong name and a wrong password give the same message. After
    :data:`FREE_FAILURES` wrong passwords for a name, each try must wait longer
    (:class:`SignInThrottle`) and is refused with the wait until it has passed.
    """
    name = normalise_username(username) if isinstance(username, str) else ""
    throttle = throttle_of(store)
    wait = throttle.wait_seconds(name)
    if wait:
        # The password is not even tried: a right one guessed during the wait is refused.
        _audit_sign_in(
            store, AuditAction.SIGN_IN_FAILED, None, f"as '{name[:60]}': refused, wait {wait} s"
        )
        raise ValidationError(
            {
                "password": f"Too many wrong passwords for this account. Wait {wait} "
                "seconds, then try again."
            }
        )
    with store.session() as session:
        user = session.scalar(select(AppUser).where(AppUser.username == name))
        ok = (
            user is not None
            and isinstance(password, str)
            and user.active
            and verify_password(user.password_hash, password)
        )
        rehash = ok and user is not None and needs_rehash(user.password_hash)
        if rehash and user is not None and not store.read_only:
            session.info[REHASH_ON_SIGN_IN] = user.id  # the flush guard lets this one through
            user.password_hash = hash_password(password)
        identity = _identity(user) if ok and user is not None else None
    if identity is None:
        throttle.failed(name)
        _audit_sign_in(store, AuditAction.SIGN_IN_FAILED, None, f"as '{name[:60]}'")
        raise ValidationError({"password": WRONG_SIGN_IN})
    throttle.succeeded(name)
    return identity


def sign_in(store: Store, username: str, password: str) -> Identity:
    """Authenticate and make the account the store's current user (audited)."""
    from slip_desktop.db.identity import set_current_user

    identity = authenticate(store, username, password)
    set_current_user(store, identity)
    _ensure_slot(store, normalise_username(username), password)
    _audit_sign_in(store, AuditAction.SIGN_IN, identity.user_id, "signed in")
    return identity


def _ensure_slot(store: Store, username: str, password: str) -> None:
    """Give a person without a slot one (after a migration, or a reactivation)."""
    from slip_desktop.db.key_slots import has_slot, store_key

    if store.read_only or store_key(store) is None or has_slot(store, username):
        return
    try:
        put_user_slot(store, username, password)
    except OSError as error:  # the folder may be read-only: the recovery passphrase still opens
        log.warning("No key slot could be written for an account: %s", type(error).__name__)
