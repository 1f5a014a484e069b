"""Getting started: the first steps of a new office with their state, after the first sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from slip_desktop import app as slip_app
from slip_desktop.db import people, rates, term_dates, users
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.models import School
from slip_desktop.db.offer import copy_offer
from slip_desktop.db.partnership import save_partnership
from slip_desktop.db.people import PersonInput
from slip_desktop.db.setup_state import setup_state
from slip_desktop.db.store import Store
from slip_desktop.domain.calendar import typical_terms
from slip_desktop.domain.enums import MeetingKind
from slip_desktop.domain.partnership import DEFAULTS
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.ui import unlock
from slip_desktop.views.settings.checklist import (
    STEP_KEYS,
    ChecklistDialog,
    ChecklistPage,
    make_steps,
)

TODAY = date(2026, 11, 9)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


def _page(qtbot: QtBot, store: Store, opened: list[str]) -> ChecklistPage:
    openers = {key: (lambda k=key: opened.append(k)) for key in ("term_dates", "rates", "people")}
    page = ChecklistPage(store, make_steps(openers), lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    return page


def test_a_new_database_has_every_checkable_step_to_do(qtbot: QtBot, store: Store) -> None:
    page = _page(qtbot, store, [])
    assert [page.state_of(k) for k in STEP_KEYS] == [False] * 6
    assert [page.states[k].text() for k in ("schools", "people")] == ["To do", "To do"]
    assert "6 still to do" in page.intro.text()
    # Steps whose windows this version lacks show their button, disabled.
    assert not page.buttons["partnership"].isEnabled()
    assert page.buttons["term_dates"].isEnabled()


def test_each_step_turns_done_as_the_office_sets_itself_up(qtbot: QtBot, store: Store) -> None:
    opened: list[str] = []
    page = _page(qtbot, store, opened)
    with store.session() as session:
        session.add(School(name="Zoë O'Brien-Ćorić Academy"))
    year = setup_state(store, TODAY).academic_year
    term_dates.save_year(store, year, typical_terms(year))
    person = people.save_person(store, PersonInput("Σοφία Παπαδοπούλου", "EP", "LCC"))
    people.set_standing_list(store, MeetingKind.FORUM, [person])
    # Pressing a step's button opens its window, then the page reads the state again.
    qtbot.mouseClick(page.buttons["term_dates"], LEFT)
    assert opened == ["term_dates"]
    assert page.state_of("schools") and page.state_of("term_dates") and page.state_of("people")
    assert page.state_of("rates") is False
    assert page.states["term_dates"].text() == "✔ Done"
    assert "3 still to do" in page.intro.text()
    save_partnership(store, replace(DEFAULTS, name="Harborough Inclusion Partnership"))
    copy_offer(store, year - 1, year)
    page.refresh()
    assert page.state_of("partnership") and page.state_of("offer")
    assert "1 still to do" in page.intro.text()


def test_rates_count_once_entered_for_this_year_not_another(store: Store) -> None:
    texts = {
        "average_cost_ks3": "6600",
        "average_cost_ks4": "7300",
        "pupil_premium": "1050",
        "pupil_premium_cla": "2570",
        "pupil_premium_service": "340",
        "school_days": "190",
    }
    year = setup_state(store, TODAY).academic_year
    rates.save_rates(store, year - 1, texts)
    assert not setup_state(store, TODAY).rates
    rates.save_rates(store, year, texts)
    assert setup_state(store, TODAY).rates


def test_injected_states_and_openers_replace_the_defaults(qtbot: QtBot, store: Store) -> None:
    opened: list[str] = []
    steps = make_steps(
        {
            "partnership": lambda: opened.append("partnership"),
            "schools_import": lambda: opened.append("import schools"),
        },
        {"partnership": lambda _state: True, "offer": lambda _state: False},
    )
    page = ChecklistPage(store, steps, lambda: TODAY)
    qtbot.addWidget(page)
    assert page.state_of("partnership") is True and page.state_of("offer") is False
    qtbot.mouseClick(page.buttons["partnership"], LEFT)
    qtbot.mouseClick(page.buttons["schools_import"], LEFT)
    assert opened == ["partnership", "import schools"]
    assert "term_dates_import" not in page.buttons


def test_help_getting_started_opens_the_checklist(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = slip_app.build_window(store)
    qtbot.addWidget(window)
    action = next(a for a in window.help_menu.actions() if a.text() == "Getting &started...")
    action.trigger()
    dialog = window.findChild(ChecklistDialog)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.page.buttons["people"].isEnabled()
    # The Settings steps open the Settings menu's own dialogs.
    opened: list[str] = []
    for name in ("PartnershipDialog", "SchoolsDialog", "OfferDialog"):
        module = {"PartnershipDialog": "partnership_dialog", "SchoolsDialog": "schools_dialog",
                  "OfferDialog": "offer_dialog"}[name]
        monkeypatch.setattr(
            f"slip_desktop.views.settings.{module}.{name}.exec",
            lambda self, n=name: opened.append(n) or 0,
        )
    for key in ("partnership", "schools", "offer"):
        qtbot.mouseClick(dialog.page.buttons[key], LEFT)
    assert opened == ["PartnershipDialog", "SchoolsDialog", "OfferDialog"]
    dialog.close()


def _closed_file(store: Store) -> Path:
    assert store.path is not None
    store.close()
    return store.path


class _Application:
    def __init__(self) -> None:
        self.exit_codes: list[int] = []

    def exit(self, code: int) -> None:
        self.exit_codes.append(code)


def _start(qtbot: QtBot, path: Path) -> slip_app.RunningApp:
    running = slip_app.running_app(_Application(), path, False, slip_app.start_opening(path))
    qtbot.addWidget(running.window)
    running.window.show()
    qtbot.waitUntil(lambda: running.window.backups is not None, timeout=20000)
    return running


def test_the_checklist_opens_once_after_the_first_coordinator_account(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def create_coordinator(opened: Store) -> bool:
        users.create_first_coordinator(opened, "coord", "Nguyễn Thị Ánh", "a long passphrase 1")
        return True

    monkeypatch.setattr(unlock, "signed_in", create_coordinator)
    running = _start(qtbot, _closed_file(store))
    dialogs = [d for d in running.window.findChildren(QDialog) if isinstance(d, ChecklistDialog)]
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    path = running.store.path
    running.window.close()
    running.store.close()
    # As RunningApp.run does when its window closes: the next start may take the database.
    assert running.instance is not None
    running.instance.release()
    QApplication.processEvents()

    # The next start signs in to an existing account: no checklist.
    monkeypatch.setattr(unlock, "signed_in", lambda opened: True)
    again = _start(qtbot, path)
    assert again.window.findChild(ChecklistDialog) is None
    again.window.close()
    again.store.close()


def test_opening_a_brand_new_database_from_the_file_menu_shows_the_checklist(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    users.create_first_coordinator(store, "coord", "Олег Петренко", "a long passphrase 1")
    monkeypatch.setattr(unlock, "signed_in", lambda opened: True)
    running = _start(qtbot, _closed_file(store))
    assert running.window.findChild(ChecklistDialog) is None
    first_window = running.window
    new_store = Store.open(tmp_path / "second.db", "another passphrase")
    upgrade_to_head(new_store.engine)

    def create_coordinator(opened: Store) -> bool:
        users.create_first_coordinator(opened, "coord", "Zoë O'Brien-Ćorić", "a long passphrase 1")
        return True

    monkeypatch.setattr(unlock, "unlock_store", lambda path, interactive: new_store)
    monkeypatch.setattr(unlock, "signed_in", create_coordinator)
    running.open_database(tmp_path / "second.db")
    qtbot.addWidget(running.window)
    assert running.window is not first_window
    dialog = running.window.findChild(ChecklistDialog)
    assert dialog is not None and dialog.isVisible()
    running.window.close()
    new_store.close()
