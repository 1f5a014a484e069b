"""The Settings menu: each entry opens one settings dialog of this folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QMainWindow, QWidget

from slip_desktop.db.identity import current_user
from slip_desktop.db.store import Store
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.school_year import academic_year_of
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.role_menu import RoleMenu, insert_before_help


class SettingsMenu(RoleMenu):
    """Opens the settings dialogs; entries the signed-in role may not use are disabled.

    Entries follow the order of the first-run checklist. Signals are those of QMenu.
    """

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__("&Settings", store, parent)
        self._notifier = notifier
        self._today = today
        # One line per settings dialog, in checklist order (each helper adds its own).
        self.partnership_action = self._add(
            "&Partnership details...", Action.VIEW_SETTINGS, self._on_partnership_triggered
        )
        self.schools_action = self._add(
            "&Schools...", Action.VIEW_SETTINGS, self._on_schools_triggered
        )
        self.people_action = self._add(
            "P&eople and standing invitations...", Action.CHANGE_SETTINGS, self.open_people
        )
        self.offer_action = self._add("The year's &offer...", Action.EDIT_FINANCE, self._open_offer)
        self.addSeparator()
        self.new_year_action = self._add(
            "&New school year...", Action.CHANGE_SETTINGS, self._on_new_year
        )
        self.update_enabled()




    def _on_partnership_triggered(self) -> None:
        from slip_desktop.views.settings.partnership_dialog import PartnershipDialog

        PartnershipDialog(self._store, self._notifier, self._dialog_parent()).exec()

    def _on_schools_triggered(self) -> None:
        from slip_desktop.views.settings.schools_dialog import SchoolsDialog

        SchoolsDialog(self._store, self._notifier, self._dialog_parent(), self._today).exec()
    def _on_new_year(self) -> None:
        from slip_desktop.views.settings.new_year_dialog import NewYearDialog

        NewYearDialog(self._store, self._notifier, self._today(), self._dialog_parent()).exec()
    def _open_offer(self) -> None:
        from slip_desktop.views.settings.offer_dialog import OfferDialog

        user = current_user(self._store)
        OfferDialog(
            self._store,
            academic_year_of(self._today()),
            user.display_name,
            self._dialog_parent(),
            self._notifier,
        ).exec()
    def open_people(self) -> None:
        """Open Settings → People and standing invitations."""
        from slip_desktop.views.settings.people_dialog import PeopleDialog

        PeopleDialog(self._store, self._notifier, self._dialog_parent()).exec()


def add_settings_menu(window: QMainWindow, store: Store, notifier: ChangeNotifier) -> SettingsMenu:
    """Put the Settings menu before the window's Help menu and return it (once)."""
    existing = window.findChild(SettingsMenu)
    if existing is not None:
        return existing
    menu = SettingsMenu(store, notifier, window)
    insert_before_help(window, menu)
    return menu
