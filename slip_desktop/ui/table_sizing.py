"""Table rows and columns sized from the font: headers whole when empty, rows as tall as text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QTableView

#: Room above and below a row's text (pixels at any scale: Qt scales them with the screen).
ROW_PADDING = 8
#: The fewest characters a narrowed first column (as a rule the pupil's or school's name)
#: keeps, and any other column: narrower than this a name reads "Foster, …", and the
#: list had better scroll sideways.
FIRST_COLUMN_CHARS = 20
COLUMN_CHARS = 10


def row_height(view: QTableView) -> int:
    """Return a row height that fits one line of ``view``'s font, no taller."""
    return view.fontMetrics().height() + ROW_PADDING


def rows_from_font(view: QTableView) -> None:
    """Make ``view``'s rows as tall as its font needs (a larger font, taller rows)."""
    view.verticalHeader().setDefaultSectionSize(row_height(view))


def widths_within(natural: list[int], least: list[int], room: int) -> list[int]:
    """Return column widths that fit ``room``: the widest narrowed first, none below ``least``.

    Each column keeps its ``natural`` width while they all fit; otherwise every column
    wider than a common cap is narrowed to it (its cells elide), never below its
    ``least`` width. If the least widths alone need more than ``room``, every column keeps
    its natural width and the list scrolls sideways.
    """
    least = [min(want, floor) for want, floor in zip(natural, least, strict=True)]
    if sum(natural) <= room or sum(least) >= room:
        # Too narrow even for readable columns: show them whole and let the list scroll
        # sideways, rather than every column cut to a few letters ("PAST …").
        return list(natural)

    def total(cap: int) -> int:
        return sum(max(floor, min(want, cap)) for want, floor in zip(natural, least, strict=True))

    low, high = 0, max(natural)
    while low < high:  # the largest cap whose widths still fit
        middle = (low + high + 1) // 2
        if total(middle) <= room:
            low = middle
        else:
            high = middle - 1
    return [max(floor, min(want, low)) for want, floor in zip(natural, least, strict=True)]


def readable_widths(view: QTableView, shown: list[int]) -> list[int]:
    """The least each shown column may be narrowed to: its header whole, its text readable."""
    header = view.horizontalHeader()
    char = view.fontMetrics().averageCharWidth()
    return [
        max(
            header.sectionSizeFromContents(logical).width(),
            char * (FIRST_COLUMN_CHARS if place == 0 else COLUMN_CHARS),
        )
        for place, logical in enumerate(shown)
    ]


class _FitToWidth(QObject):
    """Keeps a view's fitted columns within its width as the view is resized."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self.natural: list[int] = []
        self._room = -1
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize and self._view.viewport().width() != self._room:
            self.apply()
        return False

    def apply(self) -> None:
        header = self._view.horizontalHeader()
        if len(self.natural) != header.count():
            return
        self._room = self._view.viewport().width()
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        least = readable_widths(self._view, shown)
        widths = widths_within([self.natural[i] for i in shown], least, self._room)
        stretch = header.stretchLastSection()
        header.setStretchLastSection(False)
        for logical, width in zip(shown, widths, strict=True):
            header.resizeSection(logical, width)
        header.setStretchLastSection(stretch)


#: How many rows a fit reads (the header's resize-contents precision, set by the lists).
_FIT_ROWS = 100


def text_widths(view: QTableView) -> list[int] | None:
    """Return what ``resizeColumnsToContents`` would, measured on the rows' texts in Python.

    Qt's fit asks the delegate for every cell it reads, and the delegate asks the model
    for eight roles or so, each a call into Python: over the lists of a tab that was
    20-50 ms of a first show. A :class:`RowTableModel` with the plain delegate (or one that
    only makes some rows bold, ``bold_row``) gives its texts directly, measured with the
    font's metrics as the delegate measures them. Anything else returns None (Qt's fit).
    """
    from slip_desktop.ui.models.row_table_model import RowTableModel

    model = view.model()
    delegate = view.itemDelegate()
    bold_row = getattr(delegate, "bold_row", None)
    if (
        not isinstance(model, RowTableModel)
        or type(model).data is not RowTableModel.data
        or (type(delegate) is not QStyledItemDelegate and bold_row is None)
    ):
        return None
    header = view.horizontalHeader()
    count = model.rowCount()
    precision = header.resizeContentsPrecision()
    sample = _FIT_ROWS if precision < 0 else precision
    top = max(0, min(view.verticalHeader().visualIndexAt(0), count - sample))
    rows = [model.row_at(number) for number in range(top, min(count, top + sample))]
    metrics = view.fontMetrics()
    bold_font = QFont(view.font())
    bold_font.setBold(True)
    bold_metrics = QFontMetrics(bold_font)
    bold = [bool(bold_row(row)) for row in rows] if bold_row is not None else [False] * len(rows)
    # The delegate's text margin each side (the focus frame's, plus one), and the grid line.
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    extra = 2 * margin + (1 if view.showGrid() else 0)
    widths = []
    for logical, column in enumerate(model.columns()):
        if view.itemDelegateForColumn(logical) is not None:
            return None
        widest = 0
        for row, in_bold in zip(rows, bold, strict=True):
            text = column.text(column.value(row))
            if text:
                measure = bold_metrics if in_bold else metrics
                widest = max(widest, measure.size(0, text).width())
        content = widest + extra if rows else 0
        width = max(content, header.sectionSizeHint(logical))
        widths.append(min(max(width, header.minimumSectionSize()), header.maximumSectionSize()))
    return widths


def fit_columns(view: QTableView) -> None:
    """Size each column to its header's text and the rows it holds, within the view's width.

    Qt's own fit takes the wider of the header's size hint (its text in the header's font,
    with the sort arrow's room) and the widest cell read, so an empty table's headers are
    whole too; the last section still stretches over what is left. Columns wider than the
    view allows are narrowed, the widest first and never below their header's text or a
    readable width (:func:`readable_widths`), so a laptop screen shows every column without
    scrolling sideways (long cells elide and show whole in their tooltip or the detail
    pane); a window too narrow for that scrolls sideways rather than cut names to a few
    letters. The widths follow the view as it is resized.
    """
    header = view.horizontalHeader()
    stretch = header.stretchLastSection()
    # A stretched last section ignores the fit and, narrowed, falls back to 100 px:
    # fitted first, it keeps its header's width as the least it shrinks to.
    header.setStretchLastSection(False)
    widths = text_widths(view)
    if widths is None:
        view.resizeColumnsToContents()
    else:
        for logical, width in enumerate(widths):
            if not header.isSectionHidden(logical):
                header.resizeSection(logical, width)
    header.setStretchLastSection(stretch)
    fitter = view.findChild(_FitToWidth)
    if fitter is None:
        fitter = _FitToWidth(view)
    fitter.natural = [header.sectionSize(i) for i in range(header.count())]
    fitter.apply()
