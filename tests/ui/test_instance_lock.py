"""One program per database, with two real processes: who has it, come forward, stale locks."""

from __future__ import annotations

import getpass
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from slip_desktop.db.opening import open_store
from tests.conftest import TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
STARTER = Path(__file__).with_name("instance_starter.py")

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _run(mode: str, database: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "SLIP_DESKTOP_PASSPHRASE": TEST_PASSPHRASE, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, str(STARTER), mode, str(database)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
        text=True,
    )


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "office.db"
    open_store(path, TEST_PASSPHRASE).close()
    return path


def test_a_second_start_on_the_same_database_says_who_has_it_and_brings_it_forward(
    tmp_path: Path,
) -> None:
    database = _database(tmp_path)
    first = _run("hold", database)
    assert first.stdout is not None
    assert first.stdout.readline().strip() == "locked"
    second = _run("start", database)
    said, _ = second.communicate(timeout=60)
    assert second.returncode == 3 and "exit 3" in said
    # Who and when: the user, the computer, the process and the time it started.
    assert f"{getpass.getuser()} on {socket.gethostname()} (process {first.pid}) since" in said
    assert "asked to come forward" in said
    assert first.stdout.readline().strip() == "came forward"
    assert first.wait(timeout=30) == 0
    first.stdout.close()


def test_a_lock_left_by_a_crashed_program_is_taken_over(tmp_path: Path) -> None:
    database = _database(tmp_path)
    crashed = _run("hold", database)
    assert crashed.stdout is not None
    assert crashed.stdout.readline().strip() == "locked"
    crashed.kill()  # SIGKILL: no chance to remove its lock file
    crashed.wait(timeout=30)
    crashed.stdout.close()
    assert database.with_name("office.db.lock").exists()
    after = _run("hold", database)
    assert after.stdout is not None
    assert after.stdout.readline().strip() == "locked"
    after.kill()
    after.wait(timeout=30)
    after.stdout.close()
