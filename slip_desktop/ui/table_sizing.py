"""Table rows and columns sized from the font: headers whole when empty, rows as tall as text."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

#: Room above and below a row's text (pixels at any scale: Qt scales them with the screen).
ROW_PADDING = 8


def row_height(view: QTableView) -> int:
    """Return a row height that fits one line of ``view``'s font, no taller."""
    return view.fontMetrics().height() + ROW_PADDING


def rows_from_font(view: QTableView) -> None:
    """Make ``view``'s rows as tall as its font needs (a larger font, taller rows)."""
    view.verticalHeader().setDefaultSectionSize(row_height(view))


def fit_columns(view: QTableView) -> None:
    """Size each column to its header's text and the rows it holds (headers alone when empty).

    Qt's own fit takes the wider of the header's size hint (its text in the header's font,
    with the sort arrow's room) and the widest cell read, so an empty table's headers are
    whole too; the last section still stretches over what is left.
    """
    header = view.horizontalHeader()
    stretch = header.stretchLastSection()
    # A stretched last section ignores the fit and, narrowed, falls back to 100 px:
    # fitted first, it keeps its header's width as the least it shrinks to.
    header.setStretchLastSection(False)
    view.resizeColumnsToContents()
    header.setStretchLastSection(stretch)
