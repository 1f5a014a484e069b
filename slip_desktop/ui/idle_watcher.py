"""Notice when nobody has used the program for too long, including across sleep."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from slip_desktop.ui.app_events import listen, stop_listening

#: The lock cannot be switched off: the idle limit is clamped to this range (minutes).
DEFAULT_IDLE_MINUTES = 10
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 60

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def clamp_idle_minutes(value: object) -> int:
    """Return a usable idle limit in minutes from a stored setting (never 'off')."""
    try:
        minutes = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES
    if minutes <= 0:
        return DEFAULT_IDLE_MINUTES
    return max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, minutes))


class IdleWatcher(QObject):
    """Watches every input event of the application.

    Wall-clock time is compared with the last input, both on a timer and on each
    input event, so a laptop that slept past the limit locks on its first key press
    or click (that input is swallowed, so it cannot reach the data underneath).

    Signals:
        limit_passed(): nobody used the program for longer than the limit.
    """

    limit_passed = Signal()

    def __init__(
        self,
        limit_seconds: float,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._limit = float(limit_seconds)
        self._last_input = clock()
        self._active = True
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._apply_interval()

    def start(self) -> None:
        """Begin watching input (when the window first shows; showing it again changes nothing)."""
        if self._timer.isActive():
            return  # e.g. restored from minimised: the time since the last input still counts
        self._last_input = self.clock()
        self._timer.start()
        listen(self, _INPUT_EVENTS)

    def stop(self) -> None:
        """Stop watching (when the window closes), so closed windows cost nothing."""
        self._timer.stop()
        stop_listening(self)

    @property
    def limit_seconds(self) -> float:
        """The idle limit in seconds."""
        return self._limit

    def set_limit(self, seconds: float) -> None:
        """Change the idle limit."""
        self._limit = float(seconds)
        self._apply_interval()

    def _apply_interval(self) -> None:
        # Check a few times per limit (at most every 5 s): cheap, and late by little.
        self._timer.setInterval(int(max(20.0, min(self._limit * 1000 / 4, 5000.0))))

    def set_active(self, active: bool) -> None:
        """Stop watching while locked; start afresh after unlocking."""
        self._active = active
        self._last_input = self.clock()

    def _overdue(self) -> bool:
        return self.clock() - self._last_input >= self._limit

    def _on_timer_timeout(self) -> None:
        if self._active and self._overdue():
            self._active = False
            self.limit_passed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._active or event.type() not in _INPUT_EVENTS:
            return False
        if self._overdue():
            # Slept (or sat) past the limit: lock before this input reaches anything.
            self._active = False
            self.limit_passed.emit()
            return True
        self._last_input = self.clock()
        return False
