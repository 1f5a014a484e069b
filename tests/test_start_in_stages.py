"""The program's start: window first, then the database and the first list, then the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from slip_desktop import app as slip_app
from slip_desktop.db.audit import is_installed
from slip_desktop.db.store import Store
from slip_desktop.ui import unlock
from slip_desktop.ui.running import RunningApp
from tests.db.safety_helpers import damage_a_page


def _closed_file(store: Store) -> Path:
    assert store.path is not None
    store.close()
    return store.path


class _Application:
    """Stands in for the QApplication: exit() would end every later test's event loops."""

    def __init__(self) -> None:
        self.exit_codes: list[int] = []

    def exit(self, code: int) -> None:
        self.exit_codes.append(code)


def _start(qtbot: QtBot, path: Path) -> RunningApp:
    assert QApplication.instance() is not None
    running = slip_app.running_app(_Application(), path, False, slip_app.start_opening(path))
    qtbot.addWidget(running.window)
    return running


def test_the_database_opens_after_the_window_paints_and_the_rest_after_the_list(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed_in: list[Store] = []
    monkeypatch.setattr(unlock, "signed_in", lambda store: signed_in.append(store) or True)
    running = _start(qtbot, _closed_file(demo_store))
    window = running.window
    assert running.store is None and window.current_tab() is None  # nothing read yet

    window.show()
    qtbot.waitUntil(lambda: window.current_tab() is not None, timeout=10000)
    assert signed_in == [running.store]  # the sign-in came before any record was shown
    assert window.current_tab().list.model.rowCount() > 0
    qtbot.waitUntil(lambda: window.backups is not None, timeout=10000)
    store = running.store
    assert store.has_sessions and is_installed(store)  # the audit watches every write
    assert not store.read_only and not window.read_only_banner.isVisible()
    window.close()
    store.close()


def test_a_damaged_file_turns_read_only_with_its_banner(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.ui.recovery_dialog import RecoveryDialog

    path = _closed_file(demo_store)
    damage_a_page(path)
    monkeypatch.setattr(unlock, "signed_in", lambda store: True)
    # The recovery screen comes first; the coordinator chooses to open it read-only.
    monkeypatch.setattr(RecoveryDialog, "exec", lambda self: self.read_only_button.click())
    running = _start(qtbot, path)
    running.window.show()
    qtbot.waitUntil(lambda: running.window.backups is not None, timeout=10000)
    assert running.store.read_only
    assert running.window.read_only_banner.isVisible()
    running.window.close()
    running.store.close()


def test_a_cancelled_sign_in_closes_the_window(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unlock, "signed_in", lambda store: False)
    running = _start(qtbot, _closed_file(demo_store))
    running.window.show()
    qtbot.waitUntil(lambda: not running.window.isVisible(), timeout=10000)
    assert running.store is None and running.app.exit_codes == [0]


def test_the_opening_s_last_stage_runs_in_a_worker_while_the_list_answers(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loading SQLAlchemy, awaiting the integrity check, installing the audit: 0.3-0.5 s of
    # a frozen window at the decade dataset, just as the list appeared.
    import sys
    import threading

    from slip_desktop.db import opening
    from slip_desktop.ui.import_yield import YieldToGuiThread, yielding
    from slip_desktop.ui.running import StartHooks

    go = threading.Event()
    ran_on: list[str] = []
    yielded: list[bool] = []
    real_install = opening._install_audit
    without = [f for f in sys.meta_path if not isinstance(f, YieldToGuiThread)]
    monkeypatch.setattr(sys, "meta_path", without)

    def slow_install(store: Store) -> None:
        ran_on.append(threading.current_thread().name)
        # The worker's imports (SQLAlchemy's) give the interpreter to the window.
        yielded.append(any(isinstance(f, YieldToGuiThread) for f in sys.meta_path))
        assert go.wait(20)
        real_install(store)

    monkeypatch.setattr(opening, "_install_audit", slow_install)
    # Unattended, as the benchmark starts it: with a sign-in, the sign-in's own reads
    # make the first session before the list (and its dialog is what shows meanwhile).
    path = _closed_file(demo_store)
    hooks = StartHooks(sign_in=False, auto_backup=False)
    running = slip_app.running_app(_Application(), path, False, slip_app.start_opening(path), hooks)
    qtbot.addWidget(running.window)
    window = running.window
    window.show()
    try:
        qtbot.waitUntil(lambda: bool(ran_on), timeout=10000)
        assert ran_on != [threading.main_thread().name]
        assert yielded == [True]
        tab = window.current_tab()
        assert tab is not None
        # The window answers meanwhile: typing filters the list.
        tab.list.search.setText("zzz-nobody")
        qtbot.waitUntil(lambda: tab.list.model.rowCount() == 0, timeout=5000)
        assert window.backups is None and "&Data protection" not in [
            action.text() for action in window.menuBar().actions()
        ]  # the menus wait for the opening: their modules need what it loads
        assert not running.store.opened
    finally:
        go.set()
    qtbot.waitUntil(lambda: window.backups is not None, timeout=10000)
    assert ran_on == [ran_on[0]]  # once
    qtbot.waitUntil(
        lambda: "&Data protection" in [a.text() for a in window.menuBar().actions()],
        timeout=10000,
    )
    store = running.store
    assert store.opened and is_installed(store)
    # The tabs' modules imported ahead, start-up's worker imports are over: no more waits.
    qtbot.waitUntil(lambda: not yielding(), timeout=10000)
    window.close()
    store.close()
