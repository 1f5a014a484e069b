from __future__ import annotations

from unittest.mock import patch

from pytestqt.qtbot import QtBot

from slip_desktop.app import build_window
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import UserRole
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.data_protection.menu import add_data_protection_menu


def _enabled(menu) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    return {a.text(): a.isEnabled() for a in menu.actions() if a.text()}


def test_menu_sits_before_help_and_follows_the_role(qtbot: QtBot, store: Store) -> None:
    window = build_window(store)
    qtbot.addWidget(window)
    menu = add_data_protection_menu(window, store, ChangeNotifier())
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Data protection") == titles.index("&Help") - 1
    assert all(_enabled(menu).values())  # headless: the system identity may do everything

    set_current_user(store, Identity(2, "sam", "Sam", UserRole.STAFF))
    menu.update_enabled()
    enabled = _enabled(menu)
    assert not enabled["&User accounts..."] and not enabled["&Audit trail..."]
    assert not enabled["&Retention and disposal..."] and not enabled["&Subject access request..."]
    assert enabled["Sign in as someone &else..."]


def test_each_entry_opens_its_dialog(qtbot: QtBot, store: Store) -> None:
    window = build_window(store)
    qtbot.addWidget(window)
    menu = add_data_protection_menu(window, store, ChangeNotifier())
    opened: list[str] = []

    def fake_exec(self) -> int:  # type: ignore[no-untyped-def]
        opened.append(type(self).__name__)
        return 0

    from slip_desktop.ui.login_dialog import LoginDialog
    from slip_desktop.views.data_protection.audit_view import AuditView
    from slip_desktop.views.data_protection.retention_dialog import RetentionDialog
    from slip_desktop.views.data_protection.subject_access_dialog import SubjectAccessDialog
    from slip_desktop.views.data_protection.users_dialog import UsersDialog

    classes = (UsersDialog, AuditView, RetentionDialog, SubjectAccessDialog, LoginDialog)
    patches = [patch.object(cls, "exec", fake_exec) for cls in classes]
    for p in patches:
        p.start()
    try:
        for action in (
            menu.users_action,
            menu.audit_action,
            menu.retention_action,
            menu.subject_access_action,
            menu.switch_action,
        ):
            action.trigger()
    finally:
        for p in patches:
            p.stop()
    assert opened == [cls.__name__ for cls in classes]
