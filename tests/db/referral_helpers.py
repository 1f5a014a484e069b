"""Small builders shared by the referral tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from slip_desktop.db.models import ActionPlan, AgendaItem, Meeting, School
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Consent, MeetingKind, MeetingStatus, Reason, ReferralKind
from slip_desktop.domain.pupils import PupilInput
from slip_desktop.domain.referrals import ReferralInput
from slip_desktop.domain.upn import make_upn

TODAY = date(2026, 11, 27)


def add_school(store: Store, name: str = "Larkhill Vale Academy") -> int:
    with store.session() as s:
        school = School(name=name, short_name=name.split()[0])
        s.add(school)
        s.flush()
        return school.id


def pupil_input(school_id: int, serial: int = 1, **changes: object) -> PupilInput:
    base = PupilInput(
        first_name="Zoë",
        last_name="O'Brien",
        upn=make_upn("855", "4001", 19, serial),
        date_of_birth=date(2013, 3, 14),
        year_group=None,
        school_id=school_id,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def referral_input(school_id: int, **changes: object) -> ReferralInput:
    base = ReferralInput(
        kind=ReferralKind.FORUM,
        anonymous=False,
        has_pupil=True,
        school_id=school_id,
        year_group=None,
        received_on=date(2026, 9, 10),
        referrer_name="Amara Patel",
        referrer_role="SENCO",
        consent=Consent.GIVEN,
        consent_on=date(2026, 9, 8),
        reasons=frozenset({Reason.SEMH}),
        presenting_concerns="Refusing lessons; low mood.",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def discuss(store: Store, referral_id: int, meets_on: date, reviewed_on: date | None = None) -> int:
    """Put a referral on a held forum and give it a written (maybe reviewed) action plan."""
    with store.session() as s:
        meeting = Meeting(
            uid=f"m-{referral_id}-{meets_on}",
            kind=MeetingKind.FORUM,
            meets_on=meets_on,
            starts_at=time(13, 30),
            status=MeetingStatus.HELD,
        )
        s.add(meeting)
        s.flush()
        s.add(AgendaItem(meeting_id=meeting.id, referral_id=referral_id))
        plan = ActionPlan(
            referral_id=referral_id,
            meeting_id=meeting.id,
            written_on=meets_on,
            sent_on=meets_on,
            review_due=date(2026, 11, 5),
            reviewed_on=reviewed_on,
            review_notes="Little change." if reviewed_on else "",
        )
        s.add(plan)
        s.flush()
        return plan.id
