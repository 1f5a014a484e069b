"""Whatever is typed, a refused referral leaves nothing behind; a valid one is stored as typed.

Refusals must name exactly the fields an independent reading of the rules says are wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.pupils import find_pupil_by_upn, get_pupil, list_pupils, save_pupil
from slip_desktop.db.referrals import get_referral, list_referrals, save_referral
from slip_desktop.db.store import Store
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.upn import normalise_upn, upn_problem
from slip_desktop.domain.validation import clean_text
from tests.db.referral_helpers import TODAY, add_school, pupil_input, referral_input
from tests.domain.test_validation_properties import (
    _alone_wrong,
    _collapsed,
    _name_wrong,
    _wrong_pupil_fields,
    longest_names,
    valid_names,
    valid_upns,
)

texts = st.text(max_size=60)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, int]]:
    """One database for every example: migrating per example would be slow."""
    store = Store.open(tmp_path_factory.mktemp("property") / "property.db")
    upgrade_to_head(store.engine)
    yield store, add_school(store)
    store.close()


@settings(max_examples=2000, deadline=None, database=None)
@given(first=texts, last=texts, upn=texts, referrer=texts, email=texts, attendance=texts)
def test_invalid_input_is_refused_and_never_stored(
    shared: tuple[Store, int],
    first: str,
    last: str,
    upn: str,
    referrer: str,
    email: str,
    attendance: str,
) -> None:
    store, school = shared
    before = (len(list_referrals(store)), len(list_pupils(store)))
    data = referral_input(
        school, referrer_name=referrer, referrer_email=email, attendance=attendance
    )
    new_pupil = pupil_input(school, first_name=first, last_name=last, upn=upn)
    wrong = {f for f, text in (("first_name", first), ("last_name", last)) if _name_wrong(text)}
    wrong |= {"upn"} if upn.strip() and upn_problem(upn) else set()
    wrong |= {"referrer_name"} if _name_wrong(referrer) else set()
    wrong |= {"referrer_email"} if _alone_wrong("email", email) else set()
    wrong |= {"attendance"} if _alone_wrong("percent", "attendance", attendance) else set()
    try:
        saved = save_referral(store, data, TODAY, new_pupil=new_pupil)
    except ValidationError as error:
        assert set(error.errors) == wrong
        assert (len(list_referrals(store)), len(list_pupils(store))) == before
        return
    assert not wrong
    assert (len(list_referrals(store)), len(list_pupils(store))) == (
        before[0] + 1,
        before[1] + 1,
    )
    stored = get_referral(store, saved.id)
    assert (stored.referrer_name, stored.referrer_email) == (
        _collapsed(referrer),
        clean_text(email),
    )
    assert stored.pupil is not None
    assert (stored.pupil.first_name, stored.pupil.last_name) == (
        _collapsed(first),
        _collapsed(last),
    )


@settings(max_examples=200, deadline=None, database=None)
@given(
    first=st.one_of(valid_names, longest_names),
    last=valid_names,
    referrer=valid_names,
    serial=st.integers(0, 999),
    tenths=st.integers(0, 1000),
)
def test_valid_referrals_are_stored_and_read_back_equal(
    shared: tuple[Store, int], first: str, last: str, referrer: str, serial: int, tenths: int
) -> None:
    store, school = shared
    attendance = f"{Decimal(tenths) / 10}"
    data = referral_input(school, referrer_name=referrer, attendance=attendance)
    # No UPN: each example adds a pupil, and a UPN may be stored only once.
    new_pupil = pupil_input(school, serial, first_name=first, last_name=last, upn="")
    saved = save_referral(store, data, TODAY, new_pupil=new_pupil)
    stored = get_referral(store, saved.id)
    assert stored.referrer_name == _collapsed(referrer)
    assert stored.attendance_percent == Decimal(tenths) / 10
    assert stored.pupil is not None and stored.pupil.id == saved.pupil_id
    assert (stored.pupil.first_name, stored.pupil.last_name) == (
        _collapsed(first),
        _collapsed(last),
    )


@settings(max_examples=2000, deadline=None, database=None)
@given(
    first=texts,
    last=texts,
    upn=st.one_of(texts, st.integers(0, 999).map(lambda n: f"A855400119{n:03d}")),
    born=st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 1, 1))),
    year=st.one_of(st.none(), st.integers(-3, 20)),
)
def test_pupil_records_are_stored_valid_or_refused_whole(
    shared: tuple[Store, int],
    first: str,
    last: str,
    upn: str,
    born: date | None,
    year: int | None,
) -> None:
    store, school = shared
    before = len(list_pupils(store))
    data = pupil_input(
        school, first_name=first, last_name=last, upn=upn, date_of_birth=born, year_group=year
    )
    wrong = _wrong_pupil_fields(data)
    taken = {p.upn for p in list_pupils(store)}
    if not wrong and upn.strip() and normalise_upn(upn) in taken:
        wrong = {"upn"}  # a UPN already on record
    try:
        stored = save_pupil(store, data, TODAY)
    except ValidationError as error:
        assert set(error.errors) == wrong
        assert len(list_pupils(store)) == before
        return
    assert not wrong
    assert len(list_pupils(store)) == before + 1
    assert (stored.first_name, stored.last_name) == (_collapsed(first), _collapsed(last))
    assert stored.upn == (normalise_upn(upn) if upn.strip() else None)
    assert stored.date_of_birth == born


@settings(max_examples=200, deadline=None, database=None)
@given(first=valid_names, last=valid_names, upn=valid_upns, year=st.integers(1, 14))
def test_valid_pupils_are_stored_and_read_back_equal(
    shared: tuple[Store, int], first: str, last: str, upn: str, year: int
) -> None:
    store, school = shared
    if find_pupil_by_upn(store, normalise_upn(upn)) is not None:
        return  # stored by an earlier example; the refusal is tested above
    data = pupil_input(school, first_name=first, last_name=last, upn=upn, year_group=year)
    stored = save_pupil(store, data, TODAY)
    assert (stored.first_name, stored.last_name) == (_collapsed(first), _collapsed(last))
    assert (stored.upn, stored.year_group) == (normalise_upn(upn), year)
    assert get_pupil(store, stored.id) == stored
