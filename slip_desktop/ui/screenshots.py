"""Render each tab of a window to a PNG, for documentation and visual checks."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

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
