"""Shared fixtures: offscreen Qt, isolated settings, and a fresh migrated database per test."""

from __future__ import annotations

import os

# Must be set before any QApplication exists.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: Every test database is encrypted with this passphrase (it is not a secret).
TEST_PASSPHRASE = "test passphrase: amber kettle ribbon 42"
# Headless runs started by tests (python -m slip_desktop ...) read it from here.
os.environ.setdefault("SLIP_DESKTOP_PASSPHRASE", TEST_PASSPHRASE)

from collections.abc import Iterator  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from slip_desktop.db.demo import seed_demo  # noqa: E402
from slip_desktop.db.migrate import upgrade_to_head  # noqa: E402
from slip_desktop.db.store import Store  # noqa: E402

#: The demo data is built relative to this day so tests see the same data every run.
DEMO_TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep QSettings and the user data folder out of the real home directory."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    if QCoreApplication.instance() is not None:
        # QSettings keeps its file's path for the whole process, whatever HOME says, so
        # empty it: no test sees the settings (backup folder, idle limit...) of another.
        QSettings().clear()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated, empty database, encrypted with TEST_PASSPHRASE."""
    opened = Store.open(tmp_path / "test.db", TEST_PASSPHRASE)
    upgrade_to_head(opened.engine)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(store: Store) -> Store:
    """A migrated database holding the invented demo data."""
    seed_demo(store, DEMO_TODAY)
    return store
