from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

import pandas as pd
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox

from slip_desktop.db.finance import list_adjustments
from slip_desktop.db.rates import list_rate_sets
from slip_desktop.db.statements import load_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import StatementStatus, Term
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.finance import issue_dialog
from slip_desktop.views.finance.dialogs import AdjustmentDialog, PaidDialog
from slip_desktop.views.finance.issue_dialog import IssueTermDialog
from slip_desktop.views.finance.rates_dialog import RatesDialog
from slip_desktop.views.finance.tab import FinanceTab
from tests.finance_world import World, build_world

TODAY = date(2026, 12, 18)
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def world(store: Store) -> World:
    return build_world(store)


@pytest.fixture
def tab(qtbot, store: Store, world: World) -> FinanceTab:
    widget = FinanceTab(store, ChangeNotifier(), today=lambda: TODAY, background=False)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    return widget


def _click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _prepare(qtbot, tab: FinanceTab) -> None:
    """Click Prepare statements and wait for the background write to be shown."""
    _click(qtbot, tab.prepare_button)
    qtbot.waitUntil(lambda: "Preparing" not in tab.message.text(), timeout=20000)


def test_end_of_term_statements_and_workbook_in_two_actions(
    qtbot,
    tab: FinanceTab,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtmodeltester,
) -> None:
    assert (tab.academic_year, tab.term) == (2026, Term.AUTUMN)
    _prepare(qtbot, tab)
    assert tab.statements.model.rowCount() == 1
    assert tab.lines.model.rowCount() == 4
    assert "1 statements, £3,259.39" in tab.state_label.text()
    qtmodeltester.check(tab.statements.model)
    qtmodeltester.check(tab.lines.model)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    with qtbot.waitSignal(tab.export_finished, timeout=30000) as finished:
        _click(qtbot, tab.export_button)
    result = finished.args[0]
    assert result.pdfs == 1
    (pdf,) = tmp_path.glob("*.pdf")
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).split()
    )
    assert "Archer, Amy" in text and "£1,950.39" in text
    sheets = pd.read_excel(result.workbook, sheet_name=None)
    assert list(sheets) == ["Summary", "Brookfield Academy (invented)"]
    summary = sheets["Summary"]
    assert summary["Total"].tolist() == [3259.39, 3259.39]  # the school, then the total row
    assert summary["School"].tolist()[-1] == "Total"
    assert len(pd.read_csv(result.csv)) == 4
    assert "Wrote 1 DRAFT statement PDFs (not invoices)" in tab.message.text()


def _issue(qtbot, tab: FinanceTab, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Click "Issue term…" and confirm its dialog, writing into ``folder``; wait for the job."""
    monkeypatch.setattr(issue_dialog, "default_folder", lambda _label: folder)

    def confirm(dialog: IssueTermDialog) -> int:
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return dialog.result()

    monkeypatch.setattr(IssueTermDialog, "exec", confirm)
    with qtbot.waitSignal(tab.issue_finished, timeout=30000):
        _click(qtbot, tab.lock_button)
    qtbot.waitUntil(lambda: "locked" in tab.state_label.text(), timeout=10000)


def test_issue_lock_and_record_payment(
    qtbot, tab: FinanceTab, store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _prepare(qtbot, tab)
    _issue(qtbot, tab, tmp_path / "issued", monkeypatch)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert "locked" in tab.state_label.text()
    assert not tab.prepare_button.isEnabled()
    assert not tab.adjust_button.isEnabled()

    monkeypatch.setattr(PaidDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    tab.statements.table.selectRow(0)
    _click(qtbot, tab.paid_button)
    (statement,) = load_statements(store, 2026, Term.AUTUMN)
    assert statement.status == StatementStatus.PAID and statement.paid_on == TODAY
    assert tab.statements.model.row_at(0).status == StatementStatus.PAID
    _click(qtbot, tab.unpaid_button)
    assert load_statements(store, 2026, Term.AUTUMN)[0].status == StatementStatus.ISSUED


def test_prepare_without_term_dates_explains_instead_of_crashing(
    qtbot, tab: FinanceTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append(text))
    tab.term_combo.setCurrentIndex(tab.term_combo.findData(Term.SUMMER))
    _prepare(qtbot, tab)
    assert said and "term dates" in said[0]


def test_adjustment_dialog_keeps_what_was_typed_and_books_a_credit(
    qtbot, store: Store, world: World
) -> None:
    schools = [(world.school_id, "Brookfield Academy (invented)")]
    dialog = AdjustmentDialog(store, schools, 2026, Term.AUTUMN, TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.amount, "-45.00")
    dialog._on_buttons_accepted()
    assert dialog.errors.label("reason").isVisibleTo(dialog)
    assert dialog.amount.text() == "-45.00"
    qtbot.keyClicks(dialog.reason, "Centre closed for a day")
    dialog._on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted
    (row,) = list_adjustments(store, 2026)
    assert row.amount == Decimal("-45.00") and row.reason == "Centre closed for a day"


def test_rates_dialog_adds_an_entry_and_keeps_the_history(
    qtbot, store: Store, world: World
) -> None:
    dialog = RatesDialog(store, 2026, "Coordinator")
    qtbot.addWidget(dialog)
    assert dialog.edits["pupil_premium"].text() == "1035.00"
    assert dialog.history.model.rowCount() == 1
    dialog.edits["average_cost_ks4"].setText("seven thousand")
    dialog._on_buttons_accepted()
    assert dialog.errors.label("average_cost_ks4").isVisibleTo(dialog)
    assert dialog.edits["average_cost_ks4"].text() == "seven thousand"
    dialog.edits["average_cost_ks4"].clear()
    qtbot.keyClicks(dialog.edits["average_cost_ks4"], "£7,350.00")
    dialog._on_buttons_accepted()
    assert dialog.result() == QDialog.DialogCode.Accepted
    history = list_rate_sets(store, 2026)
    assert [r.current for r in history] == [True, False]
    assert history[0].average_cost_ks4 == Decimal("7350.00")
    assert history[1].average_cost_ks4 == Decimal("7200.00")


def test_chart_labels_income_by_tier_with_values(qtbot, tab: FinanceTab) -> None:
    _prepare(qtbot, tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.chart.drawn)
    texts = tab.chart.figure_texts()
    assert "Tier 4" in texts and "Tier 3 AP" in texts
    assert "£2,575" in texts  # 1,950.39 + 625.00, to the pound
    assert "£684" in texts


def test_charge_rules_are_explained_in_the_tab(tab: FinanceTab) -> None:
    text = tab.rules.text()
    assert "booked days" in text and "school days in the year" in text and "penny" in text


def test_pandas_and_matplotlib_load_on_first_use_not_at_start_up(tmp_path: Path) -> None:
    script = f"""
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.store import Store
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.finance.tab import FinanceTab
store = Store.open({str(tmp_path / "lazy.db")!r})
upgrade_to_head(store.engine)
tab = FinanceTab(store, ChangeNotifier(), background=False)
loaded = [m for m in ("matplotlib", "pandas", "reportlab") if m in sys.modules]
print("loaded:", loaded)
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert "loaded: []" in result.stdout


def test_change_after_lock_is_booked_by_check_locked_terms(
    qtbot,
    tab: FinanceTab,
    store: Store,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from slip_desktop.db.models import Placement
    from slip_desktop.domain.enums import PlacementStatus

    _prepare(qtbot, tab)
    _issue(qtbot, tab, tmp_path / "issued", monkeypatch)
    with store.session() as s:
        placement = s.get(Placement, world.ap_placement_id)
        placement.status = PlacementStatus.ENDED
        placement.ended_on = date(2026, 11, 20)
    _click(qtbot, tab.corrections_button)
    assert "Booked 1 corrections (-£171.00)" in tab.message.text()
    assert tab.adjustments.model.rowCount() == 1
    assert tab.adjustments.model.row_at(0).term == Term.SPRING
    assert load_statements(store, 2026, Term.AUTUMN)[0].total == Decimal("3259.39")


def test_one_operation_refreshes_the_tab_once(qtbot, tab: FinanceTab) -> None:
    before = tab.refresher.refreshes
    _prepare(qtbot, tab)
    assert tab.refresher.refreshes == before + 1
    assert tab.statements.model.rowCount() == 1


def test_a_hidden_tab_refreshes_when_shown(qtbot, store: Store, world: World) -> None:
    from PySide6.QtWidgets import QTabWidget, QWidget

    from slip_desktop.ui.notifier import Area

    notifier = ChangeNotifier()
    pages = QTabWidget()
    qtbot.addWidget(pages)
    pages.addTab(QWidget(), "Other")
    finance = FinanceTab(store, notifier, today=lambda: TODAY, background=False)
    pages.addTab(finance, "Finance")
    pages.show()
    notifier.announce(Area.FINANCE, Area.PLACEMENTS, Area.PUPILS)
    assert finance.refresher.refreshes == 0 and finance.refresher.stale
    pages.setCurrentWidget(finance)
    qtbot.waitUntil(lambda: finance.refresher.refreshes == 1)
    assert not finance.refresher.stale


def test_preparing_statements_runs_off_the_gui_thread_with_the_button_held(
    qtbot, tab: FinanceTab
) -> None:
    import threading

    from slip_desktop.db import statements as statement_ops

    threads: list[str] = []
    real = statement_ops.prepare_statements

    def watched(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    with patch("slip_desktop.views.finance.tab.prepare_statements", watched):
        _click(qtbot, tab.prepare_button)
        assert not tab.prepare_button.isEnabled()
        qtbot.waitUntil(lambda: "Prepared" in tab.message.text(), timeout=20000)
    assert threads and threads[0] != threading.main_thread().name
    assert tab.prepare_button.isEnabled()
    assert tab.statements.model.rowCount() == 1
