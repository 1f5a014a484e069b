"""Run something once a widget has been painted for the first time: how start-up stages work."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

#: Watchers still waiting for their widget's first paint (screenshots wait for the visible ones).
_waiting: set[_AfterFirstPaint] = set()


class _AfterFirstPaint(QObject):
    def __init__(self, target: QWidget, callback: Callable[[], None], hops: int) -> None:
        super().__init__(target)
        self._target = target
        self._callback = callback
        self._hops = hops
        self._seen = False

    def target_visible(self) -> bool:
        """Return whether the watched widget is on screen (so its paint will come)."""
        return self._target.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not self._seen and watched is self._target and event.type() == QEvent.Type.Paint:
            self._seen = True
            # A zero timer runs once the paint starting now has been flushed to the screen.
            QTimer.singleShot(0, self._hop)
        return False

    def _hop(self) -> None:
        if not isValid(self):  # the widget (and so this watcher) was deleted meanwhile
            _waiting.discard(self)
            return
        self._hops -= 1
        if self._hops > 0:
            QTimer.singleShot(0, self._hop)
            return
        self._target.removeEventFilter(self)
        _waiting.discard(self)
        self._callback()


def call_after_first_paint(target: QWidget, callback: Callable[[], None], hops: int = 1) -> None:
    """Call ``callback`` once ``target`` is first painted, ``hops`` event-loop passes later.

    Start-up stages use two passes so that a one-pass watcher (the benchmark's probe)
    of the same paint reports before the next stage's work begins.
    """
    watcher = _AfterFirstPaint(target, callback, hops)
    _waiting.add(watcher)
    # A widget deleted before its first paint takes its watcher with it.
    watcher.destroyed.connect(lambda *_: _waiting.discard(watcher))
    target.installEventFilter(watcher)


def first_paint_pending() -> bool:
    """Return whether a shown widget's after-first-paint work has still to run."""
    return any(_shown(watcher) for watcher in list(_waiting))


def _shown(watcher: _AfterFirstPaint) -> bool:
    try:
        return watcher.target_visible()
    except RuntimeError:  # the C++ widget is gone
        _waiting.discard(watcher)
        return False
