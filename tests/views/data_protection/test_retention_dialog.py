from __future__ import annotations

from datetime import date
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.models import Pupil
from slip_desktop.db.retention import retention_rules
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.retention import ANONYMISED_FIRST_NAME, RecordType
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.views.data_protection.retention_dialog import RetentionDialog

TODAY = date(2026, 11, 27)


@pytest.fixture
def aged(demo_store: Store) -> Store:
    install_audit(demo_store)
    with demo_store.session() as session:
        pupil = session.get(Pupil, 5)
        assert pupil is not None
        pupil.date_of_birth = date(1992, 2, 29)
        pupil.send_status = SendStatus.SEN_SUPPORT
    return demo_store


def test_anonymise_asks_first_then_removes_identity(
    qtbot: QtBot, aged: Store, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    notifier = ChangeNotifier()
    dialog = RetentionDialog(aged, notifier, TODAY)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.list.model)
    rows = dialog.list.model.rows()
    assert [(r.record_type, r.record_id) for r in rows] == [(RecordType.SEN_PUPIL, 5)]
    assert rows[0].due_on == date(2023, 3, 1)
    dialog.list.table.selectRow(0)

    with patch.object(QMessageBox, "warning", return_value=QMessageBox.StandardButton.No):
        qtbot.mouseClick(dialog.anonymise_button, Qt.MouseButton.LeftButton)
    with aged.session() as session:
        assert session.get(Pupil, 5).first_name != ANONYMISED_FIRST_NAME  # type: ignore[union-attr]

    with (
        patch.object(QMessageBox, "warning", return_value=QMessageBox.StandardButton.Yes) as ask,
        qtbot.waitSignal(notifier.changed) as announced,
    ):
        qtbot.mouseClick(dialog.anonymise_button, Qt.MouseButton.LeftButton)
    assert "cannot be undone" in ask.call_args.args[2]
    assert announced.args == [frozenset({Area.PUPILS})]
    with aged.session() as session:
        assert session.get(Pupil, 5).first_name == ANONYMISED_FIRST_NAME  # type: ignore[union-attr]
    assert dialog.list.model.rowCount() == 0
    assert list_audit(aged, pupil_id=5)[0].action == AuditAction.ANONYMISE


def test_saving_a_longer_rule_takes_the_record_off_the_list(qtbot: QtBot, aged: Store) -> None:
    dialog = RetentionDialog(aged, ChangeNotifier(), TODAY)
    qtbot.addWidget(dialog)
    assert dialog.years[RecordType.SEN_PUPIL].value() == 31
    dialog.years[RecordType.SEN_PUPIL].setValue(40)
    dialog.disposal[RecordType.SEN_PUPIL].setCurrentIndex(
        dialog.disposal[RecordType.SEN_PUPIL].findData("delete")
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    rule = retention_rules(aged)[RecordType.SEN_PUPIL]
    assert (rule.years, rule.disposal.value) == (40, "delete")
    assert dialog.list.model.rowCount() == 0
    assert not dialog.delete_button.isEnabled()
