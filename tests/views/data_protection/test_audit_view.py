from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from slip_desktop.db.audit import install_audit, record_export
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.models import Pupil
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import UserRole
from slip_desktop.views.data_protection.audit_view import AuditView


def _change_pupil(store: Store, pupil_id: int) -> str:
    with store.session() as session:
        pupil = session.get(Pupil, pupil_id)
        assert pupil is not None
        old = pupil.last_name
        pupil.last_name = old + "-Smythe"
    return old


def test_audit_view_filters_by_pupil_and_shows_old_and_new_values(
    qtbot: QtBot,
    demo_store: Store,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    install_audit(demo_store)
    set_current_user(demo_store, Identity(9, "jbloggs", "Jo Bloggs", UserRole.STAFF))
    old = _change_pupil(demo_store, 3)
    set_current_user(demo_store, None)
    record_export(demo_store, "Action plan PDF", 3)
    _change_pupil(demo_store, 4)

    view = AuditView(demo_store, date.today())
    qtbot.addWidget(view)
    view.show()
    qtmodeltester.check(view.list.model)
    assert {r.pupil_id for r in view.list.model.rows()} == {3, 4}

    view.pupil.setCurrentIndex(view.pupil.findData(3))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    rows = view.list.model.rows()
    assert {r.pupil_id for r in rows} == {3}
    assert {r.action.value for r in rows} == {"update", "export"}

    update_row = next(i for i, r in enumerate(rows) if r.action.value == "update")
    view.list.table.selectRow(update_row)
    details = view.details.toPlainText()
    assert f"last_name: {old} -> {old}-Smythe" in details
    assert "jbloggs" in details


def test_audit_view_filters_by_date(qtbot: QtBot, demo_store: Store) -> None:
    install_audit(demo_store)
    _change_pupil(demo_store, 3)
    view = AuditView(demo_store, date.today())
    qtbot.addWidget(view)
    assert view.list.model.rowCount() == 1
    tomorrow = date.today() + timedelta(days=1)
    view.since.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    view.until.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert view.list.model.rowCount() == 0


def test_staff_are_told_the_trail_is_for_the_coordinator(qtbot: QtBot, demo_store: Store) -> None:
    set_current_user(demo_store, Identity(9, "jbloggs", "Jo Bloggs", UserRole.STAFF))
    view = AuditView(demo_store, date.today())
    qtbot.addWidget(view)
    assert "may not see the audit trail" in view.message.text()
    assert view.list.model.rowCount() == 0
