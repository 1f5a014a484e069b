"""The office server: a PostgreSQL database reached by URL through psycopg 3.

Connection details are kept without the password: it comes from the system keyring
(``keyring``), from SLIP_DESKTOP_SERVER_PASSWORD for headless runs, or is asked for.
A server on another computer is only reached over TLS (``sslmode=require`` or stricter).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from slip_desktop.db.store import Store, StoreOpenError

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine

#: Headless runs (tests, the load bench) read the server password from here.
SERVER_PASSWORD_ENV = "SLIP_DESKTOP_SERVER_PASSWORD"
#: The keyring service the passwords are filed under.
KEYRING_SERVICE = "SLIP Desktop office server"
#: Modes that refuse a connection without TLS (the weaker ones fall back to plain text).
SECURE_SSLMODES = ("require", "verify-ca", "verify-full")
_ALL_SSLMODES = ("disable", "allow", "prefer", *SECURE_SSLMODES)
_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class ServerAddressError(StoreOpenError):
    """The server address cannot be used as typed (named in the message)."""


class PasswordNeeded(StoreOpenError):  # noqa: N818 - reads as 'raise PasswordNeeded'
    """The server asks for a password that was not given (or was wrong)."""


class InsecureConnection(StoreOpenError):  # noqa: N818 - reads as 'raise InsecureConnection'
    """A server on another computer would be reached without TLS."""


@dataclass(frozen=True)
class ServerDetails:
    """Where the office database is, without its password.

    Attributes:
        host: a host name, an IP address, or a socket folder (starts with '/'); '' is local.
        port: the TCP port (5432 unless set).
        database: the database name.
        user: the role the app signs in to the server as.
        sslmode: libpq's sslmode; 'require' or stricter unless the host is this computer.
    """

    host: str
    port: int
    database: str
    user: str
    sslmode: str

    @property
    def is_local(self) -> bool:
        """True when the server runs on this computer (socket, localhost, loopback)."""
        return is_local_host(self.host)

    @property
    def keyring_name(self) -> str:
        """The name the password is filed under in the keyring."""
        return f"{self.user}@{self.host or 'localhost'}:{self.port}/{self.database}"

    def url_text(self) -> str:
        """The address as a URL without a password: what is stored and shown."""
        user = quote(self.user, safe="")
        query = [f"sslmode={self.sslmode}"]
        host = self.host
        if host.startswith("/"):
            query.append(f"host={quote(host, safe='/')}")
            host = ""
        elif ":" in host:  # an IPv6 address
            host = f"[{host}]"
        netloc = f"{user}@{host}:{self.port}" if host else f"{user}@"
        return f"postgresql://{netloc}/{quote(self.database, safe='')}?{'&'.join(query)}"


def is_local_host(host: str) -> bool:
    """Return True for this computer: '' or a socket folder, localhost, or a loopback address."""
    if not host or host.startswith("/") or host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_server_url(target: str) -> bool:
    """Return True when ``target`` names a PostgreSQL server."""
    return target.split("://", 1)[0].lower() in _SCHEMES if "://" in target else False


def parse_server_url(text: str) -> ServerDetails:
    """Read ``postgresql://user@host:port/database?sslmode=...``; raise ServerAddressError.

    A password in the URL is refused: it would end up in settings and shell history.
    """
    text = text.strip()
    if not is_server_url(text):
        raise ServerAddressError(
            "The office server's address starts with postgresql://, for example "
            "postgresql://slip_app@office-server/slip"
        )
    parts = urlsplit(text)
    try:
        port = parts.port or 5432
    except ValueError as error:
        raise ServerAddressError(f"The port in {text!r} is not a number: {error}") from None
    if parts.password:
        raise ServerAddressError(
            "Leave the password out of the address: it is asked for when connecting "
            "(and can be kept in this computer's keyring)."
        )
    query = dict(parse_qsl(parts.query))
    host = query.pop("host", None) or parts.hostname or ""
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise ServerAddressError("The address needs the database name after the last '/'.")
    user = unquote(parts.username or "") or query.pop("user", "")
    if not user:
        raise ServerAddressError(
            "The address needs the role to connect as before '@', e.g. postgresql://slip_app@..."
        )
    sslmode = query.pop("sslmode", "")
    if sslmode and sslmode not in _ALL_SSLMODES:
        raise ServerAddressError(
            f"sslmode={sslmode} is not known; use one of {', '.join(_ALL_SSLMODES)}."
        )
    details = ServerDetails(host, port, database, user, sslmode or "prefer")
    if details.is_local:
        return details if sslmode else replace(details, sslmode="prefer")
    if not sslmode:
        return replace(details, sslmode="require")
    if sslmode not in SECURE_SSLMODES:
        raise InsecureConnection(
            f"{details.host} is another computer, so the connection must be encrypted: "
            f"use sslmode=require (or verify-full), not sslmode={sslmode}."
        )
    return details


def stored_password(details: ServerDetails) -> str | None:
    """Return the password from SLIP_DESKTOP_SERVER_PASSWORD or the keyring (None if neither)."""
    from_env = os.environ.get(SERVER_PASSWORD_ENV)
    if from_env:
        return from_env
    try:
        import keyring

        return keyring.get_password(KEYRING_SERVICE, details.keyring_name)
    except Exception:  # noqa: BLE001 - no keyring backend (a headless box) means "not kept"
        return None


def remember_password(details: ServerDetails, password: str) -> bool:
    """Keep ``password`` in the system keyring; return False when there is no keyring."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, details.keyring_name, password)
    except Exception:  # noqa: BLE001 - any backend failure: the password is asked next time
        return False
    return True


def engine_url(details: ServerDetails, password: str | None) -> URL:
    """Return the SQLAlchemy URL (psycopg 3) for ``details``."""
    from sqlalchemy import URL

    query: dict[str, str] = {"sslmode": details.sslmode, "application_name": "SLIP Desktop"}
    host: str | None = details.host or None
    if details.host.startswith("/"):
        query["host"] = details.host
        host = None
    return URL.create(
        "postgresql+psycopg",
        username=details.user,
        password=password,
        host=host,
        port=details.port if host else None,
        database=details.database,
        query=query,
    )


def make_server_engine(url: URL, read_only: bool = False) -> Engine:
    """Return an engine for a server URL; a read-only one refuses writes in the server."""
    from sqlalchemy import create_engine, event

    engine = create_engine(
        url,
        pool_size=3,
        max_overflow=5,
        pool_pre_ping=True,  # a PC that slept has dead connections in its pool
        connect_args={"connect_timeout": 10},
    )
    if read_only:

        def _read_only(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET default_transaction_read_only = on")
            dbapi_connection.commit()

        event.listen(engine, "connect", _read_only)
    return engine


def _explain(error: BaseException, details: ServerDetails) -> StoreOpenError:
    text = str(error)
    where = details.host or "this computer"
    if "password authentication failed" in text or "no password supplied" in text:
        return PasswordNeeded(
            f"The server on {where} did not accept the password for {details.user}. "
            "Check it and try again."
        )
    if "does not support SSL" in text or "SSL off" in text:
        return InsecureConnection(
            f"The server on {where} does not offer an encrypted (TLS) connection, so "
            "nothing was sent to it. Ask whoever looks after the server to turn on ssl "
            "in postgresql.conf (see docs/office-server.md)."
        )
    if "does not exist" in text and "database" in text:
        return StoreOpenError(f"There is no database {details.database!r} on {where}.")
    return StoreOpenError(f"The office server on {where} cannot be reached: {text.strip()}")


def open_server(
    target: str | ServerDetails, password: str | None = None, *, read_only: bool = False
) -> Store:
    """Connect to the office server; raise PasswordNeeded, InsecureConnection or StoreOpenError.

    The password is ``password``, else SLIP_DESKTOP_SERVER_PASSWORD, else the keyring;
    a server that needs none (a local one with peer or trust authentication) is tried
    without one.
    """
    from sqlalchemy import exc

    details = parse_server_url(target) if isinstance(target, str) else target
    if password is None:
        password = stored_password(details)
    engine = make_server_engine(engine_url(details, password), read_only)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except exc.DBAPIError as error:
        engine.dispose()
        raise _explain(error.orig or error, details) from None
    store = Store(engine, None, None, read_only)
    from slip_desktop.db.live_changes import install_notify

    # Every save tells the other PCs what it changed (see db/live_changes.py).
    store.on_first_session(install_notify)
    return store
