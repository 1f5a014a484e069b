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


def test_every_source_reads_its_table(store: Store) -> None:
    from datetime import datetime

    from slip_desktop.db.models import Decision, ManagedMove, Review, SchoolVisit
    from slip_desktop.domain.enums import (
        CoreOutcome,
        MoveKind,
        PlacementStatus,
        Programme,
        ReferralKind,
        ReturnAnswer,
    )

    school = add_school(store)
    other = add_school(store, "Kestrel Park College")
    forum = save_referral(store, referral_input(school), TODAY, new_pupil=pupil_input(school))
    discuss(store, forum.id, date(2026, 9, 24), reviewed_on=date(2026, 10, 20))
    pupil_id = forum.pupil_id
    assert pupil_id is not None
    partnership = save_referral(
        store,
        referral_input(school, kind=ReferralKind.PARTNERSHIP, received_on=date(2026, 10, 22)),
        TODAY,
        pupil_id=pupil_id,
    )
    with store.session() as s:
        decision = Decision(
            referral_id=partnership.id,
            outcome=CoreOutcome.OUTSIDE_PROGRAMME,
            full_time=False,
            rationale="Reset agreed.",
            decided_at=datetime(2026, 10, 29, 15, 0),
        )
        s.add(decision)
        s.flush()
        placement = Placement(
            pupil_id=pupil_id,
            school_id=school,
            referral_id=partnership.id,
            decision_id=decision.id,
            programme=Programme.RESET,
            status=PlacementStatus.ACTIVE,
            requested_on=date(2026, 10, 29),
            starts_on=date(2026, 11, 2),
            planned_end_on=date(2026, 12, 18),
        )
        s.add(placement)
        s.flush()
        s.add(
            Review(
                placement_id=placement.id,
                due_on=date(2026, 11, 16),
                held_on=date(2026, 11, 16),
                able_to_return=ReturnAnswer.NOT_YET,
            )
        )
        s.add(Review(placement_id=placement.id, due_on=date(2026, 12, 14)))
        s.add(
            SchoolVisit(
                placement_id=placement.id, visited_on=date(2026, 11, 10), visitor_name="Kai Davies"
            )
        )
        s.add(
            ManagedMove(
                pupil_id=pupil_id,
                kind=MoveKind.MANAGED_MOVE,
                sending_school_id=school,
                receiving_school_id=other,
                starts_on=date(2027, 1, 4),
                trial_ends_on=date(2027, 2, 12),
                guaranteed=True,
            )
        )
    events = pupil_timeline(store, pupil_id)
    kinds = {e.kind for e in events}
    assert kinds == {
        "Referral",
        "Meeting",
        "Action plan",
        "Decision",
        "Placement",
        "Review",
        "School visit",
        "Managed move",
    }
    titles = [e.title for e in events]
    assert "Core decision: Programme outside school (part time)" in titles
    assert "KS3 Reset review held: able to return to mainstream? Not yet" in titles
    assert "Managed move to Kestrel Park College started" in titles
    upcoming = [e.title for e in events if e.upcoming]
    assert "KS3 Reset review due" in upcoming and "Managed move trial ends" in upcoming
    assert [e.on for e in events] == sorted(e.on for e in events)
