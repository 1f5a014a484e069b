"""The impact figures' rules, called directly on small hand-built facts with exact answers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from slip_desktop.domain.enums import (
    CoreOutcome,
    EndOutcome,
    MoveOutcome,
    PlacementStatus,
    Programme,
    Reason,
    ReferralKind,
)
from slip_desktop.domain.impact import (
    CENTRES,
    SUPPRESSED,
    Figure,
    MoveFact,
    Period,
    PlacementFact,
    ReferralFact,
    _centres,
    all_figures,
    centre_attendance,
    core_outcomes,
    counts_as_attending,
    end_outcomes,
    for_board,
    forum_to_core_conversion,
    managed_moves,
    money_charged,
    percent,
    pounds,
    programmes_started_ended,
    referrals_by,
    suppress_small,
    utilisation,
    waiting_times,
)

#: Autumn term 2026: Tuesday 1 September to Friday 18 December.
TERM = Period(date(2026, 9, 1), date(2026, 12, 18), "Autumn 2026")
DAY_BEFORE = date(2026, 8, 31)
DAY_AFTER = date(2026, 12, 19)
ASH, BIRCH = "Ash Academy", "Birch College"
FORUM, PARTNERSHIP = ReferralKind.FORUM, ReferralKind.PARTNERSHIP
ACTIVE, ENDED = PlacementStatus.ACTIVE, PlacementStatus.ENDED


def _referral(
    id: int,
    received_on: date,
    kind: ReferralKind = FORUM,
    school: str = ASH,
    year_group: int = 8,
    reasons: tuple[str, ...] = (),
    **rest: object,
) -> ReferralFact:
    return ReferralFact(id, school, kind, year_group, reasons, received_on, **rest)


def _placement(
    id: int,
    programme: Programme = Programme.RESET,
    status: PlacementStatus = ACTIVE,
    starts_on: date | None = date(2026, 9, 7),
    ends_on: date | None = None,
    school: str = ASH,
    **rest: object,
) -> PlacementFact:
    return PlacementFact(id, school, programme, status, starts_on, ends_on, **rest)


# --- periods -------------------------------------------------------------------------


def test_a_period_holds_both_its_first_and_last_day_and_nothing_outside() -> None:
    assert TERM.start in TERM
    assert TERM.end in TERM
    assert date(2026, 10, 15) in TERM
    assert DAY_BEFORE not in TERM
    assert DAY_AFTER not in TERM


def test_a_period_holds_no_missing_day_and_no_text() -> None:
    assert None not in TERM
    assert "2026-09-01" not in TERM


def test_a_period_of_one_day_holds_that_day_only() -> None:
    day = Period(date(2026, 9, 7), date(2026, 9, 7))
    assert date(2026, 9, 7) in day
    assert date(2026, 9, 6) not in day
    assert date(2026, 9, 8) not in day
    assert day.weeks() == [date(2026, 9, 7)]


def test_weeks_start_on_the_monday_before_a_midweek_start_and_include_a_monday_end() -> None:
    period = Period(date(2026, 9, 2), date(2026, 9, 14))  # Wednesday to Monday
    assert period.weeks() == [date(2026, 8, 31), date(2026, 9, 7), date(2026, 9, 14)]


def test_weeks_stop_before_the_monday_after_a_sunday_end() -> None:
    period = Period(date(2026, 9, 7), date(2026, 9, 13))  # Monday to Sunday
    assert period.weeks() == [date(2026, 9, 7)]


def test_a_period_ending_before_it_starts_has_no_weeks() -> None:
    assert Period(date(2026, 9, 14), date(2026, 9, 6)).weeks() == []


# --- figures and small helpers --------------------------------------------------------


def test_a_figure_value_reads_the_second_column_unless_told() -> None:
    figure = Figure("k", "T", ("A", "B", "C"), rows=[("x", 1, 2), ("y", 3, 4)])
    assert figure.value("y") == 3
    assert figure.value("y", 2) == 4
    assert figure.value("x", 0) == "x"
    assert figure.value("z") is None


def test_a_new_figure_has_no_rows_no_note_and_no_per_school_counts() -> None:
    figure = Figure("k", "T", ("A",))
    assert figure.rows == []
    assert figure.note == ""
    assert figure.per_school_counts is False
    assert Figure("k", "T", ("A",)).rows is not figure.rows


def test_centres_are_the_pools_with_a_published_capacity() -> None:
    expected = {
        "Reset (2 groups of 5)": (frozenset({Programme.RESET}), 10),
        "KS3 long-term": (frozenset({Programme.KS3_LONG_TERM}), 10),
        "Wigston Centre (pathways 1-2)": (
            frozenset({Programme.PATHWAY_1, Programme.PATHWAY_2}),
            24,
        ),
    }
    assert _centres() == expected
    assert expected == CENTRES
    assert list(_centres()) == list(expected)


def test_present_and_approved_activity_count_as_attending() -> None:
    assert counts_as_attending("/") is True
    assert counts_as_attending("L") is True
    assert counts_as_attending("K") is True
    assert counts_as_attending("V") is True


def test_authorised_and_unauthorised_absences_count_as_absent() -> None:
    assert counts_as_attending("C") is False
    assert counts_as_attending("I") is False
    assert counts_as_attending("N") is False
    assert counts_as_attending("O") is False


def test_not_possible_and_unknown_codes_do_not_count() -> None:
    assert counts_as_attending("X") is None
    assert counts_as_attending("Z") is None
    assert counts_as_attending("#") is None
    assert counts_as_attending("?") is None
    assert counts_as_attending("") is None


def test_a_percentage_has_one_decimal_place() -> None:
    assert str(percent(1, 3)) == "33.3"
    assert str(percent(2, 3)) == "66.7"
    assert str(percent(1, 2)) == "50.0"
    assert str(percent(3, 3)) == "100.0"
    assert str(percent(0, 7)) == "0.0"


def test_a_percentage_rounds_half_up_at_the_second_decimal() -> None:
    assert str(percent(1, 16)) == "6.3"  # 6.25
    assert str(percent(3, 16)) == "18.8"  # 18.75
    assert str(percent(Decimal("0.125"), 1)) == "12.5"
    assert str(percent(Decimal("0.0005"), 1)) == "0.1"  # 0.05


def test_a_percentage_of_nothing_is_zero() -> None:
    assert str(percent(0, 0)) == "0.0"
    assert str(percent(5, 0)) == "0.0"
    assert str(percent(5, Decimal(0))) == "0.0"


def test_pence_become_pounds_with_two_decimal_places() -> None:
    assert str(pounds(0)) == "0.00"
    assert str(pounds(1)) == "0.01"
    assert str(pounds(123456)) == "1234.56"
    assert str(pounds(-9000)) == "-90.00"


def test_counts_from_one_to_four_are_suppressed_and_zero_and_five_are_not() -> None:
    assert suppress_small(0) == 0
    assert suppress_small(1) == SUPPRESSED
    assert suppress_small(4) == SUPPRESSED
    assert suppress_small(5) == 5
    assert suppress_small(-1) == -1
    assert SUPPRESSED == "fewer than 5"


def test_only_whole_counts_are_suppressed() -> None:
    assert suppress_small(True) is True
    assert suppress_small(3.0) == 3.0
    assert suppress_small(Decimal(3)) == Decimal(3)
    assert suppress_small("3") == "3"


def test_for_board_leaves_a_figure_without_per_school_counts_as_it_is() -> None:
    figure = Figure("k", "T", ("School", "N"), rows=[("Ash", 2)])
    assert for_board(figure) is figure


def test_for_board_suppresses_per_school_counts_and_says_so() -> None:
    figure = Figure(
        "tally", "Tally", ("School", "In", "Out"), [(ASH, 2, 5), (BIRCH, 0, 4)], "", True
    )
    board = for_board(figure)
    assert board == Figure(
        "tally",
        "Tally",
        ("School", "In", "Out"),
        [(ASH, SUPPRESSED, 5), (BIRCH, 0, SUPPRESSED)],
        'Counts below 5 are shown as "fewer than 5".',
        True,
    )
    assert figure.rows == [(ASH, 2, 5), (BIRCH, 0, 4)]


def test_for_board_adds_its_sentence_after_the_figures_own_note() -> None:
    figure = Figure("k", "T", ("School", "N"), [(ASH, 1)], "Own note.", True)
    assert for_board(figure).note == 'Own note. Counts below 5 are shown as "fewer than 5".'


# --- referrals ------------------------------------------------------------------------


def test_referrals_are_counted_by_tier_school_key_stage_and_reason_within_the_period() -> None:
    referrals = [
        _referral(1, TERM.start, FORUM, ASH, 7, ("semh", "attendance")),
        _referral(2, TERM.end, PARTNERSHIP, BIRCH, 10, ("semh",)),
        _referral(3, date(2026, 10, 1), FORUM, BIRCH, 12, ("behaviour", "no such reason")),
        _referral(4, DAY_BEFORE, FORUM, "Cedar School", 9, ("send",)),
        _referral(5, DAY_AFTER, PARTNERSHIP, "Cedar School", 11, ("send",)),
    ]
    assert referrals_by(referrals, TERM) == {
        "referrals_by_tier": Figure(
            "referrals_by_tier",
            "Referrals by tier",
            ("Tier", "Referrals"),
            [("Tier 1 (Inclusion Forum)", 2), ("Tier 2+ (Partnership)", 1)],
        ),
        "referrals_by_school": Figure(
            "referrals_by_school",
            "Referrals by school",
            ("School", "Referrals"),
            [(ASH, 1), (BIRCH, 2)],
            per_school_counts=True,
        ),
        "referrals_by_key_stage": Figure(
            "referrals_by_key_stage",
            "Referrals by key stage",
            ("Key stage", "Referrals"),
            [("KS3", 1), ("KS4", 1), ("Other", 1)],
        ),
        "referrals_by_reason": Figure(
            "referrals_by_reason",
            "Referrals by reason",
            ("Reason", "Referrals"),
            [("SEMH", 2), ("Attendance", 1), ("Behaviour", 1)],
            note="A referral can give several reasons.",
        ),
    }


def test_referral_figures_leave_out_key_stages_and_reasons_nobody_had() -> None:
    figures = referrals_by([_referral(1, TERM.start, year_group=11, reasons=("medical",))], TERM)
    assert figures["referrals_by_key_stage"].rows == [("KS4", 1)]
    assert figures["referrals_by_reason"].rows == [("Medical", 1)]


def test_a_reason_already_in_words_counts_under_its_heading() -> None:
    figures = referrals_by([_referral(1, TERM.start, reasons=("SEMH", "semh"))], TERM)
    assert figures["referrals_by_reason"].rows == [("SEMH", 2)]
    assert Reason.SEMH.label == "SEMH"


def test_no_referrals_give_zero_tiers_and_empty_breakdowns() -> None:
    figures = referrals_by([], TERM)
    assert figures["referrals_by_tier"].rows == [
        ("Tier 1 (Inclusion Forum)", 0),
        ("Tier 2+ (Partnership)", 0),
    ]
    assert figures["referrals_by_school"].rows == []
    assert figures["referrals_by_key_stage"].rows == []
    assert figures["referrals_by_reason"].rows == []


def test_forum_to_core_conversion_counts_forum_referrals_of_the_period_later_escalated() -> None:
    referrals = [
        _referral(1, TERM.start),
        _referral(2, TERM.end),
        _referral(3, date(2026, 10, 1)),
        _referral(4, DAY_BEFORE),  # escalated, but received before the period
        _referral(10, DAY_AFTER, PARTNERSHIP, forum_referral_id=1),  # escalation after: counts
        _referral(11, date(2026, 11, 2), PARTNERSHIP, forum_referral_id=4),
        _referral(12, date(2026, 11, 2), PARTNERSHIP),
    ]
    assert forum_to_core_conversion(referrals, TERM) == Figure(
        "forum_to_core",
        "Forum to Core conversion",
        ("Measure", "Value"),
        [("Forum referrals", 3), ("Referred on to Core", 1), ("Conversion %", Decimal("33.3"))],
        "Forum referrals received in the period that later became partnership referrals.",
    )


def test_forum_to_core_conversion_of_no_forum_referrals_is_zero_percent() -> None:
    figure = forum_to_core_conversion([_referral(1, TERM.start, PARTNERSHIP)], TERM)
    assert figure.rows == [
        ("Forum referrals", 0),
        ("Referred on to Core", 0),
        ("Conversion %", Decimal("0.0")),
    ]


def test_a_partnership_referral_is_not_counted_as_a_forum_referral_escalated() -> None:
    referrals = [
        _referral(1, TERM.start, PARTNERSHIP, forum_referral_id=1),
        _referral(2, TERM.start, FORUM),
        _referral(3, TERM.start, FORUM, forum_referral_id=2),
    ]
    assert forum_to_core_conversion(referrals, TERM).rows[:2] == [
        ("Forum referrals", 2),
        ("Referred on to Core", 0),
    ]


def test_waiting_times_give_the_median_the_slowest_and_the_number_of_cases() -> None:
    referrals = [
        # forum waits of the period: 2, 9 and 5 days (median 5, slowest 9)
        _referral(1, TERM.start, first_meeting_on=date(2026, 9, 3)),
        _referral(2, TERM.end, first_meeting_on=date(2026, 12, 27)),
        _referral(3, date(2026, 10, 1), first_meeting_on=date(2026, 10, 6)),
        _referral(4, DAY_BEFORE, first_meeting_on=date(2026, 9, 30)),  # received before
        _referral(5, date(2026, 10, 1)),  # no forum yet
        _referral(6, date(2026, 10, 1), PARTNERSHIP, first_meeting_on=date(2026, 10, 2)),
        # Core decisions of the period: 14 and 21 days after the forum (median 17.5)
        _referral(10, TERM.start, PARTNERSHIP, decided_on=date(2026, 9, 17), forum_referral_id=1),
        _referral(11, TERM.start, PARTNERSHIP, decided_on=date(2026, 10, 21), forum_referral_id=4),
        # decided the day after the period, decided not at all, no forum, forum not yet met
        _referral(12, TERM.start, PARTNERSHIP, decided_on=DAY_AFTER, forum_referral_id=1),
        _referral(13, TERM.start, PARTNERSHIP, forum_referral_id=1),
        _referral(14, TERM.start, PARTNERSHIP, decided_on=TERM.end),
        _referral(15, TERM.start, PARTNERSHIP, decided_on=TERM.end, forum_referral_id=5),
        # a forum referral "decided" in the period is not a Core decision
        _referral(16, TERM.start, decided_on=TERM.end, forum_referral_id=1),
    ]
    assert waiting_times(referrals, TERM) == Figure(
        "waiting_times",
        "Time to forum and to Core decision (days)",
        ("Step", "Median", "Slowest", "Cases"),
        [("Referral to forum", 5, 9, 3), ("Forum to Core decision", 17.5, 21, 2)],
    )


def test_waiting_times_with_no_cases_are_zero() -> None:
    assert waiting_times([], TERM).rows == [
        ("Referral to forum", 0, 0, 0),
        ("Forum to Core decision", 0, 0, 0),
    ]


def test_a_forum_met_the_same_day_waited_zero_days() -> None:
    referrals = [
        _referral(1, TERM.start, first_meeting_on=TERM.start),
        _referral(2, TERM.start, PARTNERSHIP, decided_on=TERM.start, forum_referral_id=1),
    ]
    assert waiting_times(referrals, TERM).rows == [
        ("Referral to forum", 0, 0, 1),
        ("Forum to Core decision", 0, 0, 1),
    ]


def test_core_outcomes_count_decisions_made_in_the_period_by_outcome() -> None:
    referrals = [
        _referral(
            1, TERM.start, PARTNERSHIP, decided_on=TERM.start, outcome=CoreOutcome.BACK_TO_FORUM
        ),
        _referral(
            2, TERM.start, PARTNERSHIP, decided_on=TERM.end, outcome=CoreOutcome.BACK_TO_FORUM
        ),
        _referral(
            3, TERM.start, PARTNERSHIP, decided_on=TERM.end, outcome=CoreOutcome.OUTSIDE_PROGRAMME
        ),
        _referral(
            4, TERM.start, PARTNERSHIP, decided_on=DAY_AFTER, outcome=CoreOutcome.OUTSIDE_PROGRAMME
        ),
        _referral(
            5, TERM.start, PARTNERSHIP, decided_on=DAY_BEFORE, outcome=CoreOutcome.IN_SCHOOL_SUPPORT
        ),
        _referral(6, TERM.start, PARTNERSHIP, decided_on=TERM.end),
    ]
    assert core_outcomes(referrals, TERM) == Figure(
        "core_outcomes",
        "Core Meeting outcomes",
        ("Outcome", "Decisions"),
        [
            ("Back to Inclusion Forum", 2),
            ("School continues with advice", 0),
            ("In-school support (tier 2)", 0),
            ("Programme outside school", 1),
        ],
    )


# --- placements -----------------------------------------------------------------------


def test_programmes_started_count_active_and_ended_places_starting_in_the_period() -> None:
    placements = [
        _placement(1, Programme.RESET, ACTIVE, TERM.start),
        _placement(2, Programme.RESET, ENDED, TERM.end, ended_on=DAY_AFTER),
        _placement(3, Programme.RESET, PlacementStatus.WAITING, TERM.start),
        _placement(4, Programme.RESET, PlacementStatus.REQUESTED, TERM.start),
        _placement(5, Programme.RESET, PlacementStatus.CANCELLED, TERM.start),
        _placement(6, Programme.RESET, ACTIVE, DAY_BEFORE),
        _placement(7, Programme.RESET, ACTIVE, DAY_AFTER),
        _placement(8, Programme.RESET, ACTIVE, None),
        # ended in the period (started before it): counted as ended only
        _placement(9, Programme.PATHWAY_1, ENDED, DAY_BEFORE, ended_on=TERM.start),
        _placement(10, Programme.PATHWAY_1, ENDED, DAY_BEFORE, ended_on=TERM.end),
        _placement(11, Programme.PATHWAY_1, ENDED, DAY_BEFORE, ended_on=DAY_BEFORE),
        _placement(12, Programme.ONE_TO_ONE, ENDED, TERM.start, ended_on=TERM.end),
    ]
    assert programmes_started_ended(placements, TERM) == Figure(
        "programmes",
        "Programmes started and ended",
        ("Programme", "Started", "Ended"),
        [
            ("Tier 2 1:1", 1, 1),
            ("KS3 Reset", 2, 0),
            ("KS4 pathway 1 (Wigston, 5 GCSEs)", 0, 2),
        ],
    )


def test_end_outcomes_count_places_ended_in_the_period_and_the_share_returned() -> None:
    placements = [
        _placement(1, Programme.RESET, ENDED, ended_on=TERM.start, end_outcome=EndOutcome.RETURNED),
        _placement(2, Programme.RESET, ENDED, ended_on=TERM.end, end_outcome=EndOutcome.RETURNED),
        _placement(3, Programme.RESET, ENDED, ended_on=TERM.end, end_outcome=EndOutcome.EXTENDED),
        _placement(4, Programme.PATHWAY_2, ENDED, ended_on=TERM.end, end_outcome=EndOutcome.POST16),
        _placement(5, Programme.RESET, ENDED, ended_on=DAY_AFTER, end_outcome=EndOutcome.RETURNED),
        _placement(6, Programme.RESET, ENDED, ended_on=DAY_BEFORE, end_outcome=EndOutcome.RETURNED),
        _placement(7, Programme.RESET, ENDED, ended_on=TERM.end),  # no outcome recorded
        _placement(8, Programme.RESET, ACTIVE, end_outcome=EndOutcome.RETURNED),
    ]
    figures = end_outcomes(placements, TERM)
    assert list(figures) == ["end_outcomes", "returned_share"]
    assert figures["end_outcomes"] == Figure(
        "end_outcomes",
        "Outcomes of ended placements",
        ("Outcome", "Placements"),
        [
            ("Returned to mainstream", 2),
            ("Specialist placement (SENCO and SENA)", 0),
            ("Extended", 1),
            ("Post-16 transition", 1),
            ("Moved school", 0),
            ("Other", 0),
        ],
    )
    assert figures["returned_share"] == Figure(
        "returned_share",
        "Returned to mainstream, by programme",
        ("Programme", "Ended", "Returned", "Returned %"),
        [
            ("KS3 Reset", 3, 2, Decimal("66.7")),
            ("KS4 pathway 2 (Wigston, 2 GCSEs)", 1, 0, Decimal("0.0")),
        ],
    )


def test_centre_attendance_averages_the_register_and_pairs_before_with_during() -> None:
    placements = [
        # 45 of 50 during (90.0), 80.0 before: improved
        _placement(1, present_sessions=45, possible_sessions=50, attendance_before=Decimal("80.0")),
        # 25 of 50 during (50.0), 50.0 before: the same is not an improvement
        _placement(2, present_sessions=25, possible_sessions=50, attendance_before=Decimal("50.0")),
        # 1 of 200 during (0.5), 0 before: improved from nothing
        _placement(3, present_sessions=1, possible_sessions=200, attendance_before=Decimal(0)),
        # a register but nothing before to compare
        _placement(4, present_sessions=0, possible_sessions=100),
        # no register at all: left out
        _placement(5, attendance_before=Decimal("10.0")),
    ]
    assert centre_attendance(placements) == Figure(
        "attendance",
        "Attendance at the centres",
        ("Measure", "Value"),
        [
            ("Average attendance during placement %", Decimal("17.8")),  # 71 of 400
            ("Pupils with a register", 4),
            ("Average before placement % (paired pupils)", Decimal("43.3")),  # 130 / 3
            ("Average during placement % (paired pupils)", Decimal("46.8")),  # 140.5 / 3
            ("Pupils whose attendance improved", 2),
        ],
        "Before: attendance on the referral form. During: the centre's register.",
    )


def test_centre_attendance_averages_round_half_up_like_every_percentage() -> None:
    placements = [
        _placement(1, present_sessions=1, possible_sessions=10, attendance_before=Decimal("10.0")),
        _placement(2, present_sessions=1, possible_sessions=8, attendance_before=Decimal("0.1")),
    ]
    figure = centre_attendance(placements)
    assert str(figure.value("Average before placement % (paired pupils)")) == "5.1"  # 5.05
    assert str(figure.value("Average during placement % (paired pupils)")) == "11.3"  # 11.25


def test_centre_attendance_without_any_register_is_zero() -> None:
    figure = centre_attendance([_placement(1, attendance_before=Decimal("70.0"))])
    assert [(label, str(value)) for label, value in figure.rows] == [
        ("Average attendance during placement %", "0.0"),
        ("Pupils with a register", "0"),
        ("Average before placement % (paired pupils)", "0.0"),
        ("Average during placement % (paired pupils)", "0.0"),
        ("Pupils whose attendance improved", "0"),
    ]


def test_centre_attendance_with_registers_but_nothing_before_has_zero_paired_averages() -> None:
    figure = centre_attendance([_placement(1, present_sessions=9, possible_sessions=10)])
    assert [(label, str(value)) for label, value in figure.rows] == [
        ("Average attendance during placement %", "90.0"),
        ("Pupils with a register", "1"),
        ("Average before placement % (paired pupils)", "0.0"),
        ("Average during placement % (paired pupils)", "0.0"),
        ("Pupils whose attendance improved", "0"),
    ]


def test_utilisation_counts_a_pupil_placed_on_each_weeks_monday_against_capacity() -> None:
    period = Period(date(2026, 9, 2), date(2026, 9, 21))  # Wednesday to Monday
    mon1, mon2, mon3 = date(2026, 9, 7), date(2026, 9, 14), date(2026, 9, 21)
    placements = [
        _placement(1, Programme.RESET, ACTIVE, date(2026, 8, 31)),  # open-ended from week one
        _placement(2, Programme.RESET, ACTIVE, mon1, ends_on=mon2),  # ends on a Monday: counts
        _placement(3, Programme.RESET, ENDED, mon1, ends_on=mon3, ended_on=date(2026, 9, 11)),
        _placement(4, Programme.RESET, ACTIVE, date(2026, 9, 8)),  # starts on a Tuesday
        _placement(5, Programme.RESET, PlacementStatus.WAITING, mon1),
        _placement(6, Programme.RESET, PlacementStatus.CANCELLED, mon1),
        _placement(7, Programme.RESET, ACTIVE, None),
        _placement(8, Programme.KS3_LONG_TERM, ACTIVE, mon2, ends_on=date(2026, 9, 13)),
        _placement(9, Programme.PATHWAY_1, ACTIVE, mon3),
        _placement(10, Programme.PATHWAY_2, ENDED, mon1, ended_on=mon3),
        _placement(11, Programme.ONE_TO_ONE, ACTIVE, mon1),  # no centre
    ]
    assert utilisation(placements, period) == Figure(
        "utilisation",
        "Places used vs capacity per week",
        (
            "Week of",
            "Reset (2 groups of 5) (of 10)",
            "KS3 long-term (of 10)",
            "Wigston Centre (pathways 1-2) (of 24)",
        ),
        [
            ("31 Aug 2026", 1, 0, 0),
            ("07 Sep 2026", 3, 0, 1),
            ("14 Sep 2026", 3, 0, 1),
            ("21 Sep 2026", 2, 0, 2),
        ],
        "A pupil counts in a week when placed on that week's Monday.",
    )


# --- moves and money ------------------------------------------------------------------


def test_managed_moves_success_counts_only_finished_trials_started_in_the_period() -> None:
    moves = [
        MoveFact(ASH, BIRCH, MoveOutcome.SUCCESSFUL, TERM.start),
        MoveFact(ASH, BIRCH, MoveOutcome.SUCCESSFUL, TERM.end),
        MoveFact(BIRCH, ASH, MoveOutcome.FAILED, date(2026, 10, 1)),
        MoveFact(BIRCH, "Cedar School", MoveOutcome.IN_PROGRESS, date(2026, 10, 1)),
        MoveFact(ASH, "Cedar School", MoveOutcome.WITHDRAWN, date(2026, 10, 1)),
        MoveFact(ASH, "Dale School", MoveOutcome.SUCCESSFUL, DAY_BEFORE),
        MoveFact(ASH, "Elm School", MoveOutcome.FAILED, DAY_AFTER),
    ]
    figures = managed_moves(moves, TERM)
    assert list(figures) == ["moves_success", "moves_tally"]
    assert figures["moves_success"] == Figure(
        "moves_success",
        "Managed moves and fresh starts",
        ("Measure", "Value"),
        [
            ("Moves started", 5),
            ("Finished", 3),
            ("Successful", 2),
            ("Success rate %", Decimal("66.7")),
        ],
        "Success rate counts only moves whose trial has finished.",
    )
    assert figures["moves_tally"] == Figure(
        "moves_tally",
        "Moves per school",
        ("School", "Received", "Sent"),
        [(ASH, 1, 3), (BIRCH, 2, 2), ("Cedar School", 2, 0)],
        per_school_counts=True,
    )


def test_no_finished_moves_give_a_zero_success_rate() -> None:
    figure = managed_moves([MoveFact(ASH, BIRCH, MoveOutcome.IN_PROGRESS, TERM.start)], TERM)
    assert figure["moves_success"].rows == [
        ("Moves started", 1),
        ("Finished", 0),
        ("Successful", 0),
        ("Success rate %", Decimal("0.0")),
    ]


def test_money_charged_totals_pence_per_school_in_pounds_with_a_grand_total() -> None:
    figure = money_charged([(BIRCH, 150000), (ASH, 99), (BIRCH, -50000), (ASH, 1)])
    assert figure == Figure(
        "money",
        "Money charged to schools (£)",
        ("School", "Charged £"),
        [(ASH, Decimal("1.00")), (BIRCH, Decimal("1000.00")), ("Total", Decimal("1001.00"))],
    )


def test_no_charges_give_a_zero_total_in_pounds() -> None:
    figure = money_charged([])
    assert [(label, str(value)) for label, value in figure.rows] == [("Total", "0.00")]


# --- every figure ---------------------------------------------------------------------

KEYS = [
    "referrals_by_tier",
    "referrals_by_school",
    "referrals_by_key_stage",
    "referrals_by_reason",
    "forum_to_core",
    "waiting_times",
    "core_outcomes",
    "programmes",
    "end_outcomes",
    "returned_share",
    "attendance",
    "utilisation",
    "moves_success",
    "moves_tally",
    "money",
]


def _world() -> tuple[
    list[ReferralFact], list[PlacementFact], list[MoveFact], list[tuple[str, int]]
]:
    referrals = [
        _referral(1, TERM.start, school=ASH),
        _referral(2, TERM.start, school=BIRCH),
        _referral(
            3,
            TERM.start,
            PARTNERSHIP,
            school=BIRCH,
            forum_referral_id=2,
            decided_on=TERM.end,
            outcome=CoreOutcome.IN_SCHOOL_SUPPORT,
        ),
    ]
    register = {"present_sessions": 8, "possible_sessions": 10}
    placements = [
        _placement(1, starts_on=TERM.end, school=ASH, **register),  # starts on the last day
        _placement(2, starts_on=DAY_BEFORE, ends_on=TERM.start, school=ASH, **register),
        _placement(3, starts_on=DAY_AFTER, school=ASH, **register),  # starts after
        _placement(4, starts_on=date(2026, 8, 1), ends_on=DAY_BEFORE, school=ASH, **register),
        _placement(5, starts_on=None, school=ASH, **register),
        _placement(
            6,
            status=ENDED,
            starts_on=date(2026, 8, 1),
            ends_on=DAY_AFTER,
            ended_on=DAY_BEFORE,
            school=ASH,
            **register,
        ),
        _placement(7, starts_on=TERM.start, school=BIRCH, **register),
    ]
    moves = [
        MoveFact(ASH, BIRCH, MoveOutcome.SUCCESSFUL, TERM.start),
        MoveFact(BIRCH, ASH, MoveOutcome.FAILED, TERM.start),
        MoveFact(BIRCH, "Cedar School", MoveOutcome.FAILED, TERM.start),
    ]
    charges = [(ASH, 1000), (BIRCH, 250)]
    return referrals, placements, moves, charges


def test_all_figures_come_in_the_report_order() -> None:
    figures = all_figures(*_world(), TERM)
    assert [f.key for f in figures] == KEYS


def test_centre_attendance_counts_places_overlapping_the_period_by_a_day_or_more() -> None:
    figures = {f.key: f for f in all_figures(*_world(), TERM)}
    # Ash: starts on the last day, ends on the first day; Birch: the whole term
    assert figures["attendance"].value("Pupils with a register") == 3


def test_all_figures_for_one_school_keep_only_that_schools_facts() -> None:
    figures = {f.key: f for f in all_figures(*_world(), TERM, school=BIRCH)}
    assert figures["referrals_by_school"].rows == [(BIRCH, 2)]
    assert figures["forum_to_core"].value("Referred on to Core") == 1
    assert figures["attendance"].value("Pupils with a register") == 1
    assert figures["moves_success"].value("Moves started") == 3
    assert figures["moves_tally"].rows == [
        (ASH, 1, 1),
        (BIRCH, 1, 2),
        ("Cedar School", 1, 0),
    ]
    assert figures["money"].rows == [(BIRCH, Decimal("2.50")), ("Total", Decimal("2.50"))]


def test_all_figures_for_every_school_keep_every_fact() -> None:
    figures = {f.key: f for f in all_figures(*_world(), TERM)}
    assert figures["referrals_by_school"].rows == [(ASH, 1), (BIRCH, 2)]
    assert figures["moves_success"].value("Moves started") == 3
    assert figures["money"].rows == [
        (ASH, Decimal("10.00")),
        (BIRCH, Decimal("2.50")),
        ("Total", Decimal("12.50")),
    ]
    assert figures["programmes"].rows == [("KS3 Reset", 2, 0)]
    assert figures["core_outcomes"].value("In-school support (tier 2)") == 1
    assert figures["utilisation"].rows[0][1] == 3  # placements 2, 4 and 6 on 31 August


def test_all_figures_for_a_school_with_no_facts_are_empty_not_missing() -> None:
    figures = all_figures(*_world(), TERM, school="Nowhere School")
    assert [f.key for f in figures] == KEYS
    by_key = {f.key: f for f in figures}
    assert by_key["money"].rows == [("Total", Decimal("0.00"))]
    assert by_key["moves_tally"].rows == []
