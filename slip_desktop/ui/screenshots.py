"""Render each tab of a window to a PNG, for documentation and visual checks."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMenu, QTabWidget, QWidget

from slip_desktop.db.opening import seed_if_asked, start_audit
from slip_desktop.ui.first_paint import first_paint_pending
from slip_desktop.ui.screen_fit import fit_to_screen
from slip_desktop.ui.unlock import fail, unlock_store

if TYPE_CHECKING:
    from slip_desktop.db.store import Store
    from slip_desktop.ui.main_window import MainWindow

log = logging.getLogger("slip_desktop")

#: How long a newly shown tab is given to paint and finish what follows its first paint
#: (the Referrals tab reads the chosen pupil's timeline then).
SETTLE_MS = 400
#: The longest a chart (anything with a ``drawn`` property) is waited for: its first
#: drawing imports matplotlib, and on a busy machine the shot showed an empty pane.
DRAW_WAIT_MS = 5000


def _settle(window: QWidget | None = None) -> None:
    from PySide6.QtCore import QThreadPool

    clock = QElapsedTimer()
    clock.start()
    pool = QThreadPool.globalInstance()
    # Tabs fill from worker threads: wait for their reads too (up to a minute).
    def busy() -> bool:
        return bool(pool.activeThreadCount()) or first_paint_pending()

    while clock.elapsed() < SETTLE_MS or (busy() and clock.elapsed() < 60000):
        QApplication.processEvents()
    if window is None:
        return
    while clock.elapsed() < DRAW_WAIT_MS and any(
        widget.isVisible() and getattr(widget, "drawn", True) is False
        for widget in window.findChildren(QWidget)
    ):
        QApplication.processEvents()
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
        _settle(window)
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
            _settle(window)
            images.append(window.grab().toImage())
    finally:
        tabs.setCurrentIndex(shown)
    return images


#: (file name, opener) of the dialogs rendered too; an opener returns its dialog unshown,
#: the window itself (a page it has just shown) or None (nothing to open it on).
DialogOpeners = Callable[["MainWindow", "Store"], list[tuple[str, Callable[[], object]]]]
#: Written beside the PNGs: every text the renders cut off, one line each.
CUT_REPORT = "cut-text.txt"


def save_dialog_screenshots(
    window: MainWindow, store: Store, folder: Path, openers: DialogOpeners
) -> tuple[list[Path], list[str]]:
    """Render each dialog of ``openers`` as it opens over ``window`` into ``dialog-<name>.png``.

    Return the files written and every text cut off (``ui.fit_check``) in the window's
    tabs and in those dialogs, each line naming its picture.
    """
    from slip_desktop.ui.fit_check import cut_texts

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    cuts: list[str] = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        _settle()
        name = slug(window.tabs.tabText(index))
        cuts += [f"{name}.png: {cut}" for cut in cut_texts(window)]
    for name, opener in openers(window, store):
        shown = opener()
        if not isinstance(shown, QWidget):
            continue
        if not shown.isVisible():
            shown.show()
        _settle()
        target = folder / f"dialog-{name}.png"
        if not shown.grab().save(str(target)):
            raise OSError(f"Could not write {target}")
        written.append(target)
        cuts += [f"{target.name}: {cut}" for cut in cut_texts(shown)]
        if isinstance(shown, QDialog):
            shown.reject()
            shown.deleteLater()
            _settle()
    return written, cuts


def screenshot_database(
    target: str | Path,
    folder: Path,
    demo: bool,
    build_window: Callable[[Store], MainWindow],
    dialogs: DialogOpeners | None = None,
) -> int:
    """Open ``target`` headless (seeding it with ``demo``), render every tab into ``folder``.

    ``build_window`` is the composition root's (only it may put the tabs in a window);
    ``dialogs`` (from ``wiring``) names the dialogs rendered too, and every text the
    renders cut off is written to ``folder/cut-text.txt``. Return the exit code.
    """
    try:
        return _open_and_save(target, folder, demo, build_window, dialogs)
    except Exception as error:  # noqa: BLE001 - anything here is fatal and explained
        log.exception("Could not open the database %s", target)
        return fail(f"Could not open the database {target}: {error}", False)


def _open_and_save(
    target: str | Path,
    folder: Path,
    demo: bool,
    build_window: Callable[[Store], MainWindow],
    dialogs: DialogOpeners | None = None,
) -> int:
    opened = unlock_store(target, interactive=False)
    if isinstance(opened, int):
        return opened
    try:
        seed_if_asked(opened, demo)
        start_audit(opened)
        window = build_window(opened)
        # As on a first run: 1400x860 where the screen has room, less where it has not.
        window.resize(fit_to_screen(window, QSize(1400, 860)))
        window.show()
        written = save_tab_screenshots(window, window.tabs, folder)
        written += save_help_screenshots(window, folder)
        if dialogs is not None:
            shots, cuts = save_dialog_screenshots(window, opened, folder, dialogs)
            written += shots
            report = folder / CUT_REPORT
            report.write_text("".join(f"{cut}\n" for cut in cuts), encoding="utf-8")
            written.append(report)
        print("\n".join(str(p) for p in written))
        window.close()
    finally:
        opened.close()
    return 0
