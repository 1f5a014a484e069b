"""Integrity at start-up, and the refusal of network shares."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import exc

from slip_desktop.db.backup import make_backup, newest_good_backup, restore_backup, table_counts
from slip_desktop.db.integrity import (
    NetworkLocationError,
    integrity_check,
    mount_filesystem,
    network_location_reason,
    quick_check,
    require_local_disk,
)
from slip_desktop.db.opening import open_checked_store
from slip_desktop.db.store import Store
from tests.conftest import TEST_PASSPHRASE
from tests.db.safety_helpers import damage_a_page, seed_pupil

MOUNTS = """\
sysfs /sys sysfs rw,nosuid 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/nvme0n1p3 /home ext4 rw,relatime 0 0
fileserver:/export/office /home/coord/Office nfs4 rw,relatime 0 0
//nas/share /mnt/nas\\040drive cifs rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/home/coord/slip.db", False),
        ("/home/coord/Office/slip.db", True),
        ("/home/coord/OfficeOld/slip.db", False),
        ("/mnt/nas drive/slip.db", True),
        ("/tmp/slip.db", False),
        ("\\\\server\\share\\slip.db", True),
        ("//server/share/slip.db", True),
    ],
)
def test_network_share_is_refused_local_disk_is_not(path: str, network: bool) -> None:
    assert (network_location_reason(Path(path), MOUNTS) is not None) is network
    if network:
        with pytest.raises(NetworkLocationError, match="WAL"):
            require_local_disk(Path(path), MOUNTS)


def test_longest_mount_point_wins() -> None:
    assert mount_filesystem(Path("/home/coord/Office/a/b.db"), MOUNTS) == "nfs4"
    assert mount_filesystem(Path("/home/coord/b.db"), MOUNTS) == "ext4"


def test_open_checked_store_refuses_a_network_path() -> None:
    with pytest.raises(NetworkLocationError):
        open_checked_store("//server/share/slip.db", TEST_PASSPHRASE)


def test_sound_database_passes_its_checks(demo_store: Store) -> None:
    assert quick_check(demo_store) == []
    assert integrity_check(demo_store) == []


def test_damaged_database_opens_read_only_and_the_newest_good_backup_restores(
    demo_store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    make_backup(demo_store, folder)
    counts = table_counts(demo_store)
    demo_store.close()
    assert demo_store.path is not None
    damage_a_page(demo_store.path)

    damaged = open_checked_store(demo_store.path, TEST_PASSPHRASE)
    assert damaged.read_only
    assert quick_check(damaged)
    with pytest.raises(exc.OperationalError, match="readonly|read-only|query_only"):
        seed_pupil(damaged)

    good = newest_good_backup(folder, TEST_PASSPHRASE)
    assert good is not None
    restore_backup(damaged, good.path)
    assert not damaged.read_only and quick_check(damaged) == []
    # ...plus the audit row that says the data was restored.
    assert table_counts(damaged) == counts | {"audit_event": counts["audit_event"] + 1}
    seed_pupil(damaged, "Writableagain")
    damaged.close()


# SQLite files: their encryption, checks and backups (a server keeps its own).
pytestmark = pytest.mark.sqlite_only
