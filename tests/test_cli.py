"""The command line of DESIGN.md, run as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from slip_desktop import __version__

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "slip_desktop", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_self_test_exits_zero() -> None:
    result = _run("--self-test")
    assert result.returncode == 0, result.stderr
    assert "self-test: ok" in result.stdout


def test_screenshot_writes_a_non_blank_png_per_tab(tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    result = _run("--db", str(tmp_path / "demo.db"), "--demo", "--screenshot", str(shots))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    for expected in (
        "referrals.png",
        "forum-calendar.png",
        "core-meeting-board.png",
        "centre-rosters.png",
        "finance.png",
    ):
        assert expected in names
    for png in shots.glob("*.png"):
        image = QImage(str(png))
        if not png.name.startswith("dialog-"):
            # As wide as the offscreen screen (800 px) lets the window be, less its frame.
            assert image.width() >= 780 and image.height() > 500
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 37)
            for y in range(0, image.height(), 23)
        }
        assert len(colours) > 5, f"{png.name} looks blank"


def test_demo_twice_says_nothing_was_added(tmp_path: Path) -> None:
    db = str(tmp_path / "twice.db")
    first = _run("--db", db, "--demo", "--screenshot", str(tmp_path / "a"))
    second = _run("--db", db, "--demo", "--screenshot", str(tmp_path / "b"))
    assert "Demo data added" in first.stdout
    assert "already holds data" in second.stdout
