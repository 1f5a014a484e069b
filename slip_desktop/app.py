"""Composition root: command line, logging, paths, the store and migrations, then the window."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

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


def open_store(target: str | Path, passphrase: str | None = None, *, read_only: bool = False):  # type: ignore[no-untyped-def]
    """Open and migrate the database at ``target``.

    Without ``passphrase`` the one in SLIP_DESKTOP_PASSPHRASE is used (tests and headless
    runs set it). A file on a network share is refused (NetworkLocationError), a wrong
    passphrase raises WrongPassphrase and a plain file NotEncrypted; none is changed.
    A read-only store (one that failed its integrity check) is not migrated.
    """
    from slip_desktop.db.encryption import passphrase_from_env
    from slip_desktop.db.migrate import upgrade_to_head
    from slip_desktop.db.store import Store

    if "://" not in str(target):
        _require_local_disk(target)
    store = Store.open(target, passphrase or passphrase_from_env(), read_only=read_only)
    if not read_only:
        upgrade_to_head(store.engine)
    return store


def _require_local_disk(target: str | Path) -> None:
    from slip_desktop.db.integrity import require_local_disk

    # Check the path as given too: resolving turns //server/share into /server/share.
    require_local_disk(Path(target).expanduser())
    require_local_disk(Path(target).expanduser().resolve())


class BackgroundOpen:
    """``Store.open`` of a file on a thread of its own, begun before the window is built.

    SQLCipher's key derivation (~80 ms) and the first read of the file release the GIL,
    so they run on the second core while Qt starts and paints the window.
    """

    def __init__(self, path: Path, passphrase: str) -> None:
        import threading

        self._store: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(path, passphrase), name="slip-open", daemon=True
        )
        self._thread.start()

    def _run(self, path: Path, passphrase: str) -> None:
        from slip_desktop.db.store import Store

        try:
            self._store = Store.open(path, passphrase)
        except BaseException as error:  # noqa: BLE001 - handed to the thread that waits
            self._error = error

    def result(self):  # type: ignore[no-untyped-def]
        """Wait for the store; raise what opening it raised (WrongPassphrase...)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._store


def start_opening(target: str | Path) -> BackgroundOpen | None:
    """Begin opening ``target`` in the background if its passphrase is already known.

    Only an existing encrypted file on a local disk is begun early; anything else (a
    new file, a plain one to encrypt, a network share, no passphrase) is left to
    :func:`unlock_store`, which explains it.
    """
    from slip_desktop.db.encryption import passphrase_from_env
    from slip_desktop.db.store import StoreOpenError, holds_data, is_plain_sqlite

    passphrase = passphrase_from_env()
    if passphrase is None or "://" in str(target):
        return None
    path = Path(target).expanduser().resolve()
    if not holds_data(path) or is_plain_sqlite(path):
        return None
    try:
        _require_local_disk(target)
    except StoreOpenError:
        return None
    return BackgroundOpen(path, passphrase)


def open_checked_store(  # type: ignore[no-untyped-def]
    target: str | Path,
    passphrase: str | None,
    *,
    defer_check: bool = False,
    opening: BackgroundOpen | None = None,
):
    """Open ``target`` like :func:`open_store`, but read-only when quick_check fails.

    With ``defer_check`` the check (it reads the whole file: 0.2 s at ten years) waits
    so the first list can be read and shown: :func:`begin_integrity_check` starts it in
    the background, and it is settled before the first session, so before any write.
    A file that needs migrating is checked first. ``opening`` is a
    :class:`BackgroundOpen` of ``target`` already under way.
    """
    from slip_desktop.db.integrity import finish_quick_check
    from slip_desktop.db.migrate import HEAD_REVISION, schema_revision, upgrade_to_head
    from slip_desktop.db.store import Store

    if "://" not in str(target):
        _require_local_disk(target)
    store = opening.result() if opening is not None else Store.open(target, passphrase)
    if store.path is None or not store.path.exists():
        upgrade_to_head(store.engine)
        return store
    if defer_check and schema_revision(store) == HEAD_REVISION:
        store.on_first_session(settle_integrity)
        return store
    problems = finish_quick_check(store)
    if problems:
        return _read_only_after(store, problems)
    upgrade_to_head(store.engine)
    return store


def _read_only_after(store, problems):  # type: ignore[no-untyped-def]
    log.error("The database %s failed quick_check: %s", store.location, "; ".join(problems[:5]))
    store.become_read_only()
    return store


def begin_integrity_check(store) -> None:  # type: ignore[no-untyped-def]
    """Start the deferred quick_check in the background, unless it has already been settled."""
    from slip_desktop.db.integrity import start_quick_check

    if not store.has_sessions:
        start_quick_check(store)


def settle_integrity(store):  # type: ignore[no-untyped-def]
    """Wait for (or run) the quick_check; a store that failed it becomes read-only. Return it."""
    from slip_desktop.db.integrity import finish_quick_check

    problems = finish_quick_check(store)
    return _read_only_after(store, problems) if problems else store


def _fail(message: str, interactive: bool) -> int:
    """Explain a problem that stops the program (on stderr, and in a box if there is a GUI)."""
    print(message, file=sys.stderr)
    if interactive:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, APP_NAME, message)
    return 2


def offer_backup_for_damaged_file(path: Path, passphrase: str) -> bool:
    """Offer the newest good backup when ``passphrase`` opens it but not the database.

    SQLCipher cannot tell a wrong passphrase from a damaged first page; a backup that the
    same passphrase opens settles it. Return True when the backup was put in place.
    """
    from PySide6.QtWidgets import QMessageBox

    from slip_desktop.db.backup import newest_good_backup, replace_unopenable_database
    from slip_desktop.ui.backup_dialogs import backup_folder

    good = newest_good_backup(backup_folder(), passphrase)
    if good is None:
        return False
    answer = QMessageBox.question(
        None,
        "The database looks damaged",
        f"This passphrase opens the backup {good.path.name} but not the database, so the "
        "database file is probably damaged.\n\nRestore that backup? Anything entered "
        "since it was made is lost; the damaged file is kept beside the database.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    kept = replace_unopenable_database(path, good.path, passphrase)
    log.warning("Restored %s from %s; the damaged file is %s", path, good.path, kept)
    return True


def ask_and_open(path: Path):  # type: ignore[no-untyped-def]
    """Ask the coordinator for the passphrase of ``path`` and open it; None if cancelled.

    An encrypted file: ask until the passphrase fits (a wrong one changes nothing).
    A new file: choose a passphrase (with a strength check). A plain, unencrypted
    file from before encryption: choose a passphrase and encrypt it in place.
    """
    from PySide6.QtWidgets import QDialog

    from slip_desktop.db.encryption import encrypt_plain_database
    from slip_desktop.db.store import StoreOpenError, WrongPassphrase, holds_data, is_plain_sqlite
    from slip_desktop.ui.passphrase_dialog import NewPassphraseDialog, UnlockDialog

    if holds_data(path) and not is_plain_sqlite(path):
        opened: list = []  # type: ignore[type-arg]

        def try_open(text: str) -> str | None:
            try:
                opened.append(open_checked_store(path, text))
            except WrongPassphrase:
                if offer_backup_for_damaged_file(path, text):
                    opened.append(open_checked_store(path, text))
                    return None
                return "That passphrase does not open the database. Check it (and Caps Lock)."
            except StoreOpenError as error:
                return error.message
            return None

        unlock = UnlockDialog(str(path), try_open)
        return opened[0] if unlock.exec() == QDialog.DialogCode.Accepted and opened else None
    if holds_data(path):
        title = "Encrypt the database"
        explanation = (
            f"{path} is not encrypted: anyone who copies it can read it. Choose a passphrase "
            "and SLIP Desktop will encrypt it now; the unencrypted file is overwritten."
        )
    else:
        title = "Choose a passphrase"
        explanation = (
            "The database is encrypted, so a lost or stolen laptop gives nothing away. "
            "Choose the passphrase that will open it; you will type it each time SLIP "
            "Desktop starts and to unlock the window."
        )
    choose = NewPassphraseDialog(title, explanation)
    if choose.exec() != QDialog.DialogCode.Accepted:
        return None
    if holds_data(path):
        encrypt_plain_database(path, choose.chosen())
    return open_checked_store(path, choose.chosen())


def unlock_store(  # type: ignore[no-untyped-def]
    target: str | Path,
    interactive: bool,
    *,
    defer_check: bool = False,
    opening: BackgroundOpen | None = None,
):
    """Open the database for ``main``: the Store, or an exit code if it cannot or was cancelled.

    The passphrase comes from SLIP_DESKTOP_PASSPHRASE when set (headless runs must set it),
    otherwise from the dialogs of :func:`ask_and_open`. ``opening`` is the same file
    already being opened by :func:`start_opening`.
    """
    from slip_desktop.db.encryption import (
        PASSPHRASE_ENV,
        encrypt_plain_database,
        passphrase_from_env,
    )
    from slip_desktop.db.store import NotEncrypted, StoreOpenError, WrongPassphrase

    is_file = "://" not in str(target)
    path = Path(target).expanduser().resolve() if is_file else None
    passphrase = passphrase_from_env()
    try:
        if path is not None and passphrase is None:
            if not interactive:
                return _fail(
                    f"Set the environment variable {PASSPHRASE_ENV} to the database "
                    "passphrase for a run without a window (it is never read from the "
                    "command line, where other users could see it).",
                    interactive,
                )
            _require_local_disk(target)
            store = ask_and_open(path)
            return 0 if store is None else store
        try:
            return open_checked_store(target, passphrase, defer_check=defer_check, opening=opening)
        except WrongPassphrase:
            if (
                path is not None
                and interactive
                and passphrase is not None
                and offer_backup_for_damaged_file(path, passphrase)
            ):
                return open_checked_store(target, passphrase)
            raise
        except NotEncrypted:
            assert path is not None and passphrase is not None
            print(
                f"{path} was not encrypted; encrypting it with the passphrase from "
                f"{PASSPHRASE_ENV}."
            )
            encrypt_plain_database(path, passphrase)
            return open_checked_store(target, passphrase)
    except StoreOpenError as error:
        return _fail(error.message, interactive)


class LazyTab(NamedTuple):
    """A tab the window builds on first show; its module is imported only then."""

    title: str
    module: str
    name: str
    #: Keyword arguments for the tab's constructor.
    options: tuple[tuple[str, Any], ...] = ()

    def __call__(self, store, notifier):  # type: ignore[no-untyped-def]
        """Build the tab."""
        tab_class = getattr(importlib.import_module(self.module), self.name)
        return tab_class(store, notifier, **dict(self.options))


def tab_factories() -> list[LazyTab]:
    """Return the tabs of the main window, in order, as ``views.TABS`` lists them."""
    from slip_desktop.views import TABS

    options = {"referrals": (("timeline_after_paint", True),)}
    return [
        LazyTab(
            importlib.import_module(f"slip_desktop.views.{folder}").TITLE,
            f"slip_desktop.views.{folder}.tab",
            name,
            options.get(folder, ()),
        )
        for folder, name in TABS
    ]


def make_application(argv: Sequence[str]):  # type: ignore[no-untyped-def]
    """Create the QApplication with the names QSettings uses."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(list(argv))
    app.setOrganizationName(ORG_NAME)
    app.setOrganizationDomain("slip.example.org.uk")
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    from slip_desktop.ui.app_icon import app_icon

    # The About box and every window take the application's icon.
    app.setWindowIcon(app_icon())
    return app


def make_window(notifier=None, open_database=None, **options):  # type: ignore[no-untyped-def]
    """Return the main window with no database yet: shown at once, while the store opens."""
    from slip_desktop.ui.main_window import MainWindow
    from slip_desktop.ui.notifier import ChangeNotifier

    return MainWindow(notifier or ChangeNotifier(), tab_factories(), open_database, **options)


def attach_store(window, store) -> None:  # type: ignore[no-untyped-def]
    """Give ``window`` its database: the first tab is built, and the Data protection menu."""
    from slip_desktop.views.data_protection.menu import add_data_protection_menu

    window.attach(store)
    add_data_protection_menu(window, store, window.notifier)


def build_window(store, notifier=None, open_database=None, **options):  # type: ignore[no-untyped-def]
    """Assemble the main window over ``store`` (``options``: idle_limit_seconds, auto_backup)."""
    window = make_window(notifier, open_database, **options)
    attach_store(window, store)
    window.complete()
    return window


def start_audit(store) -> None:  # type: ignore[no-untyped-def]
    """Record every later change to ``store`` in the audit trail, attributed to the user.

    The audit hooks the store's sessions, so it is installed with the first session
    (before any write) and loads nothing until then.
    """
    store.on_first_session(_install_audit)


def _install_audit(store) -> None:  # type: ignore[no-untyped-def]
    from slip_desktop.db.audit import install_audit

    install_audit(store)


def seed_if_asked(store, demo: bool) -> None:  # type: ignore[no-untyped-def]
    """Seed demo data when ``--demo`` was given, saying what happened."""
    if not demo:
        return
    if store.read_only:
        print(f"{store.location} is open read-only; demo data was not added.")
        return
    from datetime import date

    from slip_desktop.db.demo import seed_demo

    if seed_demo(store, date.today()):
        print(f"Demo data added to {store.location}.")
    else:
        print(f"{store.location} already holds data; demo data was not added.")


def run_self_test() -> int:
    """Migrate a temporary database, seed it, build every tab and write one PDF."""
    from slip_desktop.db.action_plans import latest_plan_document
    from slip_desktop.db.referrals import list_referrals
    from slip_desktop.reports.action_plan_pdf import action_plan_pdf

    make_application([sys.argv[0]])
    # The temporary database is encrypted like a real one; its passphrase is thrown away.
    import secrets
    import tempfile

    from slip_desktop.db.encryption import passphrase_from_env

    passphrase = passphrase_from_env() or secrets.token_urlsafe(24)
    with tempfile.TemporaryDirectory(prefix="slip-self-test-") as folder:
        store = open_store(Path(folder) / "self-test.db", passphrase)
        try:
            seed_if_asked(store, True)
            start_audit(store)
            window = build_window(store)
            tabs = window.tab_widgets()
            rows = list_referrals(store)
            pdf = action_plan_pdf(latest_plan_document(store))
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


def _signed_in(store) -> bool:  # type: ignore[no-untyped-def]
    """Ask who is working (or, on first run, create the coordinator's account)."""
    from slip_desktop.ui.login_dialog import ask_sign_in

    return ask_sign_in(store) is not None


class RunningApp:
    """The program with its window up: the window, its store, and opening another database.

    The window is shown before the database opens, so the program appears at once; the
    passphrase, the sign-in and the first tab follow it, and what can wait (backups,
    the integrity check's answer) follows the first tab's paint.
    """

    def __init__(  # type: ignore[no-untyped-def]
        self, app, target: str | Path, demo: bool, probe: str | None, opening=None
    ) -> None:
        from slip_desktop.ui.first_paint import call_after_first_paint
        from slip_desktop.ui.paint_probe import exit_after_first_paint

        self.app = app
        self.target = target
        self.demo = demo
        self.probe = probe
        self.opening = opening
        self.store = None  # type: ignore[var-annotated]
        self.window = make_window(open_database=self.open_database, auto_backup=probe is None)
        first = self.window.waiting_label()
        if probe == "window":
            exit_after_first_paint(first)
        call_after_first_paint(first, self._open_first_store, hops=2)

    def _open_first_store(self) -> None:
        from slip_desktop.ui.first_paint import call_after_first_paint
        from slip_desktop.ui.paint_probe import exit_after_first_paint

        try:
            opened = unlock_store(
                self.target, interactive=True, defer_check=True, opening=self.opening
            )
        except Exception as error:  # noqa: BLE001 - anything here is fatal and must be explained
            log.exception("Could not open the database %s", self.target)
            opened = _fail(f"Could not open the database {self.target}: {error}", True)
        if isinstance(opened, int):
            self._quit(opened)
            return
        store = opened
        # Demo rows are invented: they are seeded before the audit trail starts watching.
        seed_if_asked(store, self.demo)
        start_audit(store)
        if self.probe is None and not _signed_in(store):
            store.close()
            self._quit(0)
            return
        self.store = store
        attach_store(self.window, store)
        shown = _content_of(self.window.current_tab())
        if self.probe == "list":
            exit_after_first_paint(shown)
        call_after_first_paint(shown, self._finish_start, hops=2)

    def _finish_start(self) -> None:
        # The integrity check reads the whole file on the second core while the rest of
        # the program loads; the first session waits for its answer, so a damaged file
        # turns read-only before anything can be written, and the banner says so.
        begin_integrity_check(self.store)
        self.store.sessions  # noqa: B018 - loads SQLAlchemy, settles the check, starts the audit
        self.window.complete()

    def _quit(self, code: int) -> None:
        self.window.close()
        self.app.exit(code)

    def open_database(self, path: Path) -> None:
        """Open another database in a new window (File > Open database...)."""
        new_store = unlock_store(path, interactive=True)
        if isinstance(new_store, int):
            return
        start_audit(new_store)
        if not _signed_in(new_store):
            new_store.close()
            return
        self.window.close()
        if self.store is not None:
            self.store.close()
        self.store = new_store
        self.window = build_window(new_store, None, self.open_database, auto_backup=True)
        self.window.show()

    def run(self) -> int:
        """Show the window and run until it closes; return the exit code."""
        self.window.show()
        code = self.app.exec()
        if self.store is not None:
            self.store.close()
        return int(code)


def _content_of(tab):  # type: ignore[no-untyped-def]
    """The widget that shows a tab's records: its list's table when it has one."""
    table = getattr(getattr(tab, "list", None), "table", None)
    return table.viewport() if table is not None else tab


def _save_screenshots(target: str | Path, folder: Path, demo: bool) -> int:
    """Open ``target`` headless (seeding it with ``demo``), render every tab into ``folder``."""
    from slip_desktop.ui.screenshots import save_tab_screenshots

    opened = unlock_store(target, interactive=False)
    if isinstance(opened, int):
        return opened
    store = opened
    try:
        seed_if_asked(store, demo)
        start_audit(store)
        window = build_window(store)
        window.resize(1400, 860)
        window.show()
        written = save_tab_screenshots(window, window.tabs, folder)
        print("\n".join(str(p) for p in written))
        window.close()
    finally:
        store.close()
    return 0


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
    # With the passphrase known, the file opens on another core while Qt starts.
    opening = None if args.screenshot else start_opening(target)
    app = make_application(sys.argv[:1])
    if args.screenshot:
        try:
            return _save_screenshots(target, args.screenshot, args.demo)
        except Exception as error:  # noqa: BLE001 - anything here is fatal and explained
            log.exception("Could not open the database %s", target)
            return _fail(f"Could not open the database {target}: {error}", False)
    from slip_desktop.ui.paint_probe import probe_requested

    return RunningApp(app, target, args.demo, probe_requested(), opening).run()
