"""The referral form starts with consent unchosen, and marks the pages that hold errors."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Consent
from slip_desktop.views.referrals.referral_dialog import (
    ANONYMOUS,
    CONSENT_MISSING,
    PAGE_ERROR_MARK,
    ReferralDialog,
)
from tests.conftest import DEMO_TODAY
from tests.views.referral_fixtures import pupil_without_referrals
from tests.views.typing import type_text


def _dialog(qtbot: QtBot, store: Store, **kwargs: object) -> ReferralDialog:
    dialog = ReferralDialog(store, DEMO_TODAY, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_consent_starts_with_nothing_chosen(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    assert dialog.consent.currentData() is None
    assert not dialog.consent_on.isEnabled()


def test_saving_a_named_pupil_with_consent_unchosen_asks_beside_the_field(
    qtbot: QtBot, demo_store: Store
) -> None:
    dialog = _dialog(qtbot, demo_store, pupil_id=pupil_without_referrals(demo_store))
    type_text(dialog.referrer_name, "Σοφία Παπαδοπούλου")
    assert not dialog.save()
    assert dialog.errors.messages()["consent"] == CONSENT_MISSING
    assert dialog.saved is None
    dialog.consent.setCurrentIndex(dialog.consent.findData(Consent.GIVEN))
    assert dialog.consent_on.isEnabled()


def test_an_anonymous_case_needs_no_consent_choice(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store)
    dialog.mode_group.button(ANONYMOUS).click()
    assert dialog.referral_input().consent == Consent.NOT_ASKED


def test_the_pages_holding_errors_are_marked_and_unmarked(qtbot: QtBot, demo_store: Store) -> None:
    dialog = _dialog(qtbot, demo_store, pupil_id=pupil_without_referrals(demo_store))
    dialog.consent.setCurrentIndex(dialog.consent.findData(Consent.GIVEN))
    type_text(dialog.consent_on.edit, "20/11/2026")
    dialog.attendance.setText("105")  # page 2
    assert not dialog.save()
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[1].endswith(PAGE_ERROR_MARK), titles
    assert "attention" in dialog.tabs.tabToolTip(1)
    # Saving again marks each page once, not twice; the first page's title stays whole.
    type_text(dialog.referrer_name, "Олег Петренко")
    assert not dialog.save()
    assert dialog.tabs.tabText(1).count(PAGE_ERROR_MARK.strip()) == 1
    assert dialog.tabs.tabText(0).removesuffix(PAGE_ERROR_MARK) == "&1  Pupil and referral"
