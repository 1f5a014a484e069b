"""Mon-Fri checkboxes for a placement's booked weekdays, read and written as "mon,wed,fri"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.programmes import WEEKDAY_LABELS, parse_weekdays, weekdays_text


class WeekdayChecks(QWidget):
    """Five checkboxes (Mon to Fri) and a count of the days a week ticked.

    Signals:
        weekdays_changed(str): the stored form of the ticked days, e.g. "mon,wed,fri".
    """

    weekdays_changed = Signal(str)

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        for label in WEEKDAY_LABELS:
            box = QCheckBox(label, self)
            box.toggled.connect(self._on_box_toggled)
            layout.addWidget(box)
            self.boxes.append(box)
        self.count = QLabel("", self)
        layout.addWidget(self.count)
        layout.addStretch(1)
        self.set_text(text)

    def text(self) -> str:
        """Return the ticked days, e.g. ``"mon,wed,fri"`` (empty when none)."""
        return weekdays_text([n for n, box in enumerate(self.boxes) if box.isChecked()])

    def set_text(self, text: str) -> None:
        """Tick the days in ``text``; an unreadable value ticks none."""
        try:
            wanted = set(parse_weekdays(text))
        except RuleError:
            wanted = set()
        for number, box in enumerate(self.boxes):
            box.setChecked(number in wanted)
        self._on_box_toggled()

    def _on_box_toggled(self, *_args: object) -> None:
        ticked = sum(box.isChecked() for box in self.boxes)
        self.count.setText(f"{ticked} day{'s' if ticked != 1 else ''} a week" if ticked else "")
        self.weekdays_changed.emit(self.text())
