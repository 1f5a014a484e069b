"""The areas of data the rosters' pages show, so each page refreshes on a change to them."""

from __future__ import annotations

from slip_desktop.ui.notifier import Area

#: Placements and their pupils, the Core decisions that request them, the staff who mentor.
ROSTER_AREAS = frozenset({Area.PLACEMENTS, Area.PUPILS, Area.DECISIONS, Area.STAFF})
