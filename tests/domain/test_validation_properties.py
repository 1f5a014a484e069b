"""Hypothesis drives the validation layer from both sides.

Valid input is accepted and returned equal; bad input is refused with a ValidationError that
names exactly the fields an independent reading of the rule says are wrong.
"""

from __future__ import annotations

import os
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.domain.enums import Consent, Reason, ReferralKind
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.pupils import PupilInput, clean_pupil, expected_year_group
from slip_desktop.domain.referrals import ReferralInput, clean_referral, decode_reasons
from slip_desktop.domain.upn import make_upn, normalise_upn, upn_problem
from slip_desktop.domain.validation import (
    LONG_TEXT_MAX,
    NAME_MAX,
    Checker,
    clean_text,
    parse_day,
)

TODAY = date(2026, 11, 27)
# Under `make mutation` (mutmut sets MUTANT_UNDER_TEST) each surviving mutant reruns every
# property: fewer examples keep the run under half an hour; the normal suite draws 2,000.
MANY = settings(max_examples=200 if "MUTANT_UNDER_TEST" in os.environ else 2000, deadline=None)
SOME = settings(max_examples=300, deadline=None)

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


# -- an independent reading of each rule, to say which fields a refusal must name ---------

_NAME_PUNCTUATION = " '’-."


def _collapsed(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _name_wrong(text: str) -> bool:
    value = _collapsed(text)
    cats = [unicodedata.category(c) for c in value]
    return (
        not value
        or len(value) > NAME_MAX
        or any(
            not (k[0] in "LM" or c in _NAME_PUNCTUATION) for c, k in zip(value, cats, strict=True)
        )
        or not any(k[0] == "L" for k in cats)
    )


def _age(born: date, on: date) -> int:
    had_birthday = (on.month, on.day) >= (born.month, born.day)
    return on.year - born.year - (0 if had_birthday else 1)


def _wrong_pupil_fields(data: PupilInput) -> set[str]:
    wrong = {f for f in ("first_name", "last_name") if _name_wrong(getattr(data, f))}
    if data.upn.strip() and upn_problem(data.upn) is not None:
        wrong.add("upn")
    dob = data.date_of_birth
    if dob is None or not 9 <= _age(dob, TODAY) <= 19:
        wrong.add("date_of_birth")
    year_group = data.year_group
    if year_group is None and dob is not None:
        year_group = expected_year_group(dob, TODAY)
    if year_group is None or not 1 <= year_group <= 14:
        wrong.add("year_group")
    if data.school_id is None:
        wrong.add("school")
    return wrong


def _alone_wrong(method: str, *args: str | int) -> bool:
    check = Checker()
    getattr(check, method)("f", *args)
    return bool(check.errors)


def _long_text(text: str) -> str:
    return clean_text(text).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def _wrong_referral_fields(data: ReferralInput) -> set[str]:
    wrong = set()
    if data.kind == ReferralKind.PARTNERSHIP and data.anonymous:
        wrong.add("kind")
    if not data.anonymous and not data.has_pupil:
        wrong.add("pupil")
    if data.school_id is None:
        wrong.add("school")
    if data.anonymous and (data.year_group is None or not 1 <= data.year_group <= 14):
        wrong.add("year_group")
    if data.received_on is None or data.received_on > TODAY:
        wrong.add("received_on")
    if _name_wrong(data.referrer_name):
        wrong.add("referrer_name")
    if _alone_wrong("email", data.referrer_email):
        wrong.add("referrer_email")
    if _alone_wrong("phone", data.referrer_phone):
        wrong.add("referrer_phone")
    asked = data.consent != Consent.NOT_ASKED
    if asked and (data.consent_on is None or data.consent_on > TODAY):
        wrong.add("consent_on")
    if data.anonymous == (data.consent == Consent.GIVEN):
        wrong.add("consent")
    if not data.reasons:
        wrong.add("reasons")
    concerns = _long_text(data.presenting_concerns)
    if not concerns or len(concerns) > LONG_TEXT_MAX:
        wrong.add("presenting_concerns")
    if _alone_wrong("percent", "attendance", data.attendance):
        wrong.add("attendance")
    if _alone_wrong("count", "suspensions", data.suspensions, 60):
        wrong.add("suspensions")
    return wrong


# -- valid input, built to be accepted ----------------------------------------------------

_letters = st.characters(categories=("Lu", "Ll", "Lo"))
_words = st.text(alphabet=_letters, min_size=1, max_size=12)
valid_names = st.builds(
    lambda words, seps, pad: (
        pad + "".join(w + s for w, s in zip(words, seps, strict=False)).rstrip(" '-") + pad
    ),
    st.lists(_words, min_size=1, max_size=4),
    st.lists(st.sampled_from([" ", "  ", "-", "'", " "]), min_size=4, max_size=4),
    st.sampled_from(["", " ", "\t"]),
).filter(lambda n: len(_collapsed(n)) <= NAME_MAX)
# A name of exactly the longest length the record keeps.
longest_names = st.builds(lambda w: (w * NAME_MAX)[:NAME_MAX], _words).filter(
    lambda n: len(_collapsed(n)) == NAME_MAX
)
valid_upns = st.builds(
    lambda la, school, year, serial, spaced: (
        make_upn(la, f"{school:04d}", year, serial).lower()
        if spaced
        else make_upn(la, f"{school:04d}", year, serial)
    ),
    st.sampled_from(["855", "801", "207", "856"]),
    st.integers(0, 9999),
    st.integers(2000, 2099),
    st.integers(0, 999),
    st.booleans(),
)
# Ages 9 to 19 on TODAY, both ends included (a ninth birthday today, the day before the 20th).
pupil_births = st.dates(min_value=date(2006, 11, 28), max_value=date(2017, 11, 27))
valid_concerns = st.one_of(
    st.text(
        alphabet=st.characters(categories=("L", "N", "P", "Zs")) | st.just("\n"), max_size=300
    ).filter(lambda t: t.strip()),
    st.builds(lambda c: c * LONG_TEXT_MAX, st.sampled_from("aéЖ字")),
)


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
    wrong = _wrong_pupil_fields(data)
    try:
        clean = clean_pupil(data, TODAY)
    except ValidationError as error:
        assert error.errors and all(isinstance(m, str) and m for m in error.errors.values())
        assert set(error.errors) == wrong
        return
    assert not wrong
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
    wrong = _wrong_referral_fields(data)
    try:
        clean = clean_referral(data, TODAY)
    except ValidationError as error:
        assert error.errors and all(isinstance(m, str) and m for m in error.errors.values())
        assert set(error.errors) == wrong
        return
    assert not wrong
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


@SOME
@given(
    first=st.one_of(valid_names, longest_names),
    last=st.one_of(valid_names, longest_names),
    upn=st.one_of(st.just(""), st.just("  "), valid_upns),
    dob=pupil_births,
    year_group=st.integers(1, 14),
    school=st.integers(1, 50),
)
def test_valid_pupil_records_are_accepted_and_returned_equal(
    first: str, last: str, upn: str, dob: date, year_group: int, school: int
) -> None:
    clean = clean_pupil(PupilInput(first, last, upn, dob, year_group, school), TODAY)
    assert clean.first_name == _collapsed(first)
    assert clean.last_name == _collapsed(last)
    assert clean.upn == (normalise_upn(upn) if upn.strip() else None)
    assert (clean.date_of_birth, clean.year_group, clean.school_id) == (dob, year_group, school)


@SOME
@given(
    anonymous=st.booleans(),
    partnership=st.booleans(),
    school=st.integers(1, 50),
    year_group=st.integers(1, 14),
    received_days_ago=st.integers(0, 400),
    referrer=st.one_of(valid_names, longest_names),
    role=st.text(alphabet=_letters | st.just(" "), max_size=120),
    email=st.one_of(
        st.just(""),
        st.from_regex(r"[a-z0-9._+-]{1,20}@[a-z0-9-]{1,20}\.(sch\.uk|org|example)", fullmatch=True),
    ),
    phone=st.one_of(
        st.just(""), st.from_regex(r"\+?[0-9]{4,5} ?[0-9]{3} ?[0-9]{3,4}", fullmatch=True)
    ),
    refused=st.booleans(),
    consent_days_ago=st.integers(0, 400),
    reasons=st.frozensets(st.sampled_from(Reason), min_size=1),
    concerns=valid_concerns,
    tenths=st.one_of(st.none(), st.integers(0, 1000)),
    percent_sign=st.booleans(),
    suspensions=st.one_of(st.none(), st.integers(0, 60)),
)
def test_valid_referrals_are_accepted_and_returned_equal(
    anonymous: bool,
    partnership: bool,
    school: int,
    year_group: int,
    received_days_ago: int,
    referrer: str,
    role: str,
    email: str,
    phone: str,
    refused: bool,
    consent_days_ago: int,
    reasons: frozenset[Reason],
    concerns: str,
    tenths: int | None,
    percent_sign: bool,
    suspensions: int | None,
) -> None:
    # Named cases have consent (recorded today at the latest); anonymous ones have not.
    consent = (Consent.REFUSED if refused else Consent.NOT_ASKED) if anonymous else Consent.GIVEN
    consent_on = TODAY - timedelta(days=consent_days_ago)
    attendance = "" if tenths is None else f"{Decimal(tenths) / 10}" + ("%" if percent_sign else "")
    data = ReferralInput(
        kind=ReferralKind.PARTNERSHIP if partnership and not anonymous else ReferralKind.FORUM,
        anonymous=anonymous,
        has_pupil=not anonymous,
        school_id=school,
        year_group=year_group if anonymous else None,
        received_on=TODAY - timedelta(days=received_days_ago),
        referrer_name=referrer,
        referrer_role=role,
        referrer_email=email,
        referrer_phone=phone,
        consent=consent,
        consent_on=consent_on,
        reasons=reasons,
        presenting_concerns=concerns,
        attendance=attendance,
        suspensions="" if suspensions is None else str(suspensions),
    )
    clean = clean_referral(data, TODAY)
    assert (clean.kind, clean.anonymous, clean.school_id) == (data.kind, anonymous, school)
    assert clean.year_group == data.year_group and clean.received_on == data.received_on
    assert clean.referrer_name == _collapsed(referrer)
    assert clean.referrer_role == _collapsed(role)
    assert (clean.referrer_email, clean.referrer_phone) == (email, " ".join(phone.split()))
    assert clean.consent == consent
    assert clean.consent_on == (None if consent == Consent.NOT_ASKED else consent_on)
    assert decode_reasons(clean.reasons) == reasons
    assert clean.presenting_concerns == _long_text(concerns)
    expected_attendance = None if tenths is None else Decimal(tenths) / 10
    assert clean.attendance_percent == expected_attendance
    assert clean.suspensions_this_year == (suspensions or 0)
