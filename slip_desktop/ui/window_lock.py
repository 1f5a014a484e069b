"""Covering a main window (tabs, dialogs, menus) with the lock screen, and uncovering it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from slip_desktop import APP_NAME

if TYPE_CHECKING:
    from slip_desktop.db.store import Store
    from slip_desktop.ui.lock_screen import LockScreen


class LockAccount:
    """Who holds a locked window, and how they (or someone else) get back in.

    The window opens only with the signed-in person's own password: a colleague who
    knows the shared database passphrase cannot take over a locked session, and
    anyone else must sign in as themselves. Only a database with no accounts at all
    (headless runs, tests) falls back to its passphrase, the one secret it has.
    """

    def __init__(self, store_of: Callable[[], Store | None]) -> None:
        self._store_of = store_of

    def _accounts(self, store: Store) -> bool:
        from slip_desktop.db.identity import current_user
        from slip_desktop.db.users import has_users

        return current_user(store).user_id is not None or has_users(store)

    def holder(self) -> str:
        """Return the signed-in person's name, or "" when the passphrase is asked for."""
        from slip_desktop.db.identity import current_user

        store = self._store_of()
        if store is None or not self._accounts(store):
            return ""
        me = current_user(store)
        return me.display_name if me.user_id is not None else "nobody (sign in)"

    def verify(self, text: str) -> bool:
        """Return True when ``text`` is the signed-in person's password (audited when not)."""
        from slip_desktop.db.identity import current_user
        from slip_desktop.db.users import authenticate
        from slip_desktop.domain.errors import DomainError

        store = self._store_of()
        if store is None:
            return False
        if not self._accounts(store):
            return store.passphrase is None or store.passphrase_matches(text)
        me = current_user(store)
        if me.user_id is None:
            return False  # nobody to unlock as: sign in as someone
        try:
            authenticate(store, me.username, text)
        except DomainError:
            return False
        return True

    def switch(self, parent: QWidget | None) -> bool:
        """Ask someone else to sign in; return True when they did (they are then the user)."""
        from slip_desktop.ui.login_dialog import LoginDialog

        store = self._store_of()
        if store is None or not self._accounts(store):
            return False
        dialog = LoginDialog(store, parent)
        signed_in = bool(dialog.exec()) and dialog.identity is not None
        dialog.deleteLater()
        return signed_in


class WindowLock(QObject):
    """Locks one main window whose central widget is ``stack`` (work page at index 0).

    While locked: the lock screen replaces the work page, dialogs of the window are
    emptied and disabled (hiding them would end their exec() and lose what was typed),
    and every menu action except those in ``keep_enabled`` is disabled. A modal dialog
    would block the lock screen, so then the passphrase is asked in a newer modal prompt.

    Signals:
        locked(): the window was covered.
        unlocked(): the right passphrase was typed and everything is back.
    """

    locked = Signal()
    unlocked = Signal()
    user_switched = Signal()

    def __init__(
        self,
        window: QMainWindow,
        stack: QStackedWidget,
        verify: Callable[[str], bool],
        keep_enabled: Callable[[], Sequence[QAction]],
        account: LockAccount | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._stack = stack
        self._account = account
        # With an account, its holder's own password opens the window (never the passphrase).
        self._verify = account.verify if account is not None else verify
        self._keep_enabled = keep_enabled
        self._lock_screen: LockScreen | None = None
        self.unlock_prompt: QDialog | None = None
        self._dialog_state: list[tuple[QDialog, str, list[QWidget]]] = []
        self._disabled_actions: list[QAction] = []

    @property
    def lock_screen(self) -> LockScreen:
        """The screen that covers the window, made the first time it is needed."""
        if self._lock_screen is None:
            # Not built with the window: it would load Qt's enums (~12 ms) before the
            # window's first paint, and most days it is never shown.
            from slip_desktop.ui.lock_screen import LockScreen

            self._lock_screen = LockScreen(self._verify)
            self._stack.addWidget(self._lock_screen)
            self._lock_screen.unlocked.connect(self._on_lock_screen_unlocked)
            self._lock_screen.switch_requested.connect(self._on_switch_requested)
        return self._lock_screen

    @property
    def is_locked(self) -> bool:
        """True while the lock screen covers the window."""
        return self._lock_screen is not None and self._stack.currentWidget() is self._lock_screen

    def lock(self, reason: str) -> None:
        """Cover the window; only the passphrase uncovers it."""
        if self.is_locked:
            return
        dialogs = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible() and self._owns(w)
        ]
        for dialog in dialogs:
            self._blank(dialog)
        keep = list(self._keep_enabled())
        self._disabled_actions = [
            a
            for a in self.menu_actions()
            if a.isEnabled() and a not in keep and not a.isSeparator()
        ]
        for action in self._disabled_actions:
            action.setEnabled(False)
        self._stack.setCurrentWidget(self.lock_screen)
        self.lock_screen.prepare(reason, self._holder())
        if any(d.isModal() for d in dialogs):
            self._show_unlock_prompt(reason)
        self.locked.emit()

    def menu_actions(self) -> list[QAction]:
        """Return every action in the window's menus, submenus included."""
        actions: list[QAction] = []
        pending = list(self._window.menuBar().actions())
        while pending:
            action = pending.pop()
            actions.append(action)
            menu = action.menu()
            if menu is not None:
                pending.extend(menu.actions())
        return actions

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self._window:
                return True
            parent = parent.parentWidget()
        return False

    def _blank(self, dialog: QDialog) -> None:
        from PySide6.QtCore import Qt

        children = [
            c
            for c in dialog.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if not c.isWindow() and c.isVisible()
        ]
        self._dialog_state.append((dialog, dialog.windowTitle(), children))
        for child in children:
            child.hide()
        dialog.setWindowTitle("Locked")  # a title may name a pupil
        dialog.setEnabled(False)

    def _show_unlock_prompt(self, reason: str) -> None:
        from PySide6.QtCore import Qt

        prompt = QDialog(self._window)
        prompt.setWindowTitle(f"{APP_NAME} is locked")
        prompt.setWindowModality(Qt.WindowModality.ApplicationModal)
        from slip_desktop.ui.lock_screen import LockScreen

        screen = LockScreen(self._verify, prompt)
        QVBoxLayout(prompt).addWidget(screen)
        screen.unlocked.connect(self._on_lock_screen_unlocked)
        screen.switch_requested.connect(self._on_switch_requested)
        # Escape must not close the prompt and leave the window locked with no way in.
        prompt.rejected.connect(prompt.show)
        prompt.show()
        screen.prepare(reason, self._holder())
        self.unlock_prompt = prompt

    def _holder(self) -> str:
        return self._account.holder() if self._account is not None else ""

    def _on_switch_requested(self) -> None:
        if self._account is None or not self._account.switch(self._window):
            return
        # What the previous person left open is theirs: close it rather than show it.
        for dialog, _title, _children in self._dialog_state:
            dialog.reject()
        self._dialog_state = []
        self._on_lock_screen_unlocked()
        self.user_switched.emit()

    def _on_lock_screen_unlocked(self) -> None:
        if self.unlock_prompt is not None:
            prompt, self.unlock_prompt = self.unlock_prompt, None
            prompt.rejected.disconnect(prompt.show)
            prompt.close()
            prompt.deleteLater()
        self._stack.setCurrentIndex(0)
        for action in self._disabled_actions:
            action.setEnabled(True)
        self._disabled_actions = []
        for dialog, title, children in self._dialog_state:
            for child in children:
                child.show()
            dialog.setWindowTitle(title)
            dialog.setEnabled(True)
        self._dialog_state = []
        self.unlocked.emit()
