"""Text sizes relative to the application font, so a larger system font scales every heading."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QWidget

#: A heading is this much larger than body text.
HEADING_SCALE = 1.3
#: A note under a list (an empty list's sentence) is this much larger than body text.
NOTE_SCALE = 1.1


def relative_font(scale: float, *, bold: bool = False) -> QFont:
    """Return the application font at ``scale`` times its size (never a fixed pixel size)."""
    font = QFont(QApplication.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(size * scale)
    else:  # a pixel-sized application font: scale its pixels instead
        font.setPixelSize(max(1, round(font.pixelSize() * scale)))
    font.setBold(bold)
    return font


def make_heading(widget: QWidget, scale: float = HEADING_SCALE) -> None:
    """Show ``widget``'s text as a heading: bold and larger than the application font."""
    widget.setFont(relative_font(scale, bold=True))


def make_note(widget: QWidget, scale: float = NOTE_SCALE) -> None:
    """Show ``widget``'s text a little larger than body text (an empty list's sentence)."""
    widget.setFont(relative_font(scale))


def wrapped(label: QLabel) -> QLabel:
    """Return ``label`` set to wrap its words, so a long sentence never widens its window."""
    label.setWordWrap(True)
    return label
