"""Windows that fit the screen they open on: sizes clamped to its free area, pages that scroll."""

from __future__ import annotations

# ``QtCore.Qt`` at call time, not ``Qt`` imported by name: importing it builds Qt's
# namespace, 93 enums (~12 ms), before the window's first paint (tests/test_startup_imports.py).
from PySide6 import QtCore
from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QComboBox, QFrame, QScrollArea, QWidget

#: Room kept for a window's title bar and frame, which resize() does not count.
FRAME_ALLOWANCE = QSize(16, 40)


def screen_of(widget: QWidget) -> QScreen | None:
    """Return the screen ``widget`` is on (or will open on), asked of the application.

    Never the widget's own ``screen`` method: PySide makes the widget the parent of the
    QScreen wrapper it returns, and when that widget is collected in a cycle (a closed
    dialog) the garbage collector hands the application's screen to Python, which deletes
    it; the next window shown or hidden then crashed (a segmentation fault in the suite).
    """
    centre = widget.mapToGlobal(widget.rect().center())
    return QGuiApplication.screenAt(centre) or QGuiApplication.primaryScreen()


def screen_room(widget: QWidget) -> QSize | None:
    """Return the free area (less the taskbar and a title bar) of the screen ``widget`` is on."""
    screen = screen_of(widget.parentWidget() or widget)
    if screen is None:
        return None
    return screen.availableGeometry().size() - FRAME_ALLOWANCE


def fit_to_screen(widget: QWidget, preferred: QSize) -> QSize:
    """Return ``preferred``, shrunk to fit the screen ``widget`` opens on."""
    room = screen_room(widget)
    return preferred if room is None else preferred.boundedTo(room)


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` x ``height``, or less where its screen is smaller."""
    widget.resize(fit_to_screen(widget, QSize(width, height)))


def at_least_wide(widget: QWidget, characters: int) -> None:
    """Keep ``widget`` about ``characters`` of its font wide, never wider than its screen.

    A size in characters grows with a larger system font; a fixed pixel width does not.
    """
    wanted = widget.fontMetrics().averageCharWidth() * characters
    room = screen_room(widget)
    widget.setMinimumWidth(wanted if room is None else min(wanted, room.width()))


def scrolling(page: QWidget) -> QScrollArea:
    """Return ``page`` in a frameless scroll area, so a short screen scrolls it, never clips it."""
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    # Not a stop of its own on Tab: it scrolls to whichever field has the focus.
    area.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
    return area


def shrinkable(combo: QComboBox, characters: int = 12) -> None:
    """Let ``combo`` be narrower than its longest choice (about ``characters`` wide at least).

    A combo box otherwise asks for the width of its longest item, and a row of them
    (filters, schools) makes the window wider than a laptop screen.
    """
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
