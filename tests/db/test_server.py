"""The office server's address, its TLS rule and where its password comes from."""

from __future__ import annotations

import pytest

from slip_desktop.db.server import (
    SERVER_PASSWORD_ENV,
    InsecureConnection,
    ServerAddressError,
    engine_url,
    is_local_host,
    open_server,
    parse_server_url,
    stored_password,
)
from slip_desktop.db.store import Store, StoreOpenError


def test_a_server_on_another_computer_gets_sslmode_require_by_default() -> None:
    details = parse_server_url("postgresql://slip_app@office-server:5433/slip")
    assert (details.host, details.port, details.database, details.user) == (
        "office-server",
        5433,
        "slip",
        "slip_app",
    )
    assert details.sslmode == "require"
    assert engine_url(details, None).query["sslmode"] == "require"
    assert engine_url(details, None).drivername == "postgresql+psycopg"


@pytest.mark.parametrize("weak", ["disable", "allow", "prefer"])
def test_tls_is_required_for_non_local_hosts(weak: str) -> None:
    with pytest.raises(InsecureConnection, match="must be encrypted"):
        parse_server_url(f"postgresql://slip_app@192.168.1.20/slip?sslmode={weak}")


def test_a_local_server_may_go_without_tls() -> None:
    for host in ("localhost", "127.0.0.1", "[::1]"):
        details = parse_server_url(f"postgresql://slip_app@{host}/slip?sslmode=disable")
        assert details.sslmode == "disable"
    assert is_local_host("/run/postgresql")
    assert not is_local_host("10.0.0.5")


def test_the_password_is_never_kept_in_the_address() -> None:
    with pytest.raises(ServerAddressError, match="Leave the password out"):
        parse_server_url("postgresql://slip_app:secret@office-server/slip")
    details = parse_server_url("postgresql://slip_app@office-server/slip?sslmode=verify-full")
    assert "secret" not in details.url_text()
    assert parse_server_url(details.url_text()) == details


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("mysql://x@y/z", "starts with postgresql://"),
        ("postgresql://office-server/slip", "role to connect as"),
        ("postgresql://slip_app@office-server/", "database name"),
        ("postgresql://slip_app@office-server:port/slip", "not a number"),
        ("postgresql://a@b/slip?sslmode=sometimes", "not known"),
    ],
)
def test_a_bad_address_says_what_is_wrong(text: str, words: str) -> None:
    with pytest.raises(ServerAddressError, match=words):
        parse_server_url(text)


def test_the_password_comes_from_the_environment_for_headless_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    details = parse_server_url("postgresql://slip_app@office-server/slip")
    monkeypatch.setenv(SERVER_PASSWORD_ENV, "from the environment")
    assert stored_password(details) == "from the environment"


def test_an_unreachable_server_is_a_clear_error() -> None:
    # Port 1 on loopback: nothing listens there, and it is refused at once.
    with pytest.raises(StoreOpenError, match="cannot be reached"):
        open_server("postgresql://slip_app@127.0.0.1:1/slip")


def test_store_open_on_a_server_url_gives_a_server_store(pg_url: str) -> None:
    store = Store.open(pg_url, "the SQLCipher passphrase is not the server's")
    try:
        assert store.path is None
        assert not store.encrypted
        assert store.engine.dialect.name == "postgresql"
        assert "postgresql+psycopg" in store.location
    finally:
        store.close()


def test_the_sqlite_file_checks_pass_over_a_server_database(pg_url: str) -> None:
    from slip_desktop.db.integrity import finish_quick_check, integrity_check, start_quick_check

    store = Store.open(pg_url)
    try:
        start_quick_check(store)
        assert finish_quick_check(store) == []
        assert integrity_check(store) == []
    finally:
        store.close()


def test_a_server_without_tls_is_named_as_such_and_nothing_is_sent() -> None:
    from slip_desktop.db.server import PasswordNeeded, _explain

    details = parse_server_url("postgresql://slip_app@office-server/slip")
    refused = _explain(
        Exception(
            'connection to server at "office-server" failed: server does not support SSL,'
            " but SSL was required"
        ),
        details,
    )
    assert isinstance(refused, InsecureConnection)
    assert "does not offer an encrypted (TLS) connection" in refused.message
    wrong = _explain(Exception('password authentication failed for user "slip_app"'), details)
    assert isinstance(wrong, PasswordNeeded)
