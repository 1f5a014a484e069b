"""The Impact tab: is the provision working? Figures, charts and the termly board report."""

from __future__ import annotations

import logging
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.impact import impact_figures, report_periods, school_names
from slip_desktop.db.store import Store
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.impact import Figure, Period
from slip_desktop.domain.school_year import academic_year_bounds, academic_year_of
from slip_desktop.jobs.board_report import ALL_SCHOOLS, save_board_report, save_figures_workbook
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.palette import SUMMARY_BACKGROUND, SUMMARY_BORDER
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.ui.screen_fit import shrinkable
from slip_desktop.ui.tasks import Task, run_job
from slip_desktop.ui.text_style import make_heading
from slip_desktop.views.impact import TITLE

if TYPE_CHECKING:
    from slip_desktop.reports.impact_charts import Rendered

CUSTOM = "Custom dates..."
#: The summary while the figures are worked out in the background.
WORKING = "Working out the figures..."

log = logging.getLogger(__name__)


def _cell(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:,.0f}" if value == value.to_integral() else f"{value:,}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


#: The chart's least size in pixels, and the pixels matplotlib draws per inch.
CHART_MINIMUM = (240, 200)
CHART_DPI = 100
#: How long the picture's size must stay put before the chart is drawn again at it.
REDRAW_AFTER_RESIZE_MS = 200


class ChartPicture(QLabel):
    """A chart drawn off the GUI thread, shown as a picture; ``figure`` is matplotlib's.

    Signals:
        resized(): its size changed (the chart is drawn at the picture's size).
    """

    resized = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure: Any = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(*CHART_MINIMUM)
        # The picture follows the pane's size, never the other way round: drawn at a fixed
        # 600 x 400 it was cut on both sides in a narrower pane (1366 x 768 at 125%).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def size_to_draw(self) -> tuple[int, int]:
        """The pixels a chart should have to fill the picture."""
        return max(CHART_MINIMUM[0], self.width()), max(CHART_MINIMUM[1], self.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.resized.emit()

    def show_rendered(self, rendered: Rendered) -> None:
        """Show the pixels ``rendered`` holds; keep its figure."""
        image = QImage(
            rendered.rgba, rendered.width, rendered.height, QImage.Format.Format_RGBA8888
        ).copy()
        self.figure = rendered.figure
        self.setPixmap(QPixmap.fromImage(image))


class ImpactTab(QWidget):
    """Figures for a chosen period and school, each with its table and chart.

    Signals:
        figures_shown(): the figures of the latest choice are on screen (or failed).
    """

    figures_shown = Signal()

    title = TITLE
    areas = frozenset(
        {Area.REFERRALS, Area.MEETINGS, Area.DECISIONS, Area.PLACEMENTS, Area.FINANCE}
    )

    def __init__(
        self, store: Store, notifier: ChangeNotifier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._figures: list[Figure] = []
        #: True while figures are worked out in the background.
        self.loading = False
        self._request = 0
        self._reading: Task | None = None
        #: True while the chart is drawn in the background.
        self.charting = False
        self._chart_request = 0
        self._charting_task: Task | None = None
        self._pending_chart: Figure | None = None
        #: The figure last drawn, and the size it was drawn at.
        self._charted: tuple[Figure, tuple[int, int]] | None = None
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_AFTER_RESIZE_MS)
        self._redraw.timeout.connect(self._draw_at_new_size)
        today = date.today()
        #: The period last shown: kept while a custom date is being typed.
        self._shown_period = Period(*academic_year_bounds(academic_year_of(today)))

        self.period_combo = QComboBox(self)
        shrinkable(self.period_combo, 18)
        self.start_edit = DateField(parent=self)
        self.end_edit = DateField(parent=self)
        # A custom period needs both dates: a missing one is said beside it.
        self.date_errors = FieldErrors()
        boxes = {
            name: self.date_errors.add(name, FieldBox(edit, self))
            for name, edit in (("start", self.start_edit), ("end", self.end_edit))
        }
        for edit in (self.start_edit, self.end_edit):
            edit.setEnabled(False)
        self.school_combo = QComboBox(self)
        shrinkable(self.school_combo, 16)
        self.pdf_button = QPushButton("&Board report PDF...", self)
        self.xlsx_button = QPushButton("Figures as &XLSX...", self)

        bar = QHBoxLayout()
        for label, widget in (
            ("&Period:", self.period_combo),
            ("From", boxes["start"]),
            ("to", boxes["end"]),
            ("Sch&ool:", self.school_combo),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        self.saved_label = QLabel(self)
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.summary = QLabel(self)
        self.summary.setObjectName("impactSummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(
            f"#impactSummary {{ background: {SUMMARY_BACKGROUND}; "
            f"border: 1px solid {SUMMARY_BORDER}; padding: 6px; }}"
        )
        self.figure_list = QListWidget(self)
        name_list(self.figure_list, "Figures")
        self.figure_list.setMinimumWidth(self.figure_list.fontMetrics().averageCharWidth() * 30)
        self.heading = QLabel(self)
        make_heading(self.heading)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.table = ListPanel([], None, noun="rows", parent=self)
        name_list(self.table, "Figure table")
        self._add_empty_state()
        self.chart_holder = QVBoxLayout()
        # Laid out with the tab, so the first chart is drawn at the size it is shown at.
        self._canvas = ChartPicture(self)
        self._canvas.resized.connect(self._redraw.start)
        self.chart_holder.addWidget(self._canvas)

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
        self.start_edit.date_changed.connect(self._on_dates_changed)
        self.end_edit.date_changed.connect(self._on_dates_changed)
        self.school_combo.currentIndexChanged.connect(self._on_school_combo_changed)
        self.figure_list.currentRowChanged.connect(self._on_figure_list_row_changed)
        self.pdf_button.clicked.connect(self._on_pdf_button_clicked)
        self.xlsx_button.clicked.connect(self._on_xlsx_button_clicked)
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)
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
        """Return the period chosen (the one last shown while a custom date is incomplete)."""
        chosen = self.period_combo.currentData()
        if isinstance(chosen, Period):
            return chosen
        start, end = self.start_edit.value(), self.end_edit.value()
        if start is None or end is None:
            return self._shown_period
        return Period(start, max(start, end), f"{long_date(start)} to {long_date(end)}")

    def _check_dates(self) -> bool:
        """Say beside each custom date that is missing; True when the period is complete."""
        if isinstance(self.period_combo.currentData(), Period):
            self.date_errors.clear()
            return True
        problems = {
            name: edit.problem() or f"Enter the {word} day of the period (dd/mm/yyyy)."
            for name, word, edit in (
                ("start", "first", self.start_edit),
                ("end", "last", self.end_edit),
            )
            if edit.value() is None
        }
        if problems:
            self.date_errors.show(problems)
        else:
            self.date_errors.clear()
        return not problems

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
            self.start_edit.set_value(chosen.start)
            self.end_edit.set_value(chosen.end)
        elif self.start_edit.value() is None and self.end_edit.value() is None:
            self.start_edit.set_value(self._shown_period.start)
            self.end_edit.set_value(self._shown_period.end)
        for edit in (self.start_edit, self.end_edit):
            edit.blockSignals(False)

    # -- figures ------------------------------------------------------------
    def refresh(self) -> None:
        """Recompute every figure for the chosen period and school, off the GUI thread.

        The figures read every referral of the period (tens of thousands over ten years):
        the tab says it is working, stays usable, and shows the answer to the latest
        choice when it arrives (an answer to an earlier choice is dropped).
        """
        self._shown_period = self.period()
        period, school, store = self._shown_period, self.school(), self._store
        self._request += 1
        request = self._request
        self.loading = True
        self.summary.setText(WORKING)
        self._reading = Task(
            lambda _context: impact_figures(store, period, school),
            lambda figures: self._on_figures_read(request, figures),
            lambda error: self._on_figures_failed(request, error),
            None,
            self,
        ).start()

    def _on_figures_read(self, request: int, figures: object) -> None:
        if request != self._request:
            return  # a later choice is being worked out
        self.loading = False
        self._figures = list(figures) if isinstance(figures, list) else []
        current = max(0, self.figure_list.currentRow())
        self.figure_list.blockSignals(True)
        self.figure_list.clear()
        for figure in self._figures:
            self.figure_list.addItem(figure.title)
        # Chosen with signals still blocked: the figure (and its chart, the slow part
        # of the fill) is drawn once, not once by the signal and again here.
        self.figure_list.setCurrentRow(min(current, len(self._figures) - 1))
        self.figure_list.blockSignals(False)
        self._show_figure(self.figure_list.currentRow())
        self.summary.setText(self._summary_text())
        self.figures_shown.emit()

    def _on_figures_failed(self, request: int, error: BaseException) -> None:
        if request != self._request:
            return
        self.loading = False
        log.error("Impact figures could not be worked out", exc_info=error)
        self.summary.setText("The figures could not be worked out; the log has the details.")
        self.figures_shown.emit()

    def _summary_text(self) -> str:
        by_key = {f.key: f for f in self._figures}

        from slip_desktop.domain.small_numbers import for_release

        released = {key: for_release(f) for key, f in by_key.items()}

        def share(key: str, label: str, what: str) -> str:
            # a percentage over fewer than five cases is said as the count ("0 of 1")
            figure = released.get(key)
            found = figure.value(label) if figure is not None else None
            if isinstance(found, str):
                return f"<b>{found.replace(' (too few for a %)', '')}</b> {what}"
            return f"<b>{_cell(found) if found is not None else '0'}%</b> {what}"

        total = by_key["money"].value("Total") if "money" in by_key else None
        money = f"£{total:,.2f}" if isinstance(total, Decimal | int | float) else "£0.00"
        tiers = by_key.get("referrals_by_tier")
        referrals = sum(int(r[1]) for r in tiers.rows) if tiers else 0
        started = sum(int(r[1]) for r in by_key["programmes"].rows) if "programmes" in by_key else 0
        parts = [
            f"<b>{referrals}</b> referrals",
            share("forum_to_core", "Conversion %", "forum to Core"),
            f"<b>{started}</b> programmes started",
            share("attendance", "Average attendance during placement %", "centre attendance"),
            share("moves_success", "Success rate %", "managed moves succeeded"),
            f"<b>{money}</b> charged",
        ]
        return " &nbsp;·&nbsp; ".join(parts)

    def figures(self) -> list[Figure]:
        """Return the figures shown."""
        return list(self._figures)

    def _add_empty_state(self) -> None:
        self.table.set_empty_state(
            "Nothing recorded in this period yet: figures appear as referrals, decisions and "
            "placements are recorded."
        )

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
        # matplotlib loads when the chart is first seen, not at start-up; it draws in a
        # worker thread (a chart takes a few hundred milliseconds) and is shown as a picture.
        if not self.isVisible():
            self._pending_chart = figure
            return
        self._pending_chart = None
        from slip_desktop.reports.impact_charts import render_rgba

        size = self._canvas.size_to_draw()
        self._charted = (figure, size)
        inches = (size[0] / CHART_DPI, size[1] / CHART_DPI)
        self._chart_request += 1
        request = self._chart_request
        self.charting = True
        self._charting_task = Task(
            lambda _context: render_rgba(figure, inches, CHART_DPI),
            lambda rendered: self._on_chart_rendered(request, rendered),
            lambda error: self._on_chart_failed(request, error),
            None,
            self,
        ).start()

    def _draw_at_new_size(self) -> None:
        if self._charted is not None and self._charted[1] != self._canvas.size_to_draw():
            self._draw_chart(self._charted[0])

    def _on_chart_rendered(self, request: int, rendered: object) -> None:
        if request != self._chart_request:
            return
        self.charting = False
        self._canvas.show_rendered(cast("Rendered", rendered))

    def _on_chart_failed(self, request: int, error: BaseException) -> None:
        if request != self._chart_request:
            return
        self.charting = False
        log.error("The Impact chart could not be drawn", exc_info=error)

    # -- reports ------------------------------------------------------------
    def _save_name(self, caption: str, suffix: str, pattern: str) -> Path | None:
        period = self.period()
        suggested = f"SLIP board report {period.label or period.start}{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, caption, suggested, pattern)
        if not name:
            return None
        return Path(name if name.endswith(suffix) else name + suffix)

    def _on_pdf_button_clicked(self) -> None:
        target = self._save_name("Save the board report", ".pdf", "PDF files (*.pdf)")
        if target is not None:
            run_job(
                self,
                "Board report",
                save_board_report,
                self._store,
                target,
                self.period(),
                self.school(),
                on_success=self._on_report_saved,
                on_failure=self._on_report_failed,
            )

    def _on_xlsx_button_clicked(self) -> None:
        target = self._save_name("Save the figures", ".xlsx", "Excel workbooks (*.xlsx)")
        if target is not None:
            run_job(
                self,
                "Figures workbook",
                save_figures_workbook,
                self._store,
                target,
                self.period(),
                self.school(),
                on_success=self._on_report_saved,
                on_failure=self._on_report_failed,
            )

    def _on_report_saved(self, path: Path) -> None:
        self.saved_label.setText(f"Saved {path}")

    def _on_report_failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, "Report not saved", f"The report could not be saved: {error}")

    # -- slots --------------------------------------------------------------
    def _on_period_combo_changed(self, _index: int) -> None:
        self._show_period_dates()
        self._check_dates()
        self.refresh()

    def _on_dates_changed(self, _day: date | None) -> None:
        if self._check_dates():
            self.refresh()

    def _on_school_combo_changed(self, _index: int) -> None:
        self.refresh()

    def _on_figure_list_row_changed(self, row: int) -> None:
        self._show_figure(row)
