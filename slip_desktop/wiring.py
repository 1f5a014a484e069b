"""The menus a window gets with its database, and what joins one folder of views to another.

Beside the composition root (``app.py``, which keeps to the start-up stages) and like it
above ``views``: only here may one place open windows that live in different tabs'
folders, such as the getting-started steps (term dates in the forum's folder, rates in
the finance folder). Imported once the database is open; at start-up the menus are added
only once the first list is painted (:func:`attach_first_tab`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slip_desktop.db.opening import BackgroundOpen
    from slip_desktop.db.store import Store
    from slip_desktop.ui.main_window import MainWindow

#: The store each window has its menus for: they are added once per window and store.
_menus_for: weakref.WeakKeyDictionary[MainWindow, Store] = weakref.WeakKeyDictionary()


def preparing_first_tab(
    make_window: Callable[..., MainWindow], opening: BackgroundOpen | None = None
) -> Callable[..., MainWindow]:
    """Wrap ``app.make_window``: once the empty window is painted, import the first tab.

    Its module (and the widgets it imports, ~0.2 s) loads while ``opening`` reads the
    list ahead on the other thread, rather than after it. Runs one event-loop pass after
    the paint: after the benchmark's watcher of that paint, before the next stage.
    """

    def empty(*args: Any, **options: Any) -> MainWindow:
        from slip_desktop.ui.first_paint import call_after_first_paint

        window = make_window(*args, **options)
        call_after_first_paint(window.waiting_label(), lambda: _import_tab(window, opening), hops=1)
        return window

    return empty


def _import_tab(window: MainWindow, opening: BackgroundOpen | None) -> None:
    import importlib

    from slip_desktop.views import TABS

    if opening is not None:
        opening.read_ahead.set()

    index = window.tabs.currentIndex()
    if 0 <= index < len(TABS):
        importlib.import_module(f"slip_desktop.views.{TABS[index][0]}.tab")


def attach_first_tab(window: MainWindow, store: Store) -> None:
    """Give ``window`` its store at start-up: the first tab now, the store's menus after it.

    The menus come two event-loop passes after the first tab's records are painted: the
    Data protection menu starts the audit trail check, which loads SQLAlchemy and the
    models (~1-3 s on a busy 2-core PC), and the coordinator should see the list first.
    """
    from slip_desktop.ui.first_paint import call_after_first_paint

    window.attach(store)
    tab = window.current_tab()
    if tab is None:
        add_store_menus(window, store)
        return
    table = getattr(getattr(tab, "list", None), "table", None)
    shown = tab if table is None else table.viewport()
    call_after_first_paint(shown, lambda: add_store_menus(window, store), hops=2)


def add_store_menus(window: MainWindow, store: Store) -> None:
    """Add the Settings and Data protection menus, and Help's guide and checklist entries."""
    if _menus_for.get(window) is store:
        return
    _menus_for[window] = store
    from slip_desktop.views.data_protection.menu import add_data_protection_menu
    from slip_desktop.views.help.menu import add_user_guide
    from slip_desktop.views.settings.checklist import add_getting_started
    from slip_desktop.views.settings.menu import add_settings_menu

    add_settings_menu(window, store, window.notifier)
    add_data_protection_menu(window, store, window.notifier)
    add_user_guide(window, window.help_menu, window.tabs)
    add_getting_started(
        window, window.help_menu, store, window.notifier, checklist_openers(window, store)
    )


def show_getting_started(window: MainWindow, store: Store) -> None:
    """Open Help → Getting started (after the first account of a new database is made)."""
    from slip_desktop.views.settings.checklist import GETTING_STARTED_TEXT

    add_store_menus(window, store)  # at start-up this may come before the menus' turn

    for action in window.help_menu.actions():
        if action.text() == GETTING_STARTED_TEXT:
            action.trigger()


def checklist_openers(window: MainWindow, store: Store) -> dict[str, Callable[[], None]]:
    """Return the windows of the getting-started steps that live in the tabs' folders.

    Keys are ``views.settings.checklist``'s STEP_KEYS (and ``"<key>_import"`` for an
    import of the same records); the Settings entries open through the menu itself.
    """
    from slip_desktop.db.identity import current_user
    from slip_desktop.domain.school_year import academic_year_of

    def term_dates() -> None:
        from slip_desktop.views.forum.term_dates_dialog import TermDatesDialog

        TermDatesDialog(store, date.today(), window, notifier=window.notifier).exec()

    def rates() -> None:
        from slip_desktop.views.finance.rates_dialog import RatesDialog

        year = academic_year_of(date.today())
        name = current_user(store).display_name
        RatesDialog(store, year, name, window, notifier=window.notifier).exec()

    def settings_entry(name: str) -> Callable[[], None]:
        # The Settings menu's own entry: the same dialog and the same permission check.
        def trigger() -> None:
            from slip_desktop.views.settings.menu import SettingsMenu

            menu = window.findChild(SettingsMenu)
            if menu is not None:
                menu.update_enabled()
                action = getattr(menu, name)
                if action.isEnabled():
                    action.trigger()

        return trigger

    return {
        "partnership": settings_entry("partnership_action"),
        "schools": settings_entry("schools_action"),
        "term_dates": term_dates,
        "rates": rates,
        "offer": settings_entry("offer_action"),
    }
