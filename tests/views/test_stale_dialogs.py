"""An edit form saved after someone else changed its record says who, when and what they saved.

Cora opens a school, a provider, a post, the year's rates, a person, a meeting, a year's
term dates and offer, and lists a statement to mark paid; Σοφία saves each first.
Cora's save is refused beside the field with Σοφία's name, the time and her values;
the form stays open with everything Cora typed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any
from unittest.mock import patch

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.db import (
    meetings,
    offer,
    people,
    providers,
    rates,
    schools,
    staff,
    statements,
    term_dates,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.calendar import typical_terms
from slip_desktop.domain.enums import MeetingKind, MeetingStatus, Programme, StaffRole, Term
from slip_desktop.domain.offer import default_offer
from slip_desktop.domain.schools import SchoolDetails
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.notifier import ChangeNotifier
from tests.finance_world import build_world
from tests.views.two_coordinators import CORA, SOFIA, cheap_hashing, office
from tests.views.two_coordinators import sign_in_as as _as

__all__ = ["cheap_hashing", "office"]  # the fixtures, shared with other stale-save tests

TODAY = date(2026, 11, 27)
RATES = {
    "average_cost_ks3": "6600",
    "average_cost_ks4": "7300",
    "pupil_premium": "1050",
    "pupil_premium_cla": "2570",
    "pupil_premium_service": "340",
    "school_days": "190",
}


def _message(errors: FieldErrors, field: str) -> str:
    label = errors.label(field)
    return label.text() if label is not None else ""


def _says_sofia_changed_it(text: str, theirs: str) -> None:
    assert "changed by Σοφία Παπαδοπούλου at " in text
    assert "since you opened it" in text and theirs in text


def test_a_school_saved_by_someone_else_since_the_form_opened_is_refused_keeping_the_typing(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.settings.schools_dialog import SchoolFormDialog

    school_id = schools.add_school(office, SchoolDetails("Ashgrove Academy"))
    _as(office, CORA)
    dialog = SchoolFormDialog(office, schools.school_record(office, school_id))
    qtbot.addWidget(dialog)
    _as(office, SOFIA)
    schools.update_school(office, school_id, SchoolDetails("Ashgrove Academy Trust"), ())
    _as(office, CORA)
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Ashgrove Academy (Cora's edit)")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    _says_sofia_changed_it(_message(dialog.errors, "name"), "Ashgrove Academy Trust")
    assert dialog.name.text() == "Ashgrove Academy (Cora's edit)"
    assert schools.school_record(office, school_id).name == "Ashgrove Academy Trust"


def _provider_input(phone: str) -> providers.ProviderInput:
    return providers.ProviderInput("Forge Skills", "Motor vehicle", "90.00", "Zoë", "", phone, None)


def test_a_provider_saved_by_someone_else_since_the_form_opened_is_refused_keeping_the_typing(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.rosters.provider_page import ProviderDialog

    provider_id = providers.save_provider(office, _provider_input("0116 496 0000"))
    _as(office, CORA)
    dialog = ProviderDialog(office, TODAY, providers.list_providers(office)[0])
    qtbot.addWidget(dialog)
    _as(office, SOFIA)
    providers.save_provider(office, _provider_input("0116 496 0999"), provider_id)
    _as(office, CORA)
    dialog.offer.clear()
    qtbot.keyClicks(dialog.offer, "Construction and motor vehicle")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    _says_sofia_changed_it(_message(dialog.errors, "name"), "0116 496 0999")
    assert dialog.offer.text() == "Construction and motor vehicle"
    assert providers.list_providers(office)[0].offer == "Motor vehicle"


def test_a_post_saved_by_someone_else_since_the_form_opened_is_refused_keeping_the_typing(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.rosters.staff_page import PostDialog

    post = staff.PostInput(StaffRole.INCLUSION_MENTOR, "Mo Mentor", "0.8", False, "")
    staff_id = staff.save_post(office, post)
    _as(office, CORA)
    dialog = PostDialog(office, staff.list_staff(office, TODAY)[0])
    qtbot.addWidget(dialog)
    _as(office, SOFIA)
    staff.save_post(office, replace(post, email="mo.mentor@slip.example.org"), staff_id)
    _as(office, CORA)
    dialog.fte.clear()
    qtbot.keyClicks(dialog.fte, "0.6")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    _says_sofia_changed_it(_message(dialog.errors, "name"), "mo.mentor@slip.example.org")
    assert dialog.fte.text() == "0.6"
    assert staff.list_staff(office, TODAY)[0].fte == Decimal("0.80")


def test_rates_saved_by_someone_else_since_the_form_opened_are_refused_keeping_the_typing(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.finance.rates_dialog import RatesDialog

    rates.save_rates(office, 2026, RATES, "Cora Lindqvist")
    _as(office, CORA)
    dialog = RatesDialog(office, 2026, "Cora Lindqvist")
    qtbot.addWidget(dialog)
    _as(office, SOFIA)
    rates.save_rates(office, 2026, {**RATES, "school_days": "189"}, "Σοφία")
    _as(office, CORA)
    dialog.edits["pupil_premium"].clear()
    qtbot.keyClicks(dialog.edits["pupil_premium"], "1060.00")
    dialog._on_buttons_accepted()
    assert dialog.result() != QDialog.DialogCode.Accepted
    _says_sofia_changed_it(_message(dialog.errors, "average_cost_ks3"), "Σοφία")
    assert dialog.edits["pupil_premium"].text() == "1060.00"
    newest = rates.current_rates(office, 2026)
    assert newest is not None and newest.school_days == 189
    assert newest.pupil_premium == Decimal("1050.00")


def test_a_person_saved_by_someone_else_since_the_form_opened_is_refused_keeping_the_typing(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.settings.people_dialog import PersonDialog

    person_id = people.save_person(office, people.PersonInput("Олег Петренко", "EP", "LCC"))
    _as(office, CORA)
    dialog = PersonDialog(office, None, people.list_people(office)[0])
    qtbot.addWidget(dialog)
    _as(office, SOFIA)
    people.save_person(office, people.PersonInput("Олег Петренко", "EP", "Rutland"), person_id)
    _as(office, CORA)
    dialog.role.clear()
    qtbot.keyClicks(dialog.role, "Educational psychologist")
    dialog._on_buttons_accepted()
    assert dialog.result() != QDialog.DialogCode.Accepted
    _says_sofia_changed_it(_message(dialog.errors, "name"), "Rutland")
    assert dialog.role.text() == "Educational psychologist"
    assert people.list_people(office)[0].role == "EP"


def test_a_meeting_saved_by_someone_else_since_the_form_opened_is_refused_keeping_the_typing(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.forum.meeting_dialog import MeetingDialog

    when = (date(2027, 2, 4), time(9, 30), time(11, 30))
    meeting_id = meetings.add_meeting(office, MeetingKind.FORUM, *when)
    _as(office, CORA)
    dialog = MeetingDialog(office, meeting_id)
    qtbot.addWidget(dialog)
    _as(office, SOFIA)
    meetings.update_meeting(
        office, meeting_id, *when, "", 6, MeetingStatus.PLANNED, "Room 2 (Sofia)"
    )
    _as(office, CORA)
    qtbot.keyClicks(dialog.link, "https://teams.example.org/forum")
    dialog._on_buttons_accepted()
    assert dialog.result() != QDialog.DialogCode.Accepted
    _says_sofia_changed_it(_message(dialog.errors, "meets_on"), "Room 2 (Sofia)")
    assert dialog.link.text() == "https://teams.example.org/forum"
    assert meetings.get_meeting(office, meeting_id).link == ""


def test_term_dates_saved_by_someone_else_since_the_dialog_opened_are_refused_keeping_the_typing(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.forum.term_dates_dialog import TermDatesDialog

    _as(office, CORA)
    dialog = TermDatesDialog(office, TODAY)
    qtbot.addWidget(dialog)
    year = dialog.selected_year()
    spans = typical_terms(year)
    summer = spans[-1]
    theirs = summer.ends_on - timedelta(days=1)
    _as(office, SOFIA)
    term_dates.save_year(office, year, [*spans[:-1], replace(summer, ends_on=theirs)])
    _as(office, CORA)
    mine = spans[0].ends_on - timedelta(days=2)
    dialog.edits[spans[0].term]["ends_on"].set_value(mine)
    dialog._on_buttons_accepted()
    assert dialog.result() != QDialog.DialogCode.Accepted
    _says_sofia_changed_it(_message(dialog.errors, f"{summer.term.value}.starts_on"), str(theirs))
    assert dialog.spans()[0].ends_on == mine
    stored = term_dates.list_terms(office, year)
    assert stored[0].ends_on == spans[0].ends_on and stored[-1].ends_on == theirs


def test_an_offer_saved_by_someone_else_since_the_dialog_opened_is_refused_keeping_the_typing(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.settings.offer_dialog import OfferDialog

    offer.save_offer(office, default_offer(2026), "Cora Lindqvist")
    _as(office, CORA)
    dialog = OfferDialog(office, 2026, "Cora Lindqvist")
    qtbot.addWidget(dialog)
    _as(office, SOFIA)
    base = offer.read_offer(office, 2026)
    reset = replace(base.lines[Programme.RESET], places=6)
    offer.save_offer(office, replace(base, lines={**base.lines, Programme.RESET: reset}), "Σοφία")
    _as(office, CORA)
    weeks = dialog.rows[Programme.RESET].weeks
    weeks.clear()
    qtbot.keyClicks(weeks, "9")
    with patch.object(QMessageBox, "warning") as warned:
        dialog._on_buttons_accepted()
    assert dialog.result() != QDialog.DialogCode.Accepted
    shown = _message(dialog.errors, f"places:{Programme.RESET.value}") or " ".join(
        str(c.args[2]) for c in warned.call_args_list
    )
    _says_sofia_changed_it(shown, "Places: 6")
    assert weeks.text() == "9"
    stored = offer.read_offer(office, 2026).lines[Programme.RESET]
    assert stored.places == 6 and stored.weeks == base.lines[Programme.RESET].weeks


def test_mark_paid_on_a_statement_changed_by_someone_else_since_it_was_listed_is_refused(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.views.finance.dialogs import PaidDialog
    from slip_desktop.views.finance.tab import FinanceTab

    _as(office, CORA)
    build_world(office)
    statements.prepare_statements(office, 2026, Term.AUTUMN, date(2026, 12, 18))
    statements.issue_and_lock_term(office, 2026, Term.AUTUMN, date(2026, 12, 18))
    tab = FinanceTab(office, ChangeNotifier(), today=lambda: date(2026, 12, 18), background=False)
    qtbot.addWidget(tab)
    (listed,) = statements.load_statements(office, 2026, Term.AUTUMN)
    _as(office, SOFIA)
    statements.set_paid(office, listed.statement_id, date(2027, 1, 10))
    _as(office, CORA)
    tab.statements.table.selectRow(0)
    with (
        patch.object(PaidDialog, "exec", lambda self: QDialog.DialogCode.Accepted),
        patch.object(QMessageBox, "warning") as warned,
    ):
        qtbot.mouseClick(tab.paid_button, Qt.MouseButton.LeftButton)
    (call,) = warned.call_args_list
    _says_sofia_changed_it(str(call.args[2]), "2027-01-10")
    (stored,) = statements.load_statements(office, 2026, Term.AUTUMN)
    assert stored.paid_on == date(2027, 1, 10)


def _forum_tab(qtbot: QtBot, office: Store) -> tuple[object, int, int]:
    from slip_desktop.views.forum.tab import ForumCalendarTab

    meeting_id = meetings.add_meeting(
        office, MeetingKind.FORUM, date(2027, 2, 4), time(9, 30), time(11, 30)
    )
    attendee_id = meetings.add_attendee(office, meeting_id, "Educational psychologist", "Олег")
    tab = ForumCalendarTab(office, ChangeNotifier(), today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.choose_meeting(meeting_id)
    return tab, meeting_id, attendee_id


def _tick(tab: Any, checked: bool) -> None:
    model = tab.panel.attendees_model
    state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
    last = model.rowCount() - 1  # Олег, invited after the standing invitees
    assert model.setData(model.index(last, 0), state.value, Qt.ItemDataRole.CheckStateRole)


def test_ticking_an_invitee_someone_else_recorded_since_the_list_was_shown_is_refused(
    qtbot: QtBot, office: Store
) -> None:
    _as(office, CORA)
    tab, meeting_id, attendee_id = _forum_tab(qtbot, office)
    _as(office, SOFIA)
    meetings.set_attended(office, attendee_id, False)
    _as(office, CORA)
    with patch.object(QMessageBox, "warning") as warned:
        _tick(tab, True)
        qtbot.waitUntil(lambda: warned.called)
    _says_sofia_changed_it(str(warned.call_args.args[2]), "False")
    assert meetings.list_attendees(office, meeting_id)[-1].attended is False


def test_ticking_an_invitee_twice_in_a_row_is_not_refused_as_stale(
    qtbot: QtBot, office: Store
) -> None:
    _as(office, CORA)
    tab, meeting_id, _attendee_id = _forum_tab(qtbot, office)
    with patch.object(QMessageBox, "warning") as warned:
        _tick(tab, True)
        qtbot.waitUntil(lambda: meetings.list_attendees(office, meeting_id)[-1].attended is True)
        model = tab.panel.attendees_model
        qtbot.waitUntil(lambda: model.row_at(model.rowCount() - 1).version == 2)
        _tick(tab, False)
        qtbot.waitUntil(lambda: meetings.list_attendees(office, meeting_id)[-1].attended is False)
    assert not warned.called


def test_marking_held_a_meeting_someone_else_changed_since_it_was_shown_is_refused(
    qtbot: QtBot, office: Store
) -> None:
    _as(office, CORA)
    tab, meeting_id, _attendee_id = _forum_tab(qtbot, office)
    _as(office, SOFIA)
    shown = meetings.get_meeting(office, meeting_id)
    meetings.update_meeting(
        office, meeting_id, *shown[3:6], "", shown.capacity, shown.status, "Room 2 (Sofia)"
    )
    _as(office, CORA)
    with patch.object(QMessageBox, "warning") as warned:
        qtbot.mouseClick(tab.panel.held_button, Qt.MouseButton.LeftButton)
    _says_sofia_changed_it(str(warned.call_args.args[2]), "Room 2 (Sofia)")
    stored = meetings.get_meeting(office, meeting_id)
    assert stored.status == MeetingStatus.PLANNED and stored.notes == "Room 2 (Sofia)"


def test_moving_a_case_someone_else_moved_since_the_agenda_was_shown_is_refused(
    qtbot: QtBot, office: Store
) -> None:
    from slip_desktop.db import agenda
    from tests.db.forum_helpers import add_forum_referral

    _as(office, CORA)
    school = schools.add_school(office, SchoolDetails("Ashgrove Academy"))
    meeting_id = meetings.add_meeting(
        office, MeetingKind.FORUM, date(2027, 2, 4), time(9, 30), time(11, 30)
    )
    for first, upn in (("Nguyễn Thị Ánh", "A855123456780"), ("Zoë", "A855123456781")):
        agenda.add_case(office, meeting_id, add_forum_referral(office, school, first, "Ćorić", upn))
    from slip_desktop.views.forum.tab import ForumCalendarTab

    tab = ForumCalendarTab(office, ChangeNotifier(), today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.choose_meeting(meeting_id)
    first_item = agenda.list_agenda(office, meeting_id)[0].item_id
    _as(office, SOFIA)
    agenda.move_case(office, first_item, 1)
    _as(office, CORA)
    tab.panel.agenda_view.selectRow(0)
    with patch.object(QMessageBox, "warning") as warned:
        tab.panel._on_down_button_clicked()
    _says_sofia_changed_it(str(warned.call_args.args[2]), "Position: 1")
    assert [r.item_id for r in agenda.list_agenda(office, meeting_id)][1] == first_item
