"""Report the moment a widget is first painted, then quit: how the benchmark times cold starts."""

from __future__ import annotations

import os
import resource
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

#: Environment variable that turns the probe on for one run of the program.
ENV_VAR = "SLIP_DESKTOP_BENCH_PAINT"


class _FirstPaint(QObject):
    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self._target = target
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not self._seen and watched is self._target and event.type() == QEvent.Type.Paint:
            self._seen = True
            # Runs once the paint that is starting now has been flushed.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"PAINTED {time.time():.6f} {peak_kib}", flush=True)
        app = QApplication.instance()
        if app is not None:
            app.exit(0)


def exit_after_first_paint(target: QWidget) -> None:
    """Print ``PAINTED <epoch seconds> <peak KiB>`` at ``target``'s first paint, then quit."""
    target.installEventFilter(_FirstPaint(target))


def probe_requested() -> bool:
    """True when this run was started by the benchmark."""
    return bool(os.environ.get(ENV_VAR)) and "pytest" not in sys.modules
