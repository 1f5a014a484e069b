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
from slip_desktop.domain.validation import LONG_TEXT_MAX, NAME_MAX, Checker, parse_day

TODAY = date(2026, 11, 27)
MANY = settings(max_examples=2000, deadline=None)

texts = st.text(max_size=140)
dates = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
ids = st.one_of(st.none(), st.integers(min_value=1, max_value=50))
years = st.one_of(st.none(), st.integers(min_value=-5, max_value=20))
# Text around the length limit, built cheaply (drawing 4,000 random characters is slow).
long_texts = st.builds(
    lambda start, fill, count: start + fill * count,
    texts,
    st.characters(),
    st.integers(min_value=LONG_TEXT_MAX - 150, max_value=LONG_TEXT_MAX + 10),
)
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
    concerns=st.one_of(texts, long_texts),
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


@MANY
@given(text=st.one_of(texts, st.from_regex(r"[0-9]{1,2}[/ .-][0-9A-Za-z]{1,9}[/ .-][0-9]{2,4}")))
def test_date_parser_returns_a_date_or_explains(text: str) -> None:
    try:
        parse_day(text)
    except ValueError as error:
        assert "day/month/year" in str(error)


@MANY
@given(day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_round_trip_through_their_display_form(day: date) -> None:
    assert parse_day(f"{day:%d/%m/%Y}") == day
    assert parse_day(f"{day:%d %b %Y}") == day
    assert parse_day(day.isoformat()) == day
