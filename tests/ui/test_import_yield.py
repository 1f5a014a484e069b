"""Workers wait before each module they import, so the GUI thread gets the interpreter."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from slip_desktop.ui import import_yield
from slip_desktop.ui.import_yield import (
    YieldToGuiThread,
    stop_yielding,
    yield_imports_to_gui_thread,
    yielding,
)


@pytest.fixture
def fresh_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Three importable modules no one has imported, and no yielding finder installed yet."""
    names = [f"yield_probe_{n}_{tmp_path.name}".replace("-", "_") for n in range(3)]
    for name in names:
        (tmp_path / f"{name}.py").write_text("VALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    without = [f for f in sys.meta_path if not isinstance(f, YieldToGuiThread)]
    monkeypatch.setattr(sys, "meta_path", without)
    yield names
    for name in names:
        sys.modules.pop(name, None)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, float]]:
    """The waits asked for, by thread."""
    asked: list[tuple[int, float]] = []

    class _Clock:
        @staticmethod
        def sleep(seconds: float) -> None:
            asked.append((threading.get_ident(), seconds))

    monkeypatch.setattr(import_yield, "time", _Clock)
    return asked


def _import_in_a_worker(name: str) -> int:
    worker = threading.Thread(target=__import__, args=(name,))
    worker.start()
    worker.join(10)
    assert worker.ident is not None and name in sys.modules
    return worker.ident


def test_a_worker_waits_before_each_module_and_the_gui_thread_never(
    fresh_modules: list[str], waits: list[tuple[int, float]]
) -> None:
    first, second, third = fresh_modules
    _import_in_a_worker(first)
    assert waits == []  # not installed yet: the database opens while Qt is imported

    yield_imports_to_gui_thread()
    worker = _import_in_a_worker(second)
    assert waits == [(worker, import_yield.YIELD_S)]

    __import__(third)  # on this thread, the GUI thread's
    assert waits == [(worker, import_yield.YIELD_S)]
    assert sys.modules[third].VALUE == 1  # found by the finders after it


def test_installed_once_however_often_asked(fresh_modules: list[str]) -> None:
    yield_imports_to_gui_thread()
    yield_imports_to_gui_thread()
    assert sum(isinstance(f, YieldToGuiThread) for f in sys.meta_path) == 1
    assert isinstance(sys.meta_path[0], YieldToGuiThread)  # asked before any other finder


def test_workers_import_at_full_speed_again_once_stopped(
    fresh_modules: list[str], waits: list[tuple[int, float]]
) -> None:
    first, second, _third = fresh_modules
    yield_imports_to_gui_thread()
    _import_in_a_worker(first)
    assert len(waits) == 1 and yielding()
    stop_yielding()
    _import_in_a_worker(second)
    assert len(waits) == 1 and not yielding()
    assert not any(isinstance(f, YieldToGuiThread) for f in sys.meta_path)
