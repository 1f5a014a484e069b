"""A menu whose entries are enabled by the signed-in role, put before the window's Help menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from slip_desktop.db.identity import current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.permissions import Action, allowed


class RoleMenu(QMenu):
    """Entries carry the Action they need; ``update_enabled`` runs before each showing.

    Signals are those of QMenu.
    """

    def __init__(self, title: str, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._store = store
        self.aboutToShow.connect(self.update_enabled)

    def _add(self, text: str, action: Action, slot: Callable[[], None]) -> QAction:
        item = QAction(text, self)
        item.setData(action.value)
        item.triggered.connect(slot)
        self.addAction(item)
        return item

    def update_enabled(self) -> None:
        """Enable exactly the entries the signed-in role may use."""
        role = current_user(self._store).role
        for item in self.actions():
            data = item.data()
            if isinstance(data, str) and data:
                item.setEnabled(allowed(role, Action(data)))

    def _dialog_parent(self) -> QWidget | None:
        return self.parentWidget()


def insert_before_help(window: QMainWindow, menu: QMenu) -> None:
    """Put ``menu`` in the window's menu bar just before Help (or last when there is none)."""
    bar = window.menuBar()
    help_action = next((a for a in bar.actions() if a.text() == "&Help"), None)
    if help_action is not None:
        bar.insertMenu(help_action, menu)
    else:
        bar.addMenu(menu)
