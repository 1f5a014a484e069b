"""Refresh a tab once per operation that touches it; a hidden tab waits until it is shown."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, Protocol, runtime_checkable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QWidget

from slip_desktop.ui.notifier import Area, ChangeNotifier, Changes, touches


@runtime_checkable
class Tab(Protocol):
    """What the main window needs of a tab: its title, the areas it shows, a refresh."""

    title: ClassVar[str]
    areas: ClassVar[frozenset[Area]]

    def refresh(self) -> None:
        """Read the tab's data again and show it."""


class StaleWhenHidden(QObject):
    """Calls ``refresh`` when an announced change touches ``areas``.

    A visible widget refreshes at once, once per operation. One inside a window but
    not shown (a tab that is not current, a page of another tab) only marks itself
    stale and refreshes the next time it is shown, so a write never reloads what
    nobody is looking at. A widget that is its own window (a test's) refreshes at once.

    Attributes:
        refreshes: how many times ``refresh`` ran on a change (tests count it).
    """

    def __init__(
        self,
        widget: QWidget,
        notifier: ChangeNotifier,
        areas: Iterable[Area | str],
        refresh: Callable[[], None],
        *,
        ignore: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__(widget)
        self._areas = frozenset(Area(a) for a in areas)
        self._refresh = refresh
        self._ignore = ignore
        self.stale = False
        self.refreshes = 0
        notifier.changed.connect(self._on_notifier_changed)
        widget.installEventFilter(self)

    def _on_notifier_changed(self, changed: Changes) -> None:
        # Read through getattr: when the tab's Python side is being collected its
        # attributes can be cleared while Qt still delivers signals and events to it.
        areas: frozenset[Area] = getattr(self, "_areas", frozenset())
        ignore = getattr(self, "_ignore", None)
        if not touches(changed, areas) or (ignore is not None and ignore()):
            return
        widget = self.parent()
        if not isinstance(widget, QWidget):
            return
        never_shown_window = widget.isWindow() and not widget.testAttribute(
            Qt.WidgetAttribute.WA_WState_ExplicitShowHide
        )
        if widget.isVisible() or never_shown_window:
            self._run()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.Show
            and getattr(self, "stale", False)
            and watched is self.parent()
        ):
            self._run()
        return False

    def _run(self) -> None:
        refresh = getattr(self, "_refresh", None)
        if refresh is None:
            return
        self.stale = False
        self.refreshes = getattr(self, "refreshes", 0) + 1
        refresh()
