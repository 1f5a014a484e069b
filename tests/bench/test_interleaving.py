"""The benchmark alternates app and baseline run by run and compares two runs' verdicts."""

from __future__ import annotations

import json
from pathlib import Path

from bench.compare import compare
from bench.run import Paired, Result, paired, save_results


def test_app_and_baseline_alternate_run_by_run() -> None:
    calls: list[str] = []

    def app() -> float:
        calls.append("A")
        return 2.0

    def base() -> float:
        calls.append("B")
        return 1.0

    pairs = paired(app, base, 3)
    assert calls == ["A", "B"] * 4  # one warm-up pair, then three measured pairs
    assert pairs.ratios == [2.0, 2.0, 2.0]


def test_the_ratio_is_the_median_of_the_pairs_not_of_the_medians() -> None:
    # The machine slows down through the run; each pair still sees the same 1.25x.
    slowing = Paired(app=[1.25, 2.5, 5.0, 10.0, 20.0], base=[1.0, 2.0, 4.0, 8.0, 16.0])
    assert slowing.ratio == 1.25
    row = slowing.result("scenario", "s", "<= 1.3x", 1.3)
    assert row.ok and row.ratio == "1.25x (1.25-1.25)"
    assert not slowing.result("scenario", "s", "<= 1.2x", 1.2).ok


def test_two_saved_runs_are_compared_row_by_row(tmp_path: Path) -> None:
    met = Result("list query", 0.1, 0.08, "s", "<= 1.5x", True, [1.25])
    missed = Result("list query", 0.2, 0.08, "s", "<= 1.5x", False, [2.5])
    first = save_results([met], tmp_path / "a", 1)
    second = save_results([missed], tmp_path / "b", 1)
    assert json.loads(first.read_text())["rows"][0]["ratios"] == [1.25]
    table, agree = compare(first, first)
    assert agree and "list query" in table
    table, agree = compare(first, second)
    assert not agree and "**no**" in table
