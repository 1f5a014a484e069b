"""Hypothesis drives the validation layer: bad input is refused with a ValidationError only."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.enums import Consent, Reason, ReferralKind
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.pupils import PupilInput, clean_pupil
from slip_desktop.domain.referrals import ReferralInput, clean_referral
from slip_desktop.domain.upn import upn_problem
from slip_desktop.domain.validation import LONG_TEXT_MAX, NAME_MAX, Checker

TODAY = date(2026, 11, 27)
MANY = settings(max_examples=2000, deadline=None)

texts = st.text(max_size=140)
dates = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
ids = st.one_of(st.none(), st.integers(min_value=1, max_value=50))
years = st.one_of(st.none(), st.integers(min_value=-5, max_value=20))
numberish = st.one_of(texts, st.from_regex(r"-?[0-9]{0,4}(\.[0-9]{0,3})?%?", fullmatch=True))


@MANY
@given(
    first=texts,
    last=texts,
    upn=st.one_of(texts, st.from_regex(r"[A-Z][0-9]{11}[0-9A-Z]", fullmatch=True)),
    dob=dates,
    year_group=years,
    school=ids,
)
def test_pupil_validation_refuses_cleanly_or_returns_clean_values(
    first: str, last: str, upn: str, dob: date | None, year_group: int | None, school: int | None
) -> None:
    data = PupilInput(first, last, upn, dob, year_group, school)
    try:
        clean = clean_pupil(data, TODAY)
    except ValidationError as error:
        assert error.errors and all(isinstance(m, str) and m for m in error.errors.values())
        return
    assert clean.first_name == clean.first_name.strip() and 0 < len(clean.first_name) <= NAME_MAX
    assert 0 < len(clean.last_name) <= NAME_MAX
    assert clean.upn is None or upn_problem(clean.upn) is None
    assert 1 <= clean.year_group <= 14


@MANY
@given(
    kind=st.sampled_from(ReferralKind),
    anonymous=st.booleans(),
    has_pupil=st.booleans(),
    school=ids,
    year_group=years,
    received=dates,
    referrer=texts,
    email=texts,
    phone=texts,
    consent=st.sampled_from(Consent),
    consent_on=dates,
    reasons=st.frozensets(st.sampled_from(Reason)),
    concerns=st.one_of(texts, st.text(min_size=LONG_TEXT_MAX - 2, max_size=LONG_TEXT_MAX + 2)),
    attendance=numberish,
    suspensions=numberish,
)
def test_referral_validation_refuses_cleanly_or_returns_clean_values(
    kind: ReferralKind,
    anonymous: bool,
    has_pupil: bool,
    school: int | None,
    year_group: int | None,
    received: date | None,
    referrer: str,
    email: str,
    phone: str,
    consent: Consent,
    consent_on: date | None,
    reasons: frozenset[Reason],
    concerns: str,
    attendance: str,
    suspensions: str,
) -> None:
    data = ReferralInput(
        kind=kind,
        anonymous=anonymous,
        has_pupil=has_pupil,
        school_id=school,
        year_group=year_group,
        received_on=received,
        referrer_name=referrer,
        referrer_email=email,
        referrer_phone=phone,
        consent=consent,
        consent_on=consent_on,
        reasons=reasons,
        presenting_concerns=concerns,
        attendance=attendance,
        suspensions=suspensions,
    )
    try:
        clean = clean_referral(data, TODAY)
    except ValidationError as error:
        assert error.errors and all(isinstance(m, str) and m for m in error.errors.values())
        return
    assert clean.received_on <= TODAY
    assert clean.attendance_percent is None or 0 <= clean.attendance_percent <= 100
    assert 0 <= clean.suspensions_this_year <= 60
    assert 0 < len(clean.presenting_concerns) <= LONG_TEXT_MAX
    assert not (clean.anonymous and clean.kind == ReferralKind.PARTNERSHIP)
    assert clean.reasons


@MANY
@given(text=texts)
def test_name_cleaner_is_idempotent(text: str) -> None:
    first = Checker()
    value = first.name("n", "name", text)
    if first.errors:
        return
    again = Checker()
    assert again.name("n", "name", value) == value and not again.errors
