"""Killing the program at any moment loses no acknowledged commit and half-applies nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections.abc import Iterator
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

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL"),
    pytest.mark.sqlite_only,
]


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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    path = tmp_path / "crash.db"
    _create_schema(path)
    env = {**os.environ, "SLIP_DESKTOP_PASSPHRASE": TEST_PASSPHRASE, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(path)],
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


def _write_until_killed(
    server: subprocess.Popen[str], fifo: Path, first_id: int, acks_before_kill: int
) -> list[int]:
    """Start a writer process, read its acknowledgements, SIGKILL it mid-write."""
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    pid = int(_ask(server, f"write {first_id} {fifo}"))
    acked: list[int] = []
    with fifo.open(encoding="ascii") as acks:
        try:
            while len(acked) < acks_before_kill:
                line = acks.readline()
                if not line:
                    break
                acked.append(int(line))
        finally:
            os.kill(pid, signal.SIGKILL)
            assert _ask(server, f"reap {pid}") == "reaped"
        # Anything written between the last read and the kill was acknowledged too.
        acked.extend(int(line) for line in acks.read().split())
    assert acked, "the writer acknowledged nothing"
    return acked


def test_sigkill_during_writes_loses_no_acknowledged_commit(
    server: subprocess.Popen[str], tmp_path: Path
) -> None:
    path, fifo = tmp_path / "crash.db", tmp_path / "acks.fifo"
    chooser = random.Random(20261127)
    acknowledged: set[int] = set()
    next_id = 1
    for cycle in range(CYCLES):
        acknowledged.update(_write_until_killed(server, fifo, next_id, chooser.randint(1, 40)))
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
