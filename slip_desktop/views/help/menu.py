"""The Help menu's user guide entry (F1)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCursor, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QTabWidget

from slip_desktop.views.help.guide_window import GuideWindow

GUIDE_TEXT = "&User guide"


def add_user_guide(window: QMainWindow, help_menu: QMenu, tabs: QTabWidget) -> QAction:
    """Put Help → User guide (F1) first in ``help_menu`` and return it (once)."""
    for action in help_menu.actions():
        if action.text() == GUIDE_TEXT:
            return action
    action = QAction(GUIDE_TEXT, window)
    action.setShortcut(QKeySequence.StandardKey.HelpContents)
    action.triggered.connect(lambda _checked=False: open_guide(window, tabs))
    first = help_menu.actions()[0] if help_menu.actions() else None
    help_menu.insertAction(first, action)
    return action


def open_guide(window: QMainWindow, tabs: QTabWidget) -> GuideWindow:
    """Show the guide beside ``window`` (one at a time), with pictures of its tabs."""
    existing = window.findChild(GuideWindow)
    if existing is not None:
        existing.show()
        existing.activateWindow()
        return existing
    from slip_desktop.ui.screenshots import grab_tabs

    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        guide = GuideWindow(lambda: grab_tabs(window, tabs), window)
    finally:
        QApplication.restoreOverrideCursor()
    guide.show()
    return guide
