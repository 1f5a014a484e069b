"""The benchmark cannot rot: its whole run works on a tiny dataset, once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


# The stall walk drives the whole window through every routine action: minutes, not seconds.
@pytest.mark.timeout(420)
def test_benchmark_runs_every_scenario_on_a_tiny_dataset(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--runs", "1", "--scale", "0.02", "--keep",
         str(tmp_path / "bench"), "--results", str(tmp_path / "results")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=400, check=False,
    )
    table = result.stdout
    assert "| scenario |" in table, result.stdout + result.stderr
    for scenario in ("cold start to first painted window", "painted referral list",
                     "referral list query", "filter per keystroke", "sort 30,000 rows",
                     "one action-plan PDF", "batch of 100", "statements for a term",
                     "XLSX export", "database file", "global search per keystroke",
                     "stalls: first show of Centre rosters", "stalls: save a referral",
                     "stalls: p95 of all", "stalls: the 3 s after the list first appears"):
        assert scenario in table, scenario
    # Rows with a baseline were alternated run by run: the ratio carries its range.
    assert "x (" in table
    saved = list((tmp_path / "results").glob("bench-*.json"))
    assert len(saved) == 1 and saved[0].name in table
