"""Turn a Core Meeting's stored decisions into the minutes PDF."""

from __future__ import annotations

from datetime import date

from slip_desktop.db.core import minutes_for
from slip_desktop.db.store import Store


def minutes_pdf_bytes(store: Store, meeting_id: int, today: date) -> bytes:
    """Return the decisions PDF of one Core Meeting."""
    # ReportLab loads on first print, not at start-up.
    from slip_desktop.reports.core_minutes_pdf import MinutesCase, core_minutes_pdf

    minutes = minutes_for(store, meeting_id, today)
    cases = [
        MinutesCase(
            c.pupil_name,
            c.school,
            c.year_group,
            c.outcome.label if c.outcome else "",
            c.rationale,
            c.started,
            c.decided_by,
            c.decided_at,
        )
        for c in minutes.cases
    ]
    return core_minutes_pdf(
        minutes.meets_on, minutes.starts_at, minutes.location, minutes.attendees, cases
    )
