"""Small-number rules for figures that leave the office: "<5" for 1-4, no % over fewer than 5."""

from __future__ import annotations

from decimal import Decimal

import pytest

from slip_desktop.domain.impact import Figure
from slip_desktop.domain.small_numbers import (
    MIN_CASES_FOR_PERCENT,
    SHARES,
    SMALL_NUMBER,
    SUPPRESSED,
    Share,
    for_release,
    is_suppressed,
    suppress,
    too_few,
)

ASH, BIRCH = "Ash Academy", "Birch College"
PER_SCHOOL_NOTE = 'A count from 1 to 4 for a school is shown as "<5".'
TOO_FEW_NOTE = "Percentages are given only over at least 5 cases."


def test_the_thresholds_are_five() -> None:
    assert SMALL_NUMBER == 5
    assert MIN_CASES_FOR_PERCENT == 5
    assert SUPPRESSED == "<5"


def test_counts_from_one_to_four_are_suppressed() -> None:
    assert [suppress(n) for n in range(7)] == [0, "<5", "<5", "<5", "<5", 5, 6]


def test_only_whole_counts_are_suppressed() -> None:
    assert suppress(True) is True
    assert suppress(-3) == -3
    assert suppress(2.0) == 2.0
    assert suppress(Decimal(2)) == Decimal(2)
    assert suppress("2") == "2"


def test_a_suppressed_value_is_recognised_and_nothing_else() -> None:
    assert is_suppressed("<5") is True
    assert is_suppressed(4) is False
    assert is_suppressed("fewer than 5") is False
    assert is_suppressed(None) is False


def test_too_few_gives_the_part_of_the_whole_in_words() -> None:
    assert too_few(1, 3) == "1 of 3 (too few for a %)"
    assert too_few(0, 4) == "0 of 4 (too few for a %)"


def test_too_few_without_a_part_gives_the_pupils() -> None:
    assert too_few(None, 3) == "3 pupils (too few for a %)"
    assert too_few("", 2) == "2 pupils (too few for a %)"


def test_the_shares_name_each_percentage_its_part_and_whole() -> None:
    assert SHARES["forum_to_core"] == (
        Share("Conversion %", "Referred on to Core", "Forum referrals"),
    )
    assert SHARES["moves_success"] == (Share("Success rate %", "Successful", "Finished"),)
    assert SHARES["returned_share"] == (Share("Returned %", "Returned", "Ended"),)
    assert [s.whole for s in SHARES["attendance"]] == ["Pupils with a register"] * 3


def _conversion(forum: int, core: int, rate: str) -> Figure:
    return Figure(
        "forum_to_core",
        "Forum to Core conversion",
        ("Measure", "Value"),
        [
            ("Forum referrals", forum),
            ("Referred on to Core", core),
            ("Conversion %", Decimal(rate)),
        ],
        "Own note.",
    )


def test_a_percentage_over_four_cases_becomes_the_count_in_words() -> None:
    released = for_release(_conversion(4, 1, "25.0"))
    assert released == Figure(
        "forum_to_core",
        "Forum to Core conversion",
        ("Measure", "Value"),
        [
            ("Forum referrals", 4),
            ("Referred on to Core", 1),
            ("Conversion %", "1 of 4 (too few for a %)"),
        ],
        "Own note. " + TOO_FEW_NOTE,
    )


def test_a_percentage_over_five_cases_is_printed() -> None:
    figure = _conversion(5, 1, "20.0")
    released = for_release(figure)
    assert released == figure
    assert released.note == "Own note."


def test_a_percentage_over_no_cases_becomes_words_too() -> None:
    released = for_release(_conversion(0, 0, "0.0"))
    assert released.value("Conversion %") == "0 of 0 (too few for a %)"


def test_a_percentage_whose_whole_is_already_hidden_is_left_alone() -> None:
    figure = Figure(
        "moves_success",
        "Moves",
        ("Measure", "Value"),
        [("Finished", "<5"), ("Successful", 1), ("Success rate %", Decimal("50.0"))],
    )
    assert for_release(figure).rows == figure.rows


def test_the_too_few_note_stands_alone_when_the_figure_has_none() -> None:
    figure = Figure(
        "moves_success",
        "Moves",
        ("Measure", "Value"),
        [("Finished", 2), ("Successful", 1), ("Success rate %", Decimal("50.0"))],
    )
    released = for_release(figure)
    assert released.rows == [
        ("Finished", 2),
        ("Successful", 1),
        ("Success rate %", "1 of 2 (too few for a %)"),
    ]
    assert released.note == TOO_FEW_NOTE


def test_an_average_over_too_few_pupils_gives_the_pupils() -> None:
    figure = Figure(
        "attendance",
        "Attendance at the centres",
        ("Measure", "Value"),
        [
            ("Average attendance during placement %", Decimal("90.0")),
            ("Pupils with a register", 3),
            ("Average before placement % (paired pupils)", Decimal("80.0")),
            ("Average during placement % (paired pupils)", Decimal("85.0")),
            ("Pupils whose attendance improved", 2),
        ],
    )
    assert for_release(figure).rows == [
        ("Average attendance during placement %", "3 pupils (too few for a %)"),
        ("Pupils with a register", 3),
        ("Average before placement % (paired pupils)", "3 pupils (too few for a %)"),
        ("Average during placement % (paired pupils)", "3 pupils (too few for a %)"),
        ("Pupils whose attendance improved", 2),
    ]


def _returned(*rows: tuple[str, int, int, Decimal]) -> Figure:
    return Figure(
        "returned_share",
        "Returned to mainstream, by programme",
        ("Programme", "Ended", "Returned", "Returned %"),
        list(rows),
    )


def test_a_column_percentage_is_thinned_row_by_row() -> None:
    figure = _returned(
        ("KS3 Reset", 4, 3, Decimal("75.0")),
        ("KS3 long-term", 5, 2, Decimal("40.0")),
    )
    released = for_release(figure)
    assert released.rows == [
        ("KS3 Reset", 4, 3, "3 of 4 (too few for a %)"),
        ("KS3 long-term", 5, 2, Decimal("40.0")),
    ]
    assert released.note == TOO_FEW_NOTE
    assert figure.rows[0][3] == Decimal("75.0")


def test_a_column_percentage_over_enough_cases_is_left_alone() -> None:
    figure = _returned(("KS3 Reset", 6, 3, Decimal("50.0")))
    released = for_release(figure)
    assert released.rows == figure.rows
    assert released.note == ""


def test_a_column_share_without_its_part_column_gives_the_pupils() -> None:
    figure = Figure(
        "returned_share",
        "Returned",
        ("Programme", "Ended", "Returned %"),
        [("KS3 Reset", 2, Decimal("50.0"))],
    )
    assert for_release(figure).rows == [("KS3 Reset", 2, "2 pupils (too few for a %)")]


def test_a_column_share_without_its_whole_or_percent_column_is_left_alone() -> None:
    no_whole = Figure(
        "returned_share", "R", ("Programme", "Returned", "Returned %"), [("Reset", 1, 50)]
    )
    no_percent = Figure(
        "returned_share", "R", ("Programme", "Ended", "Returned"), [("Reset", 2, 1)]
    )
    assert for_release(no_whole).rows == [("Reset", 1, 50)]
    assert for_release(no_percent).rows == [("Reset", 2, 1)]


def test_a_figure_without_percentages_keeps_its_rows() -> None:
    figure = Figure("core_outcomes", "Outcomes", ("Outcome", "Decisions"), [("Extended", 2)])
    released = for_release(figure)
    assert released == figure
    assert released is not figure


def test_per_school_counts_from_one_to_four_are_suppressed_with_a_note() -> None:
    figure = Figure(
        "moves_tally",
        "Moves per school",
        ("School", "Received", "Sent"),
        [(ASH, 0, 4), (BIRCH, 5, 1)],
        per_school_counts=True,
    )
    released = for_release(figure)
    assert released == Figure(
        "moves_tally",
        "Moves per school",
        ("School", "Received", "Sent"),
        [(ASH, 0, "<5"), (BIRCH, 5, "<5")],
        PER_SCHOOL_NOTE,
        True,
    )


def test_the_per_school_note_follows_the_figures_own_note() -> None:
    figure = Figure("k", "T", ("School", "N"), [(ASH, 7)], "Own note.", per_school_counts=True)
    released = for_release(figure)
    assert released.rows == [(ASH, 7)]
    assert released.note == "Own note. " + PER_SCHOOL_NOTE


def test_the_labels_of_released_rows_are_text() -> None:
    figure = Figure("k", "T", ("Year", "N"), [(2026, 7)])
    assert for_release(figure).rows == [("2026", 7)]


def test_a_label_saying_too_few_does_not_add_the_note() -> None:
    figure = Figure("k", "T", ("Label", "N"), [("too few", 7)])
    assert for_release(figure).note == ""


def test_each_share_of_a_column_figure_is_checked_even_after_one_that_does_not_apply(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shares = (Share("Absent %", "Absent", "Pupils"), Share("Returned %", "Returned", "Ended"))
    monkeypatch.setitem(SHARES, "two_shares", shares)
    figure = Figure(
        "two_shares",
        "Two shares",
        ("Programme", "Ended", "Returned", "Returned %"),
        [("KS3 Reset", 2, 1, Decimal("50.0"))],
    )
    assert for_release(figure).rows == [("KS3 Reset", 2, 1, "1 of 2 (too few for a %)")]
