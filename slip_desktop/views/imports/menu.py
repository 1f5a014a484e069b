"""File → Import..., added once the window has its database."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from slip_desktop.db.store import Store
from slip_desktop.domain.imports import ImportKind
from slip_desktop.ui.notifier import ChangeNotifier

IMPORT_TEXT = "&Import..."


def add_import_action(
    window: QMainWindow, file_menu: QMenu, store: Store, notifier: ChangeNotifier | None
) -> QAction:
    """Put File → Import... after Open database."""
    action = QAction(IMPORT_TEXT, window)
    action.setShortcut(QKeySequence("Ctrl+Shift+I"))
    action.setStatusTip("Bring in schools or pupils from a CSV, XLSX or Common Transfer File")

    def open_wizard() -> None:
        from slip_desktop.views.imports.wizard import open_import

        open_import(store, notifier, window, ImportKind.PUPILS)

    action.triggered.connect(open_wizard)
    actions = file_menu.actions()
    before = actions[1] if len(actions) > 1 else None
    file_menu.insertAction(before, action)
    return action
