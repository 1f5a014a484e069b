from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from slip_desktop.db import imports as db_imports
from slip_desktop.db.audit import install_audit
from slip_desktop.db.schools import add_school
from slip_desktop.db.store import Store
from slip_desktop.domain.imports import ImportKind, layout_key
from slip_desktop.domain.schools import SchoolDetails
from slip_desktop.jobs.imports.preview import RowStatus
from slip_desktop.views.imports.wizard import ImportWizard
from tests.jobs.imports.files import ctf_xml, write_csv

TODAY = date(2026, 11, 27)


def _next(qtbot: QtBot, wizard: ImportWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def _commit(qtbot: QtBot, wizard: ImportWizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)


def test_the_wizard_walks_from_file_to_import_and_undo(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_audit(store)
    add_school(store, SchoolDetails("Fernfield Academy", la_code="855"))
    path = tmp_path / "Fernfield CTF.xml"
    path.write_bytes(ctf_xml(40))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    wizard = ImportWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.choose_page.path_edit, str(path))
    _next(qtbot, wizard)
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.mapping_page.boxes["last_name"].currentText() == "Surname"
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.preview is not None)
    assert wizard.preview is not None and wizard.preview.count(RowStatus.NEW) == 40
    assert "40 new" in wizard.preview_page.counts.text()
    assert db_imports.count_rows(store, "pupil") == 0  # nothing written before Import
    _commit(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.summary is not None)
    assert db_imports.count_rows(store, "pupil") == 40
    assert "40 added" in wizard.result_page.text.text()
    assert wizard.table is not None
    key = layout_key(ImportKind.PUPILS, wizard.table.headings)
    assert db_imports.remembered_mapping(store, key)
    qtbot.mouseClick(wizard.result_page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: db_imports.count_rows(store, "pupil") == 0)
    qtbot.waitUntil(lambda: "undone" in wizard.result_page.text.text())
    wizard.close()


def test_rows_with_problems_need_the_explicit_good_rows_only_choice(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    add_school(store, SchoolDetails("Kestrel Park College"))
    path = write_csv(
        tmp_path / "schools.csv",
        ["School name", "URN", "SENCO", "SENCO email"],
        [
            ["Kestrel Park College", "", "", ""],
            ["Ωμέγα Academy", "990102", "Олег Петренко", "oleg@example.org"],
            ["Bad URN School", "12", "", ""],
        ],
    )
    wizard = ImportWizard(store, kind=ImportKind.SCHOOLS, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.choose_page.path_edit.setText(str(path))
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.preview is not None)
    button = wizard.button(QWizard.WizardButton.CommitButton)
    assert not button.isEnabled()
    wizard.preview_page.good_only.setChecked(True)
    assert button.isEnabled()
    _commit(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.summary is not None)
    assert wizard.summary is not None
    assert (wizard.summary.created, wizard.summary.unchanged, wizard.summary.skipped) == (1, 1, 1)
    assert db_imports.count_rows(store, "school_contact") == 1
    wizard.close()


def test_undo_from_the_list_of_past_imports_says_why_it_is_refused(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.db.models import Referral
    from slip_desktop.domain.enums import ReferralKind
    from slip_desktop.jobs.imports.preview import build_plan, preview_file
    from slip_desktop.jobs.imports.readers import read_table
    from slip_desktop.jobs.imports.run import run_import

    school = add_school(store, SchoolDetails("Fernfield Academy", la_code="855"))
    path = tmp_path / "ctf.xml"
    path.write_bytes(ctf_xml(3))
    table = read_table(path)
    mapping = {"upn": 0, "last_name": 1, "first_name": 2, "date_of_birth": 3, "school": 9}
    run_import(store, build_plan(preview_file(store, table, ImportKind.PUPILS, mapping, TODAY)))
    pupil = db_imports.existing_pupils(store)[0].id
    with store.session() as session:
        session.add(
            Referral(
                pupil_id=pupil,
                school_id=school,
                year_group=9,
                kind=ReferralKind.FORUM,
                received_on=TODAY,
            )
        )
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    wizard = ImportWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.choose_page
    assert page.past_model.rowCount() == 1
    page.past_view.selectRow(0)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(warnings))
    assert "cannot be undone" in warnings[0] and "referral" in warnings[0]
    assert db_imports.count_rows(store, "pupil") == 3
    wizard.close()
