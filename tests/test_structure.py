"""The rooms of the code (DESIGN.md): tabs in folders, Qt-free jobs, one palette, a short app."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "slip_desktop"
HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b")


def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_view_lives_in_a_tab_folder() -> None:
    from slip_desktop.views import TABS

    loose = [p.name for p in (PACKAGE / "views").glob("*.py") if p.name != "__init__.py"]
    assert loose == [], f"move these into a tab folder under views/: {loose}"
    folders = {p.name for p in (PACKAGE / "views").iterdir() if p.is_dir() and p.name[0] != "_"}
    assert {folder for folder, _class in TABS} <= folders


def test_each_tab_is_declared_once_with_its_title_areas_and_refresh() -> None:
    import importlib

    from slip_desktop.ui.notifier import Area
    from slip_desktop.views import TABS

    for folder, class_name in TABS:
        package = importlib.import_module(f"slip_desktop.views.{folder}")
        tab_class = getattr(importlib.import_module(f"{package.__name__}.tab"), class_name)
        assert tab_class.title == package.TITLE
        assert tab_class.areas and all(isinstance(a, Area) for a in tab_class.areas), folder
        assert callable(tab_class.refresh)
        # What ui.refresh.Tab asks for, so the main window can treat every tab alike.
        assert {"title", "areas", "refresh"} <= set(dir(tab_class))


def test_jobs_never_import_qt() -> None:
    code = (
        "import sys, importlib, pkgutil, slip_desktop.jobs as j\n"
        "for m in pkgutil.walk_packages(j.__path__, 'slip_desktop.jobs.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [n for n in sys.modules if n.split('.')[0] == 'PySide6']\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_colours_come_from_the_palette() -> None:
    found = []
    for path in _python_files(PACKAGE / "ui") + _python_files(PACKAGE / "views"):
        if path.name == "palette.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.lstrip().startswith("#") and HEX_COLOUR.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "name these colours in slip_desktop/ui/palette.py:\n" + "\n".join(found)


def test_one_date_input_and_one_form_error_helper() -> None:
    found = []
    for path in _python_files(PACKAGE / "ui") + _python_files(PACKAGE / "views"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bQDateEdit\b|\bQDateTimeEdit\b", text):
            found.append(f"{path.relative_to(ROOT)}: a QDateEdit (use ui.form_inputs.DateField)")
        tree = ast.parse(text)
        for node in ast.walk(tree):
            helper = isinstance(node, ast.ClassDef) and re.search(r"Errors?$", node.name)
            if helper and (path.name, node.name) != ("form_errors.py", "FieldErrors"):
                found.append(f"{path.relative_to(ROOT)}: class {node.name}")
    assert found == [], "\n".join(found)


def test_the_composition_root_is_short() -> None:
    lines = (PACKAGE / "app.py").read_text(encoding="utf-8").count("\n")
    assert lines < 250, f"app.py has {lines} lines; start-up stages belong in db/opening.py, ui/"


def test_screens_are_asked_of_the_application_never_of_a_widget() -> None:
    # PySide makes the widget the parent of the QScreen or QWindow wrapper it returns; a
    # closed dialog collected in a cycle then hands the application's screen (or its own
    # window) to Python, which deletes it: the next window shown crashed.
    found = []
    for path in (
        _python_files(PACKAGE) + _python_files(ROOT / "tests") + _python_files(ROOT / "bench")
    ):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if re.search(r"\.(screen|windowHandle)\(\)", code):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == [], "use ui.screen_fit.screen_of:\n" + "\n".join(found)
