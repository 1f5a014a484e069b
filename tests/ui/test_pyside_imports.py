"""PySide's look at each module imported after it reads the file once and keeps nothing."""

from __future__ import annotations

import importlib
import linecache
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from slip_desktop.ui.pyside_imports import lighten_import_check, uses_pyside


@pytest.fixture
def two_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "slip_probe_with_qt.py").write_text(
        "from PySide6.QtCore import QObject\nVALUE = 1\n", encoding="utf-8"
    )
    (tmp_path / "slip_probe_without_qt.py").write_text(
        "# Ünïcödé, and no Qt\nVALUE = 2\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("slip_probe_with_qt", "slip_probe_without_qt"):
        sys.modules.pop(name, None)


def test_modules_imported_after_qt_are_looked_at_without_keeping_their_source(
    qapp: object, two_modules: Path
) -> None:
    feature = sys.modules["PySide6.support.feature"]
    assert lighten_import_check()

    # An import statement, as the program's modules make: PySide's hook is on __import__.
    import slip_probe_with_qt as with_qt  # type: ignore[import-not-found]
    import slip_probe_without_qt as without_qt  # type: ignore[import-not-found]

    kept = {str(two_modules / f"{m.__name__}.py") for m in (with_qt, without_qt)}
    assert not kept & set(linecache.cache)  # PySide's own check leaves both files there
    # ...and PySide's answers are the ones its own check gives.
    assert feature.pyside_feature_dict["slip_probe_with_qt"] == 0
    assert feature.pyside_feature_dict["slip_probe_without_qt"] == -1


def test_the_check_says_what_getsource_would(two_modules: Path) -> None:
    import inspect
    import json

    with_qt = importlib.import_module("slip_probe_with_qt")
    for module in (with_qt, json, sys, importlib.import_module("_json")):
        try:
            expected = "PySide6" in inspect.getsource(module)
        except (OSError, TypeError):
            expected = False
        assert uses_pyside(module) is expected
