"""Signing in, and creating the coordinator's account on first run."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db import users
from slip_desktop.db.identity import Identity
from slip_desktop.db.store import Store
from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.domain.passwords import MIN_PASSWORD_LENGTH
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.screen_fit import at_least_wide


def _password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class LoginDialog(QDialog):
    """Asks for an account name and password; on success the store's user is set.

    ``identity`` holds who signed in once the dialog is accepted.
    """

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.identity: Identity | None = None
        self.setWindowTitle("Sign in to SLIP Desktop")
        at_least_wide(self, 60)
        self.username = QLineEdit(self)
        self.password = _password_field(self)
        intro = QLabel("Sign in so that every change you make is recorded under your name.", self)
        intro.setWordWrap(True)
        form = QFormLayout()
        general = QLabel(self)
        self.errors = FieldErrors(general)
        self.errors.add_row(form, "username", "&Account name:", self.username)
        self.errors.add_row(form, "password", "&Password:", self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign in")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(general)
        layout.addWidget(self.buttons)
        self.setTabOrder(self.username, self.password)
        self.username.setFocus()

    def _on_buttons_accepted(self) -> None:
        try:
            self.identity = users.sign_in(self._store, self.username.text(), self.password.text())
        except ValidationError as error:
            self.errors.show(error.errors)
            # The name stays as typed; the password is cleared for the next try.
            self.password.clear()
            self.password.setFocus()
            return
        except DomainError as error:
            self.errors.show({"": error.message})
            return
        self.accept()


class FirstRunDialog(QDialog):
    """Creates the coordinator's account when the database has none, then signs them in."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.identity: Identity | None = None
        self.setWindowTitle("Create the coordinator's account")
        at_least_wide(self, 66)
        intro = QLabel(
            "This database has no accounts yet. Create the coordinator's account: the "
            "coordinator manages the other accounts, finance and retention. "
            f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters.",
            self,
        )
        intro.setWordWrap(True)
        self.username = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.password = _password_field(self)
        self.confirm = _password_field(self)
        form = QFormLayout()
        general = QLabel(self)
        self.errors = FieldErrors(general)
        self.errors.add_row(form, "username", "&Account name:", self.username)
        self.errors.add_row(form, "display_name", "Your &name:", self.display_name)
        self.errors.add_row(form, "password", "&Password:", self.password)
        self.errors.add_row(form, "confirm", "&Repeat password:", self.confirm)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create account")
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(general)
        layout.addWidget(self.buttons)
        self.username.setFocus()

    def _on_buttons_accepted(self) -> None:
        if self.password.text() != self.confirm.text():
            self.errors.show({"confirm": "The two passwords differ."})
            return
        try:
            users.create_first_coordinator(
                self._store, self.username.text(), self.display_name.text(), self.password.text()
            )
            self.identity = users.sign_in(self._store, self.username.text(), self.password.text())
        except ValidationError as error:
            self.errors.show(error.errors)
            return
        except DomainError as error:
            self.errors.show({"": error.message})
            return
        self.accept()


def ask_sign_in(store: Store, parent: QWidget | None = None) -> Identity | None:
    """Show the first-run form or the sign-in form; return who signed in, or None."""
    dialog: LoginDialog | FirstRunDialog = (
        LoginDialog(store, parent) if users.has_users(store) else FirstRunDialog(store, parent)
    )
    dialog.exec()
    # Deleted by Qt, in order: a parentless dialog left to Python's collector in a cycle
    # is freed in whatever order the cycle is cleared (a crash seen under the tests).
    dialog.deleteLater()
    return dialog.identity
