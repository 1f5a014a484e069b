"""The collector, paused while tasks run, walks what a worker left once, not twice."""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from slip_desktop.ui import heap, tasks
from slip_desktop.ui.tasks import YOUNG_AT_ONCE, Task


@dataclass
class Row:
    """One invented list row, as a read returns them."""

    number: int
    name: str


def test_a_reads_rows_are_collected_into_the_old_generation_in_one_walk(qtbot: QtBot) -> None:
    walks: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            walks.append(info["generation"])

    kept: list[list[Row]] = []
    task = Task(lambda _context: [Row(n, f"pupil {n}") for n in range(2 * YOUNG_AT_ONCE)])
    task._on_success = kept.append
    gc.collect()
    gc.callbacks.append(note)
    try:
        with qtbot.waitSignal(task.done, timeout=10_000):
            task.start()
        qtbot.waitUntil(gc.isenabled, timeout=5_000)
    finally:
        gc.callbacks.remove(note)
    assert len(kept[0]) == 2 * YOUNG_AT_ONCE
    # One collection of the two young generations together, not the youngest's first.
    assert walks[:1] == [1]
    assert gc.get_count()[0] < YOUNG_AT_ONCE


def test_what_a_task_imported_is_frozen_out_of_the_walks(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module imported by a worker (matplotlib for a chart) lives as long as the program."""
    (tmp_path / "slip_invented_charting.py").write_text(
        "TABLE = [[n, f'tier {n}'] for n in range(30_000)]\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    frozen: list[int] = []

    def freeze() -> None:
        frozen.append(gc.get_count()[0])
        heap.freeze_long_lived()

    monkeypatch.setattr(tasks, "freeze_long_lived", freeze)

    def work(_context: object) -> int:
        import slip_invented_charting  # noqa: PLC0415 - the import is what is tested

        return len(slip_invented_charting.TABLE)

    task = Task(work)
    gc.collect()
    frozen_before = gc.get_freeze_count()
    try:
        with qtbot.waitSignal(task.done, timeout=10_000):
            task.start()
        qtbot.waitUntil(gc.isenabled, timeout=5_000)
        # Read while the module lives: once it goes, its frozen rows leave with it.
        frozen_after = gc.get_freeze_count()
    finally:
        sys.modules.pop("slip_invented_charting", None)
    assert task.result == 30_000
    # Frozen as the collector resumed, not walked: the 30,000 young rows at once.
    assert len(frozen) == 1 and frozen[0] >= 30_000
    assert frozen_after >= frozen_before + 30_000
