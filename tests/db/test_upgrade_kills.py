"""Atomic upgrades: an upgrade killed at any point leaves a file that opens and upgrades later."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from slip_desktop.db.demo import seed_demo
from slip_desktop.db.integrity import quick_check
from slip_desktop.db.migrate import HEAD_REVISION, alembic_config, stored_revision, upgrade_to_head
from slip_desktop.db.opening import database_key, open_store
from slip_desktop.db.store import Store
from tests.conftest import DEMO_TODAY, TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
KILLER = Path(__file__).with_name("upgrade_killer.py")
OLD_REVISION = "0004"
KILLS = 20
#: How many of the files left at the old version are then upgraded to the end.
FINISHED = 4

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL"),
]


def _old_database(path: Path) -> int:
    """Write the demo data, then take the schema back to 0004; return the pupils held."""
    from alembic import command

    store = Store.open(path, TEST_PASSPHRASE)
    upgrade_to_head(store.engine)
    seed_demo(store, DEMO_TODAY)
    command.downgrade(alembic_config(store.engine), OLD_REVISION)
    with store.read_connection() as connection:
        pupils = int(connection.execute("SELECT count(*) FROM pupil").fetchone()[0])
    store.close()
    return pupils


@pytest.fixture
def server() -> Iterator[subprocess.Popen[str]]:
    env = {**os.environ, "SLIP_DESKTOP_PASSPHRASE": TEST_PASSPHRASE, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(KILLER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        text=True,
    )
    yield process
    assert process.stdin is not None and process.stdout is not None
    process.stdin.close()
    process.wait(timeout=30)
    process.stdout.close()


def _ask(server: subprocess.Popen[str], command: str) -> str:
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(command + "\n")
    server.stdin.flush()
    return server.stdout.readline().strip()


def _upgrade_seconds(server: subprocess.Popen[str], path: Path) -> float:
    started = time.perf_counter()
    pid = _ask(server, f"upgrade {path}")
    assert _ask(server, f"reap {pid}") == "0", "an uninterrupted upgrade must succeed"
    return time.perf_counter() - started


def test_an_upgrade_killed_at_random_points_never_leaves_an_unopenable_file(
    server: subprocess.Popen[str], tmp_path: Path
) -> None:
    template = tmp_path / "template.db"
    pupils = _old_database(template)
    timed = tmp_path / "timed.db"
    shutil.copy(template, timed)
    whole = _upgrade_seconds(server, timed)
    rng = random.Random(20)
    unopenable: list[str] = []
    reached = {OLD_REVISION: 0, HEAD_REVISION: 0}
    for cycle in range(KILLS):
        path = tmp_path / f"cycle-{cycle}.db"
        shutil.copy(template, path)
        pid = int(_ask(server, f"upgrade {path}"))
        # A random point of the whole open (key, backup, upgrade): what a power cut picks.
        time.sleep(rng.uniform(0.0, whole))
        os.kill(pid, signal.SIGKILL)
        _ask(server, f"reap {pid}")
        # Opened as the program would: the kill may have fallen after the re-key to key
        # slots (db/key_slots.py), so the passphrase unwraps the key (or finishes the re-key).
        store = Store.open(path, database_key(path, TEST_PASSPHRASE))
        try:
            problems = quick_check(store)
            revision = stored_revision(store.engine)
        finally:
            store.close()
        if problems or revision not in reached:
            unopenable.append(f"cycle {cycle}: {revision} {problems[:2]}")
            continue
        reached[revision] += 1
        if revision == HEAD_REVISION or reached[OLD_REVISION] > FINISHED:
            continue
        # The next start finishes the upgrade with every pupil kept (a few, for time).
        again = open_store(path, TEST_PASSPHRASE)
        try:
            assert stored_revision(again.engine) == HEAD_REVISION
            with again.read_connection() as connection:
                count = connection.execute("SELECT count(*) FROM pupil").fetchone()[0]
            assert count == pupils
        finally:
            again.close()
    assert unopenable == []
    # The kills fell both before and after the commit at least once over 20 tries.
    assert reached[OLD_REVISION] > 0
