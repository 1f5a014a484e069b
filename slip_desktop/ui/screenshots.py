"""Render each tab of a window to a PNG, for documentation and visual checks."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget


def slug(title: str) -> str:
    """Return a file-name-safe form of a tab title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def save_tab_screenshots(window: QWidget, tabs: QTabWidget, folder: Path) -> list[Path]:
    """Show every tab in turn and save the whole window as ``<tab-title>.png``."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        QApplication.processEvents()
        target = folder / f"{slug(tabs.tabText(index))}.png"
        if not window.grab().save(str(target)):
            raise OSError(f"Could not write {target}")
        written.append(target)
    return written
