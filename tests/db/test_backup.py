"""Backups: consistent, encrypted, rotating, checked before a restore."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete

from slip_desktop.db.backup import (
    BackupInfo,
    backup_name,
    backups_to_keep,
    check_backup,
    list_backups,
    make_backup,
    newest_good_backup,
    parse_backup_name,
    restore_backup,
    rotate_backups,
    table_counts,
)
from slip_desktop.db.database_uuid import database_identity
from slip_desktop.db.encryption import change_passphrase
from slip_desktop.db.models import Pupil
from slip_desktop.db.store import Store, StoreOpenError, WrongPassphrase
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import seed_pupil


def _damage(path: Path, page: int = 3) -> None:
    """Overwrite one page in the middle of the file, as a failing disk might."""
    with path.open("r+b") as handle:
        handle.seek(4096 * page + 100)
        handle.write(b"\xff" * 2000)


def test_restore_brings_back_the_backed_up_record_counts(demo_store: Store, tmp_path: Path) -> None:
    backup = make_backup(demo_store, tmp_path / "backups")
    counts_at_backup = table_counts(demo_store)
    assert counts_at_backup["pupil"] > 50 and counts_at_backup["referral"] > 50
    seed_pupil(demo_store, "Afterwardson")
    seed_pupil(demo_store, "Laterstone")
    with demo_store.session() as session:
        session.execute(delete(Pupil).where(Pupil.last_name == "Afterwardson"))
    assert table_counts(demo_store) != counts_at_backup
    check = check_backup(backup, TEST_PASSPHRASE)
    assert check.ok and check.counts == counts_at_backup
    restore_backup(demo_store, backup)
    # ...plus the audit row that says the data was restored.
    restored = counts_at_backup | {"audit_event": counts_at_backup["audit_event"] + 1}
    assert table_counts(demo_store) == restored


def test_backup_is_consistent_and_keyed_like_the_database(store: Store, tmp_path: Path) -> None:
    seed_pupil(store)
    backup = make_backup(store, tmp_path / "b")
    with pytest.raises(WrongPassphrase):
        check_backup(backup, "some other passphrase entirely")
    assert check_backup(backup, TEST_PASSPHRASE).counts["pupil"] == 1
    assert not list((tmp_path / "b").glob("*.partial"))


def test_backup_made_before_a_passphrase_change_restores_with_the_old_one(
    store: Store, tmp_path: Path
) -> None:
    seed_pupil(store)
    backup = make_backup(store, tmp_path / "b")
    new = "violet harbour sixty lanterns"
    change_passphrase(store, TEST_PASSPHRASE, new)
    seed_pupil(store, "Newcomerby")
    with pytest.raises(WrongPassphrase):
        restore_backup(store, backup)
    restore_backup(store, backup, TEST_PASSPHRASE)
    assert table_counts(store)["pupil"] == 1
    store.close()
    assert store.path is not None
    again = Store.open(store.path, new)  # the restored data carries the current passphrase
    assert table_counts(again)["pupil"] == 1
    again.close()


def test_damaged_backup_fails_its_check_and_is_not_restored(
    demo_store: Store, tmp_path: Path
) -> None:
    backup = make_backup(demo_store, tmp_path / "b")
    _damage(backup)
    before = table_counts(demo_store)
    check = check_backup(backup, TEST_PASSPHRASE)
    assert not check.ok
    with pytest.raises(StoreOpenError, match="failed its integrity check"):
        restore_backup(demo_store, backup)
    assert table_counts(demo_store) == before


def test_newest_good_backup_skips_a_damaged_newer_one(demo_store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    good = make_backup(demo_store, folder, datetime(2026, 11, 20, 17, 0))
    bad = make_backup(demo_store, folder, datetime(2026, 11, 26, 17, 0))
    _damage(bad)
    found = newest_good_backup(folder, TEST_PASSPHRASE)
    assert found is not None and found.path == good


def test_backup_names_round_trip_and_never_overwrite(store: Store, tmp_path: Path) -> None:
    when = datetime(2026, 11, 27, 9, 5, 7)
    assert parse_backup_name(backup_name(when)) == when
    assert parse_backup_name("holiday.db") is None
    first = make_backup(store, tmp_path, when, rotate=False)
    second = make_backup(store, tmp_path, when, rotate=False)
    assert first != second and first.exists() and second.exists()
    assert [b.path for b in list_backups(tmp_path)] == [second, first]
    rotate_backups(tmp_path, database_identity(store))  # two the same day: the newer one stays
    assert [b.path for b in list_backups(tmp_path)] == [second]


def test_rotation_keeps_the_last_7_daily_and_4_weekly_backups() -> None:
    start = datetime(2026, 9, 1, 8, 0)
    backups = [
        BackupInfo(Path(f"b{day}-{hour}.db"), start + timedelta(days=day, hours=hour))
        for day in range(60)
        for hour in (0, 9)  # two a day: only the newest of each day counts
    ]
    keep = backups_to_keep(backups)
    kept = sorted(b.taken_at for b in backups if b.path in keep)
    newest_day = (start + timedelta(days=59)).date()
    daily = [t for t in kept if (newest_day - t.date()).days < 7]
    assert len(daily) == 7 and all(t.hour == 17 for t in daily)
    weeks = {t.isocalendar()[:2] for t in kept}
    assert len(weeks) == 4
    assert len(kept) <= 7 + 4
    assert max(kept) == max(b.taken_at for b in backups)


def test_rotate_backups_deletes_the_rest(store: Store, tmp_path: Path) -> None:
    for day in range(12):
        make_backup(store, tmp_path, datetime(2026, 11, 1, 12) + timedelta(days=day), rotate=False)
    (tmp_path / "notes.txt").write_text("not a backup")
    removed = rotate_backups(tmp_path, database_identity(store))
    left = list_backups(tmp_path)
    assert len(left) + len(removed) == 12
    assert len(left) <= 7 + 4 and len(left) >= 7
    assert (tmp_path / "notes.txt").exists()


# SQLite files: their encryption, checks and backups (a server keeps its own).
pytestmark = pytest.mark.sqlite_only
