"""The referral form builds its second and third pages when first shown, losing nothing."""

from __future__ import annotations

import sys

import pytest
from pytestqt.qtbot import QtBot

from slip_desktop.db.referral_list import list_referrals
from slip_desktop.db.referrals import get_referral
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Consent
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.referrals.referral_dialog import PAGE_ERROR_MARK, ReferralDialog
from tests.conftest import DEMO_TODAY
from tests.views.referral_fixtures import pupil_without_referrals
from tests.views.typing import type_text


def _dialog(qtbot: QtBot, store: Store, **kwargs: object) -> ReferralDialog:
    dialog = ReferralDialog(store, DEMO_TODAY, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _with_concerns(store: Store) -> int:
    return next(
        r.id
        for r in list_referrals(store)
        if r.pupil_id is not None and get_referral(store, r.id).presenting_concerns
    )


def test_opening_a_referral_builds_only_its_first_page(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store, referral_id=_with_concerns(demo_store))
    assert dialog.page_built(1)
    assert not dialog.page_built(2)
    assert not dialog.page_built(3)


def test_a_later_page_shows_the_stored_referral_when_first_shown(
    qtbot: QtBot, demo_store: Store
) -> None:
    referral_id = _with_concerns(demo_store)
    stored = get_referral(demo_store, referral_id)
    dialog = _dialog(qtbot, demo_store, referral_id=referral_id)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.page_built(2)
    assert not dialog.page_built(3)
    shown = dialog.tabs.currentWidget()
    concerns = dialog.texts["presenting_concerns"]
    assert shown.isAncestorOf(concerns)
    assert concerns.text() == stored.presenting_concerns
    assert dialog.permanent_exclusion.isChecked() == stored.previous_permanent_exclusion


def test_saving_without_opening_the_later_pages_keeps_what_they_hold(
    qtbot: QtBot, demo_store: Store
) -> None:
    referral_id = _with_concerns(demo_store)
    before = get_referral(demo_store, referral_id)
    dialog = _dialog(qtbot, demo_store, referral_id=referral_id)
    if dialog.consent.currentData() is None:
        dialog.consent.setCurrentIndex(dialog.consent.findData(Consent.NOT_ASKED))
    type_text(dialog.referrer_name, "Zoë O'Brien-Ćorić")
    typed = dialog.referral_input()
    assert not dialog.page_built(2) and not dialog.page_built(3)
    assert typed.presenting_concerns == before.presenting_concerns
    assert typed.pupil_views == before.pupil_views
    assert typed.attendance == before.as_input().attendance
    assert typed.reasons == before.as_input().reasons


def test_an_error_on_a_page_not_built_yet_is_shown_beside_its_field_and_marked(
    qtbot: QtBot, demo_store: Store
) -> None:
    # A new referral with nothing on page 2: "presenting concerns" is needed there.
    dialog = _dialog(qtbot, demo_store, pupil_id=pupil_without_referrals(demo_store))
    dialog.consent.setCurrentIndex(dialog.consent.findData(Consent.GIVEN))
    type_text(dialog.consent_on.edit, "20/11/2026")
    type_text(dialog.referrer_name, "Nguyễn Thị Ánh")
    assert not dialog.page_built(2)
    assert not dialog.save()
    assert dialog.page_built(2)
    assert "presenting_concerns" in dialog.errors.messages()
    assert dialog.tabs.tabText(1).endswith(PAGE_ERROR_MARK)
    box = dialog.errors.box("presenting_concerns")
    assert box is not None and dialog.tabs.widget(1).isAncestorOf(box)


def test_the_form_is_imported_once_the_list_is_painted(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import slip_desktop.views.referrals.tab as tab_module

    warmed: list[bool] = []
    monkeypatch.setattr(tab_module, "warm_referral_dialog", lambda: warmed.append(True))
    tab = tab_module.ReferralsTab(demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY)
    qtbot.addWidget(tab)
    assert not warmed  # not while the tab is built: once its list is on screen
    tab.show()
    qtbot.waitUntil(lambda: bool(warmed))
    monkeypatch.undo()
    tab_module.warm_referral_dialog()
    assert "slip_desktop.views.referrals.referral_dialog" in sys.modules


def test_in_the_window_one_form_is_built_unseen_before_the_first_open(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import slip_desktop.views.referrals.referral_dialog as dialog_module
    import slip_desktop.views.referrals.tab as tab_module

    built: list[bool] = []  # whether each was on screen

    class Counted(ReferralDialog):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            built.append(self.isVisible())

    monkeypatch.setattr(dialog_module, "ReferralDialog", Counted)
    tab = tab_module.ReferralsTab(
        demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY, background=True
    )
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: len(built) == 1, timeout=20000)
    assert built == [False]


def test_the_new_pupil_form_is_built_when_chosen_and_never_for_an_edit(
    qtbot: QtBot, demo_store: Store
) -> None:
    edit = _dialog(qtbot, demo_store, referral_id=_with_concerns(demo_store))
    assert edit._pupil_form is None
    new = _dialog(qtbot, demo_store)
    assert new._pupil_form is None
    new.mode_new.click()
    assert new._pupil_form is not None and new._pupil_form.isVisible()
    assert new.errors.box("year_group") is new.pupil_form.year_box
