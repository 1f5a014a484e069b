"""The main window: assembles the tabs, menus and status bar, nothing more."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from slip_desktop import APP_NAME, __version__
from slip_desktop.db.store import Store, StoreOpenError
from slip_desktop.domain.errors import DomainError
from slip_desktop.ui import palette
from slip_desktop.ui.accessibility import install_namer_after_first_paint
from slip_desktop.ui.first_paint import call_after_first_paint
from slip_desktop.ui.heap import freeze_long_lived
from slip_desktop.ui.idle_watcher import (
    DEFAULT_IDLE_MINUTES,
    MAX_IDLE_MINUTES,
    MIN_IDLE_MINUTES,
    IdleWatcher,
    clamp_idle_minutes,
)
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.screen_fit import screen_of
from slip_desktop.ui.tab_order import follow_reading_order
from slip_desktop.ui.window_lock import LockAccount, WindowLock

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QShowEvent
    from PySide6.QtWidgets import QDialog

    from slip_desktop.ui.backup_dialogs import BackupController
    from slip_desktop.ui.import_ahead import QtSideImports
    from slip_desktop.ui.tasks import Task

log = logging.getLogger(__name__)

TabFactory = Callable[[Store, ChangeNotifier], QWidget]

#: A shortcut as an action takes it.
Keys = QKeySequence | QKeySequence.StandardKey


IDLE_MINUTES_KEY = "security/idle_minutes"


#: The size the window opens at the first time, when the screen has room for it.
FIRST_RUN_SIZE = QSize(1280, 800)
#: Room kept for the window's title bar and frame, which resize() does not count.
FRAME_ALLOWANCE = QSize(16, 40)


def first_run_size(window: QWidget) -> QSize:
    """Return FIRST_RUN_SIZE, shrunk to fit (with its frame) the screen ``window`` opens on."""
    screen = screen_of(window)
    if screen is None:
        return FIRST_RUN_SIZE
    room = screen.availableGeometry().size() - FRAME_ALLOWANCE
    return FIRST_RUN_SIZE.boundedTo(room)


class MainWindow(QMainWindow):
    """One tab per part of the office's work over one store.

    The window is shown before its database is open, so the program appears at once:
    :meth:`attach` gives it the store and builds the first tab, :meth:`complete` adds
    what may wait until that tab is painted (backups). Tabs get the store and the
    notifier through their constructors; opening another database is handed back to
    the caller through ``open_database``. The window locks (hiding every tab) after
    the idle limit, on Ctrl+L and on the first input after the computer slept past
    the limit.

    Signals:
        locked(): the lock screen now covers the tabs.
        unlocked(): the right passphrase was typed; the tabs are back.
    """

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        notifier: ChangeNotifier,
        tab_factories: Sequence[TabFactory],
        open_database: Callable[[str | Path], None] | None = None,
        *,
        idle_limit_seconds: float | None = None,
        auto_backup: bool = False,
        reveal_tabs_after_a_pass: bool = True,
    ) -> None:
        super().__init__()
        install_namer_after_first_paint(self)
        #: Shortcuts waiting for the first paint or the store, whichever comes first:
        #: the first ``setShortcut`` makes PySide build Qt's namespace, 93 enums (~12 ms
        #: measured on the window's cold start), which the first paint need not wait for.
        self._shortcuts: list[tuple[QAction, Keys]] | None = []
        self._store: Store | None = None
        self.backups: BackupController | None = None
        #: The tabs' modules imported ahead in a worker (tests wait for its ``done``).
        self.tab_imports: Task | None = None
        self.qt_side_imports: QtSideImports | None = None
        self.notifier = notifier
        self._open_database = open_database
        self._auto_backup = auto_backup
        self.setWindowTitle(APP_NAME)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self._tab_factories = list(tab_factories)
        self._unreadable: set[int] = set()
        # Each tab is built the first time it is shown: start-up reads only what the
        # first tab needs, however many years of records the other tabs hold.
        self._pages: list[QWidget] = []
        self._waiting: list[QLabel] = []
        for factory in self._tab_factories:
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.setContentsMargins(0, 0, 0, 0)
            # Its own widget, hidden with its stretches once the tab is built. Centred by
            # stretches: aligning the label would load Qt's enums before the first paint.
            holder = QWidget(page)
            waiting = QLabel("Opening the database...", holder)
            middle = QHBoxLayout()
            middle.addStretch(1)
            middle.addWidget(waiting)
            middle.addStretch(1)
            centred = QVBoxLayout(holder)
            centred.addStretch(1)
            centred.addLayout(middle)
            centred.addStretch(1)
            layout.addWidget(holder)
            self._waiting.append(waiting)
            self._pages.append(page)
            title = getattr(factory, "title", "") or getattr(factory, "__name__", "Tab")
            self.tabs.addTab(page, str(title))
        self._built: dict[int, QWidget] = {}
        #: A tab first chosen by the coordinator is built in one pass of the event loop and
        #: shown (polished, laid out, painted) in the next: two stalls of about half the
        #: first show's (measured: Finance 38-48 ms as one). Tabs built otherwise show at once.
        self._reveal_after_a_pass = reveal_tabs_after_a_pass
        self._to_reveal: set[int] = set()
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._work_page())
        self.setCentralWidget(self.stack)
        self._build_menus()
        self.window_lock = WindowLock(
            self,
            self.stack,
            self._passphrase_matches,
            lambda: [self.quit_action],
            account=LockAccount(lambda: self._store),
        )
        self.db_label = QLabel("Opening the database...")
        self.statusBar().addPermanentWidget(self.db_label)
        if idle_limit_seconds is None:
            idle_limit_seconds = 60.0 * clamp_idle_minutes(
                QSettings().value(IDLE_MINUTES_KEY, DEFAULT_IDLE_MINUTES)
            )
        self.idle_watcher = IdleWatcher(idle_limit_seconds, parent=self)
        self._connect_signals()
        self._add_tab_shortcuts()
        self._restore_settings()
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        call_after_first_paint(self, self._set_shortcuts, hops=2)

    @property
    def store(self) -> Store:
        """The open database (only asked for once :meth:`attach` has given it)."""
        if self._store is None:
            raise RuntimeError("the window has no database yet")
        return self._store

    def attach(self, store: Store) -> None:
        """Show ``store``: the title, the status bar and the current tab, built now."""
        self._store = store
        self._set_shortcuts()
        for waiting in self._waiting:  # what a tab chosen later shows while it is built
            waiting.setText("Loading...")
        self.setWindowTitle(f"{APP_NAME} — {store.location}")
        protection = "encrypted" if store.encrypted else "NOT encrypted"
        if store.path is None and store.engine.dialect.name == "postgresql":
            # A server's files are the server's to encrypt; what this PC controls is the wire.
            protection = f"office server, sslmode={store.engine.url.query.get('sslmode', '?')}"
        self.db_label.setText(f"Database: {store.location} ({protection})")
        self.read_only_banner.setVisible(store.read_only)
        self.lock_action.setEnabled(True)
        self.passphrase_action.setEnabled(store.encrypted and store.path is not None)
        self.copy_to_server_action.setEnabled(store.path is not None and not store.read_only)
        self.offline_copy_action.setEnabled(store.path is None)
        self._start_live_refresh(store)
        if self.isVisible():
            self.idle_watcher.start()
        self._tab(max(0, self.tabs.currentIndex()))

    def complete(self) -> None:
        """Add what can wait until the first tab is on screen: backups (once)."""
        if self.backups is not None:
            return
        from slip_desktop.ui.backup_dialogs import BackupController

        store = self.store
        self.read_only_banner.setVisible(store.read_only)
        self.backups = BackupController(store, self.notifier, self, auto=self._auto_backup)
        self.restore_newest_button.clicked.connect(self.backups.restore_newest_good)
        self.backups.restored.connect(self._on_backups_restored)
        self.backups.backup_written.connect(self._on_backups_backup_written)
        has_file = store.path is not None
        for action in (self.backup_action, self.restore_action, self.backup_folder_action):
            action.setEnabled(has_file)
        self._import_unbuilt_tabs()
        if self._auto_backup and not self.backups.folder_chosen():
            self.statusBar().showMessage(
                f"Backups go to {self.backups.folder}, on this computer. Choose a USB drive "
                "or network folder with File > Backup folder... so a copy lives elsewhere."
            )

    def _import_unbuilt_tabs(self) -> None:
        """Import the modules of the tabs not shown yet, while the first is read.

        A tab's first show used to import its module and what it uses (for the Forum
        calendar ~85 ms of the GUI thread's ~230: class bodies, enums, dataclasses). Done
        ahead, the first show only builds and fills: a worker plans the imports and runs
        the Qt-free ones (storage, SQLAlchemy, reports), then the GUI thread runs the
        Qt-side modules one per pass (``import_ahead`` says why Qt's stay on this thread).
        A factory names its module in ``module`` (``app.LazyTab``); an import that fails
        is left to the first show.
        """
        from slip_desktop.ui.import_ahead import (
            QtSideImports,
            import_qt_free,
            plan_imports,
        )
        from slip_desktop.ui.import_yield import stop_yielding
        from slip_desktop.ui.tasks import Task

        modules = [
            name
            for index, factory in enumerate(self._tab_factories)
            if index not in self._built
            and isinstance(name := getattr(factory, "module", None), str)
        ]

        def work(_context: object) -> list[str]:
            plan = plan_imports(modules)
            import_qt_free(plan)
            return plan.qt_side

        def import_qt_side(names: list[str]) -> None:
            from slip_desktop.ui.heap import freeze_long_lived

            stop_yielding()
            self.qt_side_imports = QtSideImports(names, self)
            # The modules live as long as the program: out of the collector's full walks.
            self.qt_side_imports.finished = freeze_long_lived
            self.qt_side_imports.start()

        # Start-up's last imports in a worker: then workers import at full speed again.
        if modules:
            self.tab_imports = Task(
                work,
                on_success=import_qt_side,
                on_failure=lambda _error: stop_yielding(),  # logged by the task
                parent=self,
            ).start()
        else:
            stop_yielding()

    def _work_page(self) -> QWidget:
        """The tabs, under a banner shown when the database is open read-only."""
        page = QWidget()
        self.read_only_banner = QFrame()
        self.read_only_banner.setStyleSheet(
            f"background: {palette.BANNER_BACKGROUND}; color: {palette.BANNER_TEXT};"
        )
        banner_text = QLabel(
            "This database failed its integrity check at start-up, so it is open read-only: "
            "nothing can be saved. Restore the newest good backup to carry on working."
        )
        banner_text.setWordWrap(True)
        self.restore_newest_button = QPushButton("Restore newest good &backup...")
        banner_layout = QHBoxLayout(self.read_only_banner)
        banner_layout.addWidget(banner_text, 1)
        banner_layout.addWidget(self.restore_newest_button)
        self.read_only_banner.setVisible(False)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.read_only_banner)
        layout.addWidget(self.tabs)
        return page

    def _connect_signals(self) -> None:
        self.idle_watcher.limit_passed.connect(self._on_idle_watcher_limit_passed)
        self.window_lock.locked.connect(self._on_window_lock_locked)
        self.window_lock.unlocked.connect(self._on_window_lock_unlocked)
        # Someone else signed in at the lock screen: every tab reloads for their role.
        self.window_lock.user_switched.connect(lambda: self.notifier.announce(Area.ALL))

    # Lock ---------------------------------------------------------------------------------

    @property
    def lock_screen(self) -> QWidget:
        """The screen that covers the tabs while the window is locked."""
        return self.window_lock.lock_screen

    @property
    def is_locked(self) -> bool:
        """True while the lock screen covers the tabs."""
        return self.window_lock.is_locked

    def lock(self, reason: str = "Locked on request.") -> None:
        """Hide every tab and dialog behind the lock screen; only the passphrase unlocks."""
        self.window_lock.lock(reason)

    @property
    def unlock_prompt(self) -> QDialog | None:
        """The modal passphrase prompt shown when locking over a modal dialog, if any."""
        return self.window_lock.unlock_prompt

    def _passphrase_matches(self, text: str) -> bool:
        if self._store is None:
            return False
        if self.store.passphrase is None:
            # A plain (unencrypted) store has no passphrase: any Unlock press opens it.
            return True
        return self.store.passphrase_matches(text)

    def _on_window_lock_locked(self) -> None:
        self.idle_watcher.set_active(False)
        self.locked.emit()

    def _on_window_lock_unlocked(self) -> None:
        self.idle_watcher.set_active(True)
        self.unlocked.emit()

    def _on_idle_watcher_limit_passed(self) -> None:
        minutes = self.idle_watcher.limit_seconds / 60
        self.lock(f"Locked after {minutes:g} minutes without use.")

    def _on_lock_triggered(self) -> None:
        self.lock()

    def _on_idle_limit_triggered(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        current = round(self.idle_watcher.limit_seconds / 60) or DEFAULT_IDLE_MINUTES
        minutes, ok = QInputDialog.getInt(
            self,
            "Lock when idle",
            "Lock the window after this many minutes without use:",
            max(MIN_IDLE_MINUTES, min(MAX_IDLE_MINUTES, current)),
            MIN_IDLE_MINUTES,
            MAX_IDLE_MINUTES,
        )
        if ok:
            minutes = clamp_idle_minutes(minutes)
            QSettings().setValue(IDLE_MINUTES_KEY, minutes)
            self.idle_watcher.set_limit(60.0 * minutes)

    # Passphrase and backups -----------------------------------------------------------------

    def _on_change_passphrase_triggered(self) -> None:
        from PySide6.QtWidgets import QDialog, QMessageBox

        from slip_desktop.ui.passphrase_dialog import NewPassphraseDialog

        dialog = NewPassphraseDialog(
            "Change passphrase",
            "Choose a new passphrase for the database: with one password each, this is the "
            "recovery passphrase (write it down, keep it apart). Backups made before keep "
            "the old one.",
            verify_current=self._passphrase_matches,
            parent=self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        from slip_desktop.db.encryption import change_passphrase

        try:
            change_passphrase(self.store, dialog.current.text(), dialog.chosen())
        except (StoreOpenError, DomainError) as error:
            QMessageBox.warning(self, "Change passphrase", error.message)
            return
        self.statusBar().showMessage("The passphrase was changed.", 8000)

    def _make_tab(self, index: int, factory: TabFactory) -> QWidget:
        """Build one tab; on a damaged database show why it cannot, instead of failing."""
        try:
            tab = factory(self.store, self.notifier)
        except Exception:  # noqa: BLE001 - one unreadable area must not stop the others
            log.exception("Tab %s could not be built", getattr(factory, "title", factory))
            self._unreadable.add(index)
            page = QLabel(
                "This part of the office's records could not be read from the database, "
                "which looks damaged.\n\nUse File > Restore from backup... (or the banner's "
                "button) to bring back the newest good backup; nothing has been changed.",
            )
            from PySide6.QtCore import Qt

            page.setWordWrap(True)
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            page.setProperty("title", getattr(factory, "title", "Tab"))
            return page
        self._offer_exports(tab)
        return tab

    def _offer_exports(self, tab: QWidget) -> None:
        """Give every list of ``tab`` its Export..., recorded on the audit trail."""
        from slip_desktop.ui.list_panel import ListPanel

        for panel in tab.findChildren(ListPanel):
            panel.enable_export(self._record_export)

    def _record_export(self, what: str) -> None:
        from slip_desktop.db.audit import record_export

        record_export(self.store, what)
        self.statusBar().showMessage(f"Exported: {what}.", 8000)

    def _tab(self, index: int, *, reveal_later: bool = False) -> QWidget:
        """Return the tab at ``index``, building it on first use.

        ``reveal_later``: built hidden, and shown at the event loop's next pass.
        """
        if index not in self._built:
            tab = self._make_tab(index, self._tab_factories[index])
            if reveal_later:
                tab.hide()  # explicitly: a layout shows a new child at the next pass itself
                self._to_reveal.add(index)
                # 1 ms, not 0: Qt posts a zero-delay call ahead of the timers due, so the
                # showing would run before anything else the event loop has waiting.
                QTimer.singleShot(1, self, lambda: self._reveal(index))
            else:
                self._waiting[index].parentWidget().hide()
            self._pages[index].layout().addWidget(tab)
            self._built[index] = tab
            follow_reading_order(tab)
            # The tab and its rows live as long as the window: out of full collections.
            freeze_long_lived()
        elif not reveal_later:
            self._reveal(index)  # asked for before its turn came: shown now
        return self._built[index]

    def _reveal(self, index: int) -> None:
        if index not in self._to_reveal:
            return
        self._to_reveal.discard(index)
        self._waiting[index].parentWidget().hide()
        self._built[index].show()

    def _on_tabs_current_changed(self, index: int) -> None:
        if self._store is not None and 0 <= index < len(self._pages):
            self._tab(index, reveal_later=self._reveal_after_a_pass)

    def _rebuild_unreadable_tabs(self) -> None:
        for index in sorted(self._unreadable):
            self._unreadable.discard(index)
            old = self._built.pop(index, None)
            if old is not None:
                old.setParent(None)
                old.deleteLater()
            self._tab(index)

    def _on_backups_restored(self, path: str) -> None:
        self._rebuild_unreadable_tabs()
        self.read_only_banner.setVisible(self.store.read_only)
        self.statusBar().showMessage(f"Restored from {Path(path).name}.", 8000)

    def _on_backups_backup_written(self, path: str) -> None:
        self.statusBar().showMessage(f"Backup written: {path}", 8000)

    def waiting_label(self) -> QLabel:
        """The current tab's "Opening the database..." text, shown until the tab is built."""
        return self._waiting[max(0, self.tabs.currentIndex())]

    def current_tab(self) -> QWidget | None:
        """Return the tab shown, if it has been built."""
        return self._built.get(self.tabs.currentIndex())

    def show_tab(self, title: str) -> QWidget | None:
        """Bring the tab called ``title`` to the front (built if need be) and return it."""
        for index in range(self.tabs.count()):
            if self.tabs.tabText(index).replace("&", "") == title:
                self.tabs.setCurrentIndex(index)
                return self._tab(index) if self._store is not None else None
        return None

    def tab_widgets(self) -> list[QWidget]:
        """Return the tabs in order (building any not yet shown)."""
        return [self._tab(i) for i in range(self.tabs.count())]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open database...", self)
        self._shortcut(open_action, QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._on_open_triggered)
        open_action.setEnabled(self._open_database is not None)
        file_menu.addAction(open_action)
        self.connect_server_action = self._add_action(
            file_menu,
            "Connect to &office server...",
            self._on_connect_server_triggered,
            enabled=self._open_database is not None,
        )
        self.copy_to_server_action = self._add_action(
            file_menu,
            "Copy this database to the office server...",
            self._on_copy_to_server_triggered,
            enabled=False,
        )
        self.offline_copy_action = self._add_action(
            file_menu,
            "Take a copy for offline &use...",
            self._on_offline_copy_triggered,
            enabled=False,
        )
        file_menu.addSeparator()
        # Enabled by complete(), once the backups have their controller.
        self.backup_action = self._add_action(
            file_menu, "&Back up now", lambda: self._backups().backup_now(), enabled=False
        )
        self.restore_action = self._add_action(
            file_menu,
            "&Restore from backup...",
            lambda: self._backups().restore_from_file(),
            enabled=False,
        )
        self.backup_folder_action = self._add_action(
            file_menu, "Backup &folder...", lambda: self._backups().choose_folder(), enabled=False
        )
        file_menu.addSeparator()
        self.lock_action = self._add_action(
            file_menu, "&Lock now", self._on_lock_triggered, enabled=False
        )
        self._shortcut(self.lock_action, QKeySequence("Ctrl+L"))
        self.idle_action = self._add_action(
            file_menu, "Lock &when idle...", self._on_idle_limit_triggered
        )
        self.passphrase_action = self._add_action(
            file_menu,
            "Change &passphrase...",
            self._on_change_passphrase_triggered,
            enabled=False,
        )
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        self._shortcut(quit_action, QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.quit_action = quit_action

        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction("&About SLIP Desktop", self)
        about_action.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about_action)
        self.file_menu = file_menu
        self.help_menu = help_menu

    def _shortcut(self, action: QAction, keys: Keys) -> None:
        if self._shortcuts is None:
            action.setShortcut(keys)
        else:
            self._shortcuts.append((action, keys))

    def _set_shortcuts(self) -> None:
        waiting, self._shortcuts = self._shortcuts or [], None
        for action, keys in waiting:
            action.setShortcut(keys)

    def _backups(self) -> BackupController:
        self.complete()
        assert self.backups is not None
        return self.backups

    def _add_action(
        self, menu: QWidget, text: str, slot: Callable[[], None], enabled: bool = True
    ) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(lambda _checked=False: slot())
        action.setEnabled(enabled)
        menu.addAction(action)
        return action

    def about_text(self) -> str:
        """Return what the About box says."""
        return (
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>The office tool of a school inclusion partnership.</p>"
            f"<p>Database: {self._store.location if self._store else 'not open yet'}</p>"
        )

    def _on_about_triggered(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, f"About {APP_NAME}", self.about_text())

    def _start_live_refresh(self, store: Store) -> None:
        """On the office server, announce other PCs' saves so the tabs refresh."""
        from slip_desktop.ui.live_refresh import start_live_refresh

        old = getattr(self, "live_refresh", None)
        if old is not None:
            old.stop()
        self.live_refresh = start_live_refresh(store, self.notifier)

    def _on_connect_server_triggered(self) -> None:
        from slip_desktop.ui.server_dialogs import ServerDialog

        dialog = ServerDialog(self)
        if dialog.exec() != ServerDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        if chosen is not None and self._open_database is not None:
            self._open_database(chosen[0])

    def _on_copy_to_server_triggered(self) -> None:
        from slip_desktop.ui.server_dialogs import copy_to_server_dialog

        self._copy_task = copy_to_server_dialog(self.store, self)

    def _on_offline_copy_triggered(self) -> None:
        from slip_desktop.ui.server_dialogs import take_offline_copy_dialog

        self._copy_task = take_offline_copy_dialog(self.store, self)

    def _on_open_triggered(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Open database",
            str(self._store.path or "") if self._store else "",
            "SLIP databases (*.db);;All files (*)",
        )
        if name and self._open_database is not None:
            self._open_database(Path(name))

    def _add_tab_shortcuts(self) -> None:
        # Ctrl+1..9 show the tabs in order, from anywhere in the window.
        for index in range(min(self.tabs.count(), 9)):
            keys = QKeySequence(f"Ctrl+{index + 1}")
            action = QAction(f"Show tab {index + 1}", self)
            self._shortcut(action, keys)
            action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(action)
            shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
            self.tabs.setTabToolTip(index, f"{self.tabs.tabText(index)} ({shown})")

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(first_run_size(self))
        index = settings.value("main_window/tab", 0)
        try:
            self.tabs.setCurrentIndex(int(index))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.tabs.setCurrentIndex(0)

    def save_settings(self) -> None:
        """Remember size, position and the current tab."""
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/tab", self.tabs.currentIndex())

    def showEvent(self, event: QShowEvent) -> None:
        if self._store is not None:
            self.idle_watcher.start()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.idle_watcher.stop()
        live = getattr(self, "live_refresh", None)
        if live is not None:
            live.stop()
        self.save_settings()
        if self.backups is not None and self.backups.auto:
            self.statusBar().showMessage("Writing a backup before closing...")
            self.backups.backup_blocking()
        super().closeEvent(event)
