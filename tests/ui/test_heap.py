"""Python's cyclic garbage collection runs on the GUI thread only, once tasks are used."""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.ui.heap import collect_on_gui_thread
from slip_desktop.ui.tasks import Task


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_worker_never_collects_and_the_gui_thread_still_does(qtbot: QtBot) -> None:
    collect_on_gui_thread()
    assert not gc.isenabled()  # so no worker runs a collection
    collected_in: list[str] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collected_in.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        done: list[int] = []

        def allocate(_context: object) -> int:
            # Enough cyclic garbage to pass every threshold many times over.
            for _ in range(50_000):
                _Cycle()
            return 1

        owner = QWidget()
        qtbot.addWidget(owner)
        Task(allocate, done.append, None, None, owner).start()
        qtbot.waitUntil(lambda: bool(done), timeout=20000)
        garbage = _Cycle()
        gone = weakref.ref(garbage)
        del garbage
        # The GUI thread's timer collects what the worker left.
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)
    finally:
        gc.callbacks.remove(note)
    assert collected_in and set(collected_in) == {threading.main_thread().name}
