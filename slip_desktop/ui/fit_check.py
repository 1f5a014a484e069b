"""Finds text a window cuts off: labels, buttons and column headers narrower than their text."""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from slip_desktop.ui.screen_fit import screen_of

#: A pixel or two of rounding is not a cut.
SLACK = 2


def _where(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = re.sub(r"<[^>]+>|&[a-z]+;", "", widget.text()).replace("&", "")[:40]
    return f"{type(widget).__name__} {text!r}".strip()


def _label_cut(label: QLabel) -> bool:
    if not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
        return False
    if label.wordWrap():
        # A wrapped label is cut when the height it needs at its width is not given.
        needed = label.heightForWidth(label.width())
        return needed > label.height() + SLACK
    hint = label.sizeHint()
    return hint.width() > label.width() + SLACK or hint.height() > label.height() + SLACK


def _button_cut(button: QAbstractButton) -> bool:
    if not button.text():
        return False
    hint = button.sizeHint() if isinstance(button, QCheckBox | QRadioButton) else None
    if hint is None:
        hint = button.minimumSizeHint()
    return hint.width() > button.width() + SLACK


def _header_cuts(header: QHeaderView) -> list[str]:
    cuts: list[str] = []
    model = header.model()
    if model is None or not header.isVisible():
        return cuts
    for logical in range(header.count()):
        if header.isSectionHidden(logical) or header.sectionSize(logical) == 0:
            continue
        needed = header.sectionSizeFromContents(logical)
        horizontal = header.orientation() == Qt.Orientation.Horizontal
        along = needed.width() if horizontal else needed.height()
        if along > header.sectionSize(logical) + SLACK:
            title = model.headerData(logical, header.orientation())
            cuts.append(f"column header {title!r} ({header.sectionSize(logical)} < {along})")
    return cuts


def _outside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    placed = QRect(top_left, widget.size())
    return not window.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(placed)


def cut_texts(window: QWidget, *, screen_check: bool = True) -> list[str]:
    """Describe every text ``window`` shows cut or elided, or placed outside it (empty: none).

    With ``screen_check`` a window larger than its screen's free area counts too.
    """
    for _ in range(3):  # a text set just now is laid out over a few rounds of events
        QApplication.processEvents()
    cuts: list[str] = []
    screen = screen_of(window)
    if screen is not None and screen_check:
        room = screen.availableGeometry()
        if window.width() > room.width() or window.height() > room.height():
            cuts.append(f"window {window.width()}x{window.height()} exceeds the screen's room")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QHeaderView):
            cuts.extend(_header_cuts(widget))
            continue
        if _in_scroll_area(widget):
            continue  # a scroll area shows the rest when scrolled
        if isinstance(widget, QLabel) and _label_cut(widget):
            cuts.append(f"{_where(widget)} is cut ({widget.width()}x{widget.height()})")
        elif isinstance(widget, QAbstractButton) and _button_cut(widget):
            cuts.append(f"{_where(widget)} is cut ({widget.width()} wide)")
        if isinstance(widget, QLabel | QAbstractButton) and _outside(widget, window):
            cuts.append(f"{_where(widget)} lies outside the window")
    return cuts


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False
