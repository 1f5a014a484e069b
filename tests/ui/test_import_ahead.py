"""Tabs' modules imported ahead: planned without running them, Qt's on the GUI thread only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from slip_desktop.ui.import_ahead import QT_FREE, QT_SIDE, QtSideImports, plan_imports

ROOT = Path(__file__).resolve().parents[2]


def test_the_plan_puts_each_qt_module_after_those_it_imports() -> None:
    plan = plan_imports(["slip_desktop.views.forum.tab", "slip_desktop.views.core.tab"])

    order = {name: place for place, name in enumerate(plan.qt_side)}
    assert order["slip_desktop.views.forum.meeting_panel"] < order["slip_desktop.views.forum.tab"]
    assert order["slip_desktop.ui.list_panel"] < order["slip_desktop.views.forum.tab"]
    assert order["slip_desktop.views.core.board_column"] < order["slip_desktop.views.core.tab"]
    assert all(name.startswith(QT_SIDE) for name in plan.qt_side)
    # Storage and domain modules go to the worker; Qt, the standard library and
    # a function's own imports (the ICS export, on a click) to nobody.
    assert "slip_desktop.db.meetings" in plan.qt_free
    assert "slip_desktop.domain.school_year" in plan.qt_free
    assert all(name.startswith(QT_FREE) for name in plan.qt_free)
    assert "slip_desktop.reports.ics_export" not in plan.qt_free


def test_the_plan_leaves_out_what_only_type_checking_imports() -> None:
    # The Impact tab names its chart's type under ``if TYPE_CHECKING:``: planned, that
    # import loaded matplotlib (~100 ms, and its font cache on a first start) in a worker.
    plan = plan_imports(["slip_desktop.views.impact.tab"])

    assert "slip_desktop.reports.impact_charts" not in plan.qt_free
    assert "slip_desktop.db.impact" in plan.qt_free  # its real imports stay


def test_planning_in_a_worker_runs_no_module_that_uses_qt() -> None:
    # A fresh process: what the plan imports is exactly what a worker would run.
    code = (
        "import sys, threading\n"
        "from slip_desktop.ui.import_ahead import plan_imports\n"
        "before = set(sys.modules)\n"
        "tabs = [f'slip_desktop.views.{t}.tab' for t in ('forum', 'core', 'rosters', 'finance')]\n"
        "worker = threading.Thread(target=plan_imports, args=(tabs,))\n"
        "worker.start(); worker.join()\n"
        "new = sorted(set(sys.modules) - before)\n"
        "ran = [n for n in new if not sys.modules[n].__file__.endswith('__init__.py')]\n"
        "print(new); sys.exit(1 if ran or not new else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "slip_desktop.views.forum'" in result.stdout  # a package's (empty) file, no more


def test_qt_modules_are_imported_one_per_pass_of_the_event_loop(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QApplication

    for name in ("slip_probe_a", "slip_probe_b", "slip_probe_c"):
        (tmp_path / f"{name}.py").write_text("VALUE = 1\n", encoding="utf-8")
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    finished: list[bool] = []
    imports = QtSideImports(["slip_probe_a", "slip_probe_b", "slip_probe_missing", "slip_probe_c"])
    imports.finished = lambda: finished.append(True)

    imports.start()
    assert "slip_probe_a" not in sys.modules  # not before the event loop runs
    QApplication.processEvents()
    assert "slip_probe_a" in sys.modules and "slip_probe_b" not in sys.modules
    QApplication.processEvents()
    assert "slip_probe_b" in sys.modules and "slip_probe_c" not in sys.modules
    qtbot.waitUntil(lambda: imports.done and bool(finished), timeout=5_000)
    assert "slip_probe_c" in sys.modules  # a module that failed did not stop the rest
    for name in ("slip_probe_a", "slip_probe_b", "slip_probe_c"):
        sys.modules.pop(name, None)
