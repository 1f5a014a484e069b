"""The coordinator's list of accounts: add, change role, reset password, deactivate."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db import users
from slip_desktop.db.identity import current_user
from slip_desktop.db.store import Store
from slip_desktop.db.users import UserRow
from slip_desktop.domain.enums import UserRole
from slip_desktop.domain.permissions import Action, allowed
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.operations import perform, save_and_close
from slip_desktop.ui.screen_fit import resize_to_fit

COLUMNS: list[Column[UserRow]] = [
    Column("Account", lambda r: r.username),
    Column("Name", lambda r: r.display_name),
    Column("Role", lambda r: r.role),
    Column("Active", lambda r: r.active),
]


def _password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class UserFormDialog(QDialog):
    """A new account: name, person's name, role and first password."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.created: UserRow | None = None
        self.setWindowTitle("Add an account")
        self.username = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.role = QComboBox(self)
        for role in UserRole:
            self.role.addItem(role.label, role.value)
        self.role.setCurrentIndex(self.role.findData(UserRole.STAFF.value))
        self.password = _password_field(self)
        self.confirm = _password_field(self)
        form = QFormLayout()
        self.general = QLabel(self)
        self.errors = FieldErrors(self.general)
        self.errors.add_row(form, "username", "&Account name:", self.username)
        self.errors.add_row(form, "display_name", "&Name:", self.display_name)
        self.errors.add_row(form, "role", "&Role:", self.role)
        self.errors.add_row(form, "password", "&Password:", self.password)
        self.errors.add_row(form, "confirm", "Re&peat password:", self.confirm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        if self.password.text() != self.confirm.text():
            self.errors.show({"confirm": "The two passwords differ."})
            return
        self.errors.clear()
        # Accounts are shown by no tab: nothing to announce; the list reloads itself.
        perform(
            self,
            None,
            "Add an account",
            lambda: users.create_user(
                self._store,
                self.username.text(),
                self.display_name.text(),
                str(self.role.currentData()),
                self.password.text(),
            ),
            errors=self.errors,
            on_success=self._created,
        )

    def _created(self, row: UserRow) -> None:
        self.created = row
        self.accept()


class PasswordDialog(QDialog):
    """A new password for one account, typed twice."""

    def __init__(self, store: Store, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._user = user
        self.setWindowTitle(f"New password for {user.username}")
        self.password = _password_field(self)
        self.confirm = _password_field(self)
        form = QFormLayout()
        self.general = QLabel(self)
        self.errors = FieldErrors(self.general)
        self.errors.add_row(form, "password", "&New password:", self.password)
        self.errors.add_row(form, "confirm", "Re&peat password:", self.confirm)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(buttons)

    def _on_buttons_accepted(self) -> None:
        if self.password.text() != self.confirm.text():
            self.errors.show({"confirm": "The two passwords differ."})
            return
        save_and_close(
            self,
            None,
            "Set password",
            lambda: users.set_password(self._store, self._user.id, self.password.text()),
            errors=self.errors,
        )


class UsersDialog(QDialog):
    """Lists every account; only the coordinator may open it for changes."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.setWindowTitle("User accounts")
        resize_to_fit(self, 640, 420)
        self.list: ListPanel[UserRow] = ListPanel(
            COLUMNS, lambda r: f"{r.username} {r.display_name}", "Search accounts", "accounts", self
        )
        name_list(self.list, "User accounts")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.add_button = QPushButton("&Add account...", self)
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.role_button = QPushButton("Change &role...", self)
        self.password_button = QPushButton("Set &password...", self)
        self.deactivate_button = QPushButton("&Deactivate", self)
        self.reactivate_button = QPushButton("Re&activate", self)
        close = QPushButton("Close", self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.role_button.clicked.connect(self._on_role_button_clicked)
        self.password_button.clicked.connect(self._on_password_button_clicked)
        self.deactivate_button.clicked.connect(self._on_deactivate_button_clicked)
        self.reactivate_button.clicked.connect(self._on_reactivate_button_clicked)
        close.clicked.connect(self.accept)
        self.list.selection_changed.connect(self._on_list_selection_changed)
        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.role_button,
            self.password_button,
            self.deactivate_button,
            self.reactivate_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.may_manage = allowed(current_user(store).role, Action.MANAGE_USERS)
        if not self.may_manage:
            self.message.setText("Only the coordinator manages user accounts.")
            self.add_button.setEnabled(False)
        self.message.setVisible(not self.may_manage)
        self.refresh()

    def refresh(self) -> None:
        """Reload the accounts."""
        if self.may_manage:
            self.list.set_rows(users.list_users(self._store))
        self._on_list_selection_changed(self.list.selected_row())

    def _on_list_selection_changed(self, row: UserRow | None) -> None:
        chosen = row is not None and self.may_manage
        self.role_button.setEnabled(chosen)
        self.password_button.setEnabled(chosen)
        self.deactivate_button.setEnabled(chosen and row is not None and row.active)
        self.reactivate_button.setEnabled(chosen and row is not None and not row.active)

    def _run(self, action: str, work: Callable[[], object]) -> None:
        """Run one change to an account; a broken rule is explained; the list reloads."""
        perform(self, None, action, work)
        self.refresh()

    def _on_add_button_clicked(self) -> None:
        dialog = UserFormDialog(self._store, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def _on_role_button_clicked(self) -> None:
        row: UserRow | None = self.list.selected_row()
        if row is None:
            return
        labels = [role.label for role in UserRole]
        label, ok = QInputDialog.getItem(
            self,
            "Change role",
            f"Role for {row.username}:",
            labels,
            labels.index(row.role.label),
            False,
        )
        if ok:
            role = next(r for r in UserRole if r.label == label)
            self._run("Change role", lambda: users.set_role(self._store, row.id, role, row.version))

    def _on_password_button_clicked(self) -> None:
        row: UserRow | None = self.list.selected_row()
        if row is not None:
            PasswordDialog(self._store, row, self).exec()

    def _on_deactivate_button_clicked(self) -> None:
        row: UserRow | None = self.list.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "Deactivate account",
            f"Stop {row.display_name or row.username} signing in? Their past changes stay "
            "recorded under their name, and the account can be reactivated.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run("Deactivate account", lambda: users.deactivate_user(self._store, row.id))

    def _on_reactivate_button_clicked(self) -> None:
        row: UserRow | None = self.list.selected_row()
        if row is not None:
            self._run("Reactivate account", lambda: users.reactivate_user(self._store, row.id))
