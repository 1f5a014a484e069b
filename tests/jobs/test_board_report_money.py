"""The board report tells the truth: money as Finance shows it, small numbers hidden alike."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from slip_desktop.db.finance import term_states, totals_by_school
from slip_desktop.db.impact import impact_figures, report_periods
from slip_desktop.db.statements import load_statements
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Term
from slip_desktop.domain.impact import Figure, Period
from slip_desktop.domain.small_numbers import SUPPRESSED, for_release
from slip_desktop.jobs.board_report import save_figures_workbook
from tests.conftest import DEMO_TODAY
from tests.reports.xlsx_checks import recomputed_sums


def _money(store: Store, period: Period) -> Figure:
    return next(f for f in impact_figures(store, period) if f.key == "money")


def test_board_report_money_equals_the_finance_tab_and_statements_to_the_penny(
    demo_store: Store,
) -> None:
    periods = report_periods(demo_store, DEMO_TODAY)
    years = [p for p in periods if p.label.startswith("Academic year")]
    assert years
    checked_credit = False
    for period in years:
        year = period.start.year
        finance = {row.school: row.year for row in totals_by_school(demo_store, year)}
        money = _money(demo_store, period)
        board = {row[0]: row[1] for row in money.rows if row[0] != "Total"}
        assert {s: v for s, v in board.items() if v} == {s: v for s, v in finance.items() if v}
        assert money.value("Total") == sum(finance.values(), Decimal("0.00"))
        assert money.value("Total") == sum(t.total for t in term_states(demo_store, year))
        statements = [d for term in Term for d in load_statements(demo_store, year, term)]
        assert money.value("Total") == sum((d.total for d in statements), Decimal("0.00"))
        checked_credit |= any(line.amount < 0 for d in statements for line in d.lines)
    assert checked_credit, "the demo data should hold a credit the board report must include"
    for period in (p for p in periods if p not in years):
        money = _money(demo_store, period)
        term = next(t for t in Term if period.label.startswith(t.label))
        year = next(y.start.year for y in years if y.start <= period.start <= y.end)
        state = next(s for s in term_states(demo_store, year) if s.term == term)
        assert money.value("Total") == state.total, period.label


def test_board_workbook_money_is_numeric_pounds_and_its_totals_add_up(
    demo_store: Store, tmp_path: Path
) -> None:
    period = report_periods(demo_store, DEMO_TODAY)[0]
    target = save_figures_workbook(demo_store, tmp_path / "figures.xlsx", period)
    book = load_workbook(target)
    sheet = next(s for s in book.worksheets if "Money" in s.title)
    money = [sheet.cell(r, 2) for r in range(2, sheet.max_row + 1)]
    assert money and all(c.data_type in ("n", "f") for c in money)
    assert all("£" in c.number_format for c in money)
    sums = recomputed_sums(target)
    assert sums and all(recomputed == cached for _s, _c, recomputed, cached in sums)
    assert any(s == sheet.title for s, _c, _r, _v in sums)


def test_small_counts_are_suppressed_and_thin_percentages_become_counts_in_words() -> None:
    moves = Figure("moves_success", "Managed moves and fresh starts", ("Measure", "Value"))
    moves.rows = [
        ("Moves started", 3),
        ("Finished", 1),
        ("Successful", 0),
        ("Success rate %", Decimal("0.0")),
    ]
    released = for_release(moves)
    assert released.value("Success rate %") == "0 of 1 (too few for a %)"
    schools = Figure("referrals_by_school", "R", ("School", "Referrals"), per_school_counts=True)
    schools.rows = [("Ash", 4), ("Birch", 12), ("Cedar", 0)]
    assert [r[1] for r in for_release(schools).rows] == [SUPPRESSED, 12, 0]
    many = Figure("returned_share", "R", ("Programme", "Ended", "Returned", "Returned %"))
    many.rows = [("Reset", 6, 3, Decimal("50.0")), ("KS3", 2, 1, Decimal("50.0"))]
    assert for_release(many).rows == [
        ("Reset", 6, 3, Decimal("50.0")),
        ("KS3", 2, 1, "1 of 2 (too few for a %)"),
    ]


def test_a_suppressed_count_is_labelled_in_the_chart_never_drawn_as_zero() -> None:
    from matplotlib.figure import Figure as MplFigure

    from slip_desktop.reports.impact_charts import draw

    schools = Figure("referrals_by_school", "R", ("School", "Referrals"), per_school_counts=True)
    schools.rows = [("Ash", 4), ("Birch", 12)]
    axes = MplFigure().add_subplot()
    draw(axes, for_release(schools))
    labels = [t.get_text() for t in axes.texts]
    assert labels == [SUPPRESSED, "12"]
    money = Figure("money", "Money charged to schools (£)", ("School", "Charged £"))
    money.rows = [("Ash", Decimal("4575.68")), ("Total", Decimal("4575.68"))]
    draw(axes, money)
    assert [t.get_text() for t in axes.texts] == ["£4,575.68"]
    assert axes.get_xlabel() == "£ (pounds and pence)"


def test_a_chart_mixing_counts_and_percentages_plots_one_unit() -> None:
    from matplotlib.figure import Figure as MplFigure

    from slip_desktop.reports.impact_charts import draw

    conversion = Figure("forum_to_core", "Forum to Core", ("Measure", "Value"))
    conversion.rows = [
        ("Forum referrals", 40),
        ("Referred on to Core", 10),
        ("Conversion %", Decimal("25.0")),
    ]
    axes = MplFigure().add_subplot()
    draw(axes, conversion)
    assert [t.get_text() for t in axes.get_yticklabels()] == [
        "Forum referrals",
        "Referred on to Core",
    ]
    assert axes.get_xlabel() == "Number"
