"""Run something once a widget has been painted for the first time: how start-up stages work."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

if TYPE_CHECKING:
    from slip_desktop.db.store import Store

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
    return bool(_waiting_open) or any(_shown(watcher) for watcher in list(_waiting))


#: How often a stage waiting for the database to finish opening looks again...
OPEN_POLL_MS = 50
#: ...and how long it waits at most (a store no one has asked a session of yet).
OPEN_WAIT_MS = 10_000

#: Stages waiting for their database to finish opening (screenshots wait for them too).
_waiting_open: set[int] = set()
#: Numbers the stages (an ``id()`` could be reused once a stage's list is freed).
_stages = itertools.count()
#: Steps due, each run in a pass of its own: (its stage, the stage's context, the step).
_due: deque[tuple[int, QObject, Callable[[], None]]] = deque()


def call_when_open(store: Store, steps: Sequence[Callable[[], None]], context: QObject) -> None:
    """Run ``steps`` here once ``store`` has finished opening, each in its own event-loop pass.

    Start-up's last stage loads SQLAlchemy and the models in a worker. A stage that
    imports them on this thread meanwhile (the menus, the referral form) waited on the
    worker's import locks: 0.3-0.6 s of a frozen window just after the list appeared.
    One step per pass, whoever asked: run together as the database opened, the menus,
    the form's import and the menus' first reads made one stall of 90-120 ms.
    Nothing runs once ``context`` is deleted.
    """
    stage = next(_stages)
    _waiting_open.add(stage)
    context.destroyed.connect(lambda *_: _waiting_open.discard(stage))
    waited = 0

    def look() -> None:
        nonlocal waited
        if store.opened or waited >= OPEN_WAIT_MS:
            if not _due:
                QTimer.singleShot(0, _run_one_step)
            _due.extend((stage, context, step) for step in steps)
            return
        waited += OPEN_POLL_MS
        QTimer.singleShot(OPEN_POLL_MS, context, look)

    QTimer.singleShot(0, context, look)


def _run_one_step() -> None:
    if not _due:
        return
    stage, context, step = _due.popleft()
    if not any(other == stage for other, _, _ in _due):
        _waiting_open.discard(stage)
    if _due:
        QTimer.singleShot(0, _run_one_step)
    if isValid(context):
        step()


def _shown(watcher: _AfterFirstPaint) -> bool:
    try:
        return watcher.target_visible()
    except RuntimeError:  # the C++ widget is gone
        _waiting.discard(watcher)
        return False
