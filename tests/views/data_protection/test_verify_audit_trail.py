"""Data protection → Verify audit trail, and the same check as the window opens."""

from __future__ import annotations

from unittest.mock import patch

from pytestqt.qtbot import QtBot
from sqlalchemy import text

from slip_desktop.app import build_window
from slip_desktop.db.audit import install_audit, record_event
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import UserRole
from slip_desktop.views.data_protection.menu import DataProtectionMenu


def _trail(store: Store) -> None:
    install_audit(store)
    for who in ("Nguyễn Thị Ánh", "Олег Петренко", "Zoë O'Brien-Ćorić"):
        record_event(store, AuditAction.SIGN_IN_FAILED, "app_user", None, f"as '{who}'")


def _tamper(store: Store) -> None:
    with store.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_event_no_delete"))
        connection.execute(text("DELETE FROM audit_event WHERE id = 2"))


def _menu(qtbot: QtBot, store: Store) -> DataProtectionMenu:
    window = build_window(store)
    qtbot.addWidget(window)
    menu = window.findChild(DataProtectionMenu)
    assert menu is not None
    task = menu.start_check
    qtbot.waitUntil(lambda: task.result is not None or task.error is not None, timeout=20_000)
    return menu


def test_verify_reports_a_whole_trail(qtbot: QtBot, store: Store) -> None:
    _trail(store)
    shown: list[str] = []
    with patch("slip_desktop.views.data_protection.menu.QMessageBox.information") as info:
        info.side_effect = lambda _p, _t, message: shown.append(message)
        menu = _menu(qtbot, store)
        menu.verify_action.trigger()
        qtbot.waitUntil(lambda: bool(shown))
    assert "is whole: 3 entries" in shown[0]


def test_verify_reports_a_deleted_entry_and_a_dropped_trigger_and_puts_it_back(
    qtbot: QtBot, store: Store
) -> None:
    _trail(store)
    warnings: list[str] = []
    with patch("slip_desktop.views.data_protection.menu.QMessageBox.warning") as warn:
        warn.side_effect = lambda _p, _t, message: warnings.append(message)
        menu = _menu(qtbot, store)
        assert warnings == []  # the start-up check found nothing wrong
        _tamper(store)
        menu.verify_action.trigger()
        qtbot.waitUntil(lambda: bool(warnings))
    assert "tampered" in warnings[0] and "entry 3" in warnings[0]
    assert "audit_event_no_delete" in warnings[0] and "put back" in warnings[0]


def test_the_start_up_check_speaks_when_the_trail_was_tampered_with(
    qtbot: QtBot, store: Store
) -> None:
    _trail(store)
    _tamper(store)
    warnings: list[tuple[str, str]] = []
    with patch("slip_desktop.views.data_protection.menu.QMessageBox.warning") as warn:
        warn.side_effect = lambda _p, title, message: warnings.append((title, message))
        _menu(qtbot, store)
        qtbot.waitUntil(lambda: bool(warnings))
    title, message = warnings[0]
    assert title == "The audit trail needs attention" and "tampered" in message
    with store.engine.connect() as connection:
        names = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        ).scalars()
        assert "audit_event_no_delete" in set(names)


def test_staff_cannot_verify_but_the_start_up_check_still_runs(qtbot: QtBot, store: Store) -> None:
    _trail(store)
    set_current_user(store, Identity(4, "sam", "Sam", UserRole.STAFF))
    menu = _menu(qtbot, store)
    menu.update_enabled()
    assert not menu.verify_action.isEnabled()
    assert menu.start_check.error is None, repr(menu.start_check.error)
    assert menu.start_check.result is not None and menu.start_check.result.ok
