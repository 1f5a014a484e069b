"""A roster action on a placement someone else changed since it was shown is refused, naming them.

Cora is shown a placement (its row, with the version read); Σοφία changes the placement
first. Cora's end, or her choice of mentor, is refused saying Σοφία changed it, when,
and what she saved; what Cora typed stays in the dialog and the placement stays as
Σοφία left it.
"""

from __future__ import annotations

from datetime import date
from unittest.mock import patch

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from slip_desktop.db.rosters import PlacementRow, assign_mentor, get_placement
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import EndOutcome, PlacementStatus, Programme
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.notifier import ChangeNotifier
from tests.roster_fixtures import add_placement, add_pupil, add_school, add_staff_and_provider
from tests.views.two_coordinators import CORA, SOFIA, cheap_hashing, office
from tests.views.two_coordinators import sign_in_as as _as

__all__ = ["cheap_hashing", "office"]  # the fixtures, shared with other stale-save tests

TODAY = date(2026, 11, 27)


def _placed(store: Store) -> tuple[int, int]:
    """Return an active one-to-one placement of an invented pupil, and a mentor's id."""
    school = add_school(store, "Ashgrove Academy")
    mentor, _provider = add_staff_and_provider(store)
    placement = add_placement(
        store,
        add_pupil(store, school, "Nguyễn Thị Ánh", "Trần"),
        Programme.ONE_TO_ONE,
        PlacementStatus.ACTIVE,
        date(2026, 11, 9),
        date(2026, 12, 18),
    )
    return placement, mentor


def _message(errors: FieldErrors, field: str) -> str:
    label = errors.label(field)
    return label.text() if label is not None else ""


def _says_sofia_changed_it(text: str) -> None:
    assert "This placement was changed by Σοφία Παπαδοπούλου at " in text
    assert "since you opened it" in text


def test_ending_a_placement_someone_changed_since_it_was_shown_is_refused_keeping_the_typing(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.rosters.dialogs import EndDialog

    placement, mentor = _placed(office)
    _as(office, CORA)
    shown = get_placement(office, placement)
    assert shown.version is not None
    dialog = EndDialog(office, shown, TODAY, notifier=ChangeNotifier())
    qtbot.addWidget(dialog)
    _as(office, SOFIA)
    assign_mentor(office, placement, mentor)
    _as(office, CORA)
    dialog.ended_on.set_value(date(2026, 11, 20))
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(EndOutcome.SPECIALIST))
    qtbot.keyClicks(dialog.notes, "Moved to a specialist place")
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    said = _message(dialog.errors, "ended_on")
    _says_sofia_changed_it(said)
    assert f"They saved: Mentor id: {mentor}." in said
    assert dialog.ended_on.value() == date(2026, 11, 20)
    assert dialog.outcome.currentData() == EndOutcome.SPECIALIST
    assert dialog.notes.text() == "Moved to a specialist place"
    now = get_placement(office, placement)
    assert now.status == PlacementStatus.ACTIVE and now.ended_on is None
    assert now.end_outcome is None and now.notes == "" and now.mentor == "Mo Mentor"


def test_assigning_a_mentor_to_a_placement_ended_since_it_was_shown_is_refused_naming_who(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.db.rosters import end_placement
    from slip_desktop.views.rosters.overview import OverviewPage

    placement, _mentor = _placed(office)
    _as(office, CORA)
    page = OverviewPage(office, ChangeNotifier(), lambda: TODAY)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1)
    page.list.table.selectRow(0)
    shown: PlacementRow | None = page.list.selected_row()
    assert shown is not None and shown.version is not None
    _as(office, SOFIA)
    end_placement(office, placement, date(2026, 11, 20), EndOutcome.RETURNED)
    _as(office, CORA)
    with (
        patch(
            "slip_desktop.views.rosters.overview.QInputDialog.getItem",
            return_value=("Mo Mentor (Inclusion mentor): 0 pupils", True),
        ),
        patch("PySide6.QtWidgets.QMessageBox.warning") as warned,
    ):
        page.mentor_button.click()
    assert warned.call_count == 1
    title, said = warned.call_args.args[1:3]
    assert title == "Mentor not assigned"
    _says_sofia_changed_it(said)
    assert "2026-11-20" in said
    now = get_placement(office, placement)
    assert now.status == PlacementStatus.ENDED and now.mentor == ""


def test_placing_a_pupil_someone_waitlisted_since_the_dialog_opened_is_refused_by_the_start(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.db.rosters import Choice, waitlist
    from slip_desktop.views.rosters.dialogs import PlaceDialog

    school = add_school(office, "Ashgrove Academy")
    mentor, _provider = add_staff_and_provider(office)
    placement = add_placement(
        office, add_pupil(office, school, "Zoë", "O'Brien-Ćorić"), Programme.ONE_TO_ONE
    )
    _as(office, CORA)
    mentors = [Choice(mentor, "Mo Mentor (Inclusion mentor): 0 pupils")]
    dialog = PlaceDialog(office, get_placement(office, placement), TODAY, mentors, [])
    qtbot.addWidget(dialog)
    _as(office, SOFIA)
    waitlist(office, placement, "Parents prefer January")
    _as(office, CORA)
    dialog.mentor.setCurrentIndex(dialog.mentor.findData(mentor))
    qtbot.keyClicks(dialog.notes, "Starts after the trip")
    qtbot.mouseClick(dialog.place_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    said = _message(dialog.errors, "starts_on")
    _says_sofia_changed_it(said)
    assert "Waiting: Parents prefer January" in said
    assert dialog.notes.text() == "Starts after the trip"
    now = get_placement(office, placement)
    assert now.status == PlacementStatus.WAITING and now.mentor == ""
