"""The Finance tab's "Issue term…": a term's statements in two actions, what was written said."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from slip_desktop.db.statements import load_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import StatementStatus, Term
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.finance import issue_dialog
from slip_desktop.views.finance.issue_dialog import IssueTermDialog
from slip_desktop.views.finance.tab import FinanceTab
from tests.statements_world import build_statements_world
from tests.views.finance.test_finance_tab import TODAY


@pytest.fixture
def tab(qtbot, store: Store) -> FinanceTab:
    build_statements_world(store)
    # In the spring: the autumn term has to be chosen.
    widget = FinanceTab(store, ChangeNotifier(), today=lambda: date(2027, 1, 12), background=False)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    return widget


def _confirm_with(
    monkeypatch: pytest.MonkeyPatch, folder: Path, *, include_nothing_to_pay: bool = False
) -> None:
    """Let the dialog open on ``folder`` and press its Issue button (its own confirmation)."""
    monkeypatch.setattr(issue_dialog, "default_folder", lambda _label: folder)

    def confirm(dialog: IssueTermDialog) -> int:
        dialog.include_zero.setChecked(include_nothing_to_pay)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(IssueTermDialog, "exec", confirm)


def test_a_terms_statements_in_two_actions_from_the_finance_tab(
    qtbot, tab: FinanceTab, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "autumn"
    _confirm_with(monkeypatch, folder)
    actions = 0
    # 1: choose the term.
    tab.term_combo.setCurrentIndex(tab.term_combo.findData(Term.AUTUMN))
    actions += 1
    assert (tab.academic_year, tab.term) == (2026, Term.AUTUMN)
    # 2: Issue term… and confirm in its dialog; nothing was prepared beforehand.
    assert tab.lock_button.isEnabled()
    with qtbot.waitSignal(tab.issue_finished, timeout=60000):
        qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    actions += 1
    assert actions == 2
    docs = load_statements(store, 2026, Term.AUTUMN)
    assert all(d.status == StatementStatus.ISSUED for d in docs)
    assert len(list(folder.glob("*SLIP-2026-000*.pdf"))) == 2
    assert len(list(folder.glob("*.eml"))) == 2
    assert len(list(folder.glob("*.xlsx"))) == 1
    message = tab.message.text()
    assert "Issued 3 statements" in message and "Wrote 2 statement PDFs" in message
    assert "2 e-mail drafts" in message and "1 school with nothing to pay was left out" in message
    qtbot.waitUntil(lambda: "locked" in tab.state_label.text(), timeout=10000)
    assert not tab.lock_button.isEnabled()
    assert "issued" in tab.export_button.text()
    invoices = [tab.statements.model.row_at(i).invoice_number for i in range(3)]
    assert sorted(invoices) == ["", "SLIP-2026-0001", "SLIP-2026-0002"]


def test_include_schools_with_nothing_to_pay_when_ticked(
    qtbot, tab: FinanceTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _confirm_with(monkeypatch, tmp_path / "all", include_nothing_to_pay=True)
    tab.term_combo.setCurrentIndex(tab.term_combo.findData(Term.AUTUMN))
    with qtbot.waitSignal(tab.issue_finished, timeout=60000) as finished:
        qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].pdfs == 3
    assert "No finance contact e-mail for Meadowbank School (invented)" in tab.message.text()


def test_a_term_with_nothing_to_pay_says_no_statement_was_sent(
    qtbot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.finance_world import build_world

    world = build_world(store)
    from slip_desktop.db.models import Placement
    from slip_desktop.domain.enums import PlacementStatus

    with store.session() as s:
        for placement_id in (world.ks4_placement_id, world.ap_placement_id):
            placement = s.get(Placement, placement_id)
            assert placement is not None
            placement.status = PlacementStatus.CANCELLED
        part = s.get(Placement, world.part_time_placement_id)
        assert part is not None
        part.status = PlacementStatus.CANCELLED
    tab = FinanceTab(store, ChangeNotifier(), today=lambda: TODAY, background=False)
    qtbot.addWidget(tab)
    _confirm_with(monkeypatch, tmp_path / "none")
    with qtbot.waitSignal(tab.issue_finished, timeout=60000) as finished:
        qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].pdfs == 0
    message = tab.message.text()
    assert "Wrote no statement PDFs" in message and "no e-mail drafts" in message
    assert "No school had anything to pay" in message
    assert not list((tmp_path / "none").glob("*.pdf"))


def test_issue_comes_after_prepare_and_the_draft_export_stands_apart(tab: FinanceTab) -> None:
    layout = tab.layout().itemAt(1).layout()
    buttons = [
        layout.itemAt(i).widget()
        for i in range(layout.count())
        if isinstance(layout.itemAt(i).widget(), QPushButton)
    ]
    order = [b.text() for b in buttons]
    prepare = order.index(tab.prepare_button.text())
    assert order[prepare + 1] == tab.lock_button.text() == "&Issue term…"
    assert order.index(tab.export_button.text()) > prepare + 1
    assert "draft" in tab.export_button.text()


def test_the_issue_dialog_refuses_an_empty_folder(qtbot) -> None:
    dialog = IssueTermDialog("Autumn 2026-27")
    qtbot.addWidget(dialog)
    dialog.folder_edit.clear()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.result() != IssueTermDialog.DialogCode.Accepted
    assert "Choose the folder" in dialog.errors.messages().get("folder", dialog.error.text())


def test_a_failure_after_the_lock_says_the_term_is_issued_and_how_to_get_the_files(
    qtbot, tab: FinanceTab, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slip_desktop.jobs import term_statements

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(term_statements, "_write_books", broken)
    _confirm_with(monkeypatch, tmp_path / "full")
    tab.term_combo.setCurrentIndex(tab.term_combo.findData(Term.AUTUMN))
    qtbot.mouseClick(tab.lock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "writing its files failed" in tab.message.text(), timeout=60000)
    assert "No space left on device" in tab.message.text()
    assert "Export issued statements" in tab.message.text()
