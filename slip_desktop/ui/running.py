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
    from slip_desktop.ui.instance_lock import InstanceLock
    from slip_desktop.ui.main_window import MainWindow
    from slip_desktop.ui.tasks import Task

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
    #: ``first_run(window, store)``: shown once the window is up on a brand-new database.
    first_run: Callable[[MainWindow, Store], None] | None = None


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
        self.first_run = False
        #: The opening's last stage, running in a worker once the first list is painted.
        self.finishing: Task | None = None
        self.instance: InstanceLock | None = None
        #: The exit code when another program already has this database open.
        self.refused: int | None = None
        self.instance = self._take_instance_lock(target)
        self.window = windows.empty(
            open_database=self.open_database, auto_backup=self.hooks.auto_backup
        )
        if self.refused is not None:
            return
        first = self.window.waiting_label()
        if self.hooks.on_window is not None:
            self.hooks.on_window(first)
        _after_first_paint(first, self._open_first_store)

    def _take_instance_lock(self, target: str | Path) -> InstanceLock | None:
        """Lock the database for this program, or say who has it and ask them forward."""
        if "://" in str(target):
            return None
        from slip_desktop.ui.instance_lock import InstanceLock, ask_to_come_forward

        path = Path(target).expanduser().resolve()
        if not path.parent.is_dir():
            return None  # nothing there yet; opening it explains
        lock = InstanceLock(path)
        if lock.try_acquire():
            lock.come_forward_asked.connect(self._on_instance_come_forward_asked)
            return lock
        holder = lock.holder()
        _name_dialogs()  # the message below comes before any window
        asked = ask_to_come_forward(path)
        log.warning("%s is already open (%s); this start exits", path.name, holder.describe())
        unlock.fail(
            f"SLIP Desktop already has {path.name} open: {holder.describe()}. "
            + ("Its window was asked to come forward. " if asked else "")
            + "Only one window may work on a database at a time, so that no save is lost. "
            "If that program is on another computer, close it there first.",
            interactive=True,
        )
        self.refused = 3
        return None

    def _on_instance_come_forward_asked(self) -> None:
        from slip_desktop.ui.instance_lock import bring_forward

        bring_forward(self.window)

    def _open_first_store(self) -> None:
        """Second stage, once the window is painted: the database, sign-in, the first tab."""
        _name_dialogs()  # before the first dialog (passphrase, recovery, sign in)
        store = self._unlock_first_store()
        if store is None:
            return
        if self.hooks.sign_in:
            # Before anyone signs in: a damaged file goes to the recovery screen.
            recovered = unlock.recover_if_damaged(store, interactive=True)
            if recovered is None:
                self._quit(0)
                return
            store = recovered
        # Demo rows are invented: they are seeded before the audit trail starts watching.
        seed_if_asked(store, self.demo)
        start_audit(store)
        # No account yet: this sign-in creates the coordinator's, on a new office's database.
        self.first_run = self.hooks.sign_in and not _has_accounts(store)
        if self.hooks.sign_in and not unlock.signed_in(store):
            _close_when_idle(store)
            self._quit(0)
            return
        self.store = store
        self.windows.attach(self.window, store)
        explain_read_only(self.window, store)
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
        """Last stage, once the first list is painted: the check and the audit, then the menus.

        The opening's rest loads SQLAlchemy, awaits the integrity check's answer and
        installs the audit trail: 0.3-0.5 s of the GUI thread at the decade dataset, the
        list frozen just as it appeared. It runs in a worker (it touches no Qt); a save
        asked for meanwhile waits for it (``Store.sessions``), so none goes unaudited.
        """
        from slip_desktop.ui.import_yield import yield_imports_to_gui_thread
        from slip_desktop.ui.tasks import Task

        store = self.store
        assert store is not None
        yield_imports_to_gui_thread()
        self.finishing = Task(
            lambda _context: finish_opening(store),
            on_success=lambda _result: self._opened(store),
            on_failure=lambda _error: self._opened(store),  # logged by the task
            parent=self.window,
        ).start()

    def _opened(self, store: Store) -> None:
        """The menus, and the first run's welcome, once the database is fully open."""
        if store is not self.store:
            return  # another database was opened meanwhile
        self.window.complete()
        if self.first_run and self.windows.first_run is not None:
            self.windows.first_run(self.window, store)
        explain_read_only(self.window, store)

    def _quit(self, code: int) -> None:
        self.window.close()
        self.app.exit(code)

    def open_database(self, path: str | Path) -> None:
        """Open another database in a new window (File > Open database...)."""
        from slip_desktop.ui.instance_lock import InstanceLock

        lock = InstanceLock(path.expanduser().resolve())
        if not lock.try_acquire():
            unlock.fail(
                f"SLIP Desktop already has {path.name} open: {lock.holder().describe()}. "
                "Only one window may work on a database at a time.",
                interactive=True,
            )
            return
        new_store = unlock.unlock_store(path, interactive=True)
        if not isinstance(new_store, int):
            new_store = unlock.recover_if_damaged(new_store, interactive=True) or 0
        if isinstance(new_store, int):
            lock.release()
            return
        start_audit(new_store)
        first_run = not _has_accounts(new_store)
        if not unlock.signed_in(new_store):
            _close_when_idle(new_store)
            lock.release()
            return
        self.window.close()
        if self.store is not None:
            _close_when_idle(self.store)
        if self.instance is not None:
            self.instance.release()
        self.instance = lock
        lock.come_forward_asked.connect(self._on_instance_come_forward_asked)
        self.store = new_store
        self.window = self.windows.over(
            new_store, open_database=self.open_database, auto_backup=True
        )
        self.window.show()
        if first_run and self.windows.first_run is not None:
            self.windows.first_run(self.window, new_store)

    def run(self) -> int:
        """Show the window and run until it closes; return the exit code."""
        if self.refused is not None:
            self.window.deleteLater()
            return self.refused
        self.window.show()
        code = self.app.exec()
        if self.store is not None:
            _close_when_idle(self.store)
        if self.instance is not None:
            self.instance.release()
        return int(code)


def _name_dialogs() -> None:
    """Name every field from its label from now on (the main window's own comes after its paint).

    Installed before the window painted, the namer cost the start 13-18 ms
    (``accessibility.install_namer_after_first_paint``).
    """
    from slip_desktop.ui.accessibility import install_namer

    install_namer()


def _close_when_idle(store: Store) -> None:
    """Close ``store`` once the reads its tabs started have finished."""
    from slip_desktop.ui.tasks import finish_background_work

    if not finish_background_work():
        log.warning("Background work was still running when the database closed")
    store.close()


def explain_read_only(window: MainWindow, store: Store) -> None:
    """Say on the window's banner why the database is read-only (damage, or the file's rights)."""
    from PySide6.QtWidgets import QLabel

    from slip_desktop.db.opening import DAMAGED_FILE, read_only_reason

    reason = read_only_reason(store)
    if reason is None:
        return
    label = window.read_only_banner.findChild(QLabel)
    if label is not None:
        label.setText(reason)
    # Restoring cannot help a file this account may not write.
    window.restore_newest_button.setVisible(reason == DAMAGED_FILE)


def _after_first_paint(target: QWidget, stage: Callable[[], None]) -> None:
    """Begin the next ``stage`` two event-loop passes after ``target``'s first paint.

    Two passes, so that a one-pass watcher of the same paint (the benchmark's) reports
    before the stage's work begins. Qt is imported here, not with the module.
    """
    from slip_desktop.ui.first_paint import call_after_first_paint

    call_after_first_paint(target, stage, hops=2)


def _has_accounts(store: Store) -> bool:
    from slip_desktop.db.users import has_users

    return has_users(store)


def _content_of(tab: QWidget) -> QWidget:
    """The widget that shows a tab's records: its list's table when it has one."""
    table = getattr(getattr(tab, "list", None), "table", None)
    return tab if table is None else table.viewport()
