"""The one catalogue of programmes: what each is, where it runs, how it is charged and registered.

Everything else (capacity pools, charges, Core outcomes, rosters, registers,
occupancy, impact) reads these entries instead of keeping its own table; the
figures here are the published offer's defaults, which the office can change
year by year (``domain/offer.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from slip_desktop.domain.enums import Labelled, Programme
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.school_year import academic_year_of, key_stage, year_group_for


class Centre(StrEnum):
    """Where a placed pupil spends their programme days."""

    PLC = "SLIP Pupil Learning Centre"
    WIGSTON = "Wigston Centre"
    AP = "Alternative provision"
    IN_SCHOOL = "In school (tier 2)"


class ChargeRule(Labelled):
    """How a school is charged for a place."""

    NONE = "none", "No charge"
    DAY_RATE = "day_rate", "AP day rate × booked days"
    PRO_RATA = "pro_rata", "Pro-rata average pupil cost + pupil premium + SEND"


@dataclass(frozen=True)
class PoolSpec:
    """A set of places one or more programmes share (Wigston's 24 for pathways 1 and 2)."""

    key: str
    label: str
    centre: Centre
    #: Places from the published offer (per group when ``groups``); None: no fixed limit.
    places: int | None
    #: Groups that each hold ``places`` (Reset's two groups of five).
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgrammeInfo:
    """Everything the office means by one programme."""

    programme: Programme
    tier: int
    #: Key stages the programme serves (3, 4 or both).
    key_stages: frozenset[int]
    centre: Centre
    pool: PoolSpec
    #: Usual length in weeks (None: until a review ends it).
    weeks: int | None
    days_per_week: Decimal
    #: Part of the programme is spent with an AP provider, whose name and days are recorded.
    ap_component: bool
    charge_rule: ChargeRule
    #: The daily register the pupil is on (None: registered by their own school).
    register: Centre | None
    #: Delivered by an AP provider that must be named when the pupil is placed.
    needs_provider: bool = False
    #: Run in school by a named learning mentor.
    needs_mentor: bool = False
    #: A full-time (tier 4) place, the fallback a guaranteed managed move promises.
    full_time: bool = False
    #: Booked on chosen weekdays (Mon-Fri), which set the days a week.
    booked_weekdays: bool = False


RESET_POOL = PoolSpec("reset", "Reset group", Centre.PLC, 5, ("A", "B"))
KS3_LONG_TERM_POOL = PoolSpec("ks3-long-term", "KS3 long-term", Centre.PLC, 10)
WIGSTON_POOL = PoolSpec("wigston-1-2", "Pathways 1 and 2", Centre.WIGSTON, 24)
PATHWAY_3_POOL = PoolSpec("pathway-3", "Pathway 3 (blended AP)", Centre.AP, None)
TIER3_POOL = PoolSpec("tier-3-ap", "KS4 tier 3 AP", Centre.AP, None)
TIER2_POOL = PoolSpec("tier-2", "Tier 2 in school", Centre.IN_SCHOOL, None)

P = Programme
_ANY_STAGE = frozenset({3, 4})
_KS3 = frozenset({3})
_KS4 = frozenset({4})
_FULL = Decimal("5.0")


def _tier2(programme: Programme) -> ProgrammeInfo:
    return ProgrammeInfo(
        programme, 2, _ANY_STAGE, Centre.IN_SCHOOL, TIER2_POOL, 6, Decimal("1.0"), False,
        ChargeRule.NONE, None, needs_mentor=True,
    )  # fmt: skip


#: The catalogue: every programme exactly once.
CATALOGUE: dict[Programme, ProgrammeInfo] = {
    P.SMALL_GROUP: _tier2(P.SMALL_GROUP),
    P.ONE_TO_ONE: _tier2(P.ONE_TO_ONE),
    P.ENGAGEMENT: _tier2(P.ENGAGEMENT),
    # Reset is charged like tier 4 (the offer's KS3 cost points at the KS4 section),
    # pro rata to its 2.5 days of 5.
    P.RESET: ProgrammeInfo(
        P.RESET,
        4,
        _KS3,
        Centre.PLC,
        RESET_POOL,
        7,
        Decimal("2.5"),
        False,
        ChargeRule.PRO_RATA,
        Centre.PLC,
    ),  # fmt: skip
    P.KS3_LONG_TERM: ProgrammeInfo(
        P.KS3_LONG_TERM,
        4,
        _KS3,
        Centre.PLC,
        KS3_LONG_TERM_POOL,
        None,
        _FULL,
        True,
        ChargeRule.PRO_RATA,
        Centre.PLC,
        full_time=True,
    ),  # fmt: skip
    P.KS4_TIER3_AP: ProgrammeInfo(
        P.KS4_TIER3_AP,
        3,
        _KS4,
        Centre.AP,
        TIER3_POOL,
        None,
        Decimal("2.0"),
        False,
        ChargeRule.DAY_RATE,
        Centre.AP,
        needs_provider=True,
        booked_weekdays=True,
    ),  # fmt: skip
    P.PATHWAY_1: ProgrammeInfo(
        P.PATHWAY_1,
        4,
        _KS4,
        Centre.WIGSTON,
        WIGSTON_POOL,
        None,
        _FULL,
        True,
        ChargeRule.PRO_RATA,
        Centre.WIGSTON,
        full_time=True,
    ),  # fmt: skip
    P.PATHWAY_2: ProgrammeInfo(
        P.PATHWAY_2,
        4,
        _KS4,
        Centre.WIGSTON,
        WIGSTON_POOL,
        None,
        _FULL,
        True,
        ChargeRule.PRO_RATA,
        Centre.WIGSTON,
        full_time=True,
    ),  # fmt: skip
    # Pathway 3 is a full-time blended AP programme: delivered by AP, on the AP
    # register, and it takes none of Wigston's places.
    P.PATHWAY_3: ProgrammeInfo(
        P.PATHWAY_3,
        4,
        _KS4,
        Centre.AP,
        PATHWAY_3_POOL,
        None,
        _FULL,
        False,
        ChargeRule.PRO_RATA,
        Centre.AP,
        needs_provider=True,
        full_time=True,
    ),  # fmt: skip
}

#: Every pool, in catalogue order.
POOL_SPECS: dict[str, PoolSpec] = {info.pool.key: info.pool for info in CATALOGUE.values()}


def info(programme: Programme) -> ProgrammeInfo:
    """Return the catalogue entry of ``programme``."""
    return CATALOGUE[programme]


def programmes_where(
    *, tier: int | None = None, stage: int | None = None, full_time: bool | None = None
) -> tuple[Programme, ...]:
    """Return the programmes, in catalogue order, that match every given condition."""
    return tuple(
        p
        for p, i in CATALOGUE.items()
        if (tier is None or i.tier == tier)
        and (stage is None or stage in i.key_stages)
        and (full_time is None or i.full_time == full_time)
    )


def pool_programmes(pool_key: str) -> tuple[Programme, ...]:
    """Return the programmes sharing the pool ``pool_key`` (its base key, without a group)."""
    return tuple(p for p, i in CATALOGUE.items() if i.pool.key == pool_key)


# -- key stages ---------------------------------------------------------------


def year_group_on(date_of_birth: date, day: date) -> int:
    """Return the pupil's national curriculum year group on ``day`` from their date of birth."""
    return year_group_for(date_of_birth, academic_year_of(day))


def key_stage_on(date_of_birth: date, day: date) -> int | None:
    """Return the key stage (3 or 4) on ``day``, or None outside Years 7-11."""
    try:
        return key_stage(year_group_on(date_of_birth, day))
    except ValueError:
        return None


def programme_key_stage(programme: Programme) -> int | None:
    """Return the single key stage a programme serves (None when it serves both)."""
    stages = CATALOGUE[programme].key_stages
    return next(iter(stages)) if len(stages) == 1 else None


def check_key_stage(
    programme: Programme, year_group: int, who: str = "The pupil", field: str = "programme"
) -> None:
    """Raise RuleError when ``programme`` serves another key stage than ``year_group``.

    Every key-stage check (Core decisions, guaranteed moves, placing a pupil) comes here.
    """
    wanted = CATALOGUE[programme].key_stages
    if wanted == _ANY_STAGE:
        return
    try:
        stage = key_stage(year_group)
    except ValueError:
        raise RuleError(
            f"{who} is in Year {year_group}, outside Years 7-11: no partnership programme fits.",
            field,
        ) from None
    if stage not in wanted:
        choices = " or ".join(p.label for p in programmes_where(stage=stage) if info(p).tier > 2)
        raise RuleError(
            f"{who} is in Year {year_group} (KS{stage}) but {programme.label} is a "
            f"KS{programme_key_stage(programme)} programme. Choose {choices}.",
            field,
        )


def check_key_stage_on(
    programme: Programme,
    date_of_birth: date,
    day: date,
    who: str = "The pupil",
    field: str = "programme",
) -> None:
    """Raise RuleError when the pupil's key stage on ``day`` (from date of birth) does not fit."""
    check_key_stage(programme, year_group_on(date_of_birth, day), who, field)


# -- booked weekdays ----------------------------------------------------------

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri")
WEEKDAY_LABELS = ("Mon", "Tue", "Wed", "Thu", "Fri")


def parse_weekdays(text: str) -> tuple[int, ...]:
    """Return the weekday numbers (Monday 0) in ``"mon,wed,fri"``; unknown names are refused.

    Raises:
        RuleError: a name is not a weekday.
    """
    numbers: set[int] = set()
    for token in (t.strip().lower() for t in text.split(",")):
        if not token:
            continue
        if token not in WEEKDAY_NAMES:
            raise RuleError(f"'{token}' is not a weekday (mon to fri).", "weekdays")
        numbers.add(WEEKDAY_NAMES.index(token))
    return tuple(sorted(numbers))


def weekdays_text(numbers: tuple[int, ...] | list[int]) -> str:
    """Return the stored form of weekday numbers, e.g. ``"mon,wed,fri"``."""
    return ",".join(WEEKDAY_NAMES[n] for n in sorted(set(numbers)))


def describe_weekdays(text: str) -> str:
    """Return booked weekdays as people read them: ``"Mon, Wed, Fri"`` (empty when none)."""
    try:
        return ", ".join(WEEKDAY_LABELS[n] for n in parse_weekdays(text))
    except RuleError:
        return text
