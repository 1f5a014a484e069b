from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from slip_desktop.domain.enums import Consent, Reason, ReferralKind, ReferralStatus
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.referrals import (
    ForumReferralFact,
    GraduatedResponseError,
    ReferralInput,
    check_graduated_response,
    check_kind_change,
    clean_referral,
    decode_reasons,
    encode_reasons,
    next_case_reference,
)
from slip_desktop.domain.validation import LONG_TEXT_MAX

TODAY = date(2026, 11, 27)

NAMED = ReferralInput(
    kind=ReferralKind.FORUM,
    anonymous=False,
    has_pupil=True,
    school_id=1,
    year_group=None,
    received_on=date(2026, 11, 20),
    referrer_name="  Siobhán O'Brien ",
    referrer_role="SENCO",
    referrer_email="senco@larkhill.example.sch.uk",
    referrer_phone="0116 496 0123",
    consent=Consent.GIVEN,
    consent_on=date(2026, 11, 18),
    reasons=frozenset({Reason.SEMH, Reason.ATTENDANCE}),
    presenting_concerns="Refusing lessons.",
    attendance="87.5%",
    suspensions="2",
)


def _fact(rid: int, received: date, reviewed: date | None, plan: bool = True) -> ForumReferralFact:
    return ForumReferralFact(rid, received, plan, date(2026, 10, 30), reviewed)


def test_partnership_referral_needs_an_earlier_forum_referral_with_a_reviewed_plan() -> None:
    received = date(2026, 11, 20)
    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(False, received, [])
    assert error.value.missing == "no_forum_referral"
    assert "no earlier Inclusion Forum referral" in error.value.message

    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(False, received, [_fact(1, date(2026, 9, 10), None, plan=False)])
    assert error.value.missing == "no_plan"

    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(False, received, [_fact(1, date(2026, 9, 10), None)])
    assert error.value.missing == "plan_not_reviewed"
    assert "not been reviewed" in error.value.message and "30 Oct 2026" in error.value.message

    # A later forum referral does not count; an earlier reviewed one does.
    later = _fact(3, date(2026, 11, 25), date(2026, 11, 26))
    with pytest.raises(GraduatedResponseError):
        check_graduated_response(False, received, [later])
    allowed = [_fact(1, date(2026, 9, 10), date(2026, 11, 2)), later]
    assert check_graduated_response(False, received, allowed) == 1
    assert error.value.field == "kind"


def test_anonymous_case_cannot_become_a_partnership_referral() -> None:
    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(True, TODAY, [_fact(1, date(2026, 9, 1), date(2026, 10, 1))])
    assert error.value.missing == "anonymous"
    with pytest.raises(ValidationError) as invalid:
        clean_referral(replace(NAMED, kind=ReferralKind.PARTNERSHIP, anonymous=True), TODAY)
    assert "anonymous" in invalid.value.errors["kind"]


def test_named_referral_is_cleaned() -> None:
    clean = clean_referral(NAMED, TODAY)
    assert clean.referrer_name == "Siobhán O'Brien"
    assert str(clean.attendance_percent) == "87.5"
    assert clean.suspensions_this_year == 2
    assert decode_reasons(clean.reasons) == {Reason.SEMH, Reason.ATTENDANCE}


def test_every_bad_field_is_named_at_once() -> None:
    bad = replace(
        NAMED,
        referrer_name="",
        referrer_email="not-an-address",
        attendance="120",
        suspensions="-1",
        reasons=frozenset(),
        received_on=date(2026, 12, 1),
        presenting_concerns="x" * (LONG_TEXT_MAX + 1),
    )
    with pytest.raises(ValidationError) as error:
        clean_referral(bad, TODAY)
    assert set(error.value.errors) == {
        "referrer_name",
        "referrer_email",
        "attendance",
        "suspensions",
        "reasons",
        "received_on",
        "presenting_concerns",
    }
    assert f"{LONG_TEXT_MAX:,}" in error.value.errors["presenting_concerns"]


def test_long_text_up_to_the_limit_is_accepted() -> None:
    clean = clean_referral(replace(NAMED, pupil_views="y" * LONG_TEXT_MAX), TODAY)
    assert len(clean.pupil_views) == LONG_TEXT_MAX


def test_named_referral_without_consent_must_be_anonymous() -> None:
    with pytest.raises(ValidationError) as error:
        clean_referral(replace(NAMED, consent=Consent.NOT_ASKED), TODAY)
    assert "anonymously" in error.value.errors["consent"]
    anonymous = replace(
        NAMED, anonymous=True, has_pupil=False, consent=Consent.REFUSED, year_group=9
    )
    assert clean_referral(anonymous, TODAY).anonymous


def test_case_references_count_up_within_a_year() -> None:
    assert next_case_reference(2026, []) == "SLIP-2026-001"
    existing = ["SLIP-2026-007", "SLIP-2025-030", None, "junk"]
    assert next_case_reference(2026, existing) == "SLIP-2026-008"
    assert next_case_reference(2025, existing) == "SLIP-2025-031"


def test_reasons_round_trip_in_form_order() -> None:
    assert encode_reasons({Reason.OTHER, Reason.SEMH}) == "semh,other"
    assert decode_reasons("semh,bogus,other") == {Reason.SEMH, Reason.OTHER}


def test_kind_cannot_change_once_the_workflow_began() -> None:
    check_kind_change(ReferralKind.FORUM, ReferralKind.PARTNERSHIP, ReferralStatus.NEW)
    with pytest.raises(RuleError):
        check_kind_change(ReferralKind.FORUM, ReferralKind.PARTNERSHIP, ReferralStatus.ON_AGENDA)
