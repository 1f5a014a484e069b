from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from slip_desktop import app as slip_app
from slip_desktop.db.audit import list_audit
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.imports import ImportKind
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.views.imports.wizard import ImportWizard
from slip_desktop.views.settings.checklist import ChecklistDialog


def test_file_import_and_the_schools_step_open_the_wizard(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kinds: list[ImportKind] = []
    monkeypatch.setattr(ImportWizard, "exec", lambda self: kinds.append(self.kind) or 0)
    window = slip_app.build_window(store)
    qtbot.addWidget(window)
    action = next(a for a in window.file_menu.actions() if a.text() == "&Import...")
    action.trigger()
    help_action = next(a for a in window.help_menu.actions() if a.text() == "Getting &started...")
    help_action.trigger()
    dialog = window.findChild(ChecklistDialog)
    assert dialog is not None
    qtbot.mouseClick(dialog.page.buttons["schools_import"], Qt.MouseButton.LeftButton)
    assert kinds == [ImportKind.PUPILS, ImportKind.SCHOOLS]
    dialog.close()


def test_the_tabs_lists_export_what_they_show_onto_the_audit_trail(
    qtbot: QtBot, demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "referrals.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = slip_app.build_window(demo_store)
    qtbot.addWidget(window)
    window.show()
    tab = window.current_tab()
    assert tab is not None
    panels = tab.findChildren(ListPanel)
    assert panels and all(p.export_button.isVisibleTo(p) for p in panels)
    qtbot.mouseClick(panels[0].export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(
            r.action is AuditAction.EXPORT and "referrals.xlsx" in str(r.changes)
            for r in list_audit(demo_store)
        ),
        timeout=20000,
    )
    assert target.exists()


def test_the_audit_view_exports_its_entries_with_real_dates(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from openpyxl import load_workbook

    from slip_desktop.db.audit import install_audit, record_export
    from slip_desktop.db.schools import add_school
    from slip_desktop.domain.schools import SchoolDetails
    from slip_desktop.views.data_protection.audit_view import AuditView

    install_audit(store)
    add_school(store, SchoolDetails("Школа № 5"))
    record_export(store, "something earlier")
    target = tmp_path / "audit.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view = AuditView(store, date.today())
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    assert view.list.model.rowCount() >= 2
    qtbot.mouseClick(view.list.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any("audit.xlsx" in str(r.changes) for r in list_audit(store)))
    sheet = load_workbook(target).active
    assert sheet is not None
    assert sheet.max_row == view.list.model.rowCount() + 1
    assert any(cell.is_date for cell in sheet[2])
    view.close()
