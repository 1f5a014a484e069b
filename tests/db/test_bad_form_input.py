"""Bad input in the office's forms: hypothesis drives the write paths of db/ that take typing."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from slip_desktop.db.attendance import save_register
from slip_desktop.db.meetings import (
    add_attendee,
    add_meeting,
    cases_per_meeting,
    set_cases_per_meeting,
)
from slip_desktop.db.models import (
    Adjustment,
    AttendanceMark,
    Meeting,
    MeetingAttendee,
    Placement,
    Provider,
    RateSet,
    School,
    StaffMember,
)
from slip_desktop.db.providers import ProviderInput, save_provider
from slip_desktop.db.rates import save_rates
from slip_desktop.db.staff import PostInput, save_post
from slip_desktop.db.statements import add_adjustment
from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import list_terms, save_year
from slip_desktop.domain.calendar import TermSpan, typical_terms
from slip_desktop.domain.charges import RATE_FIELDS
from slip_desktop.domain.enums import MeetingKind, StaffRole, Term
from slip_desktop.domain.enums import Session as Sitting
from slip_desktop.domain.errors import RuleError, ValidationError
from tests.finance_world import build_world

THOROUGH = settings(
    max_examples=2000,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def half(valid: st.SearchStrategy[Any], invalid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Draw from ``valid`` half the time, so valid records are stored too."""
    return st.booleans().flatmap(lambda ok: valid if ok else invalid)


texts = st.text(max_size=40)
money = half(
    st.decimals(min_value=0, max_value=99999, places=2).map(str),
    st.one_of(
        texts,
        st.sampled_from(["NaN", "sNaN", "Infinity", "-1", "1e30", "9" * 30, "1.234", "1²0"]),
    ),
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


def _count(store: Store, model: Any) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@THOROUGH
@given(name=half(st.text(min_size=1, max_size=30).map(lambda t: "P " + t), texts), rate=money)
def test_save_provider_stores_valid_providers_and_refuses_the_rest(
    store: Store, name: str, rate: str
) -> None:
    before = _count(store, Provider)
    data = ProviderInput(name, "Woodwork", rate, "", "", "", None)
    try:
        provider_id = save_provider(store, data)
    except ValidationError:
        assert _count(store, Provider) == before
        return
    event("stored")
    with store.session() as session:
        stored = session.get(Provider, provider_id)
        assert stored is not None and 0 <= stored.day_rate_pence < 10_000_000


@THOROUGH
@given(
    role=st.sampled_from(list(StaffRole)),
    name=texts,
    fte=half(st.decimals(min_value="0.01", max_value=1, places=2).map(str), money),
    vacant=st.booleans(),
)
def test_save_post_stores_valid_posts_and_refuses_the_rest(
    store: Store, role: StaffRole, name: str, fte: str, vacant: bool
) -> None:
    before = _count(store, StaffMember)
    try:
        save_post(store, PostInput(role, name, fte, vacant, ""))
    except ValidationError:
        assert _count(store, StaffMember) == before
        return
    event("stored")
    assert _count(store, StaffMember) == before + 1


@THOROUGH
@given(
    amounts=st.fixed_dictionaries({name: money for name, _label in RATE_FIELDS}),
    school_days=half(st.integers(100, 200).map(str), st.one_of(texts, st.just("1²0"))),
)
def test_save_rates_stores_valid_rates_and_refuses_the_rest(
    store: Store, amounts: dict[str, str], school_days: str
) -> None:
    before = _count(store, RateSet)
    try:
        row = save_rates(store, 2026, {**amounts, "school_days": school_days}, "Coordinator")
    except ValidationError:
        assert _count(store, RateSet) == before
        return
    event("stored")
    assert _count(store, RateSet) == before + 1 and 100 <= row.school_days <= 200


@THOROUGH
@given(
    meets_on=days,
    starts_at=st.times(),
    ends_at=st.one_of(st.none(), st.times()),
    link=half(st.just("https://teams.example.org/l/x"), texts),
    capacity=st.one_of(st.none(), st.integers(-3, 25)),
)
def test_add_meeting_stores_valid_meetings_and_refuses_the_rest(
    store: Store,
    meets_on: date,
    starts_at: time,
    ends_at: time | None,
    link: str,
    capacity: int | None,
) -> None:
    before = _count(store, Meeting)
    try:
        add_meeting(store, MeetingKind.FORUM, meets_on, starts_at, ends_at, link, capacity)
    except ValidationError:
        assert _count(store, Meeting) == before
        return
    event("stored")
    assert _count(store, Meeting) == before + 1


@THOROUGH
@given(cases=st.integers(-5, 30))
def test_cases_per_meeting_is_stored_when_sensible_and_refused_otherwise(
    store: Store, cases: int
) -> None:
    before = cases_per_meeting(store)
    try:
        set_cases_per_meeting(store, cases)
    except ValidationError:
        assert cases_per_meeting(store) == before
        return
    assert cases_per_meeting(store) == cases


@THOROUGH
@given(role=texts, name=texts, organisation=texts)
def test_add_attendee_stores_someone_named_and_refuses_blanks(
    store: Store, role: str, name: str, organisation: str
) -> None:
    with store.session() as session:
        meeting_id = session.scalar(select(Meeting.id))
    if meeting_id is None:
        meeting_id = add_meeting(store, MeetingKind.FORUM, date(2026, 11, 10), time(9, 30), None)
    before = _count(store, MeetingAttendee)
    try:
        add_attendee(store, meeting_id, role, name, organisation)
    except ValidationError:
        assert _count(store, MeetingAttendee) == before
        return
    assert role.strip() or name.strip()
    assert _count(store, MeetingAttendee) == before + 1


spans = st.builds(
    TermSpan,
    academic_year=st.just(2026),
    term=st.sampled_from(list(Term)),
    starts_on=days,
    half_term_starts=st.one_of(st.none(), days),
    half_term_ends=st.one_of(st.none(), days),
    ends_on=days,
)


@THOROUGH
@given(year=half(st.just(typical_terms(2026)), st.lists(spans, max_size=4)))
def test_save_year_stores_sound_terms_and_refuses_the_rest(
    store: Store, year: list[TermSpan]
) -> None:
    before = list_terms(store, 2026)
    try:
        save_year(store, 2026, year)
    except ValidationError:
        assert list_terms(store, 2026) == before
        return
    assert sorted(list_terms(store, 2026), key=lambda s: s.starts_on) == sorted(
        year, key=lambda s: s.starts_on
    )


@THOROUGH
@given(
    amount=st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True),
        st.decimals(min_value=-5000, max_value=5000, places=2),
    ),
    reason=texts,
)
def test_add_adjustment_books_sound_amounts_and_refuses_the_rest(
    store: Store, amount: Decimal, reason: str
) -> None:
    with store.session() as session:
        school_id = session.scalar(select(School.id))
    if school_id is None:
        school_id = build_world(store).school_id
    before = _count(store, Adjustment)
    try:
        add_adjustment(store, school_id, 2026, Term.AUTUMN, amount, reason, date(2026, 11, 27))
    except ValidationError:
        assert _count(store, Adjustment) == before
        return
    assert amount.is_finite() and amount != 0 and reason.strip()
    assert _count(store, Adjustment) == before + 1


@THOROUGH
@given(mark=st.one_of(texts, st.sampled_from(["/", "l", "U", "", " x ", "ı"])))
def test_save_register_stores_codes_and_refuses_the_rest(store: Store, mark: str) -> None:
    with store.session() as session:
        placement_id = session.scalar(select(Placement.id))
    if placement_id is None:
        placement_id = build_world(store).ks4_placement_id
    day = date(2026, 11, 25)
    before = _count(store, AttendanceMark)
    try:
        save_register(store, day, {(placement_id, Sitting.AM): mark})
    except RuleError:
        assert _count(store, AttendanceMark) == before
        return
    assert _count(store, AttendanceMark) == (1 if mark.strip() else 0)


@pytest.mark.parametrize("mark", ["database is busy", "Database is locked", "disk is full"])
def test_a_typed_mark_quoting_an_engine_message_is_refused_as_typed_not_as_a_busy_database(
    store: Store, mark: str
) -> None:
    # Hypothesis once typed "DATABASE IS BUSY" as a mark: the refusal quoted it, and the
    # store took the quoted text for SQLite's own message (DatabaseBusy, flaky under -n 2).
    placement_id = build_world(store).ks4_placement_id
    with pytest.raises(RuleError, match="is not a register code"):
        save_register(store, date(2026, 11, 25), {(placement_id, Sitting.AM): mark})


# Hypothesis's text includes NUL, which PostgreSQL refuses outright (a DataError, not a
# field message); until the domain's text checks refuse control characters, SQLite only.
pytestmark = pytest.mark.sqlite_only
