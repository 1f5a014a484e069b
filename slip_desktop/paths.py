"""Where the program keeps its data, logs and settings on this computer."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_DIR_NAME = "SLIP Desktop"
APP_AUTHOR = "SLIP"


def data_dir() -> Path:
    """Return the per-user data folder (created if missing)."""
    folder = Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database() -> Path:
    """Return the default database file."""
    return data_dir() / "slip.db"


def log_dir() -> Path:
    """Return the folder for log files (created if missing)."""
    folder = Path(platformdirs.user_log_dir(APP_DIR_NAME, APP_AUTHOR))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def backup_dir() -> Path:
    """Return the default backup folder, beside the data.

    The coordinator should choose one on a USB drive or network folder, so a copy
    lives off the laptop.
    """
    return data_dir() / "backups"
