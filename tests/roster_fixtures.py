"""Builders for roster tests: schools, pupils and placements in a fresh database."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from slip_desktop.db.models import (
    Decision,
    Placement,
    Provider,
    Pupil,
    Referral,
    School,
    SchoolContact,
    StaffMember,
    TermDates,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import (
    CoreOutcome,
    PlacementStatus,
    Programme,
    ReferralKind,
    StaffRole,
    Term,
)
from slip_desktop.domain.schools import ContactRole


def add_school(store: Store, name: str = "Testbrook Academy", link: str = "Jo Link") -> int:
    with store.session() as s:
        school = School(name=name, short_name=name.split()[0], link_name=link)
        s.add(school)
        s.flush()
        s.add(SchoolContact(school_id=school.id, role=ContactRole.ATTENDANCE, name="Sam Senco"))
        return school.id


def add_pupil(store: Store, school_id: int, first: str, last: str = "Pupil", year: int = 8) -> int:
    with store.session() as s:
        pupil = Pupil(
            first_name=first,
            last_name=last,
            # 15 September: the year group in 2026-27, when these tests happen.
            date_of_birth=date(2026 - year - 5, 9, 15),
            year_group=year,
            school_id=school_id,
        )
        s.add(pupil)
        s.flush()
        return pupil.id


def add_placement(
    store: Store,
    pupil_id: int,
    programme: Programme,
    status: PlacementStatus = PlacementStatus.REQUESTED,
    starts_on: date | None = None,
    planned_end_on: date | None = None,
    group: str = "",
    priority: int = 0,
    decided_on: date | None = None,
    centre_days: str = "",
    provider_id: int | None = None,
    mentor_id: int | None = None,
) -> int:
    with store.session() as s:
        pupil = s.get(Pupil, pupil_id)
        assert pupil is not None
        decision_id = referral_id = None
        requested = decided_on or date(2026, 11, 1)
        if decided_on is not None:
            referral = Referral(
                pupil_id=pupil_id,
                school_id=pupil.school_id,
                kind=ReferralKind.PARTNERSHIP,
                received_on=decided_on,
                year_group=pupil.year_group,
            )
            s.add(referral)
            s.flush()
            decision = Decision(
                referral_id=referral.id,
                outcome=CoreOutcome.OUTSIDE_PROGRAMME,
                rationale="Test",
                decided_at=datetime.combine(decided_on, datetime.min.time()),
            )
            s.add(decision)
            s.flush()
            decision_id, referral_id = decision.id, referral.id
        placement = Placement(
            pupil_id=pupil_id,
            school_id=pupil.school_id,
            programme=programme,
            status=status,
            starts_on=starts_on,
            planned_end_on=planned_end_on,
            group_name=group,
            priority=priority,
            requested_on=requested,
            decision_id=decision_id,
            referral_id=referral_id,
            days_per_week=Decimal("2.5") if programme == Programme.RESET else Decimal("5.0"),
            centre_days=centre_days,
            provider_id=provider_id,
            mentor_id=mentor_id,
        )
        s.add(placement)
        s.flush()
        return placement.id


def fill(
    store: Store,
    school_id: int,
    programme: Programme,
    count: int,
    starts_on: date,
    planned_end_on: date,
    group: str = "",
) -> list[int]:
    """Place ``count`` invented pupils (already active) on ``programme``."""
    ids = []
    for n in range(count):
        pupil = add_pupil(
            store,
            school_id,
            f"Filler{n}",
            programme.value,
            10 if "pathway" in programme.value else 8,
        )
        ids.append(
            add_placement(
                store, pupil, programme, PlacementStatus.ACTIVE, starts_on, planned_end_on, group
            )
        )
    return ids


def add_term(store: Store) -> None:
    with store.session() as s:
        s.add(
            TermDates(
                academic_year=2026,
                term=Term.AUTUMN,
                starts_on=date(2026, 9, 2),
                half_term_starts=date(2026, 10, 26),
                half_term_ends=date(2026, 10, 30),
                ends_on=date(2026, 12, 18),
            )
        )
        s.add(
            TermDates(
                academic_year=2026,
                term=Term.SPRING,
                starts_on=date(2027, 1, 5),
                half_term_starts=date(2027, 2, 15),
                half_term_ends=date(2027, 2, 19),
                ends_on=date(2027, 3, 26),
            )
        )


def add_staff_and_provider(store: Store) -> tuple[int, int]:
    with store.session() as s:
        mentor = StaffMember(name="Mo Mentor", role=StaffRole.INCLUSION_MENTOR)
        provider = Provider(name="Forge Test Skills", offer="Motor vehicle", day_rate_pence=9000)
        s.add_all([mentor, provider])
        s.flush()
        return mentor.id, provider.id
