"""A centre's occupancy, week by week through a term: who holds each place and what is free."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from slip_desktop.domain.capacity import occupancy_text
from slip_desktop.reports.pdf_layout import STYLES, build_pdf, data_table


class PoolWeek(Protocol):
    """One week of one pool (db.rosters.PoolWeek has this shape)."""

    places: int | None
    names: Sequence[str]
    free: int | None


class Occupancy(Protocol):
    """A centre's weeks (db.rosters.CentreOccupancy has this shape)."""

    pools: Sequence[str]
    weeks: Sequence[date]
    cells: Mapping[tuple[date, str], PoolWeek]


def occupancy_cell(cell: PoolWeek) -> str:
    """Return a cell's text: count and free places."""
    return occupancy_text(len(cell.names), cell.places, cell.free)


def occupancy_pdf(
    centres: Sequence[tuple[str, Occupancy]], term_label: str, printed_on: date
) -> bytes:
    """Return an occupancy PDF with one section per centre."""
    story: list[Flowable] = [
        Paragraph(f"Centre occupancy: {term_label}", STYLES["title"]),
        Paragraph(
            "Places taken on any day of each week; 'free' is the fewest free on any day. "
            f"Printed {printed_on:%d %B %Y}.",
            STYLES["body"],
        ),
    ]
    for centre, occupancy in centres:
        story.append(Paragraph(centre, STYLES["h2"]))
        width = 150 * mm / max(len(occupancy.pools), 1)
        rows = []
        for week in occupancy.weeks:
            row = [f"w/c {week:%d %b}"]
            for pool in occupancy.pools:
                cell = occupancy.cells[(week, pool)]
                names = ", ".join(cell.names)
                row.append(f"<b>{occupancy_cell(cell)}</b><br/>{names}")
            rows.append(row)
        story.append(
            data_table(["Week", *occupancy.pools], rows, [24 * mm] + [width] * len(occupancy.pools))
        )
        story.append(Spacer(1, 4 * mm))
    return build_pdf(story, title=f"Centre occupancy {term_label}", subject="Centre occupancy")
