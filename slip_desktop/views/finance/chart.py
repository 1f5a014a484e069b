"""A matplotlib chart of a year's income by tier and by term, drawn off the GUI thread."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from slip_desktop.ui.palette import NAVY, NAVY_LIGHT
from slip_desktop.ui.tasks import LatestRead

ChartData = tuple[str, dict[int, Decimal], list[tuple[str, Decimal]]]

#: Tiers in the order the chart shows them, with their labels (0 holds adjustments).
TIER_LABELS: tuple[tuple[int, str], ...] = (
    (4, "Tier 4"),
    (3, "Tier 3 AP"),
    (2, "Tiers 1-2\n(no charge)"),
    (0, "Adjustments"),
)
#: Hatches, so the bars differ without colour.
_HATCHES = ("", "//", "..", "xx")
#: The chart's least width in average characters of its font (its term labels stay legible).
MINIMUM_CHARACTERS = 56
#: How long after a change the chart begins drawing: the tab's repaint comes first.
AFTER_THE_REPAINT_MS = 40


def _pounds(value: float) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


class FinanceChart(QWidget):
    """Income by tier and by term for one academic year.

    matplotlib is imported the first time the chart is shown, not at start-up, and draws
    off screen in a worker thread (importing it and drawing take a second or more): the
    chart is shown as a picture. Every bar carries its label and value, so nothing
    depends on colour alone.
    """

    def __init__(self, parent: QWidget | None = None, *, background: bool = True) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._canvas: QLabel | None = None
        self._figure: Any = None
        self._data: ChartData | None = None
        self._dirty = False
        self._drawing = LatestRead(self, background=background)
        self._drawn_size = (0, 0)
        self._resized = QTimer(self)
        self._resized.setSingleShot(True)
        self._resized.setInterval(200)
        self._resized.timeout.connect(self._draw)
        #: In the window the drawing begins once the tab has painted what changed: drawn
        #: meanwhile, matplotlib held the interpreter in chunks of up to 15 ms, and the
        #: tab's repaint (its tables ask Python for every cell) took two to three times
        #: as long (a term's statements stalled the window 60-90 ms).
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(AFTER_THE_REPAINT_MS if background else 0)
        self._soon.timeout.connect(self._draw)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * MINIMUM_CHARACTERS)
        # Focusable so a screen reader reaches it; it says the figures the bars draw.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName("Income chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def drawn(self) -> bool:
        """True once the figure has been drawn."""
        return self._figure is not None and not self._dirty and not self._drawing.loading

    def set_figures(
        self, year_label: str, by_tier: dict[int, Decimal], by_term: list[tuple[str, Decimal]]
    ) -> None:
        """Show these totals; drawn now if visible, else when first shown."""
        self._data = (year_label, dict(by_tier), list(by_term))
        self.setAccessibleDescription(self.text_alternative())
        self._dirty = True
        if self.isVisible():
            self._draw_soon()

    def text_alternative(self) -> str:
        """Return what the chart shows, in words (its accessible description)."""
        if self._data is None:
            return "No figures yet."
        year_label, by_tier, by_term = self._data
        tiers = "; ".join(
            f"{label} {_pounds(float(by_tier.get(tier, Decimal(0))))}"
            for tier, label in TIER_LABELS
        )
        terms = "; ".join(f"{name} {_pounds(float(total))}" for name, total in by_term)
        return (
            f"Income by tier, {year_label}: {tiers}. "
            f"Statements by term, {year_label}: {terms or 'none yet'}."
        )

    def figure_texts(self) -> list[str]:
        """Return every text drawn on the figure (titles, labels, values), for checks."""
        if self._figure is None:
            return []
        texts = [t.get_text() for t in self._figure.findobj(lambda o: hasattr(o, "get_text"))]
        for axes in self._figure.axes:
            texts += [t.get_text() for t in axes.get_xticklabels() + axes.get_yticklabels()]
        return texts

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._draw_soon()

    def _draw_soon(self) -> None:
        if self._drawing.background:
            self._soon.start()
        else:
            self._draw()  # tests read the chart straight after a change

    def _draw(self) -> None:
        if self._data is None:
            return
        if self._canvas is None:
            self._canvas = QLabel(self)
            self._canvas.setAlignment(Qt.AlignmentFlag.AlignCenter)
            # The picture would otherwise ask for the figure's full size and be clipped.
            self._canvas.setMinimumSize(240, 300)
            # The picture follows the widget's size, never the other way round.
            self._canvas.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self._layout.addWidget(self._canvas)
        data, size = self._data, self._picture_size()
        self._drawn_size = size
        self._dirty = False
        self._drawing.start(lambda: render_chart(data, size), self._show_picture)

    def _picture_size(self) -> tuple[int, int]:
        return max(240, self.width()), max(300, self.height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Follow a new font: the least width is counted in its characters."""
        if event.type() == QEvent.Type.FontChange:
            self.setMinimumWidth(self.fontMetrics().averageCharWidth() * MINIMUM_CHARACTERS)
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # Drawn again at the new size once the resizing stops (a splitter dragged).
        if self._figure is not None and self._picture_size() != self._drawn_size:
            self._resized.start()

    def _show_picture(self, rendered: tuple[Any, bytes, int, int]) -> None:
        figure, rgba, width, height = rendered
        image = QImage(rgba, width, height, QImage.Format.Format_RGBA8888).copy()
        self._figure = figure
        if self._canvas is not None:
            self._canvas.setPixmap(QPixmap.fromImage(image))

    @property
    def drawing(self) -> bool:
        """True while the chart is drawn in the background."""
        return self._drawing.loading


def render_chart(
    data: ChartData, size: tuple[int, int] = (420, 520)
) -> tuple[Any, bytes, int, int]:
    """Draw the chart off screen (Agg, no Qt: for a worker thread); the figure and its RGBA.

    ``size`` is in pixels (the widget's, so the picture fills it).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(size[0] / 100, size[1] / 100), dpi=100, layout="constrained")
    canvas = FigureCanvasAgg(figure)
    year_label, by_tier, by_term = data
    top, bottom = figure.subplots(2, 1, height_ratios=(1, 1))

    labels = [label for _tier, label in TIER_LABELS]
    values = [float(by_tier.get(tier, Decimal(0))) for tier, _label in TIER_LABELS]
    bars = top.barh(labels, values, color=NAVY, edgecolor=NAVY, alpha=0.85)
    for bar, hatch in zip(bars, _HATCHES, strict=True):
        bar.set_hatch(hatch)
        bar.set_facecolor(NAVY_LIGHT)
    top.bar_label(bars, labels=[_pounds(v) for v in values], padding=3, fontsize=8)
    top.invert_yaxis()
    top.set_title(f"Income by tier, {year_label}", fontsize=10, loc="left")
    top.tick_params(labelsize=8)
    top.set_xticks([])
    top.spines[["top", "right", "bottom"]].set_visible(False)
    top.margins(x=0.35)
    if not any(values):
        # All zero: matplotlib would centre the bars on a ±0.06 axis.
        top.set_xlim(0, 1)
        top.text(0.5, 0.5, "Nothing charged yet", transform=top.transAxes, ha="center")

    term_names = [name for name, _total in by_term]
    term_values = [float(total) for _name, total in by_term]
    columns = bottom.bar(term_names, term_values, color=NAVY_LIGHT, edgecolor=NAVY)
    bottom.bar_label(columns, labels=[_pounds(v) for v in term_values], padding=2, fontsize=8)
    bottom.set_title(f"Statements by term, {year_label}", fontsize=10, loc="left")
    bottom.tick_params(labelsize=8)
    bottom.set_yticks([])
    bottom.spines[["top", "right", "left"]].set_visible(False)
    bottom.margins(y=0.25)
    if not any(term_values):
        bottom.set_ylim(0, 1)
        bottom.text(0.5, 0.5, "No statements yet", transform=bottom.transAxes, ha="center")
    canvas.draw()  # type: ignore[no-untyped-call]
    width, height = canvas.get_width_height()
    return figure, bytes(canvas.buffer_rgba()), width, height  # type: ignore[no-untyped-call]
