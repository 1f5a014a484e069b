"""Start-up order: the first tab imported while the file opens, the menus after its paint."""

from __future__ import annotations

import importlib

import pytest
from pytestqt.qtbot import QtBot

from slip_desktop.db.store import Store
from slip_desktop.ui.import_ahead import QT_SIDE


def test_the_first_tab_is_imported_once_the_empty_window_is_painted(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.app import make_window
    from slip_desktop.wiring import preparing_first_tab

    imported: list[str] = []
    real = importlib.import_module

    def recording(name: str, package: str | None = None) -> object:
        imported.append(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", recording)
    window = preparing_first_tab(make_window)(auto_backup=False)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(0)
    assert "slip_desktop.views.referrals.tab" not in imported
    window.show()

    qtbot.waitUntil(lambda: "slip_desktop.views.referrals.tab" in imported)
    assert window.current_tab() is None  # imported only: the tab waits for the database


def test_the_store_menus_wait_for_the_first_list_to_be_painted(
    qtbot: QtBot, demo_store: Store
) -> None:
    from slip_desktop.app import make_window
    from slip_desktop.wiring import attach_first_tab

    window = make_window(auto_backup=False)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(0)
    window.show()

    def menus() -> list[str]:
        return [action.text() for action in window.menuBar().actions()]

    attach_first_tab(window, demo_store)
    assert window.current_tab() is not None
    assert "&Settings" not in menus() and "&Data protection" not in menus()

    qtbot.waitUntil(lambda: "&Data protection" in menus())
    assert "&Settings" in menus()
    attach_first_tab(window, demo_store)  # once per window and store
    qtbot.wait(50)
    assert menus().count("&Settings") == 1


def test_the_other_tabs_are_imported_ahead_their_qt_modules_on_the_gui_thread_only(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, demo_store: Store
) -> None:
    # PySide 6.11 crashes when a worker makes Qt types while the GUI thread uses them: the
    # storage modules the tabs use are imported in a worker, their Qt modules here.
    import sys
    import threading

    from slip_desktop.app import make_window

    imported_on: dict[str, str] = {}
    real = importlib.import_module

    def recording(name: str, package: str | None = None) -> object:
        imported_on.setdefault(name, threading.current_thread().name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", recording)
    window = make_window(auto_backup=False)
    qtbot.addWidget(window)
    window.tabs.setCurrentIndex(0)
    window.show()
    window.attach(demo_store)
    assert window.tab_imports is None  # not while the first tab is read and painted
    window.complete()  # the start's last stage
    assert window.tab_imports is not None
    qtbot.waitUntil(
        lambda: window.qt_side_imports is not None and window.qt_side_imports.done,
        timeout=20_000,
    )
    gui = threading.main_thread().name
    later = [f"slip_desktop.views.{folder}.tab" for folder in ("forum", "core", "finance")]
    assert all(name in sys.modules for name in later)
    # (The Qt-side modules a test before this one imported are not imported again.)
    assert all(
        thread == gui for name, thread in imported_on.items() if name.startswith(QT_SIDE)
    ), imported_on
    assert imported_on.get("slip_desktop.db.meetings") not in (None, gui), imported_on
    # ...and this suite's guard (conftest) fails the test if a worker imported from Qt.
    assert window.current_tab() is not None and len(window._built) == 1  # imported, not built


def test_the_file_begins_opening_before_qt_is_imported() -> None:
    import subprocess
    import sys

    # The probe's path: the program's modules, then the file begun on its own thread, then
    # Qt. Qt imported first held the opening thread back (about 100 ms at the decade).
    script = (
        "import sys\n"
        "from slip_desktop import app\n"
        "from slip_desktop.ui.running import StartHooks\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
