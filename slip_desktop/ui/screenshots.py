"""Render each tab of a window to a PNG, for documentation and visual checks."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QTabWidget, QWidget

from slip_desktop.db.opening import seed_if_asked, start_audit
from slip_desktop.ui.unlock import fail, unlock_store

if TYPE_CHECKING:
    from slip_desktop.db.store import Store
    from slip_desktop.ui.main_window import MainWindow

log = logging.getLogger("slip_desktop")

#: How long a newly shown tab is given to paint and finish what follows its first paint
#: (the Referrals tab reads the chosen pupil's timeline then).
SETTLE_MS = 150


def _settle() -> None:
    clock = QElapsedTimer()
    clock.start()
    while clock.elapsed() < SETTLE_MS:
        QApplication.processEvents()


def slug(title: str) -> str:
    """Return a file-name-safe form of a tab title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def save_tab_screenshots(window: QWidget, tabs: QTabWidget, folder: Path) -> list[Path]:
    """Show every tab in turn and save the whole window as ``<tab-title>.png``."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        _settle()
        target = folder / f"{slug(tabs.tabText(index))}.png"
        if not window.grab().save(str(target)):
            raise OSError(f"Could not write {target}")
        written.append(target)
    return written


#: Help menu entries whose windows are shot too: (menu text, window title, file name).
HELP_WINDOWS = (
    ("Getting &started...", "Getting started", "getting-started.png"),
    ("&User guide", "SLIP Desktop user guide", "user-guide.png"),
)


def save_help_screenshots(window: QMainWindow, folder: Path) -> list[Path]:
    """Open each Help window of HELP_WINDOWS, save it as a PNG, and close it again."""
    written: list[Path] = []
    help_actions = {a.text(): a for menu in window.findChildren(QMenu) for a in menu.actions()}
    for text, title, name in HELP_WINDOWS:
        action = help_actions.get(text)
        if action is None:
            continue
        action.trigger()
        _settle()
        shown = [d for d in window.findChildren(QDialog) if d.windowTitle() == title]
        if not shown:
            continue
        target = folder / name
        if not shown[0].grab().save(str(target)):
            raise OSError(f"Could not write {target}")
        shown[0].close()
        written.append(target)
    return written


def grab_tabs(window: QWidget, tabs: QTabWidget) -> list[QImage]:
    """Return an image of the window showing each tab in turn; the tab shown is kept."""
    shown = tabs.currentIndex()
    images: list[QImage] = []
    try:
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            _settle()
            images.append(window.grab().toImage())
    finally:
        tabs.setCurrentIndex(shown)
    return images


def screenshot_database(
    target: str | Path, folder: Path, demo: bool, build_window: Callable[[Store], MainWindow]
) -> int:
    """Open ``target`` headless (seeding it with ``demo``), render every tab into ``folder``.

    ``build_window`` is the composition root's (only it may put the tabs in a window).
    Return the exit code.
    """
    try:
        return _open_and_save(target, folder, demo, build_window)
    except Exception as error:  # noqa: BLE001 - anything here is fatal and explained
        log.exception("Could not open the database %s", target)
        return fail(f"Could not open the database {target}: {error}", False)


def _open_and_save(
    target: str | Path, folder: Path, demo: bool, build_window: Callable[[Store], MainWindow]
) -> int:
    opened = unlock_store(target, interactive=False)
    if isinstance(opened, int):
        return opened
    try:
        seed_if_asked(opened, demo)
        start_audit(opened)
        window = build_window(opened)
        window.resize(1400, 860)
        window.show()
        written = save_tab_screenshots(window, window.tabs, folder)
        written += save_help_screenshots(window, folder)
        print("\n".join(str(p) for p in written))
        window.close()
    finally:
        opened.close()
    return 0
