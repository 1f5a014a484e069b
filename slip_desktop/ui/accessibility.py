"""Accessible names from the labels beside fields; checks for unnamed widgets, Alt key clashes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

# ``QtCore.Qt`` at call time, not ``Qt`` imported by name: importing it builds Qt's
# namespace, 93 enums (~12 ms), before the window's first paint (tests/test_startup_imports.py).
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from slip_desktop.ui.app_events import listen

#: Set on a widget whose accessible name was made here, so a label polished later may replace it.
AUTO_NAME = "slipAutoAccessibleName"

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def plain(text: str) -> str:
    """Return ``text`` without its &-mnemonic markers or rich-text tags, as a reader says it."""
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":")


def mnemonic_of(text: str) -> str | None:
    """Return the Alt+letter ``text`` offers (lower case), or None."""
    found = _MNEMONIC.search(text)
    return found.group(1).lower() if found else None


def _target(widget: QWidget) -> QWidget:
    # A label's buddy is often a FieldBox: the field itself is its focus proxy.
    seen = 0
    while widget.focusProxy() is not None and seen < 8:
        widget = widget.focusProxy()
        seen += 1
    return widget


def _set_auto(widget: QWidget, name: str, *, weak: bool = False) -> None:
    if not name:
        return
    current = widget.accessibleName()
    made_here = bool(widget.property(AUTO_NAME))
    if current and not made_here:
        return  # a name set by the view itself always wins
    if current and weak and widget.property(AUTO_NAME) == "label":
        return  # a guess never replaces a label's name
    widget.setAccessibleName(name)
    widget.setProperty(AUTO_NAME, "weak" if weak else "label")


def _fallback_name(widget: QWidget) -> str:
    if isinstance(widget, QLineEdit) and widget.placeholderText():
        return widget.placeholderText()
    if isinstance(widget, QPlainTextEdit | QTextEdit) and widget.placeholderText():
        return widget.placeholderText()
    if widget.toolTip():
        return plain(widget.toolTip())
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QGroupBox) and parent.title():
            kind = "list" if isinstance(widget, QAbstractItemView) else "field"
            return f"{plain(parent.title())} {kind}"
        parent = parent.parentWidget()
    return ""


def name_widget(widget: QWidget) -> None:
    """Give ``widget`` (and a label's buddy) an accessible name from what is beside it."""
    if isinstance(widget, QLabel):
        buddy = widget.buddy()
        if buddy is not None and widget.text():
            _set_auto(_target(buddy), plain(widget.text()))
        return
    if widget.focusPolicy() == QtCore.Qt.FocusPolicy.NoFocus or widget.accessibleName():
        return
    if isinstance(widget, QAbstractButton) and widget.text():
        return
    _set_auto(widget, _fallback_name(widget), weak=True)


def name_from_labels(root: QWidget) -> None:
    """Name every field under ``root`` from its label, placeholder, tooltip or group box."""
    for label in root.findChildren(QLabel):
        name_widget(label)
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, QLabel):
            name_widget(widget)


class AccessibleNamer(QObject):
    """Names each widget as Qt polishes it (just before it is first shown), window-wide."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Name ``watched`` when it is polished; never stops the event."""
        if event.type() == QEvent.Type.Polish and isinstance(watched, QWidget):
            name_widget(watched)
        return False


_namer: AccessibleNamer | None = None


def install_namer() -> None:
    """Name every widget of the program from its label as it is shown (once per program).

    Tab is also kept in reading order in every window (``ui.tab_order``).
    """
    from slip_desktop.ui.tab_order import keep_reading_order

    global _namer
    app = QApplication.instance()
    if _namer is None and app is not None:
        _namer = AccessibleNamer(app)
        listen(_namer, (QEvent.Type.Polish,))
    keep_reading_order()


def install_namer_after_first_paint(window: QWidget) -> None:
    """Install the namer once ``window`` has painted, then name what it already shows.

    The namer is an application-wide filter written in Python, so every event of every
    object is handed to Python. The first event sent to an object of a class Qt keeps
    private (the window's own QWindow, a file watcher's engine) makes PySide create the
    Python type of every Qt class loaded so far, with their enums: 149 of them, 13-18 ms
    and 3 MiB at start (measured on the window's cold start). Installed after the first
    paint, that cost follows the window instead of delaying it: two event-loop passes
    after it, like the start-up stages, so that a one-pass watcher of the paint (the
    benchmark's probe) reports first.
    """
    from slip_desktop.ui.first_paint import call_after_first_paint

    if _namer is not None:
        return

    def install() -> None:
        install_namer()
        name_from_labels(window)

    call_after_first_paint(window, install, hops=2)


def spoken_name(widget: QWidget) -> str:
    """Return what a screen reader says as ``widget``'s name."""
    if widget.accessibleName():
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    return interface.text(QAccessible.Text.Name) or ""


def _is_internal(widget: QWidget) -> bool:
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    # The line edit inside a spin box or combo box is named through its owner.
    return isinstance(parent, QAbstractSpinBox | QComboBox | QTabBar)


def unnamed_widgets(root: QWidget) -> list[str]:
    """Describe each focusable widget shown under ``root`` that a screen reader cannot name."""
    name_from_labels(root)
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == QtCore.Qt.FocusPolicy.NoFocus or widget.isWindow():
            continue
        if not widget.isVisibleTo(root) or _is_internal(widget) or isinstance(widget, QTabBar):
            continue
        if isinstance(widget, QLabel | QTabWidget):
            continue  # selectable text is read as text; a tab widget's tabs are named
        if not spoken_name(widget).strip():
            found.append(f"{type(widget).__name__} {widget.objectName() or ''}".strip())
    return found


def _owners(root: QWidget) -> Iterable[tuple[str, str]]:
    if isinstance(root, QMainWindow) and root.menuWidget() is not None:
        for action in root.menuBar().actions():
            if action.isVisible():
                yield action.text(), f"menu {plain(action.text())}"
    for widget in root.findChildren(QWidget):
        if widget.isWindow() or isinstance(widget, QMenu) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton):
            yield widget.text(), f"button {plain(widget.text())}"
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            yield widget.text(), f"label {plain(widget.text())}"
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            yield widget.title(), f"group {plain(widget.title())}"
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    yield widget.tabText(index), f"tab {plain(widget.tabText(index))}"


def mnemonic_clashes(root: QWidget) -> dict[str, list[str]]:
    """Return each Alt+letter offered more than once on what ``root`` shows now, with its owners."""
    owners: dict[str, list[str]] = defaultdict(list)
    for text, owner in _owners(root):
        key = mnemonic_of(text)
        if key is not None:
            owners[key].append(owner)
    return {key: names for key, names in owners.items() if len(names) > 1}


def name_list(holder: QWidget, name: str, description: str = "") -> None:
    """Name a list for screen readers: its table (or ``holder`` itself) and its search box.

    ``holder`` is a ListPanel (anything with ``table`` and ``search``) or an item view.
    """
    table = getattr(holder, "table", holder)
    if isinstance(table, QWidget):
        table.setAccessibleName(name)
        if description:
            table.setAccessibleDescription(description)
    search = getattr(holder, "search", None)
    if isinstance(search, QLineEdit):
        search.setAccessibleName(f"Search {name[:1].lower()}{name[1:]}")
