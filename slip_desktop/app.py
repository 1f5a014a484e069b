"""Composition root: command line, logging, paths, the store and migrations, then the window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from slip_desktop import APP_NAME, ORG_NAME, __version__

log = logging.getLogger("slip_desktop")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line described in DESIGN.md."""
    parser = argparse.ArgumentParser(
        prog="slip-desktop", description=f"{APP_NAME}: the SLIP office's desktop tool."
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db", metavar="FILE", help="database file or URL (default: user data folder)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="seed invented demo data into an empty database first"
    )
    parser.add_argument(
        "--screenshot",
        metavar="DIR",
        type=Path,
        help="render every tab to DIR as PNG files, then exit",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="headless smoke check: temp database, demo data, every tab, one PDF",
    )
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


def open_store(target: str | Path):  # type: ignore[no-untyped-def]
    """Open and migrate the database at ``target``."""
    from slip_desktop.db.migrate import upgrade_to_head
    from slip_desktop.db.store import Store

    store = Store.open(target)
    upgrade_to_head(store.engine)
    return store


def tab_factories() -> list:  # type: ignore[type-arg]
    """Return the tabs of the main window, in order."""
    from slip_desktop.views.core_board_tab import CoreBoardTab
    from slip_desktop.views.finance_tab import FinanceTab
    from slip_desktop.views.forum_calendar_tab import ForumCalendarTab
    from slip_desktop.views.referrals_tab import ReferralsTab
    from slip_desktop.views.rosters_tab import RostersTab

    return [ReferralsTab, ForumCalendarTab, CoreBoardTab, RostersTab, FinanceTab]


def make_application(argv: Sequence[str]):  # type: ignore[no-untyped-def]
    """Create the QApplication with the names QSettings uses."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain("slip.example.org.uk")
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def build_window(store, notifier=None, open_database=None):  # type: ignore[no-untyped-def]
    """Assemble the main window over ``store``."""
    from slip_desktop.ui.main_window import MainWindow
    from slip_desktop.ui.notifier import ChangeNotifier

    return MainWindow(store, notifier or ChangeNotifier(), tab_factories(), open_database)


def seed_if_asked(store, demo: bool) -> None:  # type: ignore[no-untyped-def]
    """Seed demo data when ``--demo`` was given, saying what happened."""
    if not demo:
        return
    from slip_desktop.db.demo import seed_demo

    if seed_demo(store, date.today()):
        print(f"Demo data added to {store.location}.")
    else:
        print(f"{store.location} already holds data; demo data was not added.")


def run_self_test() -> int:
    """Migrate a temporary database, seed it, build every tab and write one PDF."""
    from slip_desktop.db.referrals import list_referrals
    from slip_desktop.reports.referral_summary import referral_summary_pdf

    make_application([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="slip-self-test-") as folder:
        store = open_store(Path(folder) / "self-test.db")
        try:
            seed_if_asked(store, True)
            window = build_window(store)
            tabs = window.tab_widgets()
            rows = list_referrals(store)
            pdf = referral_summary_pdf(((r.school, r.kind.label) for r in rows), date.today())
            target = Path(folder) / "self-test.pdf"
            target.write_bytes(pdf)
            ok = len(tabs) >= 5 and bool(rows) and target.read_bytes().startswith(b"%PDF")
            window.close()
            window.deleteLater()
        finally:
            store.close()
    print(
        f"self-test: {'ok' if ok else 'FAILED'} ({len(tabs)} tabs, {len(rows)} referrals, "
        f"{len(pdf):,}-byte PDF)"
    )
    return 0 if ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the program; return its exit code."""
    args = parse_args(argv)
    headless = bool(args.screenshot or args.self_test)
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    configure_logging()
    if args.self_test:
        return run_self_test()

    from slip_desktop.paths import default_database

    target = args.db or default_database()
    try:
        store = open_store(target)
    except Exception as error:  # noqa: BLE001 - anything here is fatal and must be explained
        log.exception("Could not open the database %s", target)
        print(f"Could not open the database {target}: {error}", file=sys.stderr)
        return 2
    seed_if_asked(store, args.demo)

    app = make_application(sys.argv[:1])
    from slip_desktop.ui.notifier import ChangeNotifier

    windows: list = []  # type: ignore[type-arg]

    def open_database(path: Path) -> None:
        nonlocal store
        new_store = open_store(path)
        old_window = windows.pop()
        old_window.close()
        store.close()
        store = new_store
        window = build_window(store, ChangeNotifier(), open_database)
        windows.append(window)
        window.show()

    window = build_window(store, ChangeNotifier(), open_database)
    windows.append(window)
    if args.screenshot:
        from slip_desktop.ui.screenshots import save_tab_screenshots

        window.resize(1400, 860)
        window.show()
        written = save_tab_screenshots(window, window.tabs, args.screenshot)
        print("\n".join(str(p) for p in written))
        window.close()
        store.close()
        return 0
    window.show()
    code = app.exec()
    store.close()
    return int(code)
