"""Small invented records the forum calendar tests build on."""

from __future__ import annotations

from datetime import date, time

from slip_desktop.db.meetings import add_meeting
from slip_desktop.db.models import Pupil, Referral, School, SchoolContact
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Consent, MeetingKind, ReferralKind, ReferralStatus
from slip_desktop.domain.schools import ContactRole

FORUM_DAY = date(2026, 11, 10)


def add_school(
    store: Store, name: str = "Oadby Brook Academy", email: str = "senco@obrook.example"
) -> int:
    with store.session() as s:
        school = School(name=name, short_name=name.split()[0])
        s.add(school)
        s.flush()
        s.add(
            SchoolContact(
                school_id=school.id, role=ContactRole.SENCO, name="Mrs Rana Shah", email=email
            )
        )
        return school.id


def add_forum_referral(
    store: Store,
    school_id: int,
    first: str | None = "Amelia",
    last: str | None = "Hartley",
    upn: str | None = "A855123456789",
    received: date = date(2026, 10, 20),
    case_reference: str | None = None,
) -> int:
    with store.session() as s:
        pupil_id = None
        if first and last:
            pupil = Pupil(
                upn=upn,
                first_name=first,
                last_name=last,
                date_of_birth=date(2012, 3, 14),
                year_group=9,
                school_id=school_id,
            )
            s.add(pupil)
            s.flush()
            pupil_id = pupil.id
        referral = Referral(
            pupil_id=pupil_id,
            case_reference=case_reference,
            school_id=school_id,
            year_group=9,
            kind=ReferralKind.FORUM,
            status=ReferralStatus.NEW,
            received_on=received,
            consent=Consent.GIVEN if pupil_id else Consent.REFUSED,
            reasons="semh,attendance",
            presenting_concerns="Attendance has fallen; anxious in busy corridors.",
        )
        s.add(referral)
        s.flush()
        return referral.id


def add_forum(store: Store, day: date = FORUM_DAY, capacity: int | None = None) -> int:
    return add_meeting(
        store,
        MeetingKind.FORUM,
        day,
        time(9, 30),
        time(11, 30),
        "https://teams.example.org/l/f",
        capacity,
    )


def referral_status(store: Store, referral_id: int) -> ReferralStatus:
    with store.session() as s:
        referral = s.get(Referral, referral_id)
        assert referral is not None
        return referral.status
