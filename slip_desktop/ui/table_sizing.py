"""Table rows and columns sized from the font: headers whole when empty, rows as tall as text."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

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
    view.resizeColumnsToContents()
    header.setStretchLastSection(stretch)
    fitter = view.findChild(_FitToWidth)
    if fitter is None:
        fitter = _FitToWidth(view)
    fitter.natural = [header.sectionSize(i) for i in range(header.count())]
    fitter.apply()
