"""The Impact tab: is the provision working? Figures, charts and the termly board report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.audit import record_exports
from slip_desktop.db.impact import impact_figures, report_periods, school_names
from slip_desktop.db.store import Store
from slip_desktop.domain.impact import Figure, Period
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.tasks import run_with_progress
from slip_desktop.views.impact import TITLE

ALL_SCHOOLS = "All schools"
CUSTOM = "Custom dates..."


def _cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == value.to_integral() else f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class ImpactTab(QWidget):
    """Figures for a chosen period and school, each with its table and chart."""

    title = TITLE
    areas = frozenset({"referrals", "meetings", "decisions", "placements", "finance", "all"})

    def __init__(
        self, store: Store, notifier: ChangeNotifier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._figures: list[Figure] = []
        self._canvas: Any = None
        self._pending_chart: Figure | None = None

        self.period_combo = QComboBox(self)
        self.period_combo.setMinimumWidth(240)
        self.start_edit = QDateEdit(self)
        self.end_edit = QDateEdit(self)
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd MMM yyyy")
            edit.setEnabled(False)
        self.school_combo = QComboBox(self)
        self.school_combo.setMinimumWidth(220)
        self.pdf_button = QPushButton("Board report &PDF...", self)
        self.xlsx_button = QPushButton("Figures as &XLSX...", self)

        bar = QHBoxLayout()
        for label, widget in (
            ("&Period:", self.period_combo),
            ("From", self.start_edit),
            ("to", self.end_edit),
            ("&School:", self.school_combo),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        self.saved_label = QLabel(self)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.summary = QLabel(self)
        self.summary.setObjectName("impactSummary")
        self.summary.setStyleSheet(
            "#impactSummary { background: #E8EEF5; border: 1px solid #B9CBE0; padding: 6px; }"
        )
        self.figure_list = QListWidget(self)
        self.figure_list.setMinimumWidth(300)
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.table = ListPanel([], None, noun="rows", parent=self)
        self.chart_holder = QVBoxLayout()

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.heading)
        detail_layout.addWidget(self.note)
        body = QSplitter(Qt.Orientation.Horizontal, detail)
        body.addWidget(self.table)
        chart_widget = QWidget(body)
        chart_widget.setLayout(self.chart_holder)
        body.addWidget(chart_widget)
        body.setSizes([420, 620])
        detail_layout.addWidget(body, 1)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.figure_list)
        split.addWidget(detail)
        split.setSizes([320, 1000])

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.saved_label)

        self._fill_choices()
        self.period_combo.currentIndexChanged.connect(self._on_period_combo_changed)
        self.start_edit.dateChanged.connect(self._on_dates_changed)
        self.end_edit.dateChanged.connect(self._on_dates_changed)
        self.school_combo.currentIndexChanged.connect(self._on_dates_changed)
        self.figure_list.currentRowChanged.connect(self._on_figure_list_row_changed)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.xlsx_button.clicked.connect(self._on_xlsx_button_clicked)
        notifier.changed.connect(self._on_notifier_changed)
        self.refresh()

    # -- choices ------------------------------------------------------------
    def _fill_choices(self) -> None:
        self._periods = report_periods(self._store, date.today())
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in self._periods:
            self.period_combo.addItem(period.label, period)
        self.period_combo.addItem(CUSTOM, None)
        # Default: the newest term that has started, else the newest year.
        index = next((i for i, p in enumerate(self._periods) if "term" in p.label), 0)
        self.period_combo.setCurrentIndex(index)
        self.period_combo.blockSignals(False)
        self._show_period_dates()
        self.school_combo.blockSignals(True)
        self.school_combo.clear()
        self.school_combo.addItems([ALL_SCHOOLS, *school_names(self._store)])
        self.school_combo.blockSignals(False)

    def period(self) -> Period:
        """Return the period chosen."""
        chosen = self.period_combo.currentData()
        if isinstance(chosen, Period):
            return chosen
        start = self.start_edit.date().toPython()
        end = self.end_edit.date().toPython()
        return Period(start, max(start, end), f"{start:%d %b %Y} to {end:%d %b %Y}")

    def school(self) -> str | None:
        """Return the school chosen, or None for all schools."""
        text = self.school_combo.currentText()
        return None if text in ("", ALL_SCHOOLS) else text

    def _show_period_dates(self) -> None:
        chosen = self.period_combo.currentData()
        custom = not isinstance(chosen, Period)
        for edit in (self.start_edit, self.end_edit):
            edit.blockSignals(True)
            edit.setEnabled(custom)
        if not custom:
            self.start_edit.setDate(QDate(chosen.start))
            self.end_edit.setDate(QDate(chosen.end))
        for edit in (self.start_edit, self.end_edit):
            edit.blockSignals(False)

    # -- figures ------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every figure for the chosen period and school."""
        self._figures = impact_figures(self._store, self.period(), self.school())
        current = max(0, self.figure_list.currentRow())
        self.figure_list.blockSignals(True)
        self.figure_list.clear()
        for figure in self._figures:
            self.figure_list.addItem(figure.title)
        self.figure_list.blockSignals(False)
        self.figure_list.setCurrentRow(min(current, len(self._figures) - 1))
        self._show_figure(self.figure_list.currentRow())
        self.summary.setText(self._summary_text())

    def _summary_text(self) -> str:
        by_key = {f.key: f for f in self._figures}

        def value(key: str, label: str, column: int = 1) -> str:
            figure = by_key.get(key)
            found = figure.value(label, column) if figure is not None else None
            return _cell(found) if found is not None else "0"

        tiers = by_key.get("referrals_by_tier")
        referrals = sum(int(r[1]) for r in tiers.rows) if tiers else 0
        started = sum(int(r[1]) for r in by_key["programmes"].rows) if "programmes" in by_key else 0
        parts = [
            f"<b>{referrals}</b> referrals",
            f"<b>{value('forum_to_core', 'Conversion %')}%</b> forum to Core",
            f"<b>{started}</b> programmes started",
            f"<b>{value('attendance', 'Average attendance during placement %')}%</b> "
            "centre attendance",
            f"<b>{value('moves_success', 'Success rate %')}%</b> managed moves succeeded",
            f"<b>£{value('money', 'Total')}</b> charged",
        ]
        return " &nbsp;·&nbsp; ".join(parts)

    def figures(self) -> list[Figure]:
        """Return the figures shown."""
        return list(self._figures)

    def _show_figure(self, row: int) -> None:
        if not (0 <= row < len(self._figures)):
            return
        figure = self._figures[row]
        self.heading.setText(figure.title)
        self.note.setText(figure.note)
        self.note.setVisible(bool(figure.note))
        columns = [
            Column(title, (lambda r, i=i: r[i]), _cell, align_right=i > 0)
            for i, title in enumerate(figure.columns)
        ]
        self.table.model.set_columns(columns)
        self.table.set_rows(figure.rows)
        self.table.table.resizeColumnsToContents()
        self._draw_chart(figure)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending_chart is not None:
            self._draw_chart(self._pending_chart)

    def _draw_chart(self, figure: Figure) -> None:
        # matplotlib loads when the chart is first seen, not at start-up.
        if not self.isVisible():
            self._pending_chart = figure
            return
        self._pending_chart = None
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure as MplFigure

        from slip_desktop.reports.impact_charts import draw

        if self._canvas is None:
            self._canvas = FigureCanvasQTAgg(MplFigure(figsize=(6, 4), layout="constrained"))
            self.chart_holder.addWidget(self._canvas)
        mpl_figure = self._canvas.figure
        mpl_figure.clear()
        draw(mpl_figure.add_subplot(), figure)
        self._canvas.draw()

    # -- reports ------------------------------------------------------------
    def _scope(self) -> str:
        return self.school() or ALL_SCHOOLS

    def _save_name(self, caption: str, suffix: str, pattern: str) -> Path | None:
        period = self.period()
        suggested = f"SLIP board report {period.label or period.start}{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, caption, suggested, pattern)
        if not name:
            return None
        return Path(name if name.endswith(suffix) else name + suffix)

    def _on_pdf_button_clicked(self) -> None:
        target = self._save_name("Save the board report", ".pdf", "PDF files (*.pdf)")
        if target is None:
            return
        figures, period, scope = self.figures(), self.period(), self._scope()

        def work(context: Any) -> Path:
            from slip_desktop.reports.board_report import board_report_pdf

            context.progress(0, 1, "Drawing charts and laying out the report...")
            target.write_bytes(board_report_pdf(figures, period, scope))
            return target

        run_with_progress(self, "Board report", work, self._on_report_saved, self._on_report_failed)

    def _on_xlsx_button_clicked(self) -> None:
        target = self._save_name("Save the figures", ".xlsx", "Excel workbooks (*.xlsx)")
        if target is None:
            return
        figures, period, scope = self.figures(), self.period(), self._scope()

        def work(context: Any) -> Path:
            from slip_desktop.reports.board_report import board_report_xlsx

            context.progress(0, 1, "Writing the workbook...")
            board_report_xlsx(target, figures, period, scope)
            return target

        run_with_progress(
            self, "Figures workbook", work, self._on_report_saved, self._on_report_failed
        )

    def _on_report_saved(self, path: Path) -> None:
        self.saved_label.setText(f"Saved {path}")
        # The figures are anonymised, so the row names no pupil; it still shows who took them.
        record_exports(self._store, f"Board report figures (anonymised), {path.name}")

    def _on_report_failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, "Report not saved", f"The report could not be saved: {error}")

    # -- slots --------------------------------------------------------------
    def _on_period_combo_changed(self, _index: int) -> None:
        self._show_period_dates()
        self.refresh()

    def _on_dates_changed(self, *_args: object) -> None:
        self.refresh()

    def _on_figure_list_row_changed(self, row: int) -> None:
        self._show_figure(row)

    def _on_notifier_changed(self, area: str) -> None:
        if area in self.areas:
            self.refresh()
