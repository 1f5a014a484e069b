"""ui/tasks.Task: what a task's work holds is let go on the GUI thread, never in a worker."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.ui.tasks import Task


class _Held:
    """Stands in for a widget the work refers to: records the thread it is freed on."""

    def __init__(self, freed_on: list[str]) -> None:
        self._freed_on = freed_on

    def __del__(self) -> None:
        self._freed_on.append(threading.current_thread().name)


def _start_holding(dialog: QWidget, freed_on: list[str], release: threading.Event) -> None:
    """Start a task under ``dialog`` whose work alone holds a :class:`_Held`."""
    held = _Held(freed_on)

    def work(_context: object) -> str:
        release.wait(10)
        return type(held).__name__

    Task(work, parent=dialog).start()


def test_work_outliving_its_closed_dialog_is_freed_on_the_gui_thread(qtbot: QtBot) -> None:
    freed_on: list[str] = []
    release = threading.Event()
    dialog = QWidget()
    _start_holding(dialog, freed_on, release)
    dialog.deleteLater()  # the dialog closes, and its Task with it, while the work runs
    del dialog
    qtbot.wait(20)
    gc.collect()
    assert freed_on == []  # the running work still holds it
    release.set()
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0)
    qtbot.waitUntil(lambda: freed_on != [])
    assert freed_on == [threading.main_thread().name]
