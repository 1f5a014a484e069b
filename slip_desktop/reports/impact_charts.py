"""Draw an impact figure as a labelled bar chart (patterns and numbers, never colour alone)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, NamedTuple

from slip_desktop.domain.impact import Figure
from slip_desktop.domain.small_numbers import SUPPRESSED, is_suppressed
from slip_desktop.reports.fonts import chart_rc


def _use_the_family() -> None:
    import matplotlib

    # every chart, on screen (Impact tab) or in the board report, draws in the PDFs' font
    settings: Any = chart_rc()  # matplotlib types its keys as literals
    matplotlib.rcParams.update(settings)


_use_the_family()

HATCHES = ("", "//", "..", "xx", "\\\\", "oo")
#: What a chart says when the period holds nothing to draw.
NOTHING_YET = "Nothing recorded in this period yet."
SHADES = ("#1F3A5F", "#6C8EBF", "#B9CBE0", "#3E6A8A", "#8FA9C8", "#D5E0EC")


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        return float(value)
    return None


AXIS_LABELS = {
    "money": "£ (pounds and pence)",
    "percent": "Per cent",
    "days": "Days",
    "count": "Number",
}


def unit_of(figure: Figure, row_label: str, column: int) -> str:
    """Return the unit of one cell: "label", "money", "percent", "days" or "count"."""
    if column == 0:
        return "label"
    title = figure.columns[column]
    if "£" in title:
        return "money"
    if title.endswith("%") or (figure.columns[1:] == ("Value",) and "%" in row_label):
        return "percent"
    if "(days)" in figure.title and title != "Cases":
        return "days"
    return "count"


def _plottable(value: Any) -> bool:
    return _number(value) is not None or is_suppressed(value)


def chartable(figure: Figure) -> bool:
    """True when the figure has numbers (or suppressed counts) worth a chart."""
    return any(_number(v) or is_suppressed(v) for row in figure.rows for v in row[1:])


def _label(value: Any, unit: str) -> str:
    if is_suppressed(value):
        return SUPPRESSED
    number = _number(value) or 0.0
    if unit == "money":
        return f"-£{-number:,.2f}" if number < 0 else f"£{number:,.2f}"
    if unit == "percent":
        return f"{number:.1f}%"
    return f"{number:g}"


def _series(figure: Figure, rows: list[Any]) -> tuple[str, list[int], list[Any]]:
    """Return the chart's one unit, the columns it plots and the rows it keeps."""
    if figure.columns[1:] == ("Value",):
        kept = [r for r in rows if _plottable(r[1])]
        unit = unit_of(figure, str(kept[0][0]), 1) if kept else "count"
        return unit, [1], [r for r in kept if unit_of(figure, str(r[0]), 1) == unit]
    columns = [
        c
        for c in range(1, len(figure.columns))
        if rows and all(_plottable(r[c]) for r in rows) and any(_plottable(r[c]) for r in rows)
    ]
    if not columns:
        return "count", [], rows
    unit = unit_of(figure, "", columns[0])
    return unit, [c for c in columns if unit_of(figure, "", c) == unit], rows


def draw(axes: Any, figure: Figure, max_bars: int = 16) -> None:
    """Draw ``figure`` on ``axes``: horizontal bars in one unit, a hatch per series, values printed.

    A suppressed count is labelled "<5" where its bar would be (never drawn as 0), and a
    figure mixing units (counts and %) charts only the first unit, named on the axis.
    """
    axes.clear()
    if not chartable(figure):
        # Bars of nothing would sit on a meaningless ±0.06 axis: say so instead.
        axes.set_axis_off()
        axes.set_title(figure.title, fontsize=9)
        axes.text(0.5, 0.5, NOTHING_YET, ha="center", va="center", fontsize=9, wrap=True)
        return
    unit, series, rows = _series(figure, [r for r in figure.rows if r[0] != "Total"][:max_bars])
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
        axes.bar_label(bars, labels=[_label(r[column], unit) for r in rows], padding=2, fontsize=7)
    axes.set_yticks([y + height * (len(series) - 1) / 2 for y in range(len(rows))])
    axes.set_yticklabels(labels, fontsize=7)
    axes.invert_yaxis()
    axes.set_title(figure.title, fontsize=9)
    axes.set_xlabel(AXIS_LABELS.get(unit, ""), fontsize=7)
    axes.tick_params(axis="x", labelsize=7)
    if unit == "money":
        from matplotlib.ticker import FuncFormatter

        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"£{x:,.0f}"))
    axes.margins(x=0.15)
    biggest = max((_number(r[c]) or 0.0 for r in rows for c in series), default=0.0)
    if all((_number(r[c]) or 0.0) >= 0 for r in rows for c in series):
        # bars start at zero; a chart of "<5" and 0 still shows a scale up to 5, not ±0.06
        axes.set_xlim(0, max(biggest * 1.15, 5.0))
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


def render_rgba(figure: Figure, size: tuple[float, float] = (6, 4), dpi: int = 100) -> Rendered:
    """Draw ``figure`` off screen (Agg, no Qt): for a worker thread, so the window never waits.

    Returns matplotlib's figure (its axes can be inspected) and the RGBA pixels.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure as MplFigure

    chart = MplFigure(figsize=size, dpi=dpi, layout="constrained")
    canvas = FigureCanvasAgg(chart)
    draw(chart.add_subplot(), figure)
    canvas.draw()  # type: ignore[no-untyped-call]
    width, height = canvas.get_width_height()
    pixels = bytes(canvas.buffer_rgba())  # type: ignore[no-untyped-call]
    return Rendered(chart, pixels, width, height)


class Rendered(NamedTuple):
    """A chart drawn off screen: matplotlib's figure and its pixels, RGBA, row by row."""

    figure: Any
    rgba: bytes
    width: int
    height: int
