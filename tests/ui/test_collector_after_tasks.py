"""The collector, paused while tasks run, walks what a worker left once, not twice."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from pytestqt.qtbot import QtBot

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
