"""The benchmark: each scenario alternated with its baseline run by run, medians and ratios.

    python -m bench.run [--runs 5] [--scale 1.0] [--keep DIR] [--results DIR] [--only start]

Builds the decade dataset (bench/decade.py) in a temporary folder unless
``--keep`` names a folder that already holds ``decade.db``. The table is printed
and written as JSON under ``bench/results/`` (not committed); ``python -m
bench.compare A.json B.json`` sets two runs side by side.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.probe import SETTLE_S

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
    #: The app's value over the baseline's, one per A-B pair, when the two alternated.
    ratios: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> str:
        """The median of the per-pair ratios with their range, as text."""
        if self.ratios:
            low, high = min(self.ratios), max(self.ratios)
            return f"{statistics.median(self.ratios):.2f}x ({low:.2f}-{high:.2f})"
        if not self.baseline:
            return "-"
        return f"{self.value / self.baseline:.2f}x"


@dataclass(frozen=True)
class Paired:
    """Measurements of an app scenario and its baseline taken alternately, A B A B ..."""

    app: list[float]
    base: list[float]

    @property
    def app_median(self) -> float:
        """The app's median."""
        return statistics.median(self.app)

    @property
    def base_median(self) -> float:
        """The baseline's median."""
        return statistics.median(self.base)

    @property
    def ratios(self) -> list[float]:
        """One ratio per pair: drift in the machine's speed lands on both sides of each."""
        return [a / b for a, b in zip(self.app, self.base, strict=True) if b > 0]

    @property
    def ratio(self) -> float:
        """The median of the per-pair ratios."""
        return statistics.median(self.ratios)

    def result(self, scenario: str, unit: str, target: str, limit: float) -> Result:
        """The table row: met when the median per-pair ratio is at most ``limit``."""
        return Result(
            scenario,
            self.app_median,
            self.base_median,
            unit,
            target,
            self.ratio <= limit,
            self.ratios,
        )


def seconds_of(work: Callable[[], Any]) -> Callable[[], float]:
    """Return a callable that runs ``work`` once and returns the seconds it took."""

    def timed() -> float:
        started = time.perf_counter()
        work()
        return time.perf_counter() - started

    return timed


def paired(app: Callable[[], float], base: Callable[[], float], runs: int) -> Paired:
    """Alternate ``app`` and ``base`` run by run after one warm-up of each; keep every value."""
    app()
    base()
    pairs = [(app(), base()) for _ in range(runs)]
    return Paired([a for a, _ in pairs], [b for _, b in pairs])


def paired_time(app: Callable[[], Any], base: Callable[[], Any], runs: int) -> Paired:
    """Seconds of ``app`` and ``base`` calls, alternated."""
    return paired(seconds_of(app), seconds_of(base), runs)


def median_time(work: Callable[[], Any], runs: int) -> float:
    """Return the median seconds of ``runs`` calls after one warm-up (rows with no baseline)."""
    work()
    return statistics.median(seconds_of(work)() for _ in range(runs))


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


def reported_stalls(command: list[str], env: dict[str, str] | None, timeout: float) -> Any:
    """Run ``command`` here and return the JSON it printed after ``STALLS `` (or raise)."""
    out = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    line = next((x for x in out.stdout.splitlines() if x.startswith("STALLS ")), None)
    if line is None:
        raise RuntimeError(f"{command} reported no stalls: {out.stdout}\n{out.stderr}")
    return json.loads(line.removeprefix("STALLS "))


def settled_stalls(command: list[str], env: dict[str, str]) -> list[float]:
    """The GUI thread's stalls in the seconds after the list's first paint (``probe settle``)."""
    return [float(ms) for ms in reported_stalls(command, env, timeout=120)]


def cold_pairs(
    app: list[str], base: list[str], env: dict[str, str], runs: int
) -> tuple[Paired, Paired]:
    """Cold starts of ``app`` and ``base`` alternated: (seconds to paint, peak KiB) pairs."""
    _cold(app, env)
    _cold(base, env)
    samples = [(_cold(app, env), _cold(base, env)) for _ in range(runs)]
    seconds = Paired([a[0] for a, _ in samples], [b[0] for _, b in samples])
    memory = Paired([float(a[1]) for a, _ in samples], [float(b[1]) for _, b in samples])
    return seconds, memory


# -- the run ----------------------------------------------------------------------


def database_passphrase(db: Path) -> str | None:
    """What keys ``db``: the key the bench passphrase unwraps from its key slots.

    The program gives a file from before key slots a random key at its first open (the
    passphrase becomes the recovery one), so the passphrase alone no longer opens it.
    """
    from slip_desktop.db.opening import database_key

    return database_key(db, os.environ.get(PASSPHRASE_ENV) or None)


def run(folder: Path, runs: int, scale: float, only: str = "all") -> list[Result]:
    """Measure every scenario on the decade dataset in ``folder`` ("start": cold starts only)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault(PASSPHRASE_ENV, BENCH_PASSPHRASE)
    db = folder / "decade.db"
    if not db.exists():
        from bench.decade import main as make_decade

        make_decade([str(db), "--scale", str(scale)])
    # Key slots now, as the program's first open would: no cold start is timed with the rekey.
    database_passphrase(db)
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
    bare = [sys.executable, "-c", BARE_WINDOW]
    # The same program and file twice (started by bench/probe.py, which watches it): timed
    # to the window's first paint, then to the first paint of the referral list filled
    # from the decade's 30,000 referrals; each run right beside a bare window's.
    app = [sys.executable, "-m", "bench.probe", "--db", str(db)]
    window_s, _ = cold_pairs([*app, "window"], bare, env, runs)
    results.append(window_s.result("cold start to first painted window", "s", "<= 1.5x", 1.5))
    list_s, list_kib = cold_pairs([*app, "list"], bare, env, runs)
    results.append(
        list_s.result("cold start to painted referral list (decade)", "s", "<= 3.5x", 3.5)
    )
    memory = Paired([k / 1024 for k in list_kib.app], [k / 1024 for k in list_kib.base])
    results.append(memory.result("  peak memory of that start", "MiB", "<= 1.8x", 1.8))
    # The start's last stages (the audit, the menus, the whole list) run just after that
    # paint, when the coordinator may already click: the longest stall of those seconds.
    after = [settled_stalls([*app, "settle"], env) for _ in range(runs)]
    longest = max((max(stalls, default=0.0) for stalls in after), default=0.0)
    results.append(
        Result(
            f"stalls: the {SETTLE_S:.0f} s after the list first appears "
            f"(longest of {runs} start{'s' if runs != 1 else ''})",
            longest,
            None,
            "ms",
            f"<= 100 ms ({sum(len(s) for s in after)} over 16 ms in all)",
            longest <= 100,
        )
    )
    if only == "start":
        return results
    results.extend(scenarios.in_process(db, runs))
    from bench.imports import PUPILS, import_results

    # 10,000 pupils from a CSV and a CTF: preview, then write (a fresh database each run);
    # a scaled-down run (the smoke test) imports proportionally fewer.
    pupils = PUPILS if scale >= 1 else max(100, int(PUPILS * scale))
    results.extend(import_results(max(1, min(runs, 2)), pupils))
    from bench.stalls import search_keystroke, stall_results

    results.append(search_keystroke(db, runs))
    # The smoke run's tiny dataset settles quickly: a shorter quiet spell between actions.
    results.extend(stall_results(db, folder, 800.0 if scale >= 0.5 else 200.0))
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
    parser.add_argument(
        "--results", type=Path, default=ROOT / "bench" / "results", help="folder for the JSON"
    )
    parser.add_argument(
        "--only",
        choices=("all", "start"),
        default="all",
        help="start: only the cold-start rows (window, referral list, its peak memory)",
    )
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="slip-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        results = run(folder, args.runs, args.scale, args.only)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(
        f"\nMachine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; {args.runs} runs after a warm-up; medians.\n"
    )
    print(format_table(results))
    saved = save_results(results, args.results, args.runs)
    print(f"\nSaved as {saved}")
    return 0 if all(r.ok for r in results) else 1


def save_results(results: Sequence[Result], folder: Path, runs: int) -> Path:
    """Write the rows (every pair's values too) as JSON named by the time; return the path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    document = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "runs": runs,
        "rows": [{**asdict(r), "ratio_text": r.ratio} for r in results],
    }
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
