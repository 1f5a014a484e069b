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
#: Per window, the store its menus are for and the menu steps already run for it.
_menus_for: weakref.WeakKeyDictionary[MainWindow, tuple[Store, set[str]]] = (
    weakref.WeakKeyDictionary()
)


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

    The menus come once the first tab's records are painted and the database has
    finished opening (``call_when_open``): their modules use SQLAlchemy and the models,
    which the opening's last stage loads in a worker, and the list comes first.
    """
    from slip_desktop.ui.first_paint import call_after_first_paint, call_when_open

    window.attach(store)
    tab = window.current_tab()
    if tab is None:
        add_store_menus(window, store)
        return
    table = getattr(getattr(tab, "list", None), "table", None)
    shown = tab if table is None else table.viewport()
    call_after_first_paint(
        shown, lambda: call_when_open(store, store_menu_steps(window, store), window), hops=2
    )


def add_store_menus(window: MainWindow, store: Store) -> None:
    """Add File → Import... and Change my password, Settings, Data protection and Help entries.

    At once: the steps not yet run (at start-up they come one per event-loop pass).
    """
    for step in store_menu_steps(window, store):
        step()


def store_menu_steps(window: MainWindow, store: Store) -> list[Callable[[], None]]:
    """The steps of :func:`add_store_menus` not yet run, to run in turn.

    Each imports its menu's modules, and runs once per window and store, whoever runs
    it first: the first run's Getting started (``show_getting_started``) runs the
    steps still waiting for their turn at once, as it needs the Help menu's entry.
    """
    state = _menus_for.get(window)
    if state is None or state[0] is not store:
        state = _menus_for[window] = (store, set())
    done = state[1]

    def import_action() -> None:
        from slip_desktop.views.imports.menu import add_import_action

        add_import_action(window, window.file_menu, store, window.notifier)

    def settings() -> None:
        from slip_desktop.views.settings.menu import add_settings_menu

        add_settings_menu(window, store, window.notifier)

    def my_password() -> None:
        from slip_desktop.ui.my_password import add_change_my_password

        add_change_my_password(window, store)

    def data_protection() -> None:
        from slip_desktop.views.data_protection.menu import add_data_protection_menu

        add_data_protection_menu(window, store, window.notifier)

    def help_entries() -> None:
        from slip_desktop.views.help.menu import add_user_guide
        from slip_desktop.views.settings.checklist import add_getting_started

        add_user_guide(window, window.help_menu, window.tabs)
        add_getting_started(
            window, window.help_menu, store, window.notifier, checklist_openers(window, store)
        )

    def search() -> None:
        add_global_search(window, store)

    def once(step: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            if step.__name__ not in done:
                done.add(step.__name__)
                step()

        return run

    steps = (import_action, settings, my_password, data_protection, help_entries, search)
    return [once(step) for step in steps if step.__name__ not in done]


def add_global_search(window: MainWindow, store: Store) -> None:
    """Give the window its search box (Ctrl+K, Ctrl+F); results open in their own tabs."""
    from slip_desktop.domain.global_search import Kind
    from slip_desktop.views.search.box import GlobalSearch

    def referral(referral_id: int) -> None:
        tab = window.show_tab("Referrals")
        if tab is not None and referral_id:
            tab.reveal_referral(referral_id)  # type: ignore[attr-defined]

    def school(school_id: int) -> None:
        tab = window.show_tab("Referrals")
        if tab is not None:
            tab.show_school(school_id)  # type: ignore[attr-defined]

    def meeting(meeting_id: int) -> None:
        tab = window.show_tab("Forum calendar")
        if tab is not None:
            tab.choose_meeting(meeting_id)  # type: ignore[attr-defined]

    openers = {
        Kind.PUPIL: referral,
        Kind.REFERRAL: referral,
        Kind.SCHOOL: school,
        Kind.MEETING: meeting,
    }
    window.global_search = GlobalSearch(store, window.notifier, openers, window)  # type: ignore[attr-defined]


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

    def schools_import() -> None:
        from slip_desktop.domain.imports import ImportKind
        from slip_desktop.views.imports.wizard import open_import

        open_import(store, window.notifier, window, ImportKind.SCHOOLS)

    return {
        "partnership": settings_entry("partnership_action"),
        "schools_import": schools_import,
        "schools": settings_entry("schools_action"),
        "term_dates": term_dates,
        "rates": rates,
        "offer": settings_entry("offer_action"),
    }


def main_dialogs(window: MainWindow, store: Store) -> list[tuple[str, Callable[[], object]]]:
    """Return (file name, opener) for the dialogs a coordinator uses most, for fit checks.

    Each opener builds its dialog over the window without showing it (None when the
    records it needs are missing, as in an empty database); ``ui.screenshots`` shows,
    renders and closes it. The register is a page, not a dialog: its opener shows it.
    """

    def referral(edit: bool) -> Callable[[], object]:
        def build() -> object:
            from slip_desktop.db.referral_list import list_referrals
            from slip_desktop.views.referrals.referral_dialog import ReferralDialog

            rows = list_referrals(store) if edit else []
            if edit and not rows:
                return None
            chosen = rows[0].id if edit else None
            return ReferralDialog(store, date.today(), chosen, window)

        return build

    def action_plan() -> object:
        from slip_desktop.db.agenda import list_agenda
        from slip_desktop.db.meetings import list_meetings
        from slip_desktop.domain.enums import MeetingKind
        from slip_desktop.views.forum.action_plan_dialog import ActionPlanDialog

        for meeting in list_meetings(store):
            if meeting.kind == MeetingKind.FORUM:
                agenda = list_agenda(store, meeting.id)
                if agenda:
                    return ActionPlanDialog(
                        store, agenda[0].referral_id, meeting.id, date.today(), window
                    )
        return None

    def core_decision(outcome_name: str) -> Callable[[], object]:
        def build() -> object:
            from slip_desktop.domain.enums import CoreOutcome
            from slip_desktop.views.core.tab import CoreBoardTab

            tab = next((t for t in window.tab_widgets() if isinstance(t, CoreBoardTab)), None)
            if tab is None:
                return None
            window.tabs.setCurrentIndex(window.tab_widgets().index(tab))
            cards = tab.columns[0].model.cards()
            if not cards:
                return None
            return tab.decide(cards[0].referral_id, CoreOutcome[outcome_name])

        return build

    def placement() -> object:
        from slip_desktop.db.rosters import list_placements, mentor_choices, provider_choices
        from slip_desktop.domain.enums import PlacementStatus
        from slip_desktop.views.rosters.dialogs import PlaceDialog

        waiting = (PlacementStatus.REQUESTED, PlacementStatus.WAITING)
        row = next((r for r in list_placements(store) if r.status in waiting), None)
        if row is None:
            return None
        today = date.today()
        return PlaceDialog(
            store, row, today, mentor_choices(store), provider_choices(store), window
        )

    def register() -> object:
        from slip_desktop.views.rosters.tab import RostersTab

        tab = next((t for t in window.tab_widgets() if isinstance(t, RostersTab)), None)
        if tab is None:
            return None
        window.tabs.setCurrentIndex(window.tab_widgets().index(tab))
        tab.pages.setCurrentWidget(tab.attendance)
        return window

    return [
        ("referral-new", referral(False)),
        ("referral-edit", referral(True)),
        ("action-plan", action_plan),
        ("core-decision", core_decision("IN_SCHOOL_SUPPORT")),
        ("core-decision-move", core_decision("OUTSIDE_PROGRAMME")),
        ("placement", placement),
        ("register", register),
    ]
