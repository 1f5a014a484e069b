"""Impact figures on a constructed dataset, checked against numbers worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from slip_desktop.db.impact import impact_figures
from slip_desktop.db.models import (
    AgendaItem,
    AttendanceMark,
    Decision,
    ManagedMove,
    Meeting,
    Placement,
    Pupil,
    Referral,
    School,
    Statement,
    StatementLine,
    TermDates,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import (
    CoreOutcome,
    EndOutcome,
    MeetingKind,
    MoveKind,
    MoveOutcome,
    PlacementStatus,
    Programme,
    ReferralKind,
    ReferralStatus,
    Session,
    Term,
)
from slip_desktop.domain.impact import Figure, Period

TERM = Period(date(2026, 9, 1), date(2026, 12, 18), "Autumn 2026")


@pytest.fixture
def known(store: Store) -> Store:
    """Three schools, six referrals, three placements, two moves, one statement."""
    with store.session() as s:
        a, b, c = (School(name=n) for n in ("Ash Academy", "Birch College", "Cedar School"))
        s.add_all([a, b, c])
        s.flush()
        pupils = [
            Pupil(
                first_name="Zara",
                last_name="Quenby",
                date_of_birth=date(2013, 1, 5),
                year_group=8,
                school_id=a.id,
            ),
            Pupil(
                first_name="Owen",
                last_name="Pemberly",
                date_of_birth=date(2011, 3, 2),
                year_group=10,
                school_id=a.id,
            ),
            Pupil(
                first_name="Ruth",
                last_name="Tolland",
                date_of_birth=date(2014, 2, 2),
                year_group=7,
                school_id=b.id,
            ),
        ]
        s.add_all(pupils)
        s.flush()
        forum1 = Meeting(
            uid="f1", kind=MeetingKind.FORUM, meets_on=date(2026, 9, 22), starts_at=time(9, 30)
        )
        forum2 = Meeting(
            uid="f2", kind=MeetingKind.FORUM, meets_on=date(2026, 10, 6), starts_at=time(9, 30)
        )
        core = Meeting(
            uid="c1", kind=MeetingKind.CORE, meets_on=date(2026, 11, 19), starts_at=time(13, 30)
        )
        s.add_all([forum1, forum2, core])
        s.flush()

        def referral(
            pupil: Pupil | None,
            school: School,
            kind: ReferralKind,
            received: date,
            year: int,
            reasons: str,
            **kw: object,
        ) -> Referral:
            r = Referral(
                pupil_id=pupil.id if pupil else None,
                case_reference=None if pupil else f"SLIP-2026-{received.day:03d}",
                school_id=school.id,
                kind=kind,
                year_group=year,
                received_on=received,
                reasons=reasons,
                status=ReferralStatus.NEW,
                **kw,
            )
            s.add(r)
            s.flush()
            return r

        f1 = referral(
            pupils[0],
            a,
            ReferralKind.FORUM,
            date(2026, 9, 10),
            8,
            "semh,behaviour",
            attendance_percent=Decimal("70.0"),
        )
        f2 = referral(
            pupils[1],
            a,
            ReferralKind.FORUM,
            date(2026, 9, 14),
            10,
            "attendance",
            attendance_percent=Decimal("60.0"),
        )
        f3 = referral(None, b, ReferralKind.FORUM, date(2026, 9, 20), 7, "semh")
        referral(pupils[2], b, ReferralKind.FORUM, date(2025, 6, 1), 6, "other")  # outside term
        for r, m in ((f1, forum1), (f2, forum1), (f3, forum2)):
            s.add(AgendaItem(meeting_id=m.id, referral_id=r.id))
        p1 = referral(
            pupils[0],
            a,
            ReferralKind.PARTNERSHIP,
            date(2026, 11, 2),
            8,
            "semh",
            forum_referral_id=f1.id,
            attendance_percent=Decimal("70.0"),
        )
        p2 = referral(
            pupils[1],
            a,
            ReferralKind.PARTNERSHIP,
            date(2026, 11, 3),
            10,
            "attendance",
            forum_referral_id=f2.id,
            attendance_percent=Decimal("60.0"),
        )
        d1 = Decision(
            referral_id=p1.id,
            meeting_id=core.id,
            rationale="r",
            outcome=CoreOutcome.OUTSIDE_PROGRAMME,
            decided_at=datetime(2026, 11, 19, 15, 0),
        )
        d2 = Decision(
            referral_id=p2.id,
            meeting_id=core.id,
            rationale="r",
            outcome=CoreOutcome.IN_SCHOOL_SUPPORT,
            decided_at=datetime(2026, 11, 19, 15, 0),
        )
        s.add_all([d1, d2])
        s.flush()
        reset = Placement(
            pupil_id=pupils[0].id,
            school_id=a.id,
            referral_id=p1.id,
            programme=Programme.RESET,
            group_name="A",
            status=PlacementStatus.ENDED,
            requested_on=date(2026, 9, 1),
            starts_on=date(2026, 9, 7),
            planned_end_on=date(2026, 10, 23),
            ended_on=date(2026, 10, 23),
            end_outcome=EndOutcome.RETURNED,
            days_per_week=Decimal("2.5"),
        )
        wigston = Placement(
            pupil_id=pupils[1].id,
            school_id=a.id,
            referral_id=p2.id,
            programme=Programme.PATHWAY_1,
            status=PlacementStatus.ACTIVE,
            requested_on=date(2026, 9, 1),
            starts_on=date(2026, 9, 14),
            planned_end_on=date(2027, 7, 16),
        )
        one = Placement(
            pupil_id=pupils[2].id,
            school_id=b.id,
            programme=Programme.ONE_TO_ONE,
            status=PlacementStatus.ENDED,
            requested_on=date(2026, 9, 1),
            starts_on=date(2026, 9, 8),
            planned_end_on=date(2026, 10, 20),
            ended_on=date(2026, 10, 20),
            end_outcome=EndOutcome.OTHER,
            days_per_week=Decimal("1.0"),
        )
        s.add_all([reset, wigston, one])
        s.flush()
        # Reset pupil: 8 of 10 sessions present; Wigston pupil: 9 of 10.
        for placement, codes in ((reset, "////L/OO//"), (wigston, "/////////O")):
            for n, code in enumerate(codes):
                day = date(2026, 9, 14) + timedelta(days=n // 2)
                s.add(
                    AttendanceMark(
                        placement_id=placement.id,
                        day=day,
                        session=Session.AM if n % 2 == 0 else Session.PM,
                        code=code,
                    )
                )
        s.add(
            ManagedMove(
                pupil_id=pupils[2].id,
                kind=MoveKind.MANAGED_MOVE,
                sending_school_id=b.id,
                receiving_school_id=c.id,
                starts_on=date(2026, 9, 15),
                outcome=MoveOutcome.SUCCESSFUL,
            )
        )
        s.add(
            ManagedMove(
                pupil_id=pupils[0].id,
                kind=MoveKind.MANAGED_MOVE,
                sending_school_id=a.id,
                receiving_school_id=c.id,
                starts_on=date(2026, 10, 1),
                outcome=MoveOutcome.FAILED,
            )
        )
        # the board report charges what the statement totals (lines, credits, adjustments)
        # for the terms inside the period, as the Finance tab does
        s.add(
            TermDates(
                academic_year=2026,
                term=Term.AUTUMN,
                starts_on=date(2026, 9, 2),
                ends_on=date(2026, 12, 18),
            )
        )
        statement = Statement(
            school_id=a.id, academic_year=2026, term=Term.AUTUMN, total_pence=123456
        )
        s.add(statement)
        s.flush()
        s.add(
            StatementLine(
                statement_id=statement.id,
                placement_id=wigston.id,
                starts_on=date(2026, 9, 14),
                amount_pence=123456,
            )
        )
    return store


def _figures(store: Store, school: str | None = None) -> dict[str, Figure]:
    return {f.key: f for f in impact_figures(store, TERM, school)}


def test_referrals_by_tier_school_key_stage_and_reason(known: Store) -> None:
    f = _figures(known)
    assert f["referrals_by_tier"].rows == [
        ("Tier 1 (Inclusion Forum)", 3),
        ("Tier 2+ (Partnership)", 2),
    ]
    assert f["referrals_by_school"].rows == [("Ash Academy", 4), ("Birch College", 1)]
    assert f["referrals_by_key_stage"].rows == [("KS3", 3), ("KS4", 2)]
    assert f["referrals_by_reason"].value("SEMH") == 3
    assert f["referrals_by_reason"].value("Attendance") == 2
    assert f["referrals_by_reason"].value("Behaviour") == 1


def test_forum_to_core_conversion(known: Store) -> None:
    f = _figures(known)["forum_to_core"]
    assert f.value("Forum referrals") == 3
    assert f.value("Referred on to Core") == 2
    assert f.value("Conversion %") == Decimal("66.7")


def test_time_to_forum_and_to_core_decision(known: Store) -> None:
    f = _figures(known)["waiting_times"]
    # Referral to forum: 12, 8 and 16 days; forum to decision: 58 days twice.
    assert f.rows[0] == ("Referral to forum", 12, 16, 3)
    assert f.rows[1] == ("Forum to Core decision", 58, 58, 2)


def test_core_outcomes_and_programmes(known: Store) -> None:
    f = _figures(known)
    assert f["core_outcomes"].value("Programme outside school") == 1
    assert f["core_outcomes"].value("In-school support (tier 2)") == 1
    assert f["core_outcomes"].value("Back to Inclusion Forum") == 0
    programmes = f["programmes"]
    assert programmes.value("KS3 Reset", 1) == 1 and programmes.value("KS3 Reset", 2) == 1
    assert programmes.value("KS4 pathway 1 (Wigston, 5 GCSEs)", 2) == 0


def test_outcomes_of_ended_placements_and_share_returned(known: Store) -> None:
    f = _figures(known)
    assert f["end_outcomes"].value("Returned to mainstream") == 1
    assert f["end_outcomes"].value("Other") == 1
    assert f["returned_share"].rows == [
        ("Tier 2 1:1", 1, 0, Decimal("0.0")),
        ("KS3 Reset", 1, 1, Decimal("100.0")),
    ]


def test_attendance_before_and_during(known: Store) -> None:
    f = _figures(known)["attendance"]
    assert f.value("Average attendance during placement %") == Decimal("85.0")  # 17 of 20
    assert f.value("Average before placement % (paired pupils)") == Decimal("65.0")
    assert f.value("Average during placement % (paired pupils)") == Decimal("85.0")
    assert f.value("Pupils whose attendance improved") == 2


def test_utilisation_per_centre_per_week(known: Store) -> None:
    f = _figures(known)["utilisation"]
    assert f.rows[2] == ("14 Sep 2026", 1, 0, 1)  # Reset 1 of 10, KS3 LT 0, Wigston 1 of 24
    assert f.rows[8][1] == 0  # Reset ended 23 Oct: empty from 26 Oct


def test_managed_moves_success_and_tally(known: Store) -> None:
    f = _figures(known)
    assert f["moves_success"].value("Success rate %") == Decimal("50.0")
    assert f["moves_tally"].rows == [
        ("Ash Academy", 0, 1),
        ("Birch College", 0, 1),
        ("Cedar School", 2, 0),
    ]


def test_money_charged_per_school_and_total(known: Store) -> None:
    f = _figures(known)["money"]
    assert f.value("Ash Academy") == Decimal("1234.56")
    assert f.value("Total") == Decimal("1234.56")


def test_one_school_only(known: Store) -> None:
    f = _figures(known, "Birch College")
    assert f["referrals_by_tier"].rows[0] == ("Tier 1 (Inclusion Forum)", 1)
    assert f["money"].value("Total") == Decimal("0")
