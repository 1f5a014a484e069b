"""The place dialog records a placement's real shape: booked weekdays, AP time, key stage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from slip_desktop.db.models import Pupil
from slip_desktop.db.rosters import get_placement, provider_choices
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import PlacementStatus, Programme
from slip_desktop.views.rosters.dialogs import PlaceDialog
from tests.roster_fixtures import (
    add_placement,
    add_pupil,
    add_school,
    add_staff_and_provider,
    add_term,
)

TODAY = date(2026, 11, 4)


def _dialog(qtbot: QtBot, store: Store, placement: int, today: date = TODAY) -> PlaceDialog:
    dialog = PlaceDialog(store, get_placement(store, placement), today, [], provider_choices(store))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_mon_wed_fri_ticked_for_tier3_is_placed_as_3_days_a_week(
    qtbot: QtBot, store: Store
) -> None:
    school = add_school(store)
    add_staff_and_provider(store)
    ap = add_placement(
        store, add_pupil(store, school, "Олег", "Петренко", 10), Programme.KS4_TIER3_AP
    )
    dialog = _dialog(qtbot, store, ap)
    dialog.provider.setCurrentIndex(1)
    boxes = dialog.weekdays.boxes
    for box in boxes:
        if box.isChecked():
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    for number in (0, 2, 4):
        qtbot.mouseClick(boxes[number], Qt.MouseButton.LeftButton)
    assert dialog.weekdays.count.text() == "3 days a week"
    qtbot.mouseClick(dialog.place_button, Qt.MouseButton.LeftButton)
    placed = get_placement(store, ap)
    assert placed.status == PlacementStatus.ACTIVE
    assert (placed.weekdays, placed.days_per_week) == ("mon,wed,fri", Decimal(3))


def test_ks3_long_term_ap_provider_and_days_are_recorded(qtbot: QtBot, store: Store) -> None:
    school = add_school(store)
    add_staff_and_provider(store)
    long_term = add_placement(
        store, add_pupil(store, school, "Nguyễn", "Thị Ánh", 8), Programme.KS3_LONG_TERM
    )
    dialog = _dialog(qtbot, store, long_term)
    dialog.ap_provider.setCurrentIndex(1)
    qtbot.mouseClick(dialog.ap_days.boxes[3], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.place_button, Qt.MouseButton.LeftButton)
    placed = get_placement(store, long_term)
    assert (placed.ap_provider, placed.ap_days) == ("Forge Test Skills", "thu")


def test_a_year_10_pupil_decided_for_reset_is_refused_beside_the_start_date(
    qtbot: QtBot, store: Store
) -> None:
    add_term(store)
    school = add_school(store)
    pupil = add_pupil(store, school, "Zoë", "O'Brien-Ćorić", 9)
    with store.session() as session:
        record = session.get(Pupil, pupil)
        assert record is not None
        record.date_of_birth = date(2012, 1, 15)  # Year 9 in July, Year 10 from September
    reset = add_placement(store, pupil, Programme.RESET, decided_on=date(2026, 7, 1))
    dialog = _dialog(qtbot, store, reset, date(2026, 9, 1))
    qtbot.mouseClick(dialog.place_button, Qt.MouseButton.LeftButton)
    message = dialog.errors.label("starts_on")
    assert message is not None and "is in Year 10 (KS4) but KS3 Reset" in message.text()
    assert dialog.isVisible()
    assert get_placement(store, reset).status == PlacementStatus.REQUESTED
