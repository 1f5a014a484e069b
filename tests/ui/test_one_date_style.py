"""Views and the UI kit write dates only through domain/date_style.py: one style everywhere.

A date formatted in place ("%d %b %Y", strftime, Qt's toString("dd ..."), isoformat() in a
label) drifts from the rest ("21 12 2026" in one dialog, "Mon 07 Dec 2026" in the next).
ISO dates in file names (``%Y-%m-%d``, ``%Y%m%d``) are not display text and may stay.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "slip_desktop"
#: A format spec or strftime pattern that writes a day: %d, %a, %A, %b, %B, %e, %j.
DAY_DIRECTIVE = re.compile(r"%[-#]?[daAbBej]")
#: ISO dates, sortable, kept for file names.
ISO_FOR_FILES = re.compile(r"^[^%]*%Y-?%m-?%d(?:-%H%M%S)?[^%]*$")
#: Qt date patterns written by hand instead of QT_INPUT_FORMAT.
QT_PATTERN = re.compile(r"\b(?:dd|ddd|dddd|MMM|MMMM|yyyy)\b")

#: Modules whose isoformat() is stored and read back, never shown.
STORED_NOT_SHOWN = {"ui/instance_lock.py"}  # the lock file's "started" field


def _home_made_date_formats(source: str, module: str) -> list[str]:
    tree = ast.parse(source)
    found: list[str] = []
    for node in ast.walk(tree):
        where = f"{module}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(
                part.value
                for part in ast.walk(node.format_spec)
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            if DAY_DIRECTIVE.search(spec) and not ISO_FOR_FILES.match(spec):
                found.append(f"{where} formats a date as {spec!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            first = node.args[0] if node.args else None
            text = first.value if isinstance(first, ast.Constant) else None
            if name == "strftime" and isinstance(text, str) and DAY_DIRECTIVE.search(text):
                if not ISO_FOR_FILES.match(text):
                    found.append(f"{where} strftime({text!r})")
            elif name in ("toString", "setDisplayFormat") and isinstance(text, str):
                if QT_PATTERN.search(text):
                    found.append(f"{where} {name}({text!r})")
            elif name == "isoformat" and not node.args and module not in STORED_NOT_SHOWN:
                found.append(f"{where} isoformat() (use long_date or input_date)")
    return found


def test_views_and_the_ui_kit_format_dates_only_through_date_style() -> None:
    found = [
        problem
        for folder in ("views", "ui")
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        for problem in _home_made_date_formats(
            path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE))
        )
    ]
    assert not found, "\n".join(found)


def test_the_check_sees_a_date_formatted_in_place() -> None:
    sample = (
        "def shown(day, moment, qdate):\n"
        "    a = f'{day:%d %b %Y}'\n"
        "    b = moment.strftime('%d/%m/%Y %H:%M')\n"
        "    c = qdate.toString('dd MM yyyy')\n"
        "    d = day.isoformat()\n"
        "    e = f'backup-{day:%Y-%m-%d}.zip'\n"
        "    return a, b, c, d, e\n"
    )
    found = _home_made_date_formats(sample, "views/sample.py")
    assert len(found) == 4, found
