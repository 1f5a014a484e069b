"""Tab moves through a window in reading order (its layouts' order), and a check that it does."""

from __future__ import annotations

from collections.abc import Iterator

import shiboken6

# ``QtCore.Qt`` at call time, not ``Qt`` imported by name: importing it builds Qt's
# namespace, 93 enums (~12 ms), before the window's first paint (tests/test_startup_imports.py).
from PySide6 import QtCore
from PySide6.QtCore import QEvent, QObject, QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QBoxLayout,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLayout,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from slip_desktop.ui.app_events import listen


def _layout_items(layout: QLayout) -> Iterator[QWidget | QLayout]:
    """Yield ``layout``'s widgets and inner layouts as they are read: by row, then column."""
    count = layout.count()
    order = list(range(count))
    if isinstance(layout, QGridLayout):
        order.sort(key=lambda i: layout.getItemPosition(i)[:2])
    elif isinstance(layout, QFormLayout):
        order.sort(key=lambda i: (layout.getItemPosition(i)[0], layout.getItemPosition(i)[1].value))
    elif isinstance(layout, QBoxLayout) and layout.direction() in (
        QBoxLayout.Direction.RightToLeft,
        QBoxLayout.Direction.BottomToTop,
    ):
        order.reverse()
    for index in order:
        item = layout.itemAt(index)
        if item is None:
            continue
        if item.widget() is not None:
            yield item.widget()
        elif item.layout() is not None:
            yield item.layout()


def _stops_in(thing: QWidget | QLayout, *, top: bool = False) -> Iterator[QWidget]:
    """Yield the Tab stops in ``thing`` (a widget or a layout) in reading order."""
    if isinstance(thing, QLayout):
        for item in _layout_items(thing):
            yield from _stops_in(item)
        return
    widget = thing
    if widget.isWindow() and not top:
        return  # a dialog of its own
    if isinstance(widget, QMainWindow):
        central = widget.centralWidget()
        if central is not None:
            yield from _stops_in(central)
        return
    if isinstance(widget, QTabWidget):
        yield widget.tabBar()
        for index in range(widget.count()):
            yield from _stops_in(widget.widget(index))
        return
    if isinstance(widget, QStackedWidget | QSplitter):
        for index in range(widget.count()):
            yield from _stops_in(widget.widget(index))
        return
    if isinstance(widget, QScrollArea):
        if widget.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus:
            yield widget
        if widget.widget() is not None:
            yield from _stops_in(widget.widget())
        return
    focusable = bool(widget.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus)
    if focusable and widget.focusProxy() is None and not top:
        if widget.isHidden() and not isinstance(widget, QGroupBox):
            return  # hidden on purpose (an Export... not offered here): Tab passes it by
        yield widget
        if not isinstance(widget, QGroupBox):
            return  # a field, list or button: what is inside it is its own business
    layout = widget.layout()
    if layout is not None:
        yield from _stops_in(layout)


def follow_reading_order(root: QWidget) -> None:
    """Make Tab visit ``root``'s fields in the order its layouts place them.

    Rows top to bottom, each left to right; a column (a splitter's pane, a box beside
    another) is read to its end before the next. Widgets in no layout keep their place.
    """
    stops: list[QWidget] = []
    seen: set[int] = set()
    for widget in _stops_in(root, top=True):
        if id(widget) not in seen:
            seen.add(id(widget))
            stops.append(widget)
    for before, after in zip(stops, stops[1:], strict=False):
        if before.window() is after.window():
            QWidget.setTabOrder(before, after)


#: Set on a dialog once its Tab order has been put in reading order.
ORDERED = "slipTabOrdered"


def order_page_built_later(page: QWidget, after: QWidget) -> None:
    """Put the fields of ``page``, built after its window was put in order, right after ``after``.

    A widget made later joins the end of its window's focus chain (after the dialog's
    buttons). A tab widget's pages show one at a time, so each page's fields placed
    after its tab bar, in their own reading order, read in order whichever page is shown.
    Only the new page's widgets move: the window is not ordered again.
    """
    if not page.window().property(ORDERED):
        return  # the whole window is put in order as it is first shown
    previous = after
    for widget in _stops_in(page, top=True):
        if widget.window() is after.window():
            QWidget.setTabOrder(previous, widget)
            previous = widget


class ReadingOrderKeeper(QObject):
    """Puts each dialog into reading order for Tab as it is shown (tabs: the main window)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Order ``watched`` as it is shown, when it is a dialog."""
        # Dialogs only: popups (menus, a combo box's list, a date's calendar) are windows
        # too, and reordering Qt's own insides is not ours to do.
        # Once per dialog: Qt's focus chain has been seen to break when a dialog shown
        # again is reordered again, and an order the dialog changed later is its own.
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QDialog)
            and not watched.property(ORDERED)
        ):
            watched.setProperty(ORDERED, True)
            follow_reading_order(watched)
        return False


_keeper: ReadingOrderKeeper | None = None


def keep_reading_order() -> None:
    """Put every window of the program into reading order for Tab as it is shown (once)."""
    global _keeper
    app = QApplication.instance()
    if _keeper is None and app is not None:
        _keeper = ReadingOrderKeeper(app)
        listen(_keeper, (QEvent.Type.Show,))


def focus_chain(root: QWidget) -> list[QWidget]:
    """Return the widgets under ``root`` that Tab stops at, in the order Tab visits them.

    Tab goes round in a circle; the list starts at the stop read first (top left), so
    the step from the last stop back to the first is the circle closing, not a step back.
    """
    chain: list[QWidget] = []
    seen: set[int] = set()
    widget = root.nextInFocusChain()
    while _alive(widget) and widget is not root and id(widget) not in seen:
        seen.add(id(widget))
        try:
            if _stops_at(widget, root):
                chain.append(widget)
            widget = widget.nextInFocusChain()
        except RuntimeError:  # a popup deleted while the chain is read: the chain ends
            break
    if not chain:
        return chain
    first = min(range(len(chain)), key=lambda i: _reading_key(chain[i]))
    return chain[first:] + chain[:first]


def _alive(widget: QWidget | None) -> bool:
    return widget is not None and shiboken6.isValid(widget)


def _reading_key(widget: QWidget) -> tuple[int, int]:
    top_left = widget.mapTo(widget.window(), QPoint(0, 0))
    # Rows of about a line: a button a few pixels higher than the field beside it is level.
    line = max(1, widget.fontMetrics().height())
    return top_left.y() // line, top_left.x()


def _stops_at(widget: QWidget, root: QWidget) -> bool:
    if not root.isAncestorOf(widget) or widget.isWindow():
        return False
    if not widget.isVisible() or not widget.isEnabled() or widget.focusProxy() is not None:
        return False
    return bool(widget.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus)


def _scroll_ancestors(widget: QWidget) -> list[QWidget]:
    found: list[QWidget] = []
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea):
            found.append(parent)
        parent = parent.parentWidget()
    return found


def _placed(widget: QWidget, other: QWidget) -> QRect:
    """Where ``widget`` sits in its window, seen from ``other``.

    A field on a scrolled page is placed by its page's scroll area when ``other`` lies
    outside that page (the Save row under a long form comes after the whole form).
    """
    shared = set(map(id, _scroll_ancestors(other)))
    outer = [area for area in _scroll_ancestors(widget) if id(area) not in shared]
    placed = outer[-1] if outer else widget
    top_left = placed.mapTo(placed.window(), QPoint(0, 0))
    return QRect(top_left, placed.size())


def _inside_view(widget: QWidget, other: QWidget) -> bool:
    """True when ``widget`` lies over ``other`` (a button on a list's empty viewport)."""
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if parent is other and isinstance(other, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    said = text() if callable(text) else ""
    name = widget.accessibleName() or (said if isinstance(said, str) else "")
    return f"{type(widget).__name__} {name.replace('&', '')!r}"


def backward_jumps(root: QWidget, slack: int | None = None) -> list[str]:
    """Describe each Tab step under ``root`` that goes back against reading order.

    A step goes back when the next stop lies above the one before it while not in a
    column to its right, or sits on the same line to its left. A list's empty-state button
    inside the list follows the list. ``slack`` (half a line by default) absorbs rounding.
    """
    chain = focus_chain(root)
    if slack is None:
        slack = root.fontMetrics().height() // 2
    jumps: list[str] = []
    for before, after in zip(chain, chain[1:], strict=False):
        if _inside_view(after, before) or _inside_view(before, after):
            continue
        was, now = _placed(before, after), _placed(after, before)
        # Above: its middle is higher than the top of the stop before (rows touch).
        above = now.center().y() < was.top()
        to_the_right = now.left() >= was.right() - slack
        same_line = abs(now.center().y() - was.center().y()) <= slack
        to_the_left = now.right() <= was.left() + slack
        if (above and not to_the_right) or (same_line and to_the_left):
            jumps.append(f"Tab from {_describe(before)} goes back to {_describe(after)}")
    return jumps
