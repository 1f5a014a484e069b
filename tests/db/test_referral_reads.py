"""The Referrals list's row-by-row reads, the form's one read, and the pupil search."""

from __future__ import annotations

from datetime import date

from slip_desktop.db.pupils import list_pupils, save_pupil, search_pupils
from slip_desktop.db.referrals import (
    list_referrals,
    open_referrals_of,
    partnership_problem,
    referral_form_data,
    referral_rows,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.pupils import PupilInput
from tests.conftest import DEMO_TODAY


def test_referral_rows_equal_the_list_rows_of_those_referrals(demo_store: Store) -> None:
    listed = {row.id: row for row in list_referrals(demo_store)}
    some = sorted(listed)[::7]
    assert {r.id: r for r in referral_rows(demo_store, some)} == {i: listed[i] for i in some}


def test_referral_rows_of_a_pupil_are_all_their_referrals(demo_store: Store) -> None:
    listed = list_referrals(demo_store)
    pupil_id = next(r.pupil_id for r in listed if r.pupil_id is not None)
    theirs = {r.id for r in listed if r.pupil_id == pupil_id}
    assert {r.id for r in referral_rows(demo_store, pupil_ids=[pupil_id])} == theirs


def test_referral_rows_leave_out_ids_no_longer_there(demo_store: Store) -> None:
    assert referral_rows(demo_store, [10**9]) == []
    assert referral_rows(demo_store) == []


def test_referral_form_data_is_what_the_separate_reads_give(demo_store: Store) -> None:
    row = next(r for r in list_referrals(demo_store) if r.pupil_id is not None)
    data = referral_form_data(demo_store, row.id, on=DEMO_TODAY)
    assert data.record is not None and data.record.id == row.id
    assert data.pupil is not None and data.pupil.pupil.id == row.pupil_id
    assert data.pupil.open_referrals == open_referrals_of(demo_store, row.pupil_id)
    assert data.pupil.partnership_problem(DEMO_TODAY) == partnership_problem(
        demo_store, row.pupil_id, DEMO_TODAY
    )
    # Editing lists every school; a new referral only the active ones.
    assert len(data.schools) >= len(referral_form_data(demo_store).schools)
    assert referral_form_data(demo_store).record is None


def _pupil(store: Store, first: str, last: str, upn: str) -> int:
    school_id = list_pupils(store)[0].school_id
    return save_pupil(
        store,
        PupilInput(
            first_name=first,
            last_name=last,
            upn=upn,
            date_of_birth=date(2013, 3, 4),
            year_group=None,
            school_id=school_id,
            send_status=SendStatus.NONE,
            pupil_premium=False,
            looked_after=False,
            eal=False,
        ),
        DEMO_TODAY,
    ).id


def test_search_pupils_matches_name_starts_in_any_script_and_case(demo_store: Store) -> None:
    oleg = _pupil(demo_store, "Олег", "Петренко", "")
    zoe = _pupil(demo_store, "Zoë", "O'Brien-Ćorić", "")
    anh = _pupil(demo_store, "Thị Ánh", "Nguyễn", "")
    assert oleg in {p.id for p in search_pupils(demo_store, "олег")}
    assert oleg in {p.id for p in search_pupils(demo_store, "Петр Оле")}
    assert zoe in {p.id for p in search_pupils(demo_store, "ćorić")}
    assert zoe in {p.id for p in search_pupils(demo_store, "o'brien, zo")}
    assert anh in {p.id for p in search_pupils(demo_store, "ánh")}
    assert search_pupils(demo_store, "   ") == []
    assert search_pupils(demo_store, "%") == []


def test_search_pupils_finds_a_upn_by_its_start_and_stops_at_the_limit(demo_store: Store) -> None:
    pupil = next(p for p in list_pupils(demo_store) if p.upn)
    assert pupil.id in {p.id for p in search_pupils(demo_store, (pupil.upn or "")[:9].lower())}
    assert len(search_pupils(demo_store, "a", limit=3)) <= 3
