"""Draw an impact figure as a labelled bar chart (patterns and numbers, never colour alone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from slip_desktop.domain.impact import Figure
from slip_desktop.reports.fonts import chart_rc


def _use_the_family() -> None:
    import matplotlib

    # every chart, on screen (Impact tab) or in the board report, draws in the PDFs' font
    settings: Any = chart_rc()  # matplotlib types its keys as literals
    matplotlib.rcParams.update(settings)


_use_the_family()

HATCHES = ("", "//", "..", "xx", "\\\\", "oo")
SHADES = ("#1F3A5F", "#6C8EBF", "#B9CBE0", "#3E6A8A", "#8FA9C8", "#D5E0EC")


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    return None


def chartable(figure: Figure) -> bool:
    """True when the figure has numbers worth a chart."""
    return any(_number(v) for row in figure.rows for v in row[1:])


def draw(axes: Any, figure: Figure, max_bars: int = 16) -> None:
    """Draw ``figure`` on ``axes``: horizontal bars, a hatch per series, values printed."""
    axes.clear()
    rows = [r for r in figure.rows if r[0] != "Total"][:max_bars]
    series = [
        i
        for i in range(1, len(figure.columns))
        if all(_number(r[i]) is not None for r in rows) and not figure.columns[i].endswith("%")
    ] or [i for i in range(1, len(figure.columns)) if any(_number(r[i]) for r in rows)]
    labels = [str(r[0]) for r in rows]
    height = 0.8 / max(1, len(series))
    for n, column in enumerate(series):
        values = [_number(r[column]) or 0.0 for r in rows]
        positions = [y + n * height for y in range(len(rows))]
        bars = axes.barh(
            positions,
            values,
            height=height,
            label=figure.columns[column],
            color=SHADES[n % len(SHADES)],
            hatch=HATCHES[n % len(HATCHES)],
            edgecolor="black",
            linewidth=0.4,
        )
        axes.bar_label(bars, labels=[f"{v:g}" for v in values], padding=2, fontsize=7)
    axes.set_yticks([y + height * (len(series) - 1) / 2 for y in range(len(rows))])
    axes.set_yticklabels(labels, fontsize=7)
    axes.invert_yaxis()
    axes.set_title(figure.title, fontsize=9)
    axes.tick_params(axis="x", labelsize=7)
    axes.margins(x=0.15)
    if len(series) > 1:
        axes.legend(fontsize=7, loc="lower right")


def chart_height(figure: Figure) -> float:
    """Return a chart height in inches that suits the figure's number of bars."""
    return min(4.5, 0.9 + 0.28 * len(figure.rows))


def chart_png(figure: Figure, width_in: float = 6.5, dpi: int = 150) -> bytes:
    """Return the chart of ``figure`` as PNG bytes (Agg backend, no Qt)."""
    import io

    height_in = chart_height(figure)
    from matplotlib.figure import Figure as MplFigure

    canvas_figure = MplFigure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    draw(canvas_figure.add_subplot(), figure)
    buffer = io.BytesIO()
    canvas_figure.savefig(buffer, format="png")
    return buffer.getvalue()
