from __future__ import annotations

from sqlalchemy import func, select
from stdnum.gb import upn

from slip_desktop.db.demo import seed_demo
from slip_desktop.db.meetings import list_meetings
from slip_desktop.db.models import Pupil, School, StaffMember
from slip_desktop.db.referrals import list_referrals
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import MeetingKind, ReferralKind
from tests.conftest import DEMO_TODAY


def _counts(store: Store) -> tuple[int, int, int, int]:
    with store.session() as s:
        return (
            s.scalar(select(func.count()).select_from(School)) or 0,
            s.scalar(select(func.count()).select_from(Pupil)) or 0,
            s.scalar(select(func.count()).select_from(StaffMember)) or 0,
            len(list_referrals(store)),
        )


def test_demo_has_plausible_volume(demo_store: Store) -> None:
    schools, pupils, staff, referrals = _counts(demo_store)
    assert 12 <= schools <= 16
    assert 140 <= pupils <= 160
    assert staff >= 15
    assert referrals >= 80
    kinds = {r.kind for r in list_referrals(demo_store)}
    assert kinds == {ReferralKind.FORUM, ReferralKind.PARTNERSHIP}
    meeting_kinds = {m.kind for m in list_meetings(demo_store)}
    assert meeting_kinds == {MeetingKind.FORUM, MeetingKind.CORE}


def test_demo_pupils_have_valid_leicestershire_upns(demo_store: Store) -> None:
    with demo_store.session() as s:
        upns = list(s.scalars(select(Pupil.upn)))
    assert upns and all(u is not None and upn.is_valid(u) and u[1:4] == "855" for u in upns)
    assert len(set(upns)) == len(upns)


def test_seeding_twice_changes_nothing(demo_store: Store) -> None:
    before = _counts(demo_store)
    assert seed_demo(demo_store, DEMO_TODAY) is False
    assert _counts(demo_store) == before


def test_no_referral_is_received_in_the_future(demo_store: Store) -> None:
    assert all(r.received_on <= DEMO_TODAY for r in list_referrals(demo_store))
