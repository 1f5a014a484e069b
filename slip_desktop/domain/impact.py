"""Impact figures: is the provision working? Pure calculations over plain facts."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from slip_desktop.domain.attendance import CODES, Meaning
from slip_desktop.domain.enums import (
    CoreOutcome,
    EndOutcome,
    MoveOutcome,
    PlacementStatus,
    Programme,
    Reason,
    ReferralKind,
)
from slip_desktop.domain.programmes import POOL_SPECS, pool_programmes
from slip_desktop.domain.school_year import key_stage_label

#: A count below this, for one school, is printed as "fewer than 5" in the board report.
SMALL_NUMBER = 5
SUPPRESSED = "fewer than 5"


@dataclass(frozen=True)
class Period:
    """A span of days, both ends included."""

    start: date
    end: date
    label: str = ""

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def weeks(self) -> list[date]:
        """Return the Mondays of the weeks the period touches."""
        monday = self.start - timedelta(days=self.start.weekday())
        weeks = []
        while monday <= self.end:
            weeks.append(monday)
            monday += timedelta(weeks=1)
        return weeks


@dataclass(frozen=True)
class ReferralFact:
    """What the figures need of one referral."""

    id: int
    school: str
    kind: ReferralKind
    year_group: int
    reasons: tuple[str, ...]
    received_on: date
    first_meeting_on: date | None = None
    decided_on: date | None = None
    outcome: CoreOutcome | None = None
    forum_referral_id: int | None = None


@dataclass(frozen=True)
class PlacementFact:
    """What the figures need of one placement."""

    id: int
    school: str
    programme: Programme
    status: PlacementStatus
    starts_on: date | None
    ends_on: date | None
    ended_on: date | None = None
    end_outcome: EndOutcome | None = None
    attendance_before: Decimal | None = None
    present_sessions: int = 0
    possible_sessions: int = 0


@dataclass(frozen=True)
class MoveFact:
    """What the figures need of one managed move or fresh start."""

    sending: str
    receiving: str
    outcome: MoveOutcome
    starts_on: date


@dataclass
class Figure:
    """One figure: a titled table of rows (label, values...) and how to chart it."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, *tuple[int | float | Decimal | str, ...]]] = field(default_factory=list)
    note: str = ""
    #: Columns that hold counts of pupils per school (suppressed below SMALL_NUMBER in reports).
    per_school_counts: bool = False

    def value(self, label: str, column: int = 1) -> int | float | Decimal | str | None:
        """Return the value in ``column`` of the row labelled ``label``."""
        for row in self.rows:
            if row[0] == label:
                return row[column]
        return None


_CENTRE_NAMES = {"wigston-1-2": "Wigston Centre (pathways 1-2)"}


def _centres() -> dict[str, tuple[frozenset[Programme], int]]:
    result: dict[str, tuple[frozenset[Programme], int]] = {}
    for spec in POOL_SPECS.values():
        if spec.places is None:
            continue
        if spec.groups:
            name = f"Reset ({len(spec.groups)} groups of {spec.places})"
            places = len(spec.groups) * spec.places
        else:
            name, places = _CENTRE_NAMES.get(spec.key, spec.label), spec.places
        result[name] = (frozenset(pool_programmes(spec.key)), places)
    return result


#: Pools of places and the programmes sharing them, with the published capacity
#: (from the programme catalogue: every pool with a limit).
CENTRES: dict[str, tuple[frozenset[Programme], int]] = _centres()


def counts_as_attending(code: str) -> bool | None:
    """True for a session attended, False for an absence, None when it does not count."""
    meaning = CODES[code].meaning if code in CODES else None
    if meaning is None or meaning == Meaning.NOT_POSSIBLE:
        return None
    return meaning in (Meaning.PRESENT, Meaning.OFF_SITE)


def percent(part: int | float | Decimal, whole: int | float | Decimal) -> Decimal:
    """Return ``part`` of ``whole`` as a percentage to one decimal place (0 when whole is 0)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _one_place(value: Decimal | float) -> Decimal:
    # Half up, as percent() rounds: an average of 5.05 is 5.1, not the banker's 5.0.
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _count_by(items: Iterable[str], order: Sequence[str] | None = None) -> list[tuple[str, int]]:
    counts = Counter(items)
    labels = list(order) if order is not None else sorted(counts)
    return [(label, counts[label]) for label in labels if order is None or counts[label]]


def referrals_by(referrals: Sequence[ReferralFact], period: Period) -> dict[str, Figure]:
    """Referrals received in the period by tier, school, key stage and reason."""
    inside = [r for r in referrals if r.received_on in period]
    tier = Figure("referrals_by_tier", "Referrals by tier", ("Tier", "Referrals"))
    tier.rows = [
        ("Tier 1 (Inclusion Forum)", sum(r.kind == ReferralKind.FORUM for r in inside)),
        ("Tier 2+ (Partnership)", sum(r.kind == ReferralKind.PARTNERSHIP for r in inside)),
    ]
    school = Figure(
        "referrals_by_school",
        "Referrals by school",
        ("School", "Referrals"),
        per_school_counts=True,
    )
    school.rows = list(_count_by(r.school for r in inside))
    stage = Figure("referrals_by_key_stage", "Referrals by key stage", ("Key stage", "Referrals"))
    stage.rows = list(
        _count_by(
            (key_stage_label(r.year_group) or "Other" for r in inside), ["KS3", "KS4", "Other"]
        )
    )
    reason = Figure(
        "referrals_by_reason",
        "Referrals by reason",
        ("Reason", "Referrals"),
        note="A referral can give several reasons.",
    )
    labels = {m.value: m.label for m in Reason}
    reason.rows = list(
        _count_by((labels.get(x, x) for r in inside for x in r.reasons), [m.label for m in Reason])
    )
    return {f.key: f for f in (tier, school, stage, reason)}


def forum_to_core_conversion(referrals: Sequence[ReferralFact], period: Period) -> Figure:
    """Share of forum referrals in the period that were later referred to the partnership."""
    forum = [r for r in referrals if r.kind == ReferralKind.FORUM and r.received_on in period]
    escalated = {r.forum_referral_id for r in referrals if r.kind == ReferralKind.PARTNERSHIP}
    converted = sum(r.id in escalated for r in forum)
    figure = Figure(
        "forum_to_core",
        "Forum to Core conversion",
        ("Measure", "Value"),
        note="Forum referrals received in the period that later became partnership referrals.",
    )
    figure.rows = [
        ("Forum referrals", len(forum)),
        ("Referred on to Core", converted),
        ("Conversion %", percent(converted, len(forum))),
    ]
    return figure


def waiting_times(referrals: Sequence[ReferralFact], period: Period) -> Figure:
    """Days from referral to forum and from forum to Core decision (median and slowest)."""
    forum_waits = [
        (r.first_meeting_on - r.received_on).days
        for r in referrals
        if r.kind == ReferralKind.FORUM
        and r.received_on in period
        and r.first_meeting_on is not None
    ]
    by_id = {r.id: r for r in referrals}
    core_waits = []
    for r in referrals:
        if r.kind != ReferralKind.PARTNERSHIP or r.decided_on not in period:
            continue
        forum = by_id.get(r.forum_referral_id) if r.forum_referral_id is not None else None
        if forum is not None and forum.first_meeting_on is not None and r.decided_on is not None:
            core_waits.append((r.decided_on - forum.first_meeting_on).days)
    figure = Figure(
        "waiting_times",
        "Time to forum and to Core decision (days)",
        ("Step", "Median", "Slowest", "Cases"),
    )
    for label, waits in (
        ("Referral to forum", forum_waits),
        ("Forum to Core decision", core_waits),
    ):
        figure.rows.append(
            (
                label,
                statistics.median(waits) if waits else 0,
                max(waits) if waits else 0,
                len(waits),
            )
        )
    return figure


def core_outcomes(referrals: Sequence[ReferralFact], period: Period) -> Figure:
    """Core Meeting decisions made in the period, by outcome."""
    decided = [r.outcome for r in referrals if r.outcome is not None and r.decided_on in period]
    figure = Figure("core_outcomes", "Core Meeting outcomes", ("Outcome", "Decisions"))
    figure.rows = [(o.label, sum(d == o for d in decided)) for o in CoreOutcome]
    return figure


def programmes_started_ended(placements: Sequence[PlacementFact], period: Period) -> Figure:
    """Programmes started and ended in the period, by kind."""
    figure = Figure("programmes", "Programmes started and ended", ("Programme", "Started", "Ended"))
    for programme in Programme:
        started = sum(
            p.programme == programme
            and p.starts_on in period
            and p.status in (PlacementStatus.ACTIVE, PlacementStatus.ENDED)
            for p in placements
        )
        ended = sum(p.programme == programme and p.ended_on in period for p in placements)
        if started or ended:
            figure.rows.append((programme.label, started, ended))
    return figure


def end_outcomes(placements: Sequence[PlacementFact], period: Period) -> dict[str, Figure]:
    """Outcomes of placements ended in the period, and the share returned to mainstream."""
    ended = [p for p in placements if p.ended_on in period and p.end_outcome is not None]
    outcomes = Figure("end_outcomes", "Outcomes of ended placements", ("Outcome", "Placements"))
    outcomes.rows = [(o.label, sum(p.end_outcome == o for p in ended)) for o in EndOutcome]
    returned = Figure(
        "returned_share",
        "Returned to mainstream, by programme",
        ("Programme", "Ended", "Returned", "Returned %"),
    )
    for programme in Programme:
        mine = [p for p in ended if p.programme == programme]
        if mine:
            back = sum(p.end_outcome == EndOutcome.RETURNED for p in mine)
            returned.rows.append((programme.label, len(mine), back, percent(back, len(mine))))
    return {outcomes.key: outcomes, returned.key: returned}


def centre_attendance(placements: Sequence[PlacementFact]) -> Figure:
    """Attendance at the centres: overall, and before (referral) vs during placement."""
    with_marks = [p for p in placements if p.possible_sessions]
    figure = Figure(
        "attendance",
        "Attendance at the centres",
        ("Measure", "Value"),
        note="Before: attendance on the referral form. During: the centre's register.",
    )
    present = sum(p.present_sessions for p in with_marks)
    possible = sum(p.possible_sessions for p in with_marks)
    paired = [p for p in with_marks if p.attendance_before is not None]
    improved = sum(
        percent(p.present_sessions, p.possible_sessions) > (p.attendance_before or 0)
        for p in paired
    )
    before = (
        sum((p.attendance_before or Decimal(0)) for p in paired) / len(paired)
        if paired
        else Decimal(0)
    )
    during = (
        sum(percent(p.present_sessions, p.possible_sessions) for p in paired) / len(paired)
        if paired
        else Decimal(0)
    )
    figure.rows = [
        ("Average attendance during placement %", percent(present, possible)),
        ("Pupils with a register", len(with_marks)),
        ("Average before placement % (paired pupils)", _one_place(before)),
        ("Average during placement % (paired pupils)", _one_place(during)),
        ("Pupils whose attendance improved", improved),
    ]
    return figure


def utilisation(placements: Sequence[PlacementFact], period: Period) -> Figure:
    """Places used against capacity per centre for each week of the period (Monday's count)."""
    figure = Figure(
        "utilisation",
        "Places used vs capacity per week",
        ("Week of", *(f"{name} (of {cap})" for name, (_p, cap) in CENTRES.items())),
        note="A pupil counts in a week when placed on that week's Monday.",
    )
    for monday in period.weeks():
        counts: list[int] = []
        for programmes, _capacity in CENTRES.values():
            counts.append(
                sum(
                    p.programme in programmes
                    and p.starts_on is not None
                    and p.starts_on <= monday
                    and (p.ended_on or p.ends_on or date.max) >= monday
                    and p.status in (PlacementStatus.ACTIVE, PlacementStatus.ENDED)
                    for p in placements
                )
            )
        figure.rows.append((f"{monday:%d %b %Y}", *counts))
    return figure


def managed_moves(moves: Sequence[MoveFact], period: Period) -> dict[str, Figure]:
    """Managed-move success rate and the per-school tally of moves received and sent."""
    inside = [m for m in moves if m.starts_on in period]
    finished = [m for m in inside if m.outcome in (MoveOutcome.SUCCESSFUL, MoveOutcome.FAILED)]
    success = sum(m.outcome == MoveOutcome.SUCCESSFUL for m in finished)
    rate = Figure(
        "moves_success",
        "Managed moves and fresh starts",
        ("Measure", "Value"),
        note="Success rate counts only moves whose trial has finished.",
    )
    rate.rows = [
        ("Moves started", len(inside)),
        ("Finished", len(finished)),
        ("Successful", success),
        ("Success rate %", percent(success, len(finished))),
    ]
    tally = Figure(
        "moves_tally", "Moves per school", ("School", "Received", "Sent"), per_school_counts=True
    )
    schools = sorted({m.sending for m in inside} | {m.receiving for m in inside})
    tally.rows = [
        (s, sum(m.receiving == s for m in inside), sum(m.sending == s for m in inside))
        for s in schools
    ]
    return {rate.key: rate, tally.key: tally}


def money_charged(charges: Iterable[tuple[str, int]]) -> Figure:
    """Money charged per school and in total, from (school, pence) pairs."""
    totals: Counter[str] = Counter()
    for school, pence in charges:
        totals[school] += pence
    figure = Figure("money", "Money charged to schools (£)", ("School", "Charged £"))
    figure.rows = [(s, pounds(totals[s])) for s in sorted(totals)]
    figure.rows.append(("Total", pounds(sum(totals.values()))))
    return figure


def pounds(pence: int) -> Decimal:
    """Return pence as pounds with two decimal places."""
    return (Decimal(pence) / 100).quantize(Decimal("0.01"))


def suppress_small(value: int | float | Decimal | str) -> int | float | Decimal | str:
    """Return ``value`` or "fewer than 5" when it is a count between 1 and 4."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL_NUMBER:
        return SUPPRESSED
    return value


def for_board(figure: Figure) -> Figure:
    """Return a copy of ``figure`` with per-school counts below five suppressed."""
    if not figure.per_school_counts:
        return figure
    rows: list[tuple[str, *tuple[int | float | Decimal | str, ...]]] = [
        (row[0], *(suppress_small(v) for v in row[1:])) for row in figure.rows
    ]
    return Figure(
        figure.key,
        figure.title,
        figure.columns,
        rows,
        (figure.note + " " if figure.note else "")
        + f'Counts below {SMALL_NUMBER} are shown as "{SUPPRESSED}".',
        figure.per_school_counts,
    )


def all_figures(
    referrals: Sequence[ReferralFact],
    placements: Sequence[PlacementFact],
    moves: Sequence[MoveFact],
    charges: Sequence[tuple[str, int]],
    period: Period,
    school: str | None = None,
) -> list[Figure]:
    """Every impact figure for the period, optionally for one school only."""
    if school is not None:
        keep: Callable[[str], bool] = lambda name: name == school  # noqa: E731
        referrals = [r for r in referrals if keep(r.school)]
        placements = [p for p in placements if keep(p.school)]
        moves = [m for m in moves if keep(m.sending) or keep(m.receiving)]
        charges = [c for c in charges if keep(c[0])]
    by_referral = referrals_by(referrals, period)
    figures = [
        *by_referral.values(),
        forum_to_core_conversion(referrals, period),
        waiting_times(referrals, period),
        core_outcomes(referrals, period),
        programmes_started_ended(placements, period),
    ]
    figures += list(end_outcomes(placements, period).values())
    figures += [
        centre_attendance(
            [
                p
                for p in placements
                if p.starts_on is not None
                and p.starts_on <= period.end
                and (p.ended_on or p.ends_on or date.max) >= period.start
            ]
        ),
        utilisation(placements, period),
    ]
    figures += list(managed_moves(moves, period).values())
    figures.append(money_charged(charges))
    return figures
