"""Generate ten years of invented office data into a database file, through the store.

    python -m bench.decade OUT.db [--scale 1.0]

About 12,000 pupils, 30,000 referrals, 5,000 placements, 500 meetings and
300,000 attendance marks at scale 1. Every name is invented. Rows go in with
SQLAlchemy Core bulk inserts through the project's models and store, so the
file has exactly the schema the app migrates to.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from slip_desktop.db.demo.meetings import demo_terms
from slip_desktop.db.demo.people import FIRST_NAMES, LAST_NAMES, PROVIDERS, SCHOOLS, STAFF
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.models import (
    ActionPlan,
    AgendaItem,
    AttendanceMark,
    Decision,
    Meeting,
    Placement,
    Provider,
    Pupil,
    RateSet,
    Referral,
    Review,
    School,
    StaffMember,
    TermDates,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.calendar import fortnightly_dates
from slip_desktop.domain.enums import (
    AgendaPurpose,
    Consent,
    CoreOutcome,
    EndOutcome,
    MeetingKind,
    MeetingStatus,
    PlacementStatus,
    Programme,
    ReferralKind,
    ReferralStatus,
    ReturnAnswer,
    SendStatus,
    Session,
)
from slip_desktop.domain.upn import make_upn

YEARS = 10
CONCERNS = (
    "Removals from lessons; two suspensions this term.",
    "Attendance falling; anxious in crowded spaces.",
    "Verbal aggression at unstructured times.",
    "Refusing some lessons; possible speech and language needs.",
    "Low mood; disengaged from learning.",
)
CODES = "/" * 40 + "L" * 3 + "I" * 2 + "O" * 3 + "B" * 2 + "M"


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def generate(store: Store, today: date, scale: float = 1.0, seed: int = 10) -> dict[str, int]:
    """Fill an empty, migrated store with a decade of data; return row counts."""
    rng = random.Random(seed)
    first_year = (today.year if today.month >= 9 else today.year - 1) - YEARS + 1
    n_pupils, n_referrals = int(12000 * scale), int(30000 * scale)
    n_placements, n_marks = int(5000 * scale), int(300000 * scale)
    counts: dict[str, int] = {}

    def put(model: Any, rows: list[dict[str, Any]]) -> None:
        with store.session() as session:
            for chunk in _chunks(rows):
                session.execute(insert(model), chunk)
        counts[model.__tablename__] = counts.get(model.__tablename__, 0) + len(rows)

    put(
        School,
        [
            {
                "id": i + 1,
                "name": n,
                "short_name": s,
                "dfe_number": f"855/{4001 + i * 7}",
                "contact_email": f"senco{i}@school{i}.example.sch.uk",
            }
            for i, (n, s) in enumerate(SCHOOLS)
        ],
    )
    put(StaffMember, [{"name": n, "role": r, "fte": f, "vacant": v} for n, r, f, v in STAFF])
    put(Provider, [{"name": n, "offer": o, "day_rate_pence": r} for n, o, r in PROVIDERS])

    terms: list[dict[str, Any]] = []
    meetings: list[dict[str, Any]] = []
    forums: list[tuple[int, date]] = []
    cores: list[tuple[int, date]] = []
    for year in range(first_year, first_year + YEARS):
        put(
            RateSet,
            [
                {
                    "academic_year": year,
                    "average_cost_ks3_pence": 650000,
                    "average_cost_ks4_pence": 720000,
                    "pupil_premium_pence": 103500,
                    "pupil_premium_cla_pence": 253000,
                    "pupil_premium_service_pence": 33500,
                    "school_days": 190,
                }
            ],
        )
        for term, start, hs, he, end in demo_terms(year):
            terms.append(
                {
                    "academic_year": year,
                    "term": term,
                    "starts_on": start,
                    "half_term_starts": hs,
                    "half_term_ends": he,
                    "ends_on": end,
                }
            )
            closed = [(hs, he)]
            # Ten years ago the partnership ran two forums a fortnight (north and south).
            series = [(MeetingKind.FORUM, 1, 9, forums), (MeetingKind.CORE, 3, 13, cores)]
            if year < first_year + YEARS // 2:
                series.append((MeetingKind.FORUM, 2, 9, forums))
            for kind, weekday, hour, bucket in series:
                days = fortnightly_dates(start + timedelta(days=7), end, weekday, closed)
                if year == first_year + YEARS - 1:
                    days = [d for d in days if d <= today + timedelta(days=60)]
                for day in days:
                    meeting_id = len(meetings) + 1
                    meetings.append(
                        {
                            "id": meeting_id,
                            "uid": f"decade-{kind.value}-{day:%Y%m%d}",
                            "kind": kind,
                            "meets_on": day,
                            "starts_at": dtime(hour, 30),
                            "status": MeetingStatus.HELD if day < today else MeetingStatus.PLANNED,
                            "capacity": 6,
                        }
                    )
                    bucket.append((meeting_id, day))
    put(TermDates, terms)
    put(Meeting, meetings)

    pupils: list[dict[str, Any]] = []
    for i in range(n_pupils):
        school = rng.randrange(len(SCHOOLS))
        cohort = first_year + rng.randrange(YEARS + 5) - 5
        born = date(cohort - 11, 9, 1) + timedelta(days=rng.randrange(365))
        pupils.append(
            {
                "id": i + 1,
                "upn": _unique_upn(i, school),
                "first_name": FIRST_NAMES[i % len(FIRST_NAMES)],
                "last_name": rng.choice(LAST_NAMES),
                "date_of_birth": born,
                "year_group": max(1, min(14, today.year - cohort + 7)),
                "school_id": school + 1,
                "send_status": rng.choices(list(SendStatus), weights=(50, 30, 8, 12))[0],
                "pupil_premium": rng.random() < 0.45,
                "looked_after": rng.random() < 0.05,
            }
        )
    put(Pupil, pupils)

    referrals: list[dict[str, Any]] = []
    agenda: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    forum_days = [d for _i, d in forums]
    for i in range(n_referrals):
        pupil = pupils[rng.randrange(len(pupils))]
        forum_index = rng.randrange(len(forums))
        meeting_id, meets_on = forums[forum_index]
        received = meets_on - timedelta(days=rng.randint(5, 20))
        partnership = rng.random() < 0.15
        anonymous = not partnership and rng.random() < 0.1
        referral_id = i + 1
        year_group = 7 + rng.randrange(5)
        referrals.append(
            {
                "id": referral_id,
                "pupil_id": None if anonymous else pupil["id"],
                "case_reference": f"SLIP-{received.year}-{i:05d}" if anonymous else None,
                "school_id": pupil["school_id"],
                "year_group": year_group,
                "kind": ReferralKind.PARTNERSHIP if partnership else ReferralKind.FORUM,
                "status": ReferralStatus.DECIDED if partnership else ReferralStatus.PLAN_REVIEWED,
                "received_on": received,
                "referrer_name": "Head of Year",
                "consent": Consent.NOT_ASKED if anonymous else Consent.GIVEN,
                "reasons": "semh,attendance",
                "presenting_concerns": rng.choice(CONCERNS),
                "attendance_percent": rng.choice((62, 71, 84, 91)),
                "suspensions_this_year": rng.randrange(4),
            }
        )
        agenda.append(
            {
                "meeting_id": meeting_id,
                "referral_id": referral_id,
                "position": i % 6,
                "purpose": AgendaPurpose.NEW_CASE,
            }
        )
        if not partnership:
            plans.append(
                {
                    "referral_id": referral_id,
                    "meeting_id": meeting_id,
                    "discussion_summary": "Discussed concerns and support so far.",
                    "advice": "Key adult; one-page profile.",
                    "services_signposted": "CFWS; EP",
                    "review_due": meets_on + timedelta(weeks=6),
                    "written_on": meets_on,
                    "sent_on": meets_on + timedelta(days=2),
                    "reviewed_on": meets_on + timedelta(weeks=6),
                }
            )
    del forum_days
    # A few partnership referrals wait for a Core decision now (received lately, not yet
    # booked, nothing decided or started): the stall walk records a decision on one. Their
    # own random numbers: the rest of the decade stays as it was.
    waiting_rng = random.Random(seed + 1)
    for k in range(max(3, round(12 * scale))):
        pupil = pupils[waiting_rng.randrange(len(pupils))]
        referrals.append(
            {
                "id": len(referrals) + 1,
                "pupil_id": pupil["id"],
                "case_reference": None,
                "school_id": pupil["school_id"],
                "year_group": 7 + waiting_rng.randrange(5),
                "kind": ReferralKind.PARTNERSHIP,
                "status": ReferralStatus.NEW,
                "received_on": today - timedelta(days=2 + k),
                "referrer_name": "Head of Year",
                "consent": Consent.GIVEN,
                "reasons": "semh,attendance",
                "presenting_concerns": waiting_rng.choice(CONCERNS),
                "attendance_percent": waiting_rng.choice((62, 71, 84, 91)),
                "suspensions_this_year": waiting_rng.randrange(4),
            }
        )
    put(Referral, referrals)
    put(AgendaItem, agenda)
    put(ActionPlan, plans)

    partnership_ids = [
        r
        for r in referrals
        if r["kind"] == ReferralKind.PARTNERSHIP and r["status"] == ReferralStatus.DECIDED
    ]
    decisions: list[dict[str, Any]] = []
    for number, referral in enumerate(partnership_ids):
        core_id, core_day = cores[
            min(
                len(cores) - 1,
                next(
                    (k for k, (_m, d) in enumerate(cores) if d >= referral["received_on"]),
                    len(cores) - 1,
                ),
            )
        ]
        decisions.append(
            {
                "id": number + 1,
                "referral_id": referral["id"],
                "meeting_id": core_id,
                "outcome": rng.choice(list(CoreOutcome)),
                "rationale": "Agreed at Core.",
                "decided_by": "Coordinator",
                "decided_at": datetime.combine(core_day, dtime(15, 0)),
            }
        )
    put(Decision, decisions)

    placements: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    programmes = list(Programme)
    for i in range(n_placements):
        decision = decisions[i % len(decisions)]
        referral = referrals[decision["referral_id"] - 1]
        start = decision["decided_at"].date() + timedelta(days=14)
        end = start + timedelta(weeks=rng.choice((7, 12, 20, 30)))
        ended = end < today
        placements.append(
            {
                "id": i + 1,
                "pupil_id": referral["pupil_id"],
                "school_id": referral["school_id"],
                "referral_id": referral["id"],
                "decision_id": decision["id"],
                "programme": programmes[i % len(programmes)],
                "group_name": "AB"[i % 2],
                "status": PlacementStatus.ENDED if ended else PlacementStatus.ACTIVE,
                "requested_on": start - timedelta(days=14),
                "starts_on": start,
                "planned_end_on": end,
                "ended_on": end if ended else None,
                "days_per_week": 5,
                "end_outcome": rng.choice(list(EndOutcome)) if ended else None,
            }
        )
        reviews.append(
            {
                "placement_id": i + 1,
                "due_on": start + timedelta(weeks=3),
                "held_on": start + timedelta(weeks=3) if ended else None,
                "able_to_return": ReturnAnswer.NOT_YET if ended else None,
            }
        )
    put(Placement, placements)
    put(Review, reviews)

    marks: list[dict[str, Any]] = []
    per_placement = max(1, n_marks // max(1, len(placements)))
    for placement in placements:
        day = placement["starts_on"]
        made = 0
        while made < per_placement:
            if day.weekday() < 5:
                for session in (Session.AM, Session.PM):
                    marks.append(
                        {
                            "placement_id": placement["id"],
                            "day": day,
                            "session": session,
                            "code": rng.choice(CODES),
                        }
                    )
                    made += 1
            day += timedelta(days=1)
        if len(marks) >= 50000:
            put(AttendanceMark, marks)
            marks = []
    put(AttendanceMark, marks)
    return counts


def _unique_upn(index: int, school: int) -> str:
    # Serial and year digits spread the index so every generated UPN is different.
    return make_upn("855", f"{4001 + school * 7:04d}", index // 1000, index % 1000)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: write the decade dataset to a new file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    if args.out.exists():
        print(f"{args.out} exists; remove it first.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    store = Store.open(args.out, passphrase=os.environ.get("SLIP_DESKTOP_PASSPHRASE") or None)
    upgrade_to_head(store.engine)
    counts = generate(store, date.today(), args.scale)
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = args.out.stat().st_size
    print(", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"{args.out}: {size / 2**20:.1f} MiB in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
