from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from slip_desktop.domain.enums import Consent, Reason, ReferralKind, ReferralStatus
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.referrals import (
    LONG_FIELDS,
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


# -- boundaries of the graduated response and the form ------------------------------------

RECEIVED = date(2026, 11, 20)


def test_plan_reviewed_the_same_day_as_the_partnership_referral_allows_it() -> None:
    assert check_graduated_response(False, RECEIVED, [_fact(4, date(2026, 9, 1), RECEIVED)]) == 4


def test_plan_reviewed_the_day_after_the_partnership_referral_does_not_allow_it() -> None:
    day_after = date(2026, 11, 21)
    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(False, RECEIVED, [_fact(4, date(2026, 9, 1), day_after)])
    assert error.value.missing == "plan_not_reviewed"
    assert error.value.field == "kind"
    assert error.value.message == (
        "The action plan from the forum referral received 01 Sep 2026 was reviewed on "
        "21 Nov 2026, after this referral's date: date the partnership referral on or "
        "after the review."
    )


def test_forum_referral_received_the_same_day_counts_the_day_after_does_not() -> None:
    same_day = _fact(5, RECEIVED, None, plan=False)
    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(False, RECEIVED, [same_day])
    assert error.value.missing == "no_plan"
    assert error.value.message == (
        "The forum referral received 20 Nov 2026 has no action plan yet. The plan must be "
        "written and then reviewed before a partnership referral."
    )
    next_day = _fact(6, date(2026, 11, 21), None, plan=False)
    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(False, RECEIVED, [next_day])
    assert error.value.missing == "no_forum_referral"


def test_the_latest_reviewed_forum_referral_is_the_one_that_allows() -> None:
    older = _fact(2, date(2026, 9, 1), date(2026, 10, 1))
    newer = _fact(7, date(2026, 9, 1), date(2026, 10, 2))
    newest = _fact(3, date(2026, 9, 2), date(2026, 10, 3))
    assert check_graduated_response(False, RECEIVED, [newest, newer, older]) == 3
    # Same day received: the higher referral number is the later one.
    assert check_graduated_response(False, RECEIVED, [newer, older]) == 7


def test_unreviewed_plan_without_a_due_date_says_so_plainly() -> None:
    fact = ForumReferralFact(8, date(2026, 9, 1), True, None, None)
    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(False, RECEIVED, [fact])
    assert error.value.message == (
        "The action plan from the forum referral received 01 Sep 2026 has not been "
        "reviewed yet. Record the review first."
    )


def test_anonymous_partnership_refusal_explains_what_to_do() -> None:
    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(True, RECEIVED, [])
    assert error.value.field == "kind"
    assert error.value.message == (
        "An anonymous case cannot be referred to the partnership: link it to a pupil "
        "record when the parents consent, then refer the pupil."
    )


def test_kind_change_refusal_names_the_kind_and_the_status() -> None:
    check_kind_change(ReferralKind.FORUM, ReferralKind.FORUM, ReferralStatus.ON_AGENDA)
    with pytest.raises(RuleError) as error:
        check_kind_change(ReferralKind.FORUM, ReferralKind.PARTNERSHIP, ReferralStatus.ON_AGENDA)
    assert error.value.field == "kind"
    assert error.value.message == (
        f"This referral is already '{ReferralStatus.ON_AGENDA.label}', so it cannot become a "
        "Partnership referral. Make a new referral instead."
    )


def _errors(data: ReferralInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as error:
        clean_referral(data, TODAY)
    return error.value.errors


def test_consent_recorded_today_is_accepted_tomorrow_is_refused() -> None:
    assert clean_referral(replace(NAMED, consent_on=TODAY), TODAY).consent_on == TODAY
    tomorrow = date(2026, 11, 28)
    assert _errors(replace(NAMED, consent_on=tomorrow)) == {
        "consent_on": "The consent date cannot be after today."
    }
    assert _errors(replace(NAMED, consent_on=None)) == {
        "consent_on": "Enter when consent was given."
    }


def test_consent_not_asked_keeps_no_date() -> None:
    anonymous = replace(
        NAMED, anonymous=True, has_pupil=False, consent=Consent.NOT_ASKED, year_group=9
    )
    assert clean_referral(anonymous, TODAY).consent_on is None


def test_referral_received_today_is_accepted_tomorrow_is_refused() -> None:
    assert clean_referral(replace(NAMED, received_on=TODAY), TODAY).received_on == TODAY
    assert set(_errors(replace(NAMED, received_on=date(2026, 11, 28)))) == {"received_on"}
    assert set(_errors(replace(NAMED, received_on=None))) == {"received_on"}


def test_anonymous_case_year_groups_run_from_1_to_14() -> None:
    anonymous = replace(NAMED, anonymous=True, has_pupil=False, consent=Consent.REFUSED)
    for year_group in (1, 14):
        assert clean_referral(replace(anonymous, year_group=year_group), TODAY).year_group == (
            year_group
        )
    for year_group in (0, 15, None):
        assert set(_errors(replace(anonymous, year_group=year_group))) == {"year_group"}


def test_anonymous_case_with_consent_given_is_refused_on_consent() -> None:
    anonymous = replace(NAMED, anonymous=True, has_pupil=False, year_group=9)
    assert set(_errors(anonymous)) == {"consent"}


def test_named_case_needs_a_pupil_and_a_school() -> None:
    assert set(_errors(replace(NAMED, has_pupil=False))) == {"pupil"}
    assert set(_errors(replace(NAMED, school_id=None))) == {"school"}


def test_suspensions_up_to_60_are_accepted_61_is_refused() -> None:
    assert clean_referral(replace(NAMED, suspensions="60"), TODAY).suspensions_this_year == 60
    assert set(_errors(replace(NAMED, suspensions="61"))) == {"suspensions"}


def test_attendance_at_0_and_100_percent_is_accepted() -> None:
    assert clean_referral(replace(NAMED, attendance="0"), TODAY).attendance_percent == 0
    assert clean_referral(replace(NAMED, attendance="100%"), TODAY).attendance_percent == 100
    assert set(_errors(replace(NAMED, attendance="100.1"))) == {"attendance"}


def test_every_free_text_answer_is_kept_and_limited() -> None:
    answers = {
        "strategies_tried": "Mentoring.",
        "current_support": "Key worker.",
        "agencies_involved": "CAMHS.",
        "pupil_views": "Wants to stay.",
        "parent_views": "Supportive.",
        "hoped_for_outcomes": "Full timetable.",
    }
    clean = clean_referral(replace(NAMED, **answers), TODAY)
    assert {name: getattr(clean, name) for name in answers} == answers
    assert clean.presenting_concerns == "Refusing lessons."
    for name in answers:
        at_limit = clean_referral(replace(NAMED, **{name: "ж" * LONG_TEXT_MAX}), TODAY)
        assert len(getattr(at_limit, name)) == LONG_TEXT_MAX
        assert set(_errors(replace(NAMED, **{name: "ж" * (LONG_TEXT_MAX + 1)}))) == {name}


def test_presenting_concerns_are_required() -> None:
    assert _errors(replace(NAMED, presenting_concerns="  \n ")) == {
        "presenting_concerns": "Describe the presenting concerns."
    }


def test_cleaned_referral_keeps_every_answer() -> None:
    clean = clean_referral(replace(NAMED, previous_permanent_exclusion=True), TODAY)
    assert (clean.kind, clean.anonymous, clean.school_id) == (ReferralKind.FORUM, False, 1)
    assert (clean.referrer_role, clean.referrer_email) == ("SENCO", NAMED.referrer_email)
    assert clean.referrer_phone == "0116 496 0123"
    assert (clean.consent, clean.consent_on) == (Consent.GIVEN, date(2026, 11, 18))
    assert clean.previous_permanent_exclusion is True
    assert clean.year_group is None and clean.received_on == RECEIVED


def test_consent_given_as_a_plain_value_is_read_as_consent() -> None:
    typed = replace(NAMED, consent="given")  # type: ignore[arg-type]
    assert clean_referral(typed, TODAY).consent is Consent.GIVEN


def test_no_earlier_forum_referral_says_to_make_one_first() -> None:
    with pytest.raises(GraduatedResponseError) as error:
        check_graduated_response(False, RECEIVED, [])
    assert error.value.message == (
        "This pupil has no earlier Inclusion Forum referral. A partnership referral needs "
        "a forum referral whose action plan has been reviewed: make a forum referral first."
    )


def test_every_refusal_of_the_form_says_what_to_do() -> None:
    anonymous = replace(NAMED, anonymous=True, has_pupil=False, consent=Consent.REFUSED)
    assert _errors(replace(anonymous, kind=ReferralKind.PARTNERSHIP, year_group=9)) == {
        "kind": "An anonymous case cannot be referred to the partnership. Link it to a pupil "
        "record once the parents have consented, then make the partnership referral."
    }
    assert _errors(replace(anonymous, year_group=None)) == {
        "year_group": "Choose the year group of the anonymous case."
    }
    assert _errors(replace(NAMED, has_pupil=False)) == {
        "pupil": "Choose the pupil or enter a new pupil record."
    }
    assert _errors(replace(NAMED, school_id=None)) == {"school": "Choose the referring school."}
    assert _errors(replace(NAMED, received_on=None)) == {
        "received_on": "Enter the date the referral was received."
    }
    assert _errors(replace(NAMED, received_on=date(2026, 11, 28))) == {
        "received_on": "The referral cannot be received after today."
    }
    assert _errors(replace(anonymous, consent=Consent.GIVEN, year_group=9)) == {
        "consent": "The parents have consented, so the case need not be anonymous: "
        "untick 'Anonymous case' and choose or enter the pupil."
    }
    assert _errors(replace(NAMED, consent=Consent.REFUSED)) == {
        "consent": "Without parental consent a case is discussed anonymously: record the "
        "consent, or tick 'Anonymous case'."
    }
    assert _errors(replace(anonymous, consent_on=None, year_group=9)) == {
        "consent_on": "Enter when consent was refused."
    }
    assert _errors(replace(NAMED, reasons=frozenset())) == {
        "reasons": "Tick at least one reason for the referral."
    }


def test_referrer_fields_are_named_in_their_own_words() -> None:
    assert _errors(replace(NAMED, referrer_name=" ")) == {
        "referrer_name": "Enter the referrer's name."
    }
    assert _errors(replace(NAMED, referrer_role="r" * 121)) == {
        "referrer_role": "The referrer's role can be at most 120 characters (121)."
    }
    assert clean_referral(replace(NAMED, referrer_role="r" * 120), TODAY).referrer_role == "r" * 120
    assert _errors(replace(NAMED, referrer_email="senco@")) == {
        "referrer_email": "This does not look like an e-mail address (name@school.sch.uk)."
    }
    assert _errors(replace(NAMED, referrer_phone="12345")) == {
        "referrer_phone": "A phone number has digits, spaces, brackets, + and - only."
    }
    assert _errors(replace(NAMED, attendance="101")) == {
        "attendance": "The attendance percentage is a number from 0 to 100, e.g. 87.5."
    }
    assert _errors(replace(NAMED, suspensions="61")) == {
        "suspensions": "The number of suspensions this year is a whole number from 0 to 60."
    }
    assert _errors(replace(NAMED, pupil_views="v" * (LONG_TEXT_MAX + 1)))["pupil_views"].startswith(
        "The pupil's views can be at most 4,000 characters"
    )


def test_every_free_text_answer_is_named_by_its_label_when_too_long() -> None:
    labels = dict(LONG_FIELDS)
    assert labels == {
        "presenting_concerns": "presenting concerns",
        "strategies_tried": "strategies already tried",
        "current_support": "current support",
        "agencies_involved": "agencies involved",
        "pupil_views": "pupil's views",
        "parent_views": "parents' or carers' views",
        "hoped_for_outcomes": "hoped-for outcomes",
    }
    for name, label in labels.items():
        message = _errors(replace(NAMED, **{name: "w" * (LONG_TEXT_MAX + 1)}))[name]
        assert message.startswith(f"The {label} can be at most 4,000 characters; this has 4,001.")
