"""Tabs' modules imported before their first show: Qt-free layers in a worker, Qt ones here.

PySide 6.11 makes a Qt class's Python type the first time a module names it. Two
threads making types at once crash it: a worker importing a tab module (``from
PySide6.QtWidgets import QHeaderView``) while the GUI thread wrapped a table's header
segfaulted 5 runs in 6 of a small probe, and in the stall walk handed the header back
as a bare ``QWidget``. So a worker imports only the storage, report, job and domain
modules the tabs use (import-linter holds them free of Qt), and the GUI thread imports
the Qt-side modules itself, one per pass of the event loop, each after the modules it
needs: a few milliseconds at a time, never the whole tab at once.
"""

from __future__ import annotations

import dis
import importlib
import importlib.util
import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from importlib.machinery import ModuleSpec
from types import CodeType

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

#: Packages a worker may import: pyproject.toml's contracts keep Qt out of them.
QT_FREE = ("slip_desktop.db", "slip_desktop.domain", "slip_desktop.reports", "slip_desktop.jobs")
#: The program's Qt side: imported on the GUI thread only.
QT_SIDE = ("slip_desktop.ui", "slip_desktop.views")


def _within(name: str, packages: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


@dataclass
class ImportPlan:
    """What importing some modules takes: Qt-free modules, and Qt-side ones in order."""

    qt_free: list[str] = field(default_factory=list)
    #: Each after the program's modules it imports (its dependencies come first).
    qt_side: list[str] = field(default_factory=list)


def _module_code(name: str) -> CodeType | None:
    """The compiled module (from its .pyc, or the frozen build's archive), unrun."""
    spec = _find(name)
    loader = getattr(spec, "loader", None)
    get_code = getattr(loader, "get_code", None)
    if get_code is None:
        return None
    try:
        code: CodeType | None = get_code(name)
    except (ImportError, OSError, SyntaxError):
        return None
    return code


def _find(name: str) -> ModuleSpec | None:
    """``name``'s spec: finding it imports its parent package (import-free in the program)."""
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None


def _is_package(name: str) -> bool:
    spec = _find(name)
    return spec is not None and spec.submodule_search_locations is not None


def imported_by(name: str, code: CodeType) -> set[str]:
    """The modules ``name``'s top-level code imports, names of ``from`` imports included."""
    package = name if code.co_filename.endswith("__init__.py") else name.rpartition(".")[0]
    found: set[str] = set()
    instructions = list(dis.get_instructions(code))
    # Imports under ``if TYPE_CHECKING:`` never run: planned, they imported matplotlib
    # (the Impact tab names its chart type there) in a worker at every start.
    skip_until = -1
    for index, instruction in enumerate(instructions):
        if _checking_types(instructions, index):
            skip_until = int(instructions[index + 1].argval)
        if instruction.opname != "IMPORT_NAME" or index < 2 or instruction.offset < skip_until:
            continue
        level, names = instructions[index - 2].argval, instructions[index - 1].argval
        target = instruction.argval
        if isinstance(level, int) and level > 0:
            target = importlib.util.resolve_name("." * level + target, package)
        found.add(target)
        # ``from package import module``: only a package's names are looked up as modules
        # (looking one up in a module would run that module).
        if isinstance(names, tuple) and _within(target, ("slip_desktop",)) and _is_package(target):
            found.update(f"{target}.{n}" for n in names if n != "*" and _find(f"{target}.{n}"))
    return found


def _checking_types(instructions: list[dis.Instruction], index: int) -> bool:
    """True at ``if TYPE_CHECKING:``: the name loaded, then a jump past the block if false."""
    here = instructions[index]
    if here.opname not in ("LOAD_NAME", "LOAD_GLOBAL") or here.argval != "TYPE_CHECKING":
        return False
    after = instructions[index + 1] if index + 1 < len(instructions) else None
    return after is not None and after.opname.startswith("POP_JUMP") and "FALSE" in after.opname


def plan_imports(modules: Iterable[str]) -> ImportPlan:
    """What importing ``modules`` (the program's Qt-side modules) takes, read, not run.

    Reads the compiled top-level code of each Qt-side module reached, in any thread: no
    module is run, so no Qt type is made.
    """
    graph: dict[str, set[str]] = {}
    qt_free: set[str] = set()
    waiting = [m for m in modules if _within(m, QT_SIDE)]
    while waiting:
        name = waiting.pop()
        if name in graph:
            continue
        code = _module_code(name)
        needs = imported_by(name, code) if code is not None else set()
        graph[name] = {m for m in needs if _within(m, QT_SIDE)}
        waiting.extend(graph[name])
        qt_free.update(m for m in needs if _within(m, QT_FREE))
    return ImportPlan(sorted(qt_free), list(TopologicalSorter(graph).static_order()))


def import_qt_free(plan: ImportPlan) -> None:
    """Import the plan's Qt-free modules (in a worker); one that fails is left for later."""
    for name in plan.qt_free:
        if _within(name, QT_FREE):  # never a Qt module off the GUI thread, whatever the plan
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the tab's first show imports it and reports
                log.debug("Importing %s ahead failed", name, exc_info=True)


class QtSideImports(QObject):
    """Imports the plan's Qt-side modules on the GUI thread, one per event-loop pass.

    ``finished`` (a callable, not a signal) runs once all are imported or tried.
    """

    def __init__(self, names: list[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting = list(reversed(names))
        self.finished: Callable[[], None] | None = None

    def start(self) -> None:
        """Import the first module on the next pass."""
        QTimer.singleShot(0, self, self._next)

    @property
    def done(self) -> bool:
        """True once every module was imported or tried."""
        return not self._waiting

    def _next(self) -> None:
        while self._waiting:
            name = self._waiting.pop()
            if name in sys.modules:
                continue  # a tab shown meanwhile imported it
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the tab's first show imports it and reports
                log.debug("Importing %s ahead failed", name, exc_info=True)
            break
        if self._waiting:
            QTimer.singleShot(0, self, self._next)
        elif self.finished is not None:
            self.finished()
