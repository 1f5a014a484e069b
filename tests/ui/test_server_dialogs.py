"""The office server from the File menu: connect, copy onto it, and the window on a server."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.app import build_window
from slip_desktop.db.store import Store
from slip_desktop.ui.server_dialogs import ServerDialog, open_server_store


def test_a_bad_address_is_explained_beside_it_and_kept(qtbot: QtBot) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.address, "postgresql://slip_app@10.1.2.3/slip?sslmode=disable")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "must be encrypted" in dialog.error.text()
    assert dialog.address.text().endswith("sslmode=disable")


def test_connect_to_office_server_opens_the_address_typed(qtbot: QtBot, store: Store) -> None:
    opened: list[str | Path] = []
    window = build_window(store, open_database=opened.append)
    qtbot.addWidget(window)

    def fill_in(dialog: ServerDialog) -> int:
        dialog.address.setText("postgresql://slip_app@office-server/slip")
        dialog.password.setText("Ölkanne 7 Ω")
        dialog.accept()
        return int(dialog.result())

    with patch.object(ServerDialog, "exec", fill_in):
        window.connect_server_action.trigger()
    assert opened == ["postgresql://slip_app@office-server:5432/slip?sslmode=require"]
    # The password typed goes to that connection, not into the address or the settings.
    from slip_desktop.ui import server_dialogs

    assert server_dialogs._typed.pop("slip_app@office-server:5432/slip") == "Ölkanne 7 Ω"
    assert window.copy_to_server_action.isEnabled()
    assert not window.offline_copy_action.isEnabled()


def test_the_window_runs_on_the_server_and_offers_an_offline_copy(
    qtbot: QtBot, pg_url: str
) -> None:
    opened = open_server_store(pg_url, interactive=False)
    assert isinstance(opened, Store)
    window = build_window(opened)
    qtbot.addWidget(window)
    try:
        assert window.offline_copy_action.isEnabled()
        assert not window.copy_to_server_action.isEnabled()
        assert window.live_refresh is not None
        assert "office server, sslmode=prefer" in window.db_label.text()
    finally:
        window.live_refresh.stop()
        opened.close()


def test_copying_to_the_server_from_the_menu_says_it_was_checked(
    qtbot: QtBot, demo_store: Store, pg_url: str
) -> None:
    window = build_window(demo_store)
    qtbot.addWidget(window)

    def fill_in(dialog: ServerDialog) -> int:
        dialog.address.setText(pg_url)
        dialog.accept()
        return int(dialog.result())

    said: list[str] = []
    with (
        patch.object(ServerDialog, "exec", fill_in),
        patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes),
        patch.object(QMessageBox, "information", lambda _p, _t, text: said.append(text)),
        patch.object(QMessageBox, "warning", lambda _p, _t, text: said.append(text)),
        patch.object(QMessageBox, "critical", lambda _p, _t, text: said.append(text)),
    ):
        window.copy_to_server_action.trigger()
        qtbot.waitUntil(lambda: bool(said), timeout=60000)
    assert "row count and checksum match" in said[0]
