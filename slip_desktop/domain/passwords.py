"""Account names and passwords: the policy, and Argon2id hashing."""

from __future__ import annotations

import re
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from slip_desktop.domain.errors import ValidationError

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
MAX_DISPLAY_NAME = 120
#: Names no person may take: the built-in identity headless runs act as.
RESERVED_USERNAMES = frozenset({"system", "admin", "root"})
_USERNAME = re.compile(r"[a-z][a-z0-9._-]{2,59}")

# argon2-cffi's defaults are Argon2id (RFC 9106 low-memory profile): 3 passes, 64 MiB.
_hasher = PasswordHasher()


def normalise_username(text: str) -> str:
    """Return the account name as stored: trimmed and lower-case."""
    return text.strip().lower()


def username_problem(text: str) -> str | None:
    """Return why ``text`` cannot be an account name, or None."""
    name = normalise_username(text)
    if not name:
        return "Enter an account name."
    if not _USERNAME.fullmatch(name):
        return (
            "An account name is 3 to 60 characters: it starts with a letter and uses only "
            "letters, digits, dots, dashes and underscores."
        )
    if name in RESERVED_USERNAMES:
        return f"'{name}' is reserved; choose another account name."
    return None


def display_name_problem(text: str) -> str | None:
    """Return why ``text`` cannot be shown as a person's name, or None."""
    name = text.strip()
    if len(name) > MAX_DISPLAY_NAME:
        return f"A name has at most {MAX_DISPLAY_NAME} characters."
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        return "A name cannot hold control characters."
    return None


def password_problem(password: str, username: str = "") -> str | None:
    """Return why ``password`` is too weak or unusable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"A password needs at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"A password has at most {MAX_PASSWORD_LENGTH} characters."
    if "\x00" in password or password != password.strip():
        return "A password cannot start or end with spaces or hold a null character."
    if len(set(password)) < 4:
        return "Use a password with more different characters."
    name = normalise_username(username)
    if name and name in password.lower():
        return "A password must not contain the account name."
    return None


def check_account(username: str, display_name: str, password: str) -> None:
    """Raise ValidationError naming every field of a new account that cannot be accepted."""
    errors: dict[str, str] = {}
    if problem := username_problem(username):
        errors["username"] = problem
    if problem := display_name_problem(display_name):
        errors["display_name"] = problem
    if problem := password_problem(password, username):
        errors["password"] = problem
    if errors:
        raise ValidationError(errors)


def hash_password(password: str) -> str:
    """Return the Argon2id hash of ``password`` (salted; never the password itself)."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Return True when ``password`` matches ``password_hash``."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return True when the hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Replace the hasher (tests use cheap parameters); return the previous one."""
    global _hasher
    previous, _hasher = _hasher, hasher
    return previous
