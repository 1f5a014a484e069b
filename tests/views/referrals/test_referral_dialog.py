from __future__ import annotations

from datetime import date
from unittest.mock import patch

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.db.pupils import get_pupil, list_pupils
from slip_desktop.db.referrals import get_referral, list_referrals
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Consent, Reason, ReferralKind, ReferralStatus
from slip_desktop.domain.validation import LONG_TEXT_MAX
from slip_desktop.views.referrals.referral_dialog import ANONYMOUS, NEW, ReferralDialog
from tests.conftest import DEMO_TODAY
from tests.views.referral_fixtures import (
    pupil_with_reviewed_plan,
    pupil_with_unreviewed_plan,
    pupil_without_referrals,
)
from tests.views.typing import type_text

QUESTION = "slip_desktop.views.referrals.referral_dialog.QMessageBox.question"


def _dialog(qtbot: QtBot, store: Store, **kwargs: object) -> ReferralDialog:
    dialog = ReferralDialog(store, DEMO_TODAY, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose(combo: object, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


def _fill_referral(qtbot: QtBot, dialog: ReferralDialog, consent: Consent = Consent.GIVEN) -> None:
    type_text(dialog.referrer_name, "  Siobhán O'Brien ")
    qtbot.keyClicks(dialog.referrer_role, "SENCO")
    qtbot.keyClicks(dialog.referrer_email, "senco@larkhill.example.sch.uk")
    qtbot.keyClicks(dialog.referrer_phone, "0116 496 0123")
    _choose(dialog.consent, consent)
    if consent != Consent.NOT_ASKED:
        qtbot.keyClicks(dialog.consent_on.edit, "20/11/2026")
    dialog.tabs.setCurrentIndex(1)
    dialog.reasons[Reason.SEMH].click()
    dialog.reasons[Reason.ATTENDANCE].click()
    qtbot.keyClicks(dialog.texts["presenting_concerns"].edit, "Refusing lessons since October.")
    qtbot.keyClicks(dialog.attendance, "84.5%")
    qtbot.keyClicks(dialog.suspensions, "2")
    dialog.tabs.setCurrentIndex(2)
    qtbot.keyClicks(dialog.texts["pupil_views"].edit, "Lessons are too loud.")


def _pick_pupil(qtbot: QtBot, dialog: ReferralDialog, pupil_id: int) -> None:
    upn = get_pupil(dialog._store, pupil_id).upn or ""
    qtbot.keyClicks(dialog.picker.search, upn)
    assert dialog.picker.model.rowCount() == 1
    rect = dialog.picker.table.visualRect(dialog.picker.model.index(0, 0))
    qtbot.mouseClick(dialog.picker.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_forum_referral_for_an_existing_pupil_is_stored(qtbot: QtBot, demo_store: Store) -> None:
    pupil_id = pupil_without_referrals(demo_store)
    dialog = _dialog(qtbot, demo_store)
    _pick_pupil(qtbot, dialog, pupil_id)
    assert dialog.school.currentData() == get_pupil(demo_store, pupil_id).school_id
    _fill_referral(qtbot, dialog)
    with qtbot.waitSignal(dialog.referral_saved):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None
    record = get_referral(demo_store, dialog.saved.id)
    assert record.pupil is not None and record.pupil.id == pupil_id
    assert record.kind == ReferralKind.FORUM and record.status == ReferralStatus.NEW
    assert record.referrer_name == "Siobhán O'Brien"
    assert str(record.attendance_percent) == "84.5" and record.suspensions_this_year == 2
    assert record.reasons == "semh,attendance" and record.pupil_views == "Lessons are too loud."


def test_a_new_pupil_with_an_accented_name_is_stored_with_the_referral(
    qtbot: QtBot, demo_store: Store
) -> None:
    dialog = _dialog(qtbot, demo_store)
    dialog.mode_new.click()
    assert dialog.mode() == NEW
    _choose(dialog.school, list_pupils(demo_store)[0].school_id)
    form = dialog.pupil_form
    type_text(form.first_name, " Zoë ")
    type_text(form.last_name, "Nguyễn")
    qtbot.keyClicks(form.upn, "p207000016049")
    qtbot.keyClicks(form.date_of_birth.edit, "14-3-2013")
    assert form.year_group.value() == 9
    _fill_referral(qtbot, dialog)
    assert dialog.save()
    record = get_referral(demo_store, dialog.saved.id)  # type: ignore[union-attr]
    assert record.pupil is not None
    assert (record.pupil.first_name, record.pupil.last_name) == ("Zoë", "Nguyễn")
    assert record.pupil.upn == "P207000016049" and record.pupil.year_group == 9


def test_an_anonymous_case_gets_a_case_reference_and_no_pupil(
    qtbot: QtBot, demo_store: Store
) -> None:
    pupils_before = len(list_pupils(demo_store))
    dialog = _dialog(qtbot, demo_store)
    dialog.mode_anonymous.click()
    assert dialog.mode() == ANONYMOUS
    _choose(dialog.school, list_pupils(demo_store)[0].school_id)
    dialog.anonymous_year.setValue(8)
    _fill_referral(qtbot, dialog, Consent.REFUSED)
    assert dialog.save()
    record = get_referral(demo_store, dialog.saved.id)  # type: ignore[union-attr]
    assert record.pupil is None and record.year_group == 8
    assert record.case_reference is not None and record.case_reference.startswith("SLIP-2026-")
    assert len(list_pupils(demo_store)) == pupils_before


def test_a_blocked_partnership_referral_says_what_is_missing(
    qtbot: QtBot, demo_store: Store
) -> None:
    pupil_id = pupil_with_unreviewed_plan(demo_store)
    before = len(list_referrals(demo_store))
    dialog = _dialog(qtbot, demo_store, pupil_id=pupil_id, kind=ReferralKind.PARTNERSHIP)
    # The dialog says so before saving...
    assert "not been reviewed" in dialog.kind_box.message.text()
    _fill_referral(qtbot, dialog)
    # ...and refuses on saving, offering a forum referral instead (declined here).
    with patch(QUESTION, return_value=QMessageBox.StandardButton.No) as question:
        assert not dialog.save()
    assert "Inclusion Forum referral instead" in question.call_args.args[2]
    assert "not been reviewed" in dialog.kind_box.message.text()
    assert dialog.focusWidget() is dialog.kind
    assert len(list_referrals(demo_store)) == before
    assert dialog.referrer_name.text() == "  Siobhán O'Brien "  # nothing typed is lost

    # Accepting the offer stores a forum referral with everything typed.
    with patch(QUESTION, return_value=QMessageBox.StandardButton.Yes):
        assert dialog.save()
    record = get_referral(demo_store, dialog.saved.id)  # type: ignore[union-attr]
    assert record.kind == ReferralKind.FORUM and record.presenting_concerns


def test_partnership_referral_needs_an_earlier_forum_referral_with_a_reviewed_plan(
    qtbot: QtBot, demo_store: Store
) -> None:
    blocked = _dialog(qtbot, demo_store, pupil_id=pupil_without_referrals(demo_store))
    _choose(blocked.kind, ReferralKind.PARTNERSHIP)
    assert "no earlier Inclusion Forum referral" in blocked.kind_box.message.text()

    pupil_id = pupil_with_reviewed_plan(demo_store)
    dialog = _dialog(qtbot, demo_store, pupil_id=pupil_id)
    _choose(dialog.kind, ReferralKind.PARTNERSHIP)
    assert dialog.kind_box.message.text() == ""
    _fill_referral(qtbot, dialog)
    with patch(QUESTION) as question:
        assert dialog.save()
    question.assert_not_called()
    record = get_referral(demo_store, dialog.saved.id)  # type: ignore[union-attr]
    assert record.kind == ReferralKind.PARTNERSHIP and record.forum_referral_id is not None


def test_an_anonymous_case_cannot_be_a_partnership_referral(
    qtbot: QtBot, demo_store: Store
) -> None:
    dialog = _dialog(qtbot, demo_store, kind=ReferralKind.PARTNERSHIP)
    dialog.mode_anonymous.click()
    assert "anonymous case cannot" in dialog.kind_box.message.text().lower()
    _fill_referral(qtbot, dialog, Consent.NOT_ASKED)
    with patch(QUESTION) as question:
        assert not dialog.save()
    question.assert_not_called()
    assert "anonymous" in dialog.errors.messages()["kind"]


def test_bad_input_is_shown_beside_each_field_and_kept(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store, pupil_id=pupil_without_referrals(demo_store))
    _fill_referral(qtbot, dialog)
    dialog.referrer_email.setText("senco at school")
    dialog.attendance.setText("105")
    too_long = "x" * (LONG_TEXT_MAX + 1)
    dialog.texts["strategies_tried"].set_text(too_long)
    dialog.tabs.setCurrentIndex(2)
    assert not dialog.save()
    messages = dialog.errors.messages()
    assert set(messages) == {"referrer_email", "attendance", "strategies_tried"}
    assert "4,000" in messages["strategies_tried"]
    # Focus goes to the first wrong field, on its page.
    assert dialog.tabs.currentIndex() == 0
    assert dialog.focusWidget() is dialog.referrer_email
    assert "pages 1 and 2" in dialog.form_error.text()
    assert dialog.texts["strategies_tried"].text() == too_long
    assert dialog.referrer_email.text() == "senco at school"


def test_a_duplicate_upn_offers_the_existing_pupil(qtbot: QtBot, demo_store: Store) -> None:
    existing = list_pupils(demo_store)[3]
    dialog = _dialog(qtbot, demo_store)
    dialog.mode_new.click()
    form = dialog.pupil_form
    qtbot.keyClicks(form.upn, (existing.upn or "").lower())
    qtbot.keyClick(form.upn, Qt.Key.Key_Return)  # finishing the field checks the UPN
    assert form.use_existing.isVisible()
    assert existing.full_name in form.upn_box.message.text()
    qtbot.mouseClick(form.use_existing, Qt.MouseButton.LeftButton)
    assert dialog.mode() == 0 and dialog._chosen is not None
    assert dialog._chosen.id == existing.id


def test_year_group_disagreeing_with_birth_date_is_warned(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    dialog.mode_new.click()
    form = dialog.pupil_form
    qtbot.keyClicks(form.date_of_birth.edit, "14-3-2013")
    assert form.year_group.value() == 9 and not form.year_box.message.isVisible()
    form.year_group.setValue(8)
    assert "Year 9" in form.year_box.message.text() and form.year_box.message.isVisible()


def test_editing_moves_the_status_only_along_the_workflow(qtbot: QtBot, demo_store: Store) -> None:
    row = next(r for r in list_referrals(demo_store) if r.status == ReferralStatus.PLAN_SENT)
    dialog = _dialog(qtbot, demo_store, referral_id=row.id)
    offered = [dialog.status.itemData(i) for i in range(dialog.status.count())]
    assert offered == [
        ReferralStatus.PLAN_SENT,
        ReferralStatus.PLAN_REVIEWED,
        ReferralStatus.CLOSED,
    ]
    _choose(dialog.status, ReferralStatus.PLAN_REVIEWED)
    assert dialog.save()
    assert get_referral(demo_store, row.id).status == ReferralStatus.PLAN_REVIEWED


def test_choosing_a_pupil_warns_of_referrals_still_open(qtbot: QtBot, demo_store: Store) -> None:
    row = next(
        r
        for r in list_referrals(demo_store)
        if r.pupil_id is not None and r.status == ReferralStatus.NEW
    )
    assert row.pupil_id is not None
    dialog = _dialog(qtbot, demo_store, pupil_id=row.pupil_id)
    assert "Already open: Inclusion Forum received" in dialog.chosen_pupil.text()


def test_an_unreadable_date_is_explained_and_kept(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    dialog.mode_new.click()
    qtbot.keyClicks(dialog.pupil_form.date_of_birth.edit, "31/02/2013")
    dialog.received_on.set_value(None)
    qtbot.keyClicks(dialog.received_on.edit, "yesterday")
    assert not dialog.save()
    messages = dialog.errors.messages()
    assert "day/month/year" in messages["received_on"]
    assert "no such date" in messages["date_of_birth"]
    assert dialog.pupil_form.date_of_birth.text() == "31/02/2013"


# The offscreen platform cannot raise a popup or grab the keyboard; real desktops can.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_typed_dates_are_tidied_and_picked_from_the_calendar(qtbot: QtBot, store: Store) -> None:
    dialog = _dialog(qtbot, store)
    field = dialog.received_on
    field.set_value(None)
    qtbot.keyClicks(field.edit, "3 nov 2026")
    field.edit.editingFinished.emit()
    assert field.text() == "03/11/2026" and field.value() == date(2026, 11, 3)
    field.button.click()
    assert field.calendar.selectedDate() == QDate(2026, 11, 3)
    field.calendar.clicked.emit(QDate(2026, 10, 5))
    assert field.value() == date(2026, 10, 5)
    assert not field.calendar.isVisible()


def test_an_unexpected_failure_keeps_the_form_and_says_so(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store, pupil_id=pupil_without_referrals(demo_store))
    _fill_referral(qtbot, dialog)
    with (
        patch(
            "slip_desktop.views.referrals.referral_dialog.save_referral",
            side_effect=RuntimeError("disk"),
        ),
        patch("slip_desktop.ui.form_errors.QMessageBox.critical") as critical,
    ):
        assert not dialog.save()
    assert "Something went wrong" in critical.call_args.args[2]
    assert dialog.isVisible() and dialog.texts["pupil_views"].text() == "Lessons are too loud."


def test_tab_goes_from_the_pupil_search_to_the_referral_fields(
    qtbot: QtBot, demo_store: Store
) -> None:
    dialog = _dialog(qtbot, demo_store)
    assert dialog.picker.search.nextInFocusChain() is dialog.picker.table
    assert dialog.kind.nextInFocusChain() is dialog.school
