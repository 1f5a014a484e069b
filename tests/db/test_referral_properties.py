"""Whatever is typed, a refused referral leaves nothing behind in the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.pupils import list_pupils, save_pupil
from slip_desktop.db.referrals import list_referrals, save_referral
from slip_desktop.db.store import Store
from slip_desktop.domain.errors import DomainError
from tests.db.referral_helpers import TODAY, add_school, pupil_input, referral_input

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
    try:
        save_referral(store, data, TODAY, new_pupil=new_pupil)
    except DomainError:
        assert (len(list_referrals(store)), len(list_pupils(store))) == before
    else:
        assert (len(list_referrals(store)), len(list_pupils(store))) == (
            before[0] + 1,
            before[1] + 1,
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
    try:
        save_pupil(store, data, TODAY)
    except DomainError:
        assert len(list_pupils(store)) == before
    else:
        assert len(list_pupils(store)) == before + 1
