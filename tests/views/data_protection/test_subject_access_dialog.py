from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path
from unittest.mock import patch

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.views.data_protection.subject_access_dialog import SubjectAccessDialog

TODAY = date(2026, 11, 27)


def test_export_writes_the_zip_and_records_the_export(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    install_audit(demo_store)
    dialog = SubjectAccessDialog(demo_store, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pupil.setCurrentIndex(dialog.pupil.findData(7))
    target = tmp_path / "sar.zip"
    with patch.object(QFileDialog, "getSaveFileName", return_value=(str(target), "")):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved_to is not None, timeout=60_000)
    assert "Saved to" in dialog.status.text()
    archive = zipfile.ZipFile(target)
    pdf = next(n for n in archive.namelist() if n.endswith(".pdf"))
    text = PdfReader(io.BytesIO(archive.read(pdf))).pages[0].extract_text()
    assert "Subject access" in text
    exports = [r for r in list_audit(demo_store, pupil_id=7) if r.action == AuditAction.EXPORT]
    assert exports and "Subject access export" in exports[0].changes["what"][1]


def test_cancelling_the_file_choice_exports_nothing(qtbot: QtBot, demo_store: Store) -> None:
    dialog = SubjectAccessDialog(demo_store, TODAY)
    qtbot.addWidget(dialog)
    with patch.object(QFileDialog, "getSaveFileName", return_value=("", "")):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.last_task is None and dialog.saved_to is None
