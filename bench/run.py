"""The benchmark: each scenario and its baseline measured in the same run, medians and ratios.

    python -m bench.run [--runs 5] [--scale 1.0] [--keep DIR]

Builds the decade dataset (bench/decade.py) in a temporary folder unless
``--keep`` names a folder that already holds ``decade.db``.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE_ENV = "SLIP_DESKTOP_PASSPHRASE"
BENCH_PASSPHRASE = "bench passphrase: correct horse battery staple"


@dataclass
class Result:
    """One row of the table."""

    scenario: str
    value: float
    baseline: float | None
    unit: str
    target: str
    ok: bool

    @property
    def ratio(self) -> str:
        """The measurement divided by its baseline, as text."""
        if not self.baseline:
            return "-"
        return f"{self.value / self.baseline:.2f}x"


def median_time(work: Callable[[], Any], runs: int) -> float:
    """Return the median seconds of ``runs`` calls after one warm-up call."""
    work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


# -- cold starts ----------------------------------------------------------------

BARE_WINDOW = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QLabel
from bench.probe import exit_after_first_paint
app = QApplication(sys.argv)
window = QMainWindow()
tabs = QTabWidget()
for name in ("Referrals", "Forum calendar", "Core Meeting board", "Centre rosters", "Finance"):
    tabs.addTab(QLabel(name), name)
window.setCentralWidget(tabs)
window.resize(1280, 800)
exit_after_first_paint(tabs.widget(0))
window.show()
sys.exit(app.exec())
"""


def _cold(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    started = time.time()
    out = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("PAINTED ")), None)
    if line is None:
        raise RuntimeError(f"{command} never painted: {out.stdout}\n{out.stderr}")
    _word, stamp, peak_kib = line.split()
    return float(stamp) - started, int(peak_kib)


def cold_medians(command: list[str], env: dict[str, str], runs: int) -> tuple[float, int]:
    """Median seconds to first paint and median peak memory (KiB) of ``runs`` cold starts."""
    _cold(command, env)
    samples = [_cold(command, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), int(statistics.median(s[1] for s in samples))


# -- the run ----------------------------------------------------------------------


def run(folder: Path, runs: int, scale: float) -> list[Result]:
    """Measure every scenario on the decade dataset in ``folder``."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault(PASSPHRASE_ENV, BENCH_PASSPHRASE)
    db = folder / "decade.db"
    if not db.exists():
        from bench.decade import main as make_decade

        make_decade([str(db), "--scale", str(scale)])
    from bench import scenarios

    # A fresh home: no remembered tab or window size from earlier runs of the app.
    home = folder / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local"),
    }
    results: list[Result] = []

    # An installed program starts from compiled bytecode (pip and PyInstaller compile
    # it); a checkout run with PYTHONDONTWRITEBYTECODE would time the compiler instead.
    compileall.compile_dir(ROOT / "slip_desktop", quiet=1)
    bare_s, bare_kib = cold_medians([sys.executable, "-c", BARE_WINDOW], env, runs)
    # The same program and file twice (started by bench/probe.py, which watches it): timed
    # to the window's first paint, then to the first paint of the referral list filled
    # from the decade's 30,000 referrals.
    app = [sys.executable, "-m", "bench.probe", "--db", str(db)]
    app_s, _ = cold_medians([*app, "window"], env, runs)
    results.append(
        Result(
            "cold start to first painted window",
            app_s,
            bare_s,
            "s",
            "<= 1.5x",
            app_s <= 1.5 * bare_s,
        )
    )
    decade_s, decade_kib = cold_medians([*app, "list"], env, runs)
    results.append(
        Result(
            "cold start to painted referral list (decade)",
            decade_s,
            bare_s,
            "s",
            "<= 5x",
            decade_s <= 5 * bare_s,
        )
    )
    results.append(
        Result(
            "  peak memory of that start",
            decade_kib / 1024,
            bare_kib / 1024,
            "MiB",
            "<= 2.3x",
            decade_kib <= 2.3 * bare_kib,
        )
    )
    results.extend(scenarios.in_process(db, runs))
    size = db.stat().st_size / 2**20
    results.append(
        Result("database file for the decade", size, None, "MiB", "<= 35 MiB", size <= 35)
    )
    return results


def format_table(results: Sequence[Result]) -> str:
    """Return the results as a Markdown table."""
    lines = [
        "| scenario | median | baseline | ratio | target | met |",
        "|---|---:|---:|---:|---|---|",
    ]

    def fmt(value: float, unit: str) -> str:
        return f"{value * 1000:.1f} ms" if unit == "s" else f"{value:.1f} {unit}"

    for r in results:
        base = fmt(r.baseline, r.unit) if r.baseline else "-"
        lines.append(
            f"| {r.scenario} | {fmt(r.value, r.unit)} | {base} | {r.ratio} | {r.target} | "
            f"{'yes' if r.ok else '**no**'} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description="SLIP Desktop benchmark")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", type=Path, help="folder to keep (or reuse) the decade dataset in")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="slip-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        results = run(folder, args.runs, args.scale)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\nMachine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; {args.runs} runs after a warm-up; medians.\n"
    )
    print(format_table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
