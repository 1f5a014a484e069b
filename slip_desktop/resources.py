"""Find bundled resources both in a source tree and in a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the folder holding ``resources/`` files."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def path(name: str) -> Path:
    """Return the path of a resource file by its name inside ``resources/``."""
    return resources_dir() / name
