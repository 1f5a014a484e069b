"""A watch on Qt imports made off the GUI thread, which PySide 6.11 does not survive.

PySide makes a Qt class's Python type when a module first names it; a worker doing so
while the GUI thread wraps a widget crashes the process (or hands back a bare QWidget).
Wrapped around PySide's own import hook, this notes every ``from PySide6... import``
run by a thread other than the main one; the suite fails a test that made one.
"""

from __future__ import annotations

import builtins
import threading
from typing import Any

#: What was imported off the GUI thread, and by which thread, since the last ``take``.
_seen: list[str] = []
_installed = False


def install() -> None:
    """Wrap ``builtins.__import__`` (once, after PySide put its hook there)."""
    global _installed
    import PySide6.QtCore  # noqa: F401 - PySide's hook first, wrapped below

    if _installed:
        return
    real = builtins.__import__
    main = threading.main_thread().ident

    def watched(
        name: str,
        globals: dict[str, Any] | None = None,  # noqa: A002 - __import__'s own names
        locals: dict[str, Any] | None = None,  # noqa: A002
        fromlist: tuple[str, ...] | list[str] | None = (),
        level: int = 0,
    ) -> Any:
        if (
            level == 0
            and name.partition(".")[0] in ("PySide6", "shiboken6")
            and threading.get_ident() != main
        ):
            _seen.append(f"{name} {tuple(fromlist or ())} in {threading.current_thread().name}")
        return real(name, globals, locals, fromlist, level)

    builtins.__import__ = watched
    _installed = True


def take() -> list[str]:
    """The Qt imports made off the GUI thread since the last call; forgets them."""
    seen = list(_seen)
    _seen.clear()
    return seen
