"""A centre's occupancy, week by week through a term: who holds each place and what is free."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Protocol

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from slip_desktop.domain.capacity import occupancy_text
from slip_desktop.domain.partnership import DEFAULTS, Partnership
from slip_desktop.reports.pdf_layout import STYLES, build_pdf, data_table


class PoolWeek(Protocol):
    """One week of one pool (db.rosters.PoolWeek has this shape)."""

    @property
    def places(self) -> int | None:
        """The ``places`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def names(self) -> Sequence[str]:
        """The ``names`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def free(self) -> int | None:
        """The ``free`` of the row (read-only: frozen rows satisfy it)."""


class Occupancy(Protocol):
    """A centre's weeks (db.rosters.CentreOccupancy has this shape)."""

    @property
    def pools(self) -> Sequence[str]:
        """The ``pools`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def weeks(self) -> Sequence[date]:
        """The ``weeks`` of the row (read-only: frozen rows satisfy it)."""

    @property
    def cells(self) -> Mapping[tuple[date, str], PoolWeek]:
        """The ``cells`` of the row (read-only: frozen rows satisfy it)."""


def occupancy_cell(cell: PoolWeek) -> str:
    """Return a cell's text: count and free places."""
    return occupancy_text(len(cell.names), cell.places, cell.free)


def occupancy_pdf(
    centres: Sequence[tuple[str, Occupancy]],
    term_label: str,
    printed_on: date,
    partnership: Partnership = DEFAULTS,
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
    return build_pdf(
        story,
        title=f"Centre occupancy {term_label}",
        subject="Centre occupancy",
        partnership=partnership,
    )
