from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from slip_desktop.db.audit import list_audit, record_export
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import SendStatus
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column


class _Row(NamedTuple):
    name: str
    year: int
    born: date
    cost: Decimal
    send: SendStatus


ROWS = [
    _Row("Nguyễn Thị Ánh", 9, date(2012, 3, 4), Decimal("1035.50"), SendStatus.EHC_PLAN),
    _Row("Σοφία Παπαδοπούλου", 10, date(2011, 1, 2), Decimal("0"), SendStatus.NONE),
    _Row("Олег Петренко", 8, date(2013, 5, 6), Decimal("12.25"), SendStatus.SEN_SUPPORT),
]
COLUMNS = [
    Column("Name", lambda r: r.name),
    Column("Year", lambda r: r.year, align_right=True),
    Column("Born", lambda r: r.born),
    Column("Cost £", lambda r: r.cost),
    Column("SEND", lambda r: r.send),
]


def _panel(qtbot: QtBot, store: Store) -> ListPanel[_Row]:
    panel: ListPanel[_Row] = ListPanel(COLUMNS, lambda r: r.name, noun="pupils")
    qtbot.addWidget(panel)
    panel.set_rows(ROWS)
    assert not panel.export_button.isVisibleTo(panel)  # no export without an audit trail
    panel.enable_export(lambda what: record_export(store, what))
    panel.show()
    return panel


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_list_exports_what_it_shows_filtered_and_sorted_and_is_audited(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    target = tmp_path / f"pupils{suffix}"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)")
    )
    panel = _panel(qtbot, store)
    panel.set_extra_filter(lambda r: r.year >= 9)
    panel.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(r.action is AuditAction.EXPORT for r in list_audit(store)))
    if suffix == ".csv":
        lines = target.read_text(encoding="utf-8-sig").splitlines()
        assert lines[1].startswith("Σοφία Παπαδοπούλου,10,2011-01-02")
        assert len(lines) == 3
        return
    sheet = load_workbook(target).active
    assert sheet is not None
    assert [c.value for c in sheet[1]] == ["Name", "Year", "Born", "Cost £", "SEND"]
    assert sheet.max_row == 3  # Олег (Year 8) is filtered out
    assert sheet["A2"].value == "Σοφία Παπαδοπούλου"  # sorted by year, descending
    assert sheet["B2"].data_type == "n" and sheet["B2"].value == 10
    assert sheet["D3"].data_type == "n" and sheet["D3"].value == 1035.5
    assert sheet["C3"].is_date
    assert sheet["E3"].value == "EHC plan"
