"""Killing the program at any moment loses no acknowledged commit and half-applies nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from slip_desktop.db.encryption import connect_raw
from slip_desktop.db.store import Store
from tests.conftest import TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")
#: 50 in the normal run; set SLIP_CRASH_CYCLES=200 for a longer soak.
CYCLES = int(os.environ.get("SLIP_CRASH_CYCLES", "50"))


def _create_schema(path: Path) -> None:
    store = Store.open(path, TEST_PASSPHRASE)
    with store.session() as session:
        session.execute(text("CREATE TABLE transfer (id INTEGER PRIMARY KEY, payload TEXT)"))
        session.execute(
            text(
                "CREATE TABLE transfer_line (id INTEGER PRIMARY KEY, "
                "transfer_id INTEGER NOT NULL UNIQUE REFERENCES transfer(id), payload TEXT)"
            )
        )
    store.close()


def _run_writer_until_killed(path: Path, first_id: int, acks_before_kill: int) -> list[int]:
    """Start the writer, read its acknowledgements, SIGKILL it mid-write; return the acks."""
    env = {**os.environ, "SLIP_DESKTOP_PASSPHRASE": TEST_PASSPHRASE, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), str(first_id)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        text=True,
    )
    acked: list[int] = []
    assert process.stdout is not None
    try:
        while len(acked) < acks_before_kill:
            line = process.stdout.readline()
            if not line:
                break
            acked.append(int(line))
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        # Anything printed between the last read and the kill was acknowledged too.
        acked.extend(int(line) for line in process.stdout.read().split())
        stderr = process.stderr.read() if process.stderr else ""
        process.stdout.close()
        if process.stderr:
            process.stderr.close()
    assert acked, f"the writer acknowledged nothing: {stderr}"
    return acked


@pytest.mark.slow
def test_sigkill_during_writes_loses_no_acknowledged_commit(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    _create_schema(path)
    chooser = random.Random(20261127)
    acknowledged: set[int] = set()
    next_id = 1
    for cycle in range(CYCLES):
        acked = _run_writer_until_killed(path, next_id, chooser.randint(1, 20))
        acknowledged.update(acked)
        check = connect_raw(path, TEST_PASSPHRASE)
        try:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok", cycle
            transfers = {row[0] for row in check.execute("SELECT id FROM transfer")}
            lines = {row[0] for row in check.execute("SELECT transfer_id FROM transfer_line")}
        finally:
            check.close()
        lost = acknowledged - transfers
        assert not lost, f"cycle {cycle}: acknowledged commits lost: {sorted(lost)[:10]}"
        assert transfers == lines, f"cycle {cycle}: a transaction was half-applied"
        next_id = max(transfers) + 1
    assert len(acknowledged) >= CYCLES
