"""A matplotlib chart of a year's income by tier and by term, drawn on first show."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from slip_desktop.ui.palette import NAVY, NAVY_LIGHT

#: Tiers in the order the chart shows them, with their labels (0 holds adjustments).
TIER_LABELS: tuple[tuple[int, str], ...] = (
    (4, "Tier 4"),
    (3, "Tier 3 AP"),
    (2, "Tiers 1-2\n(no charge)"),
    (0, "Adjustments"),
)
#: Hatches, so the bars differ without colour.
_HATCHES = ("", "//", "..", "xx")


def _pounds(value: float) -> str:
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.0f}"


class FinanceChart(QWidget):
    """Income by tier and by term for one academic year.

    matplotlib is imported the first time the chart is shown, not at start-up;
    every bar carries its label and value, so nothing depends on colour alone.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._canvas: Any = None
        self._figure: Any = None
        self._data: tuple[str, dict[int, Decimal], list[tuple[str, Decimal]]] | None = None
        self._dirty = False
        self.setMinimumWidth(340)
        # Focusable so a screen reader reaches it; it says the figures the bars draw.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName("Income chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def drawn(self) -> bool:
        """True once the figure has been drawn."""
        return self._canvas is not None and not self._dirty

    def set_figures(
        self, year_label: str, by_tier: dict[int, Decimal], by_term: list[tuple[str, Decimal]]
    ) -> None:
        """Show these totals; drawn now if visible, else when first shown."""
        self._data = (year_label, dict(by_tier), list(by_term))
        self.setAccessibleDescription(self.text_alternative())
        self._dirty = True
        if self.isVisible():
            self._draw()

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
            self._draw()

    def _ensure_canvas(self) -> None:
        if self._canvas is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self._figure = Figure(figsize=(4.2, 5.2), layout="constrained")
        self._canvas = FigureCanvasQTAgg(self._figure)
        self._canvas.setParent(self)
        # The canvas would otherwise ask for the figure's full size and be clipped.
        self._canvas.setMinimumSize(240, 300)
        self._layout.addWidget(self._canvas)

    def _draw(self) -> None:
        if self._data is None:
            return
        self._ensure_canvas()
        year_label, by_tier, by_term = self._data
        figure = self._figure
        figure.clear()
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
        # Drawn now, not when the event loop idles: a tab shown and grabbed at once (the
        # screenshot run, a quick glance) showed an empty pane where the chart belongs.
        self._canvas.draw()
        self._dirty = False
