"""The command line keeps the passphrase out of argv and explains what it refuses."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
ENV = "SLIP_DESKTOP_PASSPHRASE"


def _run(*args: str, passphrase: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if passphrase is not None:
        env[ENV] = passphrase
    return subprocess.run(
        [sys.executable, "-m", "slip_desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_headless_run_without_the_passphrase_variable_is_refused(tmp_path: Path) -> None:
    result = _run(
        "--db", str(tmp_path / "a.db"), "--screenshot", str(tmp_path / "s"), passphrase=None
    )
    assert result.returncode == 2
    assert ENV in result.stderr and "command line" in result.stderr
    assert not (tmp_path / "a.db").exists()


def test_headless_wrong_passphrase_explains_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    first = _run(
        "--db", str(db), "--demo", "--screenshot", str(tmp_path / "a"), passphrase=TEST_PASSPHRASE
    )
    assert first.returncode == 0, first.stderr
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    files = sorted(p.name for p in tmp_path.iterdir())
    second = _run("--db", str(db), "--screenshot", str(tmp_path / "b"), passphrase="wrong one")
    assert second.returncode == 2
    assert "passphrase does not open demo.db" in second.stderr
    assert "Traceback" not in second.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files


def test_there_is_no_passphrase_option() -> None:
    result = _run("--help", passphrase=None)
    assert result.returncode == 0 and "passphrase" not in result.stdout.lower()


def test_self_test_needs_no_passphrase_variable() -> None:
    result = _run("--self-test", passphrase=None)
    assert result.returncode == 0, result.stderr
    assert "self-test: ok" in result.stdout
