"""Whatever is typed, a refused referral leaves nothing behind in the database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.pupils import list_pupils
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


@settings(max_examples=150, deadline=None)
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
