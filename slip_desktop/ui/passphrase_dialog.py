"""Dialogs that set, change and ask for the database passphrase."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.passphrase import check_new_passphrase, passphrase_strength
from slip_desktop.ui.palette import ERROR_STYLE, TEXT_MUTED
from slip_desktop.ui.screen_fit import at_least_wide


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _error_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def _show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


class NewPassphraseDialog(QDialog):
    """Choose a passphrase (first run, encrypting an old file, or changing it).

    With ``verify_current`` the dialog also asks for the current passphrase and
    checks it before accepting.
    """

    def __init__(
        self,
        title: str,
        explanation: str,
        verify_current: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._verify_current = verify_current
        intro = QLabel(explanation)
        intro.setWordWrap(True)
        self.current = _password_field("current")
        self.current_error = _error_label("current_error")
        self.passphrase = _password_field("passphrase")
        self.passphrase_error = _error_label("passphrase_error")
        self.confirmation = _password_field("confirmation")
        self.confirmation_error = _error_label("confirmation_error")
        self.strength_bar = QProgressBar()
        self.strength_bar.setRange(0, 4)
        self.strength_bar.setTextVisible(False)
        self.strength_label = QLabel()
        self.strength_label.setWordWrap(True)

        form = QFormLayout()
        if verify_current is not None:
            form.addRow("&Current passphrase:", self.current)
            form.addRow("", self.current_error)
        form.addRow("&New passphrase:", self.passphrase)
        form.addRow("", self.passphrase_error)
        form.addRow("Strength:", self.strength_bar)
        form.addRow("", self.strength_label)
        form.addRow("&Type it again:", self.confirmation)
        form.addRow("", self.confirmation_error)
        warning = QLabel(
            "Write it down and keep it somewhere safe and separate from this computer: "
            "without it nobody, not even the IT team, can read the data or its backups."
        )
        warning.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(self.buttons)
        self.passphrase.textChanged.connect(self._on_passphrase_text_changed)
        self._on_passphrase_text_changed("")
        at_least_wide(self, 66)

    def chosen(self) -> str:
        """Return the new passphrase (valid once the dialog was accepted)."""
        return self.passphrase.text()

    def _on_passphrase_text_changed(self, text: str) -> None:
        strength = passphrase_strength(text)
        self.strength_bar.setValue(strength.score if text else 0)
        self.strength_label.setText(f"{strength.label}. {strength.advice}" if text else "")

    def accept(self) -> None:
        """Accept only a current passphrase that fits and a strong, confirmed new one."""
        for label in (self.current_error, self.passphrase_error, self.confirmation_error):
            _show_error(label, "")
        if self._verify_current is not None and not self._verify_current(self.current.text()):
            _show_error(self.current_error, "That is not the current passphrase.")
            self.current.setFocus()
            return
        try:
            check_new_passphrase(self.passphrase.text(), self.confirmation.text())
        except ValidationError as error:
            labels = {"passphrase": self.passphrase_error, "confirmation": self.confirmation_error}
            for field, message in error.errors.items():
                _show_error(labels[field], message)
            (self.confirmation if "confirmation" in error.errors else self.passphrase).setFocus()
            return
        super().accept()


class UnlockDialog(QDialog):
    """Ask for the passphrase of an existing database until it opens or the user cancels.

    ``try_open`` receives the typed passphrase and returns None when the database
    opened, or the message to show.
    """

    def __init__(
        self, location: str, try_open: Callable[[str], str | None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open the SLIP database")
        self._try_open = try_open
        intro = QLabel("The database is encrypted. Type its passphrase to open it.")
        intro.setWordWrap(True)
        where = QLabel(location)
        where.setWordWrap(True)
        where.setStyleSheet(f"color: {TEXT_MUTED};")
        self.passphrase = _password_field("passphrase")
        self.error = _error_label("error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Open")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        at_least_wide(self, 66)

    def accept(self) -> None:
        """Close only when the passphrase opened the database; otherwise say why."""
        message = self._try_open(self.passphrase.text())
        if message is not None:
            _show_error(self.error, message)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        super().accept()


class OneSecretDialog(QDialog):
    """Ask for the person's own account name and password: one secret opens and signs in.

    ``try_open`` receives the name (empty for the recovery passphrase) and the secret,
    and returns None when the database opened, or the message to show.
    """

    def __init__(
        self,
        location: str,
        try_open: Callable[[str, str], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in to SLIP Desktop")
        self._try_open = try_open
        intro = QLabel(
            "Type your account name and your own password: they open the encrypted "
            "database and sign you in."
        )
        intro.setWordWrap(True)
        where = QLabel(location)
        where.setWordWrap(True)
        where.setStyleSheet(f"color: {TEXT_MUTED};")
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.secret = _password_field("secret")
        self.error = _error_label("error")
        recovery = QLabel(
            "No key of your own yet (a database from before one password each) or "
            "forgot your password? Leave the account name empty and type the recovery "
            "passphrase (the former shared passphrase), then sign in with your name and "
            "password: from then on your password alone opens SLIP Desktop."
        )
        recovery.setWordWrap(True)
        recovery.setStyleSheet(f"color: {TEXT_MUTED};")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Sign in")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Account name:", self.username)
        form.addRow("&Password:", self.secret)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(recovery)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        at_least_wide(self, 66)
        self.username.setFocus()

    def accept(self) -> None:
        """Close only when the secret opened the database; otherwise say why."""
        message = self._try_open(self.username.text().strip(), self.secret.text())
        if message is not None:
            _show_error(self.error, message)
            self.secret.clear()  # the name stays as typed
            self.secret.setFocus()
            self.adjustSize()  # room for the message: nothing said is cut off
            return
        super().accept()
