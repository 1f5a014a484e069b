"""The screen that covers the window while it is locked; WindowLock says whose password opens it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.ui.palette import ERROR_STYLE
from slip_desktop.ui.text_style import make_heading

#: The title is this much larger than body text (a larger system font, a larger title).
TITLE_SCALE = 1.5
#: Wrong tries allowed before each further try has to wait.
FREE_TRIES = 3
#: The longest wait between tries, in seconds.
MAX_WAIT_SECONDS = 60


def wait_after(failures: int) -> int:
    """Seconds to wait before the next try: 0 for the first few, then doubling to a minute."""
    if failures < FREE_TRIES:
        return 0
    return int(min(2 ** (failures - FREE_TRIES), MAX_WAIT_SECONDS))


class LockScreen(QWidget):
    """Shows no pupil data; asks for the signed-in person's password (or another sign-in).

    ``verify`` receives the typed password and returns True when it is right.

    Signals:
        unlocked(): the right password was typed.
        switch_requested(): "Sign in as someone else" was pressed.
    """

    unlocked = Signal()
    switch_requested = Signal()

    def __init__(self, verify: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._verify = verify
        self._failures = 0
        title = QLabel("SLIP Desktop is locked")
        make_heading(title, TITLE_SCALE)
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reason = QLabel("")
        self.reason.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reason.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("lock_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText("Database passphrase")
        self.passphrase.setMinimumWidth(self.passphrase.fontMetrics().averageCharWidth() * 36)
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.switch_button = QPushButton("Sign in as someone &else...")
        self.switch_button.setVisible(False)
        self.error = QLabel("")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.passphrase)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(self.reason)
        layout.addLayout(row)
        layout.addWidget(self.error)
        switch_row = QHBoxLayout()
        switch_row.addStretch(1)
        switch_row.addWidget(self.switch_button)
        switch_row.addStretch(1)
        layout.addLayout(switch_row)
        layout.addStretch(2)
        self._wait_timer = QTimer(self)
        self._wait_timer.setSingleShot(True)
        self._wait_timer.timeout.connect(self._on_wait_timer_timeout)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.passphrase.returnPressed.connect(self._on_unlock_button_clicked)
        self.switch_button.clicked.connect(self.switch_requested)
        self._secret = "passphrase"

    def prepare(self, reason: str, holder: str = "") -> None:
        """Clear the field and say why the window locked (and whose password opens it)."""
        if holder:
            self._secret = "password"
            self.passphrase.setPlaceholderText(f"Password of {holder}")
            self.reason.setText(f"{reason} Signed in: {holder}.")
        else:
            self._secret = "passphrase"
            self.passphrase.setPlaceholderText("Database passphrase")
            self.reason.setText(reason)
        self.switch_button.setVisible(bool(holder))
        self.error.setText("")
        self.passphrase.clear()
        self.passphrase.setFocus()

    def _on_unlock_button_clicked(self) -> None:
        if self._wait_timer.isActive():
            return  # guessing is slowed down; Enter does nothing until the wait is over
        if self._verify(self.passphrase.text()):
            self._failures = 0
            self.passphrase.clear()
            self.error.setText("")
            self.unlocked.emit()
            return
        self._failures += 1
        self.error.setText(
            f"That is not the {self._secret} ({self._failures} wrong "
            f"{'try' if self._failures == 1 else 'tries'}). Check Caps Lock."
        )
        self.passphrase.selectAll()
        self.passphrase.setFocus()
        wait = wait_after(self._failures)
        if wait:
            self.unlock_button.setEnabled(False)
            self.error.setText(f"{self.error.text()} Try again in {wait} s.")
            self._wait_timer.start(wait * 1000)

    def _on_wait_timer_timeout(self) -> None:
        self.unlock_button.setEnabled(True)
