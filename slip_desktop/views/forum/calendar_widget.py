"""A month view that marks forum and Core days with a letter and bold type, not colour alone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QWidget

from slip_desktop.domain.enums import MeetingKind, MeetingStatus
from slip_desktop.ui.palette import CANCELLED_MEETING, CORE_MEETING, FORUM_MEETING

#: The letter each kind of meeting shows in its day cell.
MARKS = {MeetingKind.FORUM: "F", MeetingKind.CORE: "C"}
#: Tints only reinforce the letters; the letters alone tell the kinds apart.
TINTS = {MeetingKind.FORUM: QColor(FORUM_MEETING), MeetingKind.CORE: QColor(CORE_MEETING)}

LEGEND = (
    "<b>F</b> Inclusion Forum &nbsp;&nbsp; <b>C</b> Core Meeting &nbsp;&nbsp; "
    "<s>F</s> cancelled &nbsp;&nbsp; days with meetings in <b>bold</b>"
)


class MeetingCalendar(QCalendarWidget):
    """A QCalendarWidget whose days carry an "F" or "C" box for each meeting on them.

    Meeting days are also bold, and a cancelled meeting's letter is struck
    through, so the marks read in greyscale print-outs and for colour-blind users.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marks: dict[date, list[tuple[MeetingKind, MeetingStatus]]] = {}
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        # From the font: eight rows of text (month, day names, six weeks) with a little room,
        # so on a short screen the meetings list below keeps its share.
        metrics = self.fontMetrics()
        self.setMinimumSize(metrics.averageCharWidth() * 42, (metrics.height() + 6) * 8)

    def set_meetings(self, meetings: Iterable[tuple[date, MeetingKind, MeetingStatus]]) -> None:
        """Mark these meetings (day, kind, status) and repaint."""
        self.setDateTextFormat(QDate(), QTextCharFormat())  # clears every earlier format
        self._marks = {}
        for day, kind, status in meetings:
            self._marks.setdefault(day, []).append((kind, status))
        bold = QTextCharFormat()
        bold.setFontWeight(QFont.Weight.Bold)
        bold.setFontUnderline(True)
        for day, marks in self._marks.items():
            if any(status != MeetingStatus.CANCELLED for _kind, status in marks):
                self.setDateTextFormat(QDate(day.year, day.month, day.day), bold)
        self.updateCells()

    def marks_on(self, day: date) -> list[tuple[MeetingKind, MeetingStatus]]:
        """Return the (kind, status) of each meeting marked on ``day``."""
        return list(self._marks.get(day, []))

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        super().paintCell(painter, rect, qdate)
        marks = self._marks.get(date(qdate.year(), qdate.month(), qdate.day()))
        if not marks:
            return
        painter.save()
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF() * 0.8, 6.5))
        painter.setFont(font)
        size = max(11, min(rect.height() // 2 - 1, 16))
        x = rect.right() - size - 1
        for kind, status in marks:
            box = QRect(x, rect.top() + 2, size, size)
            cancelled = status == MeetingStatus.CANCELLED
            colour = QColor(CANCELLED_MEETING) if cancelled else TINTS[kind]
            painter.setPen(QPen(colour, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush if cancelled else colour)
            painter.drawRoundedRect(box, 2, 2)
            font.setStrikeOut(cancelled)
            painter.setFont(font)
            painter.setPen(colour if cancelled else QColor("white"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, MARKS[kind])
            x -= size + 2
        painter.restore()
