"""The office server's dialogs: its address, its password, and copying a database onto it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.server import (
    PasswordNeeded,
    ServerDetails,
    open_server,
    parse_server_url,
    remember_password,
)
from slip_desktop.db.store import Store, StoreOpenError
from slip_desktop.ui import palette

if TYPE_CHECKING:
    from slip_desktop.ui.tasks import Task

#: How often a wrong password may be typed before the dialog gives up.
PASSWORD_TRIES = 3
MIN_PASSPHRASE = 12
#: Passwords typed in the Connect dialog, waiting for the connection they were typed for.
_typed: dict[str, str] = {}
EXAMPLE = "postgresql://slip_app@office-server/slip"


class ServerDialog(QDialog):
    """Asks for the office server's address and password (File > Connect to office server...).

    The address is checked as it is accepted; a mistake is shown under it and
    everything typed stays.
    """

    def __init__(self, parent: QWidget | None = None, title: str = "Connect to office server"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.address = QLineEdit()
        self.address.setPlaceholderText(EXAMPLE)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("&Remember the password on this computer (system keyring)")
        self.error = QLabel()
        self.error.setStyleSheet(palette.ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        form = QFormLayout()
        form.addRow("Server &address:", self.address)
        form.addRow("", self.error)
        form.addRow("&Password:", self.password)
        form.addRow("", self.remember)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                "The address comes from whoever set up the server (see docs/office-server.md). "
                "The password is never saved with it."
            )
        )
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.details: ServerDetails | None = None

    def accept(self) -> None:
        """Check the address; stay open, saying what is wrong, when it cannot be used."""
        try:
            self.details = parse_server_url(self.address.text())
        except StoreOpenError as error:
            self.error.setText(error.message)
            self.error.setVisible(True)
            self.address.setFocus()
            return
        if self.password.text():
            # Handed to the next connection to this address (File > Open's path has no room
            # for it); kept in the keyring only when asked.
            _typed[self.details.keyring_name] = self.password.text()
            if self.remember.isChecked():
                remember_password(self.details, self.password.text())
        super().accept()

    def chosen(self) -> tuple[str, str | None] | None:
        """The address (without password) and password typed, or None when cancelled."""
        if self.details is None:
            return None
        return self.details.url_text(), self.password.text() or None


def ask_password(details: ServerDetails, parent: QWidget | None = None) -> str | None:
    """Ask for the server password; None when cancelled."""
    text, ok = QInputDialog.getText(
        parent,
        "Office server password",
        f"Password for {details.user} on {details.host or 'this computer'}:",
        QLineEdit.EchoMode.Password,
    )
    return text if ok and text else None


def open_server_store(
    target: str, interactive: bool, password: str | None = None, parent: QWidget | None = None
) -> Store | int:
    """Open and migrate the server database at ``target``, asking for its password if needed.

    Return the Store, or an exit code (1 when it cannot be opened, 0 when cancelled).
    """
    from slip_desktop.db.migrate import upgrade_to_head
    from slip_desktop.ui.unlock import fail

    try:
        details = parse_server_url(target)
    except StoreOpenError as error:
        return fail(error.message, interactive)
    if password is None:
        password = _typed.pop(details.keyring_name, None)
    for _attempt in range(PASSWORD_TRIES + 1):
        try:
            store = open_server(details, password)
        except PasswordNeeded as error:
            if not interactive:
                return fail(
                    f"{error.message} Set SLIP_DESKTOP_SERVER_PASSWORD for a run without a window.",
                    interactive,
                )
            password = ask_password(details, parent)
            if password is None:
                return 0
            continue
        except StoreOpenError as error:
            return fail(error.message, interactive)
        upgrade_to_head(store.engine)
        return store
    return fail("The password was not accepted; nothing was opened.", interactive)


def _say_failure(parent: QWidget | None, title: str) -> Callable[[BaseException], None]:
    def failed(error: BaseException) -> None:
        from slip_desktop.jobs.progress import Cancelled

        if isinstance(error, Cancelled):
            QMessageBox.information(parent, title, "Cancelled: nothing was kept.")
        elif isinstance(error, StoreOpenError):
            QMessageBox.warning(parent, title, error.message)
        else:
            QMessageBox.critical(parent, title, f"The copy failed and nothing was kept: {error}")

    return failed


def _say_done(parent: QWidget | None, title: str, more: str = "") -> Callable[[Any], None]:
    def done(report: Any) -> None:
        QMessageBox.information(parent, title, report.summary() + more)

    return done


def copy_to_server_dialog(store: Store, parent: QWidget) -> Task | None:
    """Ask where to copy this database, copy it behind a progress dialog, and say how it went."""
    from slip_desktop.jobs.copy_to_server import copy_to_server
    from slip_desktop.ui.tasks import run_job

    title = "Copy to office server"
    if store.path is None:
        QMessageBox.information(parent, title, "This database is already on a server.")
        return None
    dialog = ServerDialog(parent, "Copy this database to the office server")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    chosen = dialog.chosen()
    assert chosen is not None
    url, password = chosen
    answer = QMessageBox.question(
        parent,
        title,
        f"Copy every record and the audit trail of {store.location} into the empty database "
        f"at {url}? This file is left as it is.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    return run_job(
        parent,
        title,
        copy_to_server,
        store,
        url,
        password,
        on_success=_say_done(parent, title),
        on_failure=_say_failure(parent, title),
    )


def take_offline_copy_dialog(store: Store, parent: QWidget) -> Task | None:
    """Ask for a new file and a passphrase, and copy the server into it for a laptop."""
    from PySide6.QtWidgets import QFileDialog

    from slip_desktop.jobs.copy_to_server import take_offline_copy
    from slip_desktop.ui.tasks import run_job

    title = "Take a copy for offline use"
    name, _filter = QFileDialog.getSaveFileName(
        parent, title, "slip-offline.db", "SLIP databases (*.db)"
    )
    if not name:
        return None
    passphrase, ok = QInputDialog.getText(
        parent,
        "Passphrase for the offline copy",
        "The copy is encrypted. Passphrase (at least 12 characters):",
        QLineEdit.EchoMode.Password,
    )
    if not ok:
        return None
    if len(passphrase) < MIN_PASSPHRASE:
        QMessageBox.warning(parent, title, "Use a passphrase of at least 12 characters.")
        return None
    return run_job(
        parent,
        title,
        take_offline_copy,
        store,
        Path(name),
        passphrase,
        on_success=_say_done(parent, title, " Changes made in the copy stay on that computer."),
        on_failure=_say_failure(parent, title),
    )
