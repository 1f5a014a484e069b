"""The "Data protection" menu: accounts, the audit trail and its check, retention, sign-in."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from slip_desktop.db.identity import current_user, set_current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.permissions import Action
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.role_menu import RoleMenu, insert_before_help

log = logging.getLogger(__name__)

VERIFY_TITLE = "Verify audit trail"


class DataProtectionMenu(RoleMenu):
    """Opens the data protection dialogs; entries the signed-in role may not use are disabled.

    Signals are those of QMenu.
    """

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__("&Data protection", store, parent)
        self._notifier = notifier
        self._today = today
        self.users_action = self._add("&User accounts...", Action.MANAGE_USERS, self._on_users)
        self.audit_action = self._add("&Audit trail...", Action.VIEW_AUDIT, self._on_audit)
        self.verify_action = self._add(
            "&Verify audit trail...", Action.VIEW_AUDIT, self._on_verify_audit
        )
        self.retention_action = self._add(
            "&Retention and disposal...", Action.MANAGE_RETENTION, self._on_retention
        )
        self.subject_access_action = self._add(
            "&Subject access request...", Action.SUBJECT_ACCESS, self._on_subject_access
        )
        self.addSeparator()
        self.switch_action = QAction("Sign in as someone &else...", self)
        self.switch_action.triggered.connect(self._on_switch)
        self.addAction(self.switch_action)
        self.update_enabled()




    def _on_users(self) -> None:
        from slip_desktop.views.data_protection.users_dialog import UsersDialog

        UsersDialog(self._store, self._dialog_parent()).exec()

    def _on_audit(self) -> None:
        from slip_desktop.views.data_protection.audit_view import AuditView

        AuditView(self._store, self._today(), self._dialog_parent()).exec()

    def _on_verify_audit(self) -> None:
        from slip_desktop.db.audit import verify_audit_trail
        from slip_desktop.ui.tasks import TaskContext, run_with_progress

        def work(context: TaskContext) -> Any:
            context.progress(0, 0, "Checking every entry of the audit trail...")
            return verify_audit_trail(self._store)

        run_with_progress(
            self.parentWidget() or self,
            VERIFY_TITLE,
            work,
            lambda check: self._report_check(check, asked=True),
            lambda error: QMessageBox.warning(
                self._dialog_parent(),
                VERIFY_TITLE,
                getattr(error, "message", None) or f"The check could not finish: {error}",
            ),
        )

    def check_at_start(self) -> None:
        """Check the trail in the background as the window opens; speak only if it is broken."""
        from slip_desktop.ui.tasks import Task

        def failed(error: BaseException) -> None:
            log.warning("The start-up audit trail check could not finish: %s", type(error).__name__)

        def check(_context: object) -> Any:
            # Imported here, in the worker: it loads SQLAlchemy and the models, which froze
            # the window ~0.4 s just after the first list appeared.
            from slip_desktop.db.audit import check_audit_trail

            return check_audit_trail(self._store)

        self.start_check = Task(
            check,
            lambda check: self._report_check(check, asked=False),
            failed,
            parent=self,
        ).start()

    def _report_check(self, check: Any, asked: bool) -> None:
        for message in check.messages():
            log.warning("Audit trail check: %s", message)
        if check.ok:
            if asked:
                QMessageBox.information(
                    self._dialog_parent(),
                    VERIFY_TITLE,
                    f"The audit trail is whole: {check.rows:,} entries follow one from "
                    "another, and nothing can change or delete them.",
                )
            return
        QMessageBox.warning(
            self._dialog_parent(),
            VERIFY_TITLE if asked else "The audit trail needs attention",
            "\n\n".join(check.messages()),
        )

    def _on_retention(self) -> None:
        from slip_desktop.views.data_protection.retention_dialog import RetentionDialog

        RetentionDialog(self._store, self._notifier, self._today(), self._dialog_parent()).exec()

    def _on_subject_access(self) -> None:
        from slip_desktop.views.data_protection.subject_access_dialog import SubjectAccessDialog

        SubjectAccessDialog(self._store, self._today(), self._dialog_parent()).exec()

    def _on_switch(self) -> None:
        from slip_desktop.ui.login_dialog import LoginDialog

        previous = current_user(self._store)
        dialog = LoginDialog(self._store, self._dialog_parent())
        if not dialog.exec():
            set_current_user(self._store, previous)
        self.update_enabled()
        self._notifier.announce(Area.ALL)


def add_data_protection_menu(
    window: QMainWindow, store: Store, notifier: ChangeNotifier
) -> DataProtectionMenu:
    """Put the Data protection menu before the window's Help menu and return it (once)."""
    existing = window.findChild(DataProtectionMenu)
    if existing is not None:
        return existing
    menu = DataProtectionMenu(store, notifier, window)
    menu.check_at_start()
    insert_before_help(window, menu)
    return menu
