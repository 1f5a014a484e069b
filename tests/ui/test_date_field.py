"""ui/form_inputs.DateField: typed or picked dates; the calendar is made when first opened."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCalendarWidget, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.ui.form_inputs import DateField


# The offscreen platform cannot raise a popup or grab the keyboard; real desktops can.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_a_form_full_of_dates_makes_no_calendar_until_one_is_opened(qtbot: QtBot) -> None:
    form = QWidget()
    qtbot.addWidget(form)
    fields = [DateField(date(2026, 9, 7), form) for _ in range(5)]
    form.show()
    assert form.findChildren(QCalendarWidget) == []
    qtbot.mouseClick(fields[2].button, Qt.MouseButton.LeftButton)
    calendar = fields[2].calendar
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2026, 9, 7)  # opens on the form's own start
    calendar.clicked.emit(QDate(2026, 10, 5))
    assert fields[2].value() == date(2026, 10, 5)
    assert fields[2].text() == "05/10/2026"
    assert not calendar.isVisible()
    assert [field.value() for field in fields if field is not fields[2]] == [None] * 4
