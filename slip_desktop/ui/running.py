"""The program with its window up: window first, then the database and sign-in, then the rest.

The tabs and menus come from the composition root (``app.py``), which alone may import
``views``; this module is handed them as :class:`Windows`. Importing it loads no Qt, so a
caller (the benchmark's probe) can build :class:`StartHooks` before the file is begun.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from slip_desktop.db.opening import BackgroundOpen, finish_opening, seed_if_asked, start_audit
from slip_desktop.ui import unlock

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QWidget

    from slip_desktop.db.store import Store
    from slip_desktop.ui.main_window import MainWindow

log = logging.getLogger("slip_desktop")

#: Called with a widget that is about to be painted for the first time.
PaintWatcher = Callable[["QWidget"], None]


class Windows(NamedTuple):
    """How the composition root makes a main window (``app.make_window`` and its kin)."""

    #: ``empty(open_database=..., auto_backup=...)``: a window with no database yet.
    empty: Callable[..., MainWindow]
    #: ``attach(window, store)``: the first tab is built, and the store's menus.
    attach: Callable[[MainWindow, Store], None]
    #: ``over(store, open_database=..., auto_backup=...)``: a whole window over a store.
    over: Callable[..., MainWindow]


@dataclass(frozen=True)
class StartHooks:
    """What a caller outside the program (the benchmark) watches at start-up, and skips.

    Attributes:
        on_window: given the empty window's waiting text before its first paint.
        on_first_list: given the first tab's records before their first paint.
        sign_in: False for an unattended run no one can sign in to.
        auto_backup: False to leave backups alone (a timed run).
    """

    on_window: PaintWatcher | None = None
    on_first_list: PaintWatcher | None = None
    sign_in: bool = True
    auto_backup: bool = True


class RunningApp:
    """The program with its window up: the window, its store, and opening another database.

    The window is shown before the database opens, so the program appears at once; the
    passphrase, the sign-in and the first tab follow it, and what can wait (backups,
    the integrity check's answer) follows the first tab's paint.
    """

    def __init__(
        self,
        app: QCoreApplication,
        target: str | Path,
        demo: bool,
        opening: BackgroundOpen | None,
        windows: Windows,
        hooks: StartHooks | None = None,
    ) -> None:
        self.app = app
        self.target = target
        self.demo = demo
        self.opening = opening
        self.windows = windows
        self.hooks = hooks or StartHooks()
        self.store: Store | None = None
        self.window = windows.empty(
            open_database=self.open_database, auto_backup=self.hooks.auto_backup
        )
        first = self.window.waiting_label()
        if self.hooks.on_window is not None:
            self.hooks.on_window(first)
        _after_first_paint(first, self._open_first_store)

    def _open_first_store(self) -> None:
        """Second stage, once the window is painted: the database, sign-in, the first tab."""
        store = self._unlock_first_store()
        if store is None:
            return
        # Demo rows are invented: they are seeded before the audit trail starts watching.
        seed_if_asked(store, self.demo)
        start_audit(store)
        if self.hooks.sign_in and not unlock.signed_in(store):
            store.close()
            self._quit(0)
            return
        self.store = store
        self.windows.attach(self.window, store)
        tab = self.window.current_tab()
        assert tab is not None  # attaching the store builds the current tab
        shown = _content_of(tab)
        if self.hooks.on_first_list is not None:
            self.hooks.on_first_list(shown)
        _after_first_paint(shown, self._finish_start)

    def _unlock_first_store(self) -> Store | None:
        try:
            opened = unlock.unlock_store(
                self.target, interactive=True, defer_check=True, opening=self.opening
            )
        except Exception as error:  # noqa: BLE001 - anything here is fatal and must be explained
            log.exception("Could not open the database %s", self.target)
            opened = unlock.fail(f"Could not open the database {self.target}: {error}", True)
        if isinstance(opened, int):
            self._quit(opened)
            return None
        return opened

    def _finish_start(self) -> None:
        """Last stage, once the first list is painted: the check, the audit, the menus."""
        assert self.store is not None
        finish_opening(self.store)
        self.window.complete()

    def _quit(self, code: int) -> None:
        self.window.close()
        self.app.exit(code)

    def open_database(self, path: str | Path) -> None:
        """Open another database in a new window (File > Open database...)."""
        new_store = unlock.unlock_store(path, interactive=True)
        if isinstance(new_store, int):
            return
        start_audit(new_store)
        if not unlock.signed_in(new_store):
            new_store.close()
            return
        self.window.close()
        if self.store is not None:
            self.store.close()
        self.store = new_store
        self.window = self.windows.over(
            new_store, open_database=self.open_database, auto_backup=True
        )
        self.window.show()

    def run(self) -> int:
        """Show the window and run until it closes; return the exit code."""
        self.window.show()
        code = self.app.exec()
        if self.store is not None:
            self.store.close()
        return int(code)


def _after_first_paint(target: QWidget, stage: Callable[[], None]) -> None:
    """Begin the next ``stage`` two event-loop passes after ``target``'s first paint.

    Two passes, so that a one-pass watcher of the same paint (the benchmark's) reports
    before the stage's work begins. Qt is imported here, not with the module.
    """
    from slip_desktop.ui.first_paint import call_after_first_paint

    call_after_first_paint(target, stage, hops=2)


def _content_of(tab: QWidget) -> QWidget:
    """The widget that shows a tab's records: its list's table when it has one."""
    table = getattr(getattr(tab, "list", None), "table", None)
    return tab if table is None else table.viewport()
