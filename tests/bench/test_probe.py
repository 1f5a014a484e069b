"""The benchmark's probe reports the peak memory of the program itself, not of its parent."""

from __future__ import annotations

import subprocess
import sys

from bench.probe import peak_memory_kib

CHILD = "from bench.probe import peak_memory_kib; print(peak_memory_kib())"


def test_a_small_child_of_a_large_parent_reports_its_own_peak() -> None:
    ballast = bytearray(300 * 2**20)  # the parent now holds 300 MiB more
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched, so resident
    child = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60, check=True
    )
    assert peak_memory_kib() > 300 * 1024
    assert int(child.stdout) < 200 * 1024, "the child reported its parent's peak"
    del ballast
