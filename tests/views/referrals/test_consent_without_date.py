"""Consent chosen in the combo box but no date: a message beside the date, never a crash."""

from __future__ import annotations

from dataclasses import replace

from pytestqt.qtbot import QtBot

from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Consent
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.referrals import clean_referral
from slip_desktop.views.referrals.referral_dialog import ReferralDialog
from tests.conftest import DEMO_TODAY
from tests.domain.test_referrals import NAMED, TODAY
from tests.views.referral_fixtures import pupil_without_referrals
from tests.views.typing import type_text


def test_consent_given_as_the_combo_box_value_asks_for_its_date() -> None:
    # The combo box's data comes back as the plain value "given", not the enum.
    data = replace(NAMED, consent="given", consent_on=None)  # type: ignore[arg-type]
    try:
        clean_referral(data, TODAY)
    except ValidationError as error:
        assert set(error.errors) == {"consent_on"}
        assert "given" in error.errors["consent_on"]
    else:
        raise AssertionError("a named referral with consent but no date was accepted")


def test_saving_consent_given_without_a_date_says_which_field(
    qtbot: QtBot, demo_store: Store
) -> None:
    dialog = ReferralDialog(demo_store, DEMO_TODAY, pupil_id=pupil_without_referrals(demo_store))
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.referrer_name, "Zoë O'Brien-Ćorić")
    dialog.consent.setCurrentIndex(dialog.consent.findData(Consent.GIVEN))
    assert not dialog.save()
    assert "consent_on" in dialog.errors.messages()
    assert dialog.saved is None
