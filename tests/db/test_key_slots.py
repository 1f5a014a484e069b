"""One secret per person: a random database key, wrapped once per password and for recovery."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from slip_desktop.db import users
from slip_desktop.db.audit import install_audit
from slip_desktop.db.backup import check_backup, make_backup, replace_unopenable_database
from slip_desktop.db.encryption import change_passphrase, connect_raw
from slip_desktop.db.key_slots import (
    KdfParams,
    key_of,
    read_slots,
    slots_path,
    store_key,
    use_kdf_params,
)
from slip_desktop.db.opening import open_checked_store, open_store
from slip_desktop.db.store import Store, WrongPassphrase
from slip_desktop.domain.passwords import use_hasher

RECOVERY = "recovery: ochre lantern meadow 7"
CORA = "amber kettle ribbon 1"
OLEG = "пароль Олега 2 довгий"
ANH = "mật khẩu của Ánh 3"


@pytest.fixture(autouse=True)
def _cheap_kdf() -> Iterator[None]:
    previous = use_kdf_params(KdfParams(time_cost=1, memory_cost=8, parallelism=1))
    hasher = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_kdf_params(previous)
    use_hasher(hasher)


def _office(path: Path) -> Store:
    """A new database whose recovery passphrase is RECOVERY, with a coordinator and Oleg."""
    store = open_store(path, RECOVERY)
    install_audit(store)
    users.create_first_coordinator(store, "cora", "Cora Ordinator", CORA)
    users.sign_in(store, "cora", CORA)
    users.create_user(store, "oleg", "Олег Петренко", "staff", OLEG)
    return store


def _opens(path: Path, secret: str) -> bool:
    try:
        check_backup(path, secret)
    except WrongPassphrase:
        return False
    return True


def test_the_database_key_is_random_and_each_password_opens_the_file(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    store = _office(path)
    assert key_of(store.passphrase) is not None  # keyed with the random key, not a secret
    store.close()
    kinds = sorted((s.kind, s.username) for s in read_slots(path) or [])
    assert kinds == [("recovery", None), ("user", "cora"), ("user", "oleg")]
    for secret in (RECOVERY, CORA, OLEG):
        opened = open_store(path, secret)
        assert key_of(opened.passphrase) is not None
        opened.close()
    with pytest.raises(WrongPassphrase):
        open_store(path, "not anyone's password")


def test_a_new_database_in_a_folder_not_made_yet_is_created_keyed(tmp_path: Path) -> None:
    # As `--db` names it on a new office's first start: the folder is made for it.
    path = tmp_path / "not made" / "yet" / "office.db"
    store = open_checked_store(path, RECOVERY)
    assert key_of(store.passphrase) is not None
    users.create_first_coordinator(store, "cora", "Cora Ordinator", CORA)
    store.close()
    assert [s.kind for s in read_slots(path) or []] == ["recovery", "user"]
    assert _opens(path, RECOVERY) and _opens(path, CORA)


def test_a_removed_users_password_no_longer_opens_the_file_nor_a_later_backup(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.db"
    store = _office(path)
    oleg = next(u for u in users.list_users(store) if u.username == "oleg")
    before = make_backup(store, tmp_path / "backups")
    users.deactivate_user(store, oleg.id)
    after = make_backup(store, tmp_path / "backups-after")
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(path, OLEG)
    assert not _opens(after, OLEG)
    assert _opens(after, CORA) and _opens(after, RECOVERY)
    assert _opens(before, OLEG)  # a backup made before keeps the slots it was made with


def test_change_my_password_rewraps_only_my_slot(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    store = _office(path)
    slots = {s.username: s for s in read_slots(path) or []}
    cora = next(u for u in users.list_users(store) if u.username == "cora")
    users.set_password(store, cora.id, "violet harbour quill 9")
    after = {s.username: s for s in read_slots(path) or []}
    assert after["cora"] != slots["cora"]
    assert after["oleg"] == slots["oleg"] and after[None] == slots[None]
    store.close()
    with pytest.raises(WrongPassphrase):
        open_store(path, CORA)
    open_store(path, "violet harbour quill 9").close()


def test_the_recovery_passphrase_is_changed_by_rewrapping_its_slot(tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    store = _office(path)
    key = store_key(store)
    # What the change-passphrase form checks "current" against: the recovery slot.
    assert store.passphrase_matches(RECOVERY) and not store.passphrase_matches(OLEG)
    with pytest.raises(WrongPassphrase):
        change_passphrase(store, "a wrong recovery passphrase", "new recovery: kite 44")
    change_passphrase(store, RECOVERY, "new recovery: kite 44")
    assert store_key(store) == key  # no rekey: every person's slot still fits
    store.close()
    open_store(path, "new recovery: kite 44").close()
    open_store(path, OLEG).close()
    with pytest.raises(WrongPassphrase):
        open_store(path, RECOVERY)


def test_the_recovery_passphrase_opens_a_backup_on_another_machine(tmp_path: Path) -> None:
    store = _office(tmp_path / "office.db")
    backup = make_backup(store, tmp_path / "backups")
    store.close()
    elsewhere = tmp_path / "usb-stick" / "backups"
    shutil.copytree(backup.parent, elsewhere)
    copied = elsewhere / backup.name
    assert slots_path(copied).is_file()
    check = check_backup(copied, RECOVERY)
    assert check.ok and check.counts["app_user"] == 2
    new_home = tmp_path / "other-laptop" / "office.db"
    new_home.parent.mkdir()
    new_home.write_bytes(b"")  # the file to be replaced (a fresh laptop)
    replace_unopenable_database(new_home, copied, RECOVERY)
    reopened = open_store(new_home, RECOVERY)
    reopened.close()
    open_store(new_home, CORA).close()


def test_an_existing_passphrase_database_migrates_and_the_passphrase_is_the_recovery_slot(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    old = Store.open(path, RECOVERY)  # a database from before key slots
    from slip_desktop.db.migrate import upgrade_safely

    upgrade_safely(old)
    install_audit(old)
    users.create_first_coordinator(old, "cora", "Cora Ordinator", CORA)
    old.close()
    assert read_slots(path) is None

    store = open_checked_store(path, RECOVERY)
    assert key_of(store.passphrase) is not None
    assert [s.kind for s in read_slots(path) or []] == ["recovery"]
    with pytest.raises(Exception):  # noqa: B017, PT011 - the old passphrase no longer keys it
        connect_raw(path, RECOVERY)
    install_audit(store)
    users.sign_in(store, "cora", CORA)  # passphrase + password once: Cora gets her own slot
    assert [s.username for s in read_slots(path) or []] == [None, "cora"]
    store.close()
    open_store(path, RECOVERY).close()
    open_store(path, CORA).close()


def test_a_migration_cut_short_before_its_rekey_is_finished_on_the_next_open(
    tmp_path: Path,
) -> None:
    from slip_desktop.db.key_slots import RECOVERY as KIND
    from slip_desktop.db.key_slots import new_database_key, wrap_key, write_slots

    path = tmp_path / "old.db"
    old = Store.open(path, RECOVERY)
    from slip_desktop.db.migrate import upgrade_safely

    upgrade_safely(old)
    old.close()
    write_slots(path, [wrap_key(new_database_key(), RECOVERY, KIND)])  # crash after this
    store = open_store(path, RECOVERY)
    assert key_of(store.passphrase) is not None
    store.close()


def test_no_secret_or_key_in_the_slot_record_backups_or_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    path = tmp_path / "office.db"
    store = _office(path)
    key = store_key(store)
    assert key is not None
    backup = make_backup(store, tmp_path / "backups")
    store.close()
    open_store(path, OLEG).close()
    secrets = [RECOVERY, CORA, OLEG, key.hex(), key.hex().upper()]
    record_bytes = slots_path(path).read_bytes() + slots_path(backup).read_bytes()
    for secret in secrets:
        for form in (secret.encode(), secret.encode("utf-16-le")):
            assert form not in record_bytes
        assert key not in record_bytes
        assert secret not in caplog.text
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    for file in files:
        data = file.read_bytes()
        assert key not in data, file.name
        for secret in secrets:
            assert secret.encode() not in data, file.name


def test_a_headless_run_opens_with_any_slots_secret_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.db.encryption import PASSPHRASE_ENV

    path = tmp_path / "office.db"
    _office(path).close()
    for secret in (OLEG, RECOVERY):
        monkeypatch.setenv(PASSPHRASE_ENV, secret)
        opened = open_store(path)
        assert key_of(opened.passphrase) is not None
        opened.close()
    monkeypatch.setenv(PASSPHRASE_ENV, "nobody's secret at all")
    with pytest.raises(WrongPassphrase):
        open_store(path)


def test_a_slot_wrapped_at_an_older_cost_is_wrapped_again_at_todays_when_it_opens(
    tmp_path: Path,
) -> None:
    path = tmp_path / "office.db"
    older = use_kdf_params(KdfParams(time_cost=2, memory_cost=16, parallelism=1))
    _office(path).close()  # every slot at the older cost
    use_kdf_params(older)
    before = {s.slot_id: s for s in read_slots(path) or []}
    assert {(s.time_cost, s.memory_cost) for s in before.values()} == {(2, 16)}

    open_store(path, OLEG).close()

    after = read_slots(path) or []
    olegs = [s for s in after if s.username == "oleg"]
    assert [(s.time_cost, s.memory_cost) for s in olegs] == [(1, 8)]
    # Only the slot that was opened is renewed; the others wait for their own secret.
    assert sorted((s.kind, s.username, s.time_cost) for s in after) == [
        ("recovery", None, 2), ("user", "cora", 2), ("user", "oleg", 1),
    ]  # fmt: skip
    for secret in (OLEG, CORA, RECOVERY):
        open_store(path, secret).close()  # the renewed slot still opens the same key
    assert {s.time_cost for s in read_slots(path) or []} == {1}


def test_a_slot_that_cannot_be_renewed_still_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.db import key_slots

    path = tmp_path / "office.db"
    older = use_kdf_params(KdfParams(time_cost=2, memory_cost=16, parallelism=1))
    _office(path).close()
    use_kdf_params(older)

    def read_only_folder(*_args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(key_slots, "write_slots", read_only_folder)
    open_store(path, OLEG).close()
    assert {s.time_cost for s in read_slots(path) or []} == {2}


PEAK_OF_ONE_OPEN = """
import argon2.low_level, cryptography.hazmat.primitives.ciphers.aead
from slip_desktop.db.key_slots import new_database_key, unwrap, wrap_key
def peak():
    with open("/proc/self/status") as status:
        return next(int(x.split()[1]) for x in status if x.startswith("VmHWM:"))
before = peak()
slot = wrap_key(new_database_key(), "a password", "user", "cora")
assert unwrap(slot, "a password") is not None
print(peak() - before)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_opening_a_slot_at_todays_cost_adds_at_most_24_mib_to_the_peak() -> None:
    import subprocess
    import sys

    # The first cost (64 MiB x 3 passes) added 64 MiB to every start's peak memory.
    grown_kib = subprocess.run(
        [sys.executable, "-c", PEAK_OF_ONE_OPEN], capture_output=True, text=True, check=True
    ).stdout
    assert int(grown_kib) <= 24 * 1024
    today, first = KdfParams(), KdfParams(time_cost=3, memory_cost=65536, parallelism=2)
    # ...at no less work for whoever guesses: the time-memory product is kept.
    assert today.time_cost * today.memory_cost >= 0.95 * first.time_cost * first.memory_cost
