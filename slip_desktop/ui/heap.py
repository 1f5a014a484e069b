"""Python's garbage collector and the window: short full collections, on the GUI thread only."""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer


def freeze_long_lived() -> None:
    """Move every object alive now (the window, its tabs, their rows) out of the collector's walk.

    A full collection walks every tracked object and stops every thread while it does:
    with ten years of records on screen each took hundreds of milliseconds, triggered
    by any allocation-heavy work, a background read's included, and froze the window.
    Frozen objects are never walked (nor freed if they became cyclic garbage: what the
    window built once lives as long as it does anyway). Cheap: it only moves lists.
    """
    gc.freeze()


class _GuiThreadCollector(QObject):
    """Runs the collector's generations from a timer on the GUI thread, as Python would."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_MS)

    def check(self) -> None:
        """Collect each generation whose count passed its threshold (Python's own rule)."""
        # A read that paused the collector while this was installed may have turned it back on.
        gc.disable()
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] > thresholds[0]:
            generation = 2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0
            gc.collect(generation)


#: How often the GUI thread looks at the collector's counts.
CHECK_MS = 250
_collector: _GuiThreadCollector | None = None


def collect_on_gui_thread() -> None:
    """Make Python's cyclic garbage collection run on the GUI thread only (once per program).

    Left automatic, a collection runs in whichever thread allocates when a threshold is
    passed: a background read's worker, which then destroyed closed dialogs' Qt objects
    (cyclic garbage the GUI thread made) off the GUI thread and crashed the program
    (seen as a segmentation fault inside a Finance read). Called on the GUI thread.
    """
    global _collector
    app = QCoreApplication.instance()
    if _collector is not None or app is None:
        return
    gc.disable()
    _collector = _GuiThreadCollector(app)
