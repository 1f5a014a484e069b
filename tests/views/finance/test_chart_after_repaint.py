"""The Finance chart begins drawing once the tab has repainted what changed, not during it."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.views.finance import chart


class _Paints(QObject):
    """Notes when a widget paints."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            self.times.append(time.perf_counter())
        return False


def test_the_chart_draws_after_the_repaint_its_new_figures_cause(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Drawn at once, matplotlib's chunks made the tab's repaint two to three times longer."""
    began: list[float] = []
    real = chart.render_chart

    def render(*args: Any) -> Any:
        began.append(time.perf_counter())
        return real(*args)

    monkeypatch.setattr(chart, "render_chart", render)
    page = QWidget()
    qtbot.addWidget(page)
    label = QLabel("0 statements", page)
    income = chart.FinanceChart(page, background=True)
    layout = QVBoxLayout(page)
    layout.addWidget(label)
    layout.addWidget(income)
    page.resize(600, 700)
    page.show()
    qtbot.waitExposed(page)
    paints = _Paints()
    label.installEventFilter(paints)

    label.setText("14 statements")  # what a term's statements change beside the chart
    income.set_figures("2026-27", {1: Decimal(1200)}, [("Autumn", Decimal(1200))])
    assert not income.drawing  # not begun inside the change

    qtbot.waitUntil(lambda: income.drawn, timeout=30000)
    assert began and paints.times
    assert paints.times[0] < began[0]  # the label repainted before the drawing began
