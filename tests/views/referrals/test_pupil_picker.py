"""Choosing the pupil by typing, and the list updating only the rows a save changed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from slip_desktop.db.pupils import SEARCH_LIMIT, list_pupils, save_pupil
from slip_desktop.db.referrals import get_referral
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Consent, Reason, ReferralStatus
from slip_desktop.domain.pupils import PupilInput
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.referrals.pupil_picker import NONE_FOUND, TYPE_TO_FIND
from slip_desktop.views.referrals.referral_dialog import ReferralDialog
from slip_desktop.views.referrals.tab import ReferralsTab
from tests.conftest import DEMO_TODAY
from tests.views.typing import type_text


def _new_pupil(store: Store, first: str, last: str) -> int:
    return save_pupil(
        store,
        PupilInput(
            first_name=first,
            last_name=last,
            upn="",
            date_of_birth=date(2013, 3, 4),
            year_group=None,
            school_id=list_pupils(store)[0].school_id,
        ),
        DEMO_TODAY,
    ).id


def _fill_and_save(qtbot: QtBot, dialog: ReferralDialog) -> None:
    type_text(dialog.referrer_name, "Олег Петренко")
    dialog.consent.setCurrentIndex(dialog.consent.findData(Consent.GIVEN))
    qtbot.keyClicks(dialog.consent_on.edit, "20/11/2026")
    dialog.tabs.setCurrentIndex(1)
    dialog.reasons[Reason.SEMH].click()
    qtbot.keyClicks(dialog.texts["presenting_concerns"].edit, "Refusing lessons since October.")
    with qtbot.waitSignal(dialog.referral_saved, timeout=2000, raising=False):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.saved is not None, (dialog.errors.messages(), dialog.form_error.text())


def test_typing_part_of_a_name_in_any_case_finds_the_pupil_and_the_referral_is_stored(
    qtbot: QtBot, demo_store: Store
) -> None:
    sofia = _new_pupil(demo_store, "Σοφία", "Παπαδοπούλου")
    tab = ReferralsTab(demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY)
    qtbot.addWidget(tab)
    tab.show()
    dialog = tab.open_new_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.picker
    assert picker.model.rowCount() == 0 and picker.count_label.text() == TYPE_TO_FIND
    assert picker.table.accessibleName() == "Pupils"
    assert picker.search.accessibleName() == "Search pupils"
    type_text(picker.search, "παπαδ σοφ")  # last name first, lower case, Greek
    assert [p.id for p in picker.model.rows()] == [sofia]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)  # the keyboard goes on to the list
    assert dialog.focusWidget() is picker.table and dialog._chosen is not None
    assert "Σοφία Παπαδοπούλου" in dialog.chosen_pupil.text()
    resets: list[bool] = []
    tab.list.model.modelReset.connect(lambda: resets.append(True))
    total = tab.list.model.total_count()
    _fill_and_save(qtbot, dialog)
    saved = dialog.saved
    assert saved is not None
    record = get_referral(demo_store, saved.id)
    assert record.pupil is not None and record.pupil.id == sofia
    assert record.referrer_name == "Олег Петренко" and record.status == ReferralStatus.NEW
    # The new referral was put in the list (and chosen) without reloading the list.
    assert tab.list.model.total_count() == total + 1 and not resets
    assert tab.list.selected_row().id == saved.id
    assert tab.list.selected_row().name == "Παπαδοπούλου, Σοφία"


def test_the_picker_says_when_nothing_or_too_much_matches(qtbot: QtBot, demo_store: Store) -> None:
    dialog = ReferralDialog(demo_store, DEMO_TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.picker
    qtbot.keyClicks(picker.search, "qzxqzx")
    assert picker.model.rowCount() == 0 and picker.count_label.text() == NONE_FOUND
    for number in range(SEARCH_LIMIT + 2):  # names hold no digits: "Zoë Aa", "Zoë Ab"...
        _new_pupil(
            demo_store,
            f"Zoë {'ABCDEFGHIJ'[number // 10]}{'abcdefghij'[number % 10]}",
            "O'Brien-Ćorić",
        )
    picker.search.clear()
    type_text(picker.search, "ćorić")
    assert picker.model.rowCount() == SEARCH_LIMIT
    assert f"first {SEARCH_LIMIT}" in picker.count_label.text()
    type_text(picker.search, " zoë fb")
    assert [p.first_name for p in picker.model.rows()] == ["Zoë Fb"]


def test_editing_a_pupil_updates_only_their_rows_in_the_list(
    qtbot: QtBot, demo_store: Store
) -> None:
    from slip_desktop.views.referrals.pupil_dialog import PupilDialog

    tab = ReferralsTab(demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY)
    qtbot.addWidget(tab)
    tab.show()
    row = next(r for r in tab.list.model.rows() if r.pupil_id is not None)
    theirs = {r.id for r in tab.list.model.all_rows() if r.pupil_id == row.pupil_id}
    resets: list[bool] = []
    tab.list.model.modelReset.connect(lambda: resets.append(True))
    reloads = tab.reloads
    assert row.pupil_id is not None
    dialog = PupilDialog(demo_store, DEMO_TODAY, row.pupil_id, tab, notifier=tab._notifier)
    qtbot.addWidget(dialog)
    dialog.form.last_name.clear()
    type_text(dialog.form.last_name, "Nguyễn")
    assert dialog.save()
    names = {r.id: r.name for r in tab.list.model.all_rows() if r.id in theirs}
    assert all(name.startswith("Nguyễn, ") for name in names.values()) and names
    assert not resets and tab.reloads == reloads
