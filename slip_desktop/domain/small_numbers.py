"""Small-number rules for figures that leave the office: suppress small counts, no thin %."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from slip_desktop.domain.impact import Figure

#: A count of pupils for one school below this is printed as SUPPRESSED, in tables and charts.
SMALL_NUMBER = 5
SUPPRESSED = "<5"
#: A percentage is printed only when it is worked out over at least this many cases.
MIN_CASES_FOR_PERCENT = 5

Value = int | float | Decimal | str
Row = tuple[Value, ...]


@dataclass(frozen=True)
class Share:
    """Where a percentage comes from: the part and the whole it divides (row or column labels)."""

    percent: str
    part: str
    whole: str


#: The percentages the impact figures print, by figure key. In a "Measure/Value" figure
#: the labels name rows; otherwise they name columns.
SHARES: dict[str, tuple[Share, ...]] = {
    "forum_to_core": (Share("Conversion %", "Referred on to Core", "Forum referrals"),),
    "moves_success": (Share("Success rate %", "Successful", "Finished"),),
    "returned_share": (Share("Returned %", "Returned", "Ended"),),
    # the averages are over pupils with a register (the paired pupils are some of them)
    "attendance": (
        Share("Average attendance during placement %", "", "Pupils with a register"),
        Share("Average before placement % (paired pupils)", "", "Pupils with a register"),
        Share("Average during placement % (paired pupils)", "", "Pupils with a register"),
    ),
}


def suppress(value: Value) -> Value:
    """Return ``value``, or "<5" when it is a count from 1 to 4."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL_NUMBER:
        return SUPPRESSED
    return value


def is_suppressed(value: object) -> bool:
    """True for a value printed as "<5"."""
    return value == SUPPRESSED


def too_few(part: Value | None, whole: Value | None) -> str:
    """Return the count in words that stands in for a percentage over too few cases."""
    if part is None or part == "":
        return f"{whole} pupils (too few for a %)"
    return f"{part} of {whole} (too few for a %)"


def _count(value: Value | None) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return None


def _row_wise(figure: Figure) -> bool:
    return figure.columns[1:] == ("Value",)


def _thin_percentages(figure: Figure) -> list[Row]:
    rows: list[Row] = [tuple(row) for row in figure.rows]
    shares = SHARES.get(figure.key, ())
    if not shares:
        return rows
    if _row_wise(figure):
        values = {str(row[0]): row[1] for row in rows}
        out: list[Row] = []
        for row in rows:
            share = next((s for s in shares if s.percent == row[0]), None)
            whole = _count(values.get(share.whole)) if share else None
            if share is not None and whole is not None and whole < MIN_CASES_FOR_PERCENT:
                part = values.get(share.part) if share.part else None
                out.append((row[0], too_few(part, whole)))
            else:
                out.append(row)
        return out
    columns = list(figure.columns)
    out = []
    for row in rows:
        cells = list(row)
        for share in shares:
            if share.percent not in columns or share.whole not in columns:
                continue
            whole = _count(row[columns.index(share.whole)])
            if whole is not None and whole < MIN_CASES_FOR_PERCENT:
                part = row[columns.index(share.part)] if share.part in columns else None
                cells[columns.index(share.percent)] = too_few(part, whole)
        out.append(tuple(cells))
    return out


def for_release(figure: Figure) -> Figure:
    """Return ``figure`` as it may leave the office (board report PDF, charts and workbook).

    Per-school counts from 1 to 4 become "<5"; a percentage over fewer than five cases
    becomes the count in words ("1 of 1 (too few for a %)"). The same copy feeds the
    table, the chart and the workbook, so they never disagree.
    """
    rows = _thin_percentages(figure)
    note = figure.note
    if figure.per_school_counts:
        rows = [(row[0], *(suppress(v) for v in row[1:])) for row in rows]
        note = (note + " " if note else "") + (
            f'A count from 1 to {SMALL_NUMBER - 1} for a school is shown as "{SUPPRESSED}".'
        )
    if any(isinstance(v, str) and "too few" in v for row in rows for v in row[1:]):
        note = (note + " " if note else "") + (
            f"Percentages are given only over at least {MIN_CASES_FOR_PERCENT} cases."
        )
    released: Any = [(str(row[0]), *row[1:]) for row in rows]
    return Figure(
        figure.key, figure.title, figure.columns, released, note, figure.per_school_counts
    )
