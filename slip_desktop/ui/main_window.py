"""The main window: assembles the tabs, menus and status bar, nothing more."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from slip_desktop import APP_NAME, __version__
from slip_desktop.db.store import Store
from slip_desktop.ui.notifier import ChangeNotifier

TabFactory = Callable[[Store, ChangeNotifier], QWidget]


class MainWindow(QMainWindow):
    """One tab per part of the office's work over one store.

    Tabs get the store and the notifier through their constructors; opening
    another database is handed back to the caller through ``open_database``.
    """

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        tab_factories: Sequence[TabFactory],
        open_database: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.notifier = notifier
        self._open_database = open_database
        self.setWindowTitle(f"{APP_NAME} — {store.location}")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for factory in tab_factories:
            tab = factory(store, notifier)
            self.tabs.addTab(tab, str(getattr(tab, "title", type(tab).__name__)))
        self.setCentralWidget(self.tabs)
        self._build_menus()
        self.db_label = QLabel(f"Database: {store.location}")
        self.statusBar().addPermanentWidget(self.db_label)
        self._restore_settings()

    def tab_widgets(self) -> list[QWidget]:
        """Return the tabs in order."""
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open database...", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._on_open_triggered)
        open_action.setEnabled(self._open_database is not None)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction("&About SLIP Desktop", self)
        about_action.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about_action)
        self.file_menu = file_menu
        self.help_menu = help_menu

    def about_text(self) -> str:
        """Return what the About box says."""
        return (
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>The office tool of the South Leicestershire Inclusion Partnership.</p>"
            f"<p>Database: {self.store.location}</p>"
        )

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", self.about_text())

    def _on_open_triggered(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Open database",
            str(self.store.path or ""),
            "SLIP databases (*.db);;All files (*)",
        )
        if name and self._open_database is not None:
            self._open_database(Path(name))

    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
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

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        super().closeEvent(event)
