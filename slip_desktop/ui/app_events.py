"""One application-wide event filter, shared: each listener is called for its event types only.

Every event of the program passes through each filter installed on the application, and
a filter written in Python costs about 1.5 microseconds per event just to be called (its
two arguments wrapped for Python), whatever it then does. Building a tab or a dialog
sends thousands of events (a widget's creation, polish, layout, show): with three such
filters (idle time, accessible names, Tab order) that was about 10 ms of each first show
and each Open of a dialog. Here one filter is called once per event and hands it on, by
its type, to the few listeners that want it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid


class Listener(Protocol):
    """An object with Qt's ``eventFilter(watched, event) -> bool`` (True stops the event)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Handle ``event`` sent to ``watched``; True stops it."""
        ...


class AppEvents(QObject):
    """The application's one event filter; hands each event to its type's listeners."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._by_type: dict[QEvent.Type, tuple[Listener, ...]] = {}
        self._types: dict[int, frozenset[QEvent.Type]] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Hand ``event`` to its type's listeners in turn; stop it only if one of them does."""
        listeners = self._by_type.get(event.type())
        if listeners:
            for listener in listeners:
                if listener.eventFilter(watched, event):
                    return True
        return False

    def add(self, listener: Listener, types: Iterable[QEvent.Type]) -> None:
        """Call ``listener.eventFilter`` for every event of ``types`` (again: no change)."""
        if id(listener) in self._types:
            return
        chosen = frozenset(types)
        self._types[id(listener)] = chosen
        for kind in chosen:
            self._by_type[kind] = (*self._by_type.get(kind, ()), listener)

    def remove_id(self, listener_id: int) -> None:
        """Stop calling the listener whose ``id()`` is ``listener_id``."""
        for kind in self._types.pop(listener_id, frozenset()):
            left = tuple(other for other in self._by_type.get(kind, ()) if id(other) != listener_id)
            if left:
                self._by_type[kind] = left
            else:
                self._by_type.pop(kind, None)

    def listening(self, listener: object) -> bool:
        """Return True while ``listener`` is called."""
        return id(listener) in self._types

    def empty(self) -> bool:
        """Return True when nobody listens (the filter is then taken off the application)."""
        return not self._types


_shared: AppEvents | None = None


def listen(listener: QObject, types: Iterable[QEvent.Type]) -> bool:
    """Call ``listener.eventFilter`` for the application's events of ``types``.

    Until ``listener`` is destroyed or :func:`stop_listening` is called. Returns False when
    there is no application yet (nothing to listen to).
    """
    global _shared
    app = QApplication.instance()
    if app is None:
        return False
    if _shared is None or not isValid(_shared) or _shared.parent() is not app:
        _shared = AppEvents(app)
    if _shared.empty():
        app.installEventFilter(_shared)
    if not _shared.listening(listener):
        _shared.add(listener, types)  # type: ignore[arg-type]
        # A listener freed by Qt (its parent closed) is never called again; held here
        # until then, its id() names no other object.
        listener.destroyed.connect(partial(_forget, _shared, id(listener)))
    return True


def stop_listening(listener: object) -> None:
    """Stop calling ``listener``; the last one gone, the filter leaves the application."""
    if _shared is not None:
        _forget(_shared, id(listener))


def _forget(shared: AppEvents, listener_id: int, *_destroyed: object) -> None:
    shared.remove_id(listener_id)
    if shared.empty() and isValid(shared):
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(shared)
