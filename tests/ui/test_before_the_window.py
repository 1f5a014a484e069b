"""The dialogs shown before the main window (sign in, unlock, recovery, lock screen) read alike.

Each is named for a screen reader, offers each Alt key once, fits the screen with nothing
cut, and sizes its text from the application font; the namer runs before the first of them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.db.store import Store
from slip_desktop.ui import accessibility
from slip_desktop.ui.accessibility import mnemonic_clashes, unnamed_widgets
from slip_desktop.ui.app_events import stop_listening
from slip_desktop.ui.fit_check import cut_texts
from slip_desktop.ui.lock_screen import LockScreen
from slip_desktop.ui.login_dialog import FirstRunDialog, LoginDialog
from slip_desktop.ui.my_password import ChangeMyPasswordDialog
from slip_desktop.ui.passphrase_dialog import NewPassphraseDialog, OneSecretDialog, UnlockDialog
from slip_desktop.ui.recovery_dialog import RecoveryDialog
from slip_desktop.ui.server_dialogs import ServerDialog

WHERE = "/home/Zoë O'Brien-Ćorić/SLIP/slip.db"


def _never(*_typed: str) -> str | None:
    return "That is not the passphrase."


def _openers(store: Store) -> dict[str, Callable[[], QWidget]]:
    return {
        "sign in": lambda: LoginDialog(store),
        "first run": lambda: FirstRunDialog(store),
        "unlock": lambda: UnlockDialog(WHERE, _never),
        "one secret": lambda: OneSecretDialog(WHERE, _never),
        "new passphrase": lambda: NewPassphraseDialog(
            "Encrypt the database", "Choose a passphrase for Σοφία Παπαδοπούλου's laptop."
        ),
        "recovery": lambda: RecoveryDialog(
            Path(WHERE), "It failed its check.", [], can_read_only=True
        ),
        "server": ServerDialog,
        "my password": lambda: ChangeMyPasswordDialog(store),
        "lock screen": lambda: LockScreen(lambda _typed: False),
    }


KINDS = [
    "sign in",
    "first run",
    "unlock",
    "one secret",
    "new passphrase",
    "recovery",
    "server",
    "my password",
    "lock screen",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_dialog_before_the_window_is_named_fits_and_offers_each_alt_key_once(
    qtbot: QtBot, store: Store, kind: str
) -> None:
    shown = _openers(store)[kind]()
    qtbot.addWidget(shown)
    if kind == "lock screen":
        shown.prepare("Locked after 15 minutes idle.", "Олег Петренко")  # type: ignore[attr-defined]
    shown.show()
    qtbot.waitExposed(shown)
    assert unnamed_widgets(shown) == []
    assert mnemonic_clashes(shown) == {}
    assert cut_texts(shown) == []


def _labelled_field(page: QWidget, text: str) -> QLineEdit:
    """A field on ``page`` under a label of ``text`` that names it (its buddy)."""
    field = QLineEdit(page)
    label = QLabel(text, page)
    label.setBuddy(field)
    layout = QVBoxLayout(page)
    layout.addWidget(label)
    layout.addWidget(field)
    return field


def test_the_namer_comes_after_the_windows_first_paint_and_before_the_first_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Installed at once, the namer delayed the window's first paint by 13-18 ms."""
    from slip_desktop import app
    from slip_desktop.ui.running import RunningApp, StartHooks

    installed_at_first_dialog: list[bool] = []

    def first_dialog(_running: RunningApp) -> None:
        installed_at_first_dialog.append(accessibility._namer is not None)
        return None

    monkeypatch.setattr(accessibility, "_namer", None)
    monkeypatch.setattr(RunningApp, "_unlock_first_store", first_dialog)
    application = QApplication.instance()
    hooks = StartHooks(sign_in=False, auto_backup=False)
    running = app.running_app(application, tmp_path / "slip.db", False, hooks=hooks)  # type: ignore[arg-type]
    qtbot.addWidget(running.window)
    assert accessibility._namer is None  # the window is built and not yet painted

    running.window.show()
    qtbot.waitUntil(lambda: installed_at_first_dialog != [], timeout=5000)

    namer = accessibility._namer
    assert installed_at_first_dialog == [True]
    assert namer is not None
    try:
        page = QWidget()
        qtbot.addWidget(page)
        field = _labelled_field(page, "&Username:")
        page.show()
        qtbot.waitExposed(page)
        assert field.accessibleName() == "Username"
    finally:
        stop_listening(namer)
        if running.instance is not None:
            running.instance.release()


def test_the_window_painted_before_the_namer_is_named_once_it_comes(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.ui.accessibility import install_namer_after_first_paint

    monkeypatch.setattr(accessibility, "_namer", None)
    window = QWidget()
    qtbot.addWidget(window)
    field = _labelled_field(window, "&Surname:")
    install_namer_after_first_paint(window)
    assert accessibility._namer is None

    window.show()
    qtbot.waitUntil(lambda: accessibility._namer is not None, timeout=5000)

    try:
        assert field.accessibleName() == "Surname"
    finally:
        stop_listening(accessibility._namer)


def test_the_lock_screen_title_grows_with_the_application_font(qtbot: QtBot) -> None:
    original = QFont(QApplication.font())
    QApplication.setFont(QFont(original.family(), 14))
    try:
        screen = LockScreen(lambda _typed: False)
        qtbot.addWidget(screen)
    finally:
        QApplication.setFont(original)
    title = next(
        label for label in screen.findChildren(QLabel) if label.text() == "SLIP Desktop is locked"
    )
    assert title.font().pointSizeF() > 14
    assert "font-size" not in title.styleSheet()
