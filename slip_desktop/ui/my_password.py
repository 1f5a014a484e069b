"""File → Change my password: the signed-in person's new password re-wraps only their key slot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.screen_fit import at_least_wide

if TYPE_CHECKING:
    from slip_desktop.db.store import Store


def _secret_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class ChangeMyPasswordDialog(QDialog):
    """Asks for the current password and a new one (twice); saves only when all are right."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle("Change my password")
        at_least_wide(self, 62)
        intro = QLabel(
            "Your password also opens the database: the new one replaces it in your own "
            "key slot only. Nobody else's password changes.",
            self,
        )
        intro.setWordWrap(True)
        self.current = _secret_field(self)
        self.new = _secret_field(self)
        self.again = _secret_field(self)
        form = QFormLayout()
        general = QLabel(self)
        self.errors = FieldErrors(general)
        self.errors.add_row(form, "current", "&Current password:", self.current)
        self.errors.add_row(form, "password", "&New password:", self.new)
        self.errors.add_row(form, "again", "&Type it again:", self.again)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(general)
        layout.addWidget(self.buttons)

    def _on_buttons_accepted(self) -> None:
        from slip_desktop.db.identity import current_user
        from slip_desktop.db.users import authenticate, set_password

        self.errors.clear()
        if self.new.text() != self.again.text():
            self.errors.show({"again": "The two new passwords are not the same."})
            return
        me = current_user(self._store)
        try:
            authenticate(self._store, me.username, self.current.text())
        except ValidationError:
            self.errors.show({"current": "That is not your current password."})
            self.current.clear()
            return
        try:
            set_password(self._store, me.user_id, self.new.text())  # type: ignore[arg-type]
        except DomainError as error:
            shown = getattr(error, "errors", None) or {"": error.message}
            self.errors.show(shown)
            return
        self.accept()


def add_change_my_password(window: QMainWindow, store: Store) -> QAction | None:
    """Put File → Change my password... after Change passphrase (once)."""
    file_menu = next((a.menu() for a in window.menuBar().actions() if a.text() == "&File"), None)
    if not isinstance(file_menu, QMenu) or store.path is None:
        return None
    existing = window.findChild(QAction, "change_my_password")
    if isinstance(existing, QAction):
        return existing
    action = QAction("Change &my password...", window)
    action.setObjectName("change_my_password")

    def open_dialog() -> None:
        ChangeMyPasswordDialog(store, window).exec()

    action.triggered.connect(open_dialog)
    actions = file_menu.actions()
    passphrase = next((i for i, a in enumerate(actions) if "passphrase" in a.text()), None)
    if passphrase is not None and passphrase + 1 < len(actions):
        file_menu.insertAction(actions[passphrase + 1], action)
    else:
        file_menu.addAction(action)
    return action
