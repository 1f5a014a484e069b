"""A GUI-thread watchdog: every event-loop stall over a threshold, with the action behind it."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

#: A frame at 60 Hz: a stall longer than this is one the coordinator can see.
FRAME_MS = 16.0
#: How often the watchdog's timer asks to run; a late tick is the stall.
TICK_MS = 5


@dataclass(frozen=True)
class Stall:
    """One time the event loop could not run for longer than the threshold."""

    action: str
    milliseconds: float


@dataclass(frozen=True)
class ActionStalls:
    """The stalls one action caused: how many, the longest and the 95th percentile."""

    action: str
    count: int
    longest_ms: float
    p95_ms: float


def describe(widget: QObject | None) -> str:
    """Name a widget the way a person would point at it: its text or accessible name."""
    if widget is None:
        return "(no widget)"
    if isinstance(widget, QAbstractButton) and widget.text():
        return f"button '{widget.text().replace('&', '')}'"
    if isinstance(widget, QWidget) and widget.accessibleName():
        return f"{type(widget).__name__} '{widget.accessibleName()}'"
    name = widget.objectName()
    return f"{type(widget).__name__} '{name}'" if name else type(widget).__name__


class StallWatch(QObject):
    """Times the gaps between ticks of a 5 ms timer; a late tick is a stall of the GUI thread.

    The action blamed is the one named with ``action()`` (scripted runs) or else the last
    mouse release, key press or shortcut (a person's run). Signals: none.
    """

    _INPUT = frozenset(
        {QEvent.Type.MouseButtonRelease, QEvent.Type.KeyPress, QEvent.Type.Shortcut}
    )

    def __init__(self, threshold_ms: float = FRAME_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.threshold_ms = threshold_ms
        self.stalls: list[Stall] = []
        self._current = "(start)"
        self._named: str | None = None
        self._last = time.perf_counter()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        """Start watching the event loop and the user's input."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        """Stop watching."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @contextmanager
    def action(self, name: str) -> Iterator[None]:
        """Blame stalls on ``name`` until the next action begins (its effects run later too)."""
        self._named = name
        self._current = name
        yield

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Remember the last input as the action, unless a scripted action is named."""
        if self._named is None and event.type() in self._INPUT:
            kind = "key" if event.type() == QEvent.Type.KeyPress else "click"
            self._current = f"{kind} on {describe(watched)}"
        return False

    def _tick(self) -> None:
        now = time.perf_counter()
        late_ms = (now - self._last) * 1000 - TICK_MS
        self._last = now
        if late_ms > self.threshold_ms:
            self.stalls.append(Stall(self._current, late_ms))

    def summary(self) -> list[ActionStalls]:
        """One row per action that stalled, the longest first."""
        grouped: dict[str, list[float]] = {}
        for stall in self.stalls:
            grouped.setdefault(stall.action, []).append(stall.milliseconds)
        rows = [
            ActionStalls(action, len(values), max(values), percentile(values, 95))
            for action, values in grouped.items()
        ]
        return sorted(rows, key=lambda r: r.longest_ms, reverse=True)


def percentile(values: list[float], percent: float) -> float:
    """The ``percent``th percentile of ``values`` (inclusive method; the value itself for one)."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(percent) - 1]
