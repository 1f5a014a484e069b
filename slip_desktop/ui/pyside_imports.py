"""PySide's look at every module imported after it, made to read each file once and keep none.

PySide 6 replaces ``__import__`` so that ``from __feature__ import snake_case`` can work.
After each import it asks whether the new module mentions "PySide6", by
``inspect.getsource``: that reads and splits the whole file and keeps its lines in
``linecache`` for the life of the program. The program imports about sixty modules
after Qt at start, so every start paid for reading them and kept 3.6 MiB of source
text (measured at the referral list's first paint on the decade dataset). The answer
is the same when the file's bytes are searched directly.
"""

from __future__ import annotations

import sys
from types import ModuleType


def uses_pyside(module: ModuleType) -> bool:
    """True when ``module``'s source file mentions PySide6 (as PySide's own check says)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str):
        return False  # a built-in module
    if path.endswith((".pyc", ".pyo")):
        path = path[:-1]
    if not path.endswith(".py"):
        return False  # an extension or a frozen module: no source, as getsource finds
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def lighten_import_check() -> bool:
    """Put :func:`uses_pyside` in place of PySide's check; False where PySide has none."""
    feature = sys.modules.get("PySide6.support.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False  # another PySide: its own check stays
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
