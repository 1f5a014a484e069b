"""A pupil's year group in the form follows the date of birth; a stored override warns."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from slip_desktop.db.pupils import list_pupils, save_pupil
from slip_desktop.db.store import Store
from slip_desktop.domain.pupils import PupilInput
from slip_desktop.views.referrals.pupil_dialog import PupilDialog
from tests.roster_fixtures import add_school

AUTUMN_2025, AUTUMN_2026 = date(2025, 10, 1), date(2026, 10, 1)


def _open(qtbot: QtBot, store: Store, year: int, today: date) -> PupilDialog:
    school = add_school(store)
    data = PupilInput("Zoë", "O'Brien-Ćorić", "", date(2011, 2, 14), year, school)
    pupil = save_pupil(store, data, AUTUMN_2025)
    dialog = PupilDialog(store, today, pupil.id)
    qtbot.addWidget(dialog)
    return dialog


def test_a_stored_override_that_disagrees_shows_a_warning_in_the_form(
    qtbot: QtBot, store: Store
) -> None:
    dialog = _open(qtbot, store, 9, AUTUMN_2026)  # the date of birth says Year 10 in 2025-26
    assert dialog.form.year_group.value() == 10  # moved up with the class it is taught in
    message = dialog.form.year_box.message
    assert not message.isHidden()
    assert "Year 11 in 2026-27" in message.text()


def test_a_year_group_from_the_date_of_birth_moves_up_without_a_warning(
    qtbot: QtBot, store: Store
) -> None:
    dialog = _open(qtbot, store, 10, AUTUMN_2026)
    assert dialog.form.year_group.value() == 11
    assert dialog.form.year_box.message.isHidden()


def test_the_pupil_panel_shows_the_override_warning(qtbot: QtBot, store: Store) -> None:
    from slip_desktop.views.referrals.timeline_panel import PupilTimelinePanel

    _open(qtbot, store, 9, AUTUMN_2026)
    panel = PupilTimelinePanel(store)
    qtbot.addWidget(panel)
    panel.show_pupil(list_pupils(store)[0].id)
    assert "stored override" in panel.facts.text()
