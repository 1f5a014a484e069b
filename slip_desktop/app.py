"""Composition root: the start-up stages (command line, logging, open, sign in, window, run).

Opening a file is decided without Qt in ``db/opening.py``, its dialogs are in ``ui/unlock.py``,
the window's stages run in ``ui/running.py``; only this module puts ``views``' tabs in the window.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from slip_desktop import APP_NAME, ORG_NAME, __version__
from slip_desktop.db.opening import (
    BackgroundOpen,
    open_checked_store,  # noqa: F401 - importable from here, as tests and tools expect
    open_store,
    seed_if_asked,
    start_audit,
    start_opening,
)
from slip_desktop.ui.unlock import ask_and_open, unlock_store  # noqa: F401 - as above

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from slip_desktop.db.store import Store
    from slip_desktop.ui.main_window import MainWindow, TabFactory
    from slip_desktop.ui.notifier import ChangeNotifier
    from slip_desktop.ui.running import RunningApp, StartHooks

    OpenDatabase = Callable[[Path], None] | None

log = logging.getLogger("slip_desktop")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line described in DESIGN.md."""
    parser = argparse.ArgumentParser(
        prog="slip-desktop", description=f"{APP_NAME}: the SLIP office's desktop tool."
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", metavar="FILE", help="database file or URL (default: user data)")
    parser.add_argument(
        "--demo", action="store_true", help="seed invented demo data into an empty database first"
    )
    parser.add_argument(
        "--screenshot", metavar="DIR", type=Path, help="render every tab to DIR as PNGs, then exit"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="headless smoke check: temp database, demo data, every tab, one PDF",
    )
    parser.add_argument("--console", action="store_true", help="Windows: print to the prompt")
    return parser.parse_args(argv)


def configure_logging(verbose: bool = False) -> Path | None:
    """Log to a file in the user log folder (and to stderr); return the log file."""
    from slip_desktop.paths import log_dir

    handlers: list[logging.Handler] = [logging.StreamHandler()]
    log_file: Path | None = None
    try:
        log_file = log_dir() / "slip-desktop.log"
        handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
    except OSError:
        log_file = None
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return log_file


class LazyTab(NamedTuple):
    """A tab the window builds on first show; its module is imported only then."""

    title: str
    module: str
    name: str
    options: tuple[tuple[str, Any], ...] = ()  #: keyword arguments for the constructor

    def __call__(self, store: Store, notifier: ChangeNotifier) -> QWidget:
        """Build the tab."""
        tab_class = getattr(importlib.import_module(self.module), self.name)
        tab: QWidget = tab_class(store, notifier, **dict(self.options))
        return tab


def tab_factories() -> list[LazyTab]:
    """Return the tabs of the main window, in order, as ``views.TABS`` lists them."""
    from slip_desktop.views import IN_THE_WINDOW, TABS

    return [
        LazyTab(
            importlib.import_module(f"slip_desktop.views.{folder}").TITLE,
            f"slip_desktop.views.{folder}.tab",
            name,
            IN_THE_WINDOW.get(folder, ()),
        )
        for folder, name in TABS
    ]


def make_application(argv: Sequence[str]) -> QApplication:
    """Create the QApplication with the names QSettings uses."""
    from PySide6.QtWidgets import QApplication

    from slip_desktop.ui.app_icon import app_icon
    from slip_desktop.ui.pyside_imports import lighten_import_check

    lighten_import_check()  # before the window's modules are imported
    app = cast("QApplication", QApplication.instance() or QApplication(list(argv)))
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain("slip.example.org.uk")
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())  # the About box and every window take it
    return app


def make_window(
    notifier: ChangeNotifier | None = None, open_database: OpenDatabase = None, **options: Any
) -> MainWindow:
    """Return the main window with no database yet: shown at once, while the store opens."""
    from slip_desktop.ui.main_window import MainWindow
    from slip_desktop.ui.notifier import ChangeNotifier

    tabs = cast("list[TabFactory]", tab_factories())  # mypy misses LazyTab's __call__
    return MainWindow(notifier or ChangeNotifier(), tabs, open_database, **options)


def attach_store(window: MainWindow, store: Store) -> None:
    """Give ``window`` its database: the first tab, the Settings, Data protection, Help menus."""
    from slip_desktop.wiring import add_store_menus

    window.attach(store)
    add_store_menus(window, store)


def build_window(
    store: Store, notifier: ChangeNotifier | None = None, open_database: OpenDatabase = None,
    **options: Any,
) -> MainWindow:
    """Assemble the main window over ``store`` (``options``: idle_limit_seconds, auto_backup)."""
    window = make_window(notifier, open_database, **options)
    attach_store(window, store)
    window.complete()
    return window


def running_app(
    app: QApplication,
    target: str | Path,
    demo: bool,
    opening: BackgroundOpen | None = None,
    hooks: StartHooks | None = None,
) -> RunningApp:
    """The program with its (empty) window built; the database opens once it is painted."""
    from slip_desktop.ui.running import RunningApp, Windows
    from slip_desktop.wiring import attach_first_tab, preparing_first_tab, show_getting_started

    empty = preparing_first_tab(make_window, opening)  # its first tab while the file opens
    windows = Windows(empty, attach_first_tab, build_window, show_getting_started)
    return RunningApp(app, target, demo, opening, windows, hooks)


def run_self_test() -> int:
    """Migrate a temporary database, seed it, build every tab and write one PDF."""
    import secrets
    import tempfile

    from slip_desktop.db.action_plans import latest_plan_document
    from slip_desktop.db.encryption import passphrase_from_env
    from slip_desktop.db.referrals import list_referrals
    from slip_desktop.reports.action_plan_pdf import action_plan_pdf
    from slip_desktop.ui.tasks import finish_background_work

    make_application([sys.argv[0]])
    # The temporary database is encrypted like a real one; its passphrase is thrown away.
    passphrase = passphrase_from_env() or secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="slip-self-test-") as folder:
        store = open_store(Path(folder) / "self-test.db", passphrase)
        try:
            seed_if_asked(store, True)
            start_audit(store)
            window = build_window(store)
            tabs = window.tab_widgets()
            rows = list_referrals(store)
            plan = latest_plan_document(store)
            if plan is None:  # not an assert: the packaged bytecode has none (optimize=2)
                raise RuntimeError("self-test: the demo data holds no action plan")
            pdf = action_plan_pdf(plan)
            (target := Path(folder) / "self-test.pdf").write_bytes(pdf)
            ok = len(tabs) >= 5 and bool(rows) and target.read_bytes().startswith(b"%PDF")
            window.close()
            window.deleteLater()
        finally:
            finish_background_work()  # the tabs' reads, before the folder goes
            store.close()
    summary = f"{len(tabs)} tabs, {len(rows)} referrals, {len(pdf):,}-byte PDF"
    print(f"self-test: {'ok' if ok else 'FAILED'} ({summary})")
    return 0 if ok else 1


def start(target: str | Path, demo: bool, hooks: StartHooks | None = None) -> int:
    """Run the program on ``target`` until its window closes (``hooks``: bench/probe.py)."""
    # With the passphrase known, the file opens on another core while Qt is imported and
    # starts: nothing imported before here loads Qt (tests/ui/test_start_order.py).
    opening = start_opening(target)
    app = make_application(sys.argv[:1])
    return running_app(app, target, demo, opening, hooks).run()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the program; return its exit code."""
    from slip_desktop.console import attach_parent_console, wants_console

    if wants_console(sys.argv[1:] if argv is None else argv):  # before --version prints
        attach_parent_console()
    args = parse_args(argv)
    if args.screenshot or args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    configure_logging()
    if args.self_test:
        return run_self_test()
    from slip_desktop.paths import default_database

    target = args.db or default_database()
    if args.screenshot:
        from slip_desktop.ui.screenshots import screenshot_database

        make_application(sys.argv[:1])
        from slip_desktop.wiring import main_dialogs

        return screenshot_database(target, args.screenshot, args.demo, build_window, main_dialogs)
    return start(target, args.demo)
