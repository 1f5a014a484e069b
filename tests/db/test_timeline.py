from __future__ import annotations

from datetime import date

from sqlalchemy import select

from slip_desktop.db.models import Placement, Referral
from slip_desktop.db.referrals import save_referral
from slip_desktop.db.store import Store
from slip_desktop.db.timeline import SOURCES, TimelineEvent, pupil_timeline, register_source
from tests.db.referral_helpers import TODAY, add_school, discuss, pupil_input, referral_input


def test_timeline_lists_referral_meeting_and_plan_in_date_order(store: Store) -> None:
    school = add_school(store)
    saved = save_referral(store, referral_input(school), TODAY, new_pupil=pupil_input(school))
    discuss(store, saved.id, date(2026, 9, 24), reviewed_on=date(2026, 11, 6))
    assert saved.pupil_id is not None
    events = pupil_timeline(store, saved.pupil_id)
    titles = [e.title for e in events]
    assert titles[0] == "Referred to an Inclusion Forum"
    assert "Action plan written" in titles and titles[-1] == "Action plan reviewed"
    assert [e.on for e in events] == sorted(e.on for e in events)


def test_a_new_source_reaches_the_timeline_without_other_changes(store: Store) -> None:
    school = add_school(store)
    saved = save_referral(store, referral_input(school), TODAY, new_pupil=pupil_input(school))
    assert saved.pupil_id is not None

    def phone_calls(_session: object, pupil_id: int) -> list[TimelineEvent]:
        return [TimelineEvent(date(2026, 9, 1), "Call", f"Phoned about pupil {pupil_id}")]

    register_source(phone_calls)  # type: ignore[arg-type]
    try:
        events = pupil_timeline(store, saved.pupil_id)
        assert events[0].title == f"Phoned about pupil {saved.pupil_id}"
    finally:
        SOURCES.remove(phone_calls)  # type: ignore[arg-type]


def test_demo_pupils_have_timelines_from_every_part(demo_store: Store) -> None:
    with demo_store.session() as s:
        placed = s.scalars(select(Placement.pupil_id)).all()
        referred = s.scalars(select(Referral.pupil_id).where(Referral.pupil_id.is_not(None))).all()
    kinds: set[str] = set()
    for pupil_id in set(placed) | set(referred[:40]):
        kinds |= {e.kind for e in pupil_timeline(demo_store, pupil_id)}
    assert {"Referral", "Meeting", "Action plan", "Decision", "Placement"} <= kinds
