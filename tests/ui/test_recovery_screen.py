"""Recovery always reachable: any damage leads, before sign-in, to this database's backups."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from slip_desktop import app as slip_app
from slip_desktop.db import users
from slip_desktop.db.backup import make_backup
from slip_desktop.db.database_uuid import database_identity, sidecar_path
from slip_desktop.db.demo import seed_demo
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.opening import READ_ONLY_FILE
from slip_desktop.db.store import Store
from slip_desktop.ui import unlock
from slip_desktop.ui.backup_dialogs import FOLDER_KEY
from slip_desktop.ui.recovery_dialog import RecoveryDialog
from slip_desktop.ui.running import RunningApp
from tests.conftest import DEMO_TODAY, TEST_PASSPHRASE

PAGE = 4096


class _Application:
    """Stands in for the QApplication: exit() would end every later test's event loops."""

    def __init__(self) -> None:
        self.exit_codes: list[int] = []

    def exit(self, code: int) -> None:
        self.exit_codes.append(code)


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A closed demo database (and the identity file beside it), made once."""
    folder = tmp_path_factory.mktemp("template")
    store = Store.open(folder / "office.db", TEST_PASSPHRASE)
    upgrade_to_head(store.engine)
    seed_demo(store, DEMO_TODAY)
    database_identity(store)
    with store.read_connection() as connection:
        pupils = int(connection.execute("SELECT count(*) FROM pupil").fetchone()[0])
    store.close()
    return folder / "office.db", pupils


@pytest.fixture
def office(office_template: tuple[Path, int], tmp_path: Path) -> Path:
    """The office's database with two backups, beside another database's backups, one folder."""
    template, _pupils = office_template
    path = tmp_path / "office.db"
    shutil.copy(template, path)
    shutil.copy(sidecar_path(template), sidecar_path(path))
    shared = tmp_path / "shared-backups"
    QSettings().setValue(FOLDER_KEY, str(shared))
    store = Store.open(path, TEST_PASSPHRASE)
    make_backup(store, shared, datetime(2026, 11, 25, 17, 0))
    make_backup(store, shared, datetime(2026, 11, 26, 17, 0))
    store.close()
    other = Store.open(tmp_path / "other.db", TEST_PASSPHRASE)  # same passphrase, 0 pupils
    upgrade_to_head(other.engine)
    make_backup(other, shared, datetime(2026, 11, 27, 9, 0))  # the newest in the folder
    other.close()
    return path


@pytest.fixture(autouse=True)
def _no_fatal_box(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fatal message box would wait for ever offscreen: collect what it would say."""
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda *args: said.append(str(args[2])))
    monkeypatch.setattr(unlock, "fail", lambda message, interactive: said.append(message) or 2)
    return said


def _damage_page(path: Path, page: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(page * PAGE + 100)
        handle.write(b"\x5a" * 2000)


def _start(qtbot: QtBot, path: Path) -> RunningApp:
    running = slip_app.running_app(_Application(), path, False, slip_app.start_opening(path))
    qtbot.addWidget(running.window)
    running.window.show()
    return running


DAMAGE = {
    "page 1 (the first)": lambda p: _damage_page(p, 0),
    "page 2": lambda p: _damage_page(p, 1),
    "page 6": lambda p: _damage_page(p, 5),
    "page 40": lambda p: _damage_page(p, 39),
    "the middle page": lambda p: _damage_page(p, p.stat().st_size // PAGE // 2),
    "the last page": lambda p: _damage_page(p, p.stat().st_size // PAGE - 1),
    "truncated to half": lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
    "truncated mid-page": lambda p: p.write_bytes(p.read_bytes()[: 30 * PAGE + 1000]),
    "0 bytes": lambda p: p.write_bytes(b""),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damage_of_every_kind_reaches_the_recovery_screen_and_its_restore(
    qtbot: QtBot,
    office: Path,
    office_template: tuple[Path, int],
    damage: str,
    monkeypatch: pytest.MonkeyPatch,
    _no_fatal_box: list[str],
) -> None:
    offered: list[list[str]] = []

    def restore_newest(dialog: RecoveryDialog) -> None:
        offered.append([c.path.name for c in dialog.model.rows()])
        dialog.restore_button.click()

    signed_in: list[Store] = []
    monkeypatch.setattr(RecoveryDialog, "exec", restore_newest)
    monkeypatch.setattr(unlock, "signed_in", lambda store: signed_in.append(store) or True)
    DAMAGE[damage](office)
    running = _start(qtbot, office)
    qtbot.waitUntil(lambda: running.store is not None or bool(_no_fatal_box), timeout=20000)
    assert _no_fatal_box == []
    identity = database_identity(running.store)
    # The recovery screen came before sign-in and offered only this database's backups.
    assert len(offered) == 1 and len(offered[0]) == 2
    assert all(identity in name for name in offered[0])
    assert signed_in == [running.store] and not running.store.read_only
    with running.store.read_connection() as connection:
        pupils = connection.execute("SELECT count(*) FROM pupil").fetchone()[0]
    assert pupils == office_template[1]
    # The damaged file is kept beside the restored one, never silently dropped.
    assert list(office.parent.glob("office.db.damaged-*"))
    running.window.close()
    running.store.close()


def test_a_zero_byte_file_with_no_backup_is_not_replaced_unless_asked(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "slip.db"
    path.write_bytes(b"")
    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: dialog.quit_button.click())
    running = _start(qtbot, path)
    qtbot.waitUntil(lambda: running.app.exit_codes == [0], timeout=20000)
    assert path.stat().st_size == 0 and running.store is None


def test_the_damaged_file_opens_read_only_and_signing_in_writes_nothing(
    qtbot: QtBot, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coordinator = Store.open(office, TEST_PASSPHRASE)
    users.create_first_coordinator(
        coordinator, "zoe.obrien", "Zoë O'Brien-Ćorić", "kettle ribbon 42!"
    )
    coordinator.close()
    _damage_page(office, 39)
    before = office.read_bytes()
    identities: list[object] = []

    def sign_in(store: Store) -> bool:
        identities.append(users.sign_in(store, "zoe.obrien", "kettle ribbon 42!"))
        return True

    monkeypatch.setattr(RecoveryDialog, "exec", lambda dialog: dialog.read_only_button.click())
    monkeypatch.setattr(unlock, "signed_in", sign_in)
    running = _start(qtbot, office)
    qtbot.waitUntil(lambda: running.window.backups is not None, timeout=20000)
    assert running.store.read_only and len(identities) == 1
    assert running.window.read_only_banner.isVisible()
    running.window.close()
    running.store.close()
    assert office.read_bytes() == before  # the sign-in wrote nothing


def test_a_read_only_file_opens_read_only_with_a_clear_banner_and_sign_in_works(
    qtbot: QtBot, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.db import opening

    coordinator = Store.open(office, TEST_PASSPHRASE)
    users.create_first_coordinator(coordinator, "oleh.p", "Олег Петренко", "kettle ribbon 42!")
    coordinator.close()
    # Tests run as root, who may write anything: the permission check is what is stood in for.
    monkeypatch.setattr(opening, "is_writable", lambda path: False)
    monkeypatch.setattr(
        unlock, "signed_in", lambda store: bool(users.sign_in(store, "oleh.p", "kettle ribbon 42!"))
    )
    running = _start(qtbot, office)
    qtbot.waitUntil(lambda: running.window.backups is not None, timeout=20000)
    window = running.window
    assert running.store.read_only and window.read_only_banner.isVisible()
    assert READ_ONLY_FILE in " ".join(
        label.text() for label in window.read_only_banner.findChildren(type(window.db_label))
    )
    assert not window.restore_newest_button.isVisible()
    window.close()
    running.store.close()


def test_the_recovery_screen_lists_dates_and_counts(
    qtbot: QtBot, office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.db.backup import good_backups

    store = Store.open(office, TEST_PASSPHRASE)
    identity = database_identity(store)
    store.close()
    backups = good_backups([office.parent / "shared-backups"], TEST_PASSPHRASE, identity)
    dialog = RecoveryDialog(office, "It failed its check.", backups, can_read_only=True)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == 2
    assert model.index(0, 0).data() == "Thu 26 Nov 2026 17:00"
    assert int(model.index(0, 1).data().replace(",", "")) == backups[0].counts["pupil"] > 0
    assert dialog.read_only_button.isVisibleTo(dialog)
    assert not dialog.start_new_button.isVisibleTo(dialog)
