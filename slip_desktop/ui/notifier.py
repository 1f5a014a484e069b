"""The one object through which an operation announces which areas of data it changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from PySide6.QtCore import QObject, Signal


class Area(StrEnum):
    """An area of the office's data; a tab lists the areas it shows and refreshes on them."""

    REFERRALS = "referrals"
    PUPILS = "pupils"
    MEETINGS = "meetings"
    DECISIONS = "decisions"
    PLACEMENTS = "placements"
    FINANCE = "finance"
    STAFF = "staff"
    SCHOOLS = "schools"
    SETTINGS = "settings"
    #: Everything at once: restoring a backup, opening another database.
    ALL = "all"


#: What one operation changed: each tab refreshes at most once for it.
Changes = frozenset[Area]


class ChangedRows(frozenset[Area]):
    """The areas one operation changed, knowing which rows (by id) it changed in some of them.

    A plain frozenset to everyone else; a list that can update only those rows reads
    :func:`changed_ids`. An area without ids changed in ways not told row by row.
    """

    ids: Mapping[Area, frozenset[int]]

    def __new__(
        cls, areas: Iterable[Area], ids: Mapping[Area, frozenset[int]]
    ) -> ChangedRows:
        made = super().__new__(cls, areas)
        made.ids = ids
        return made

#: Area names, for code that still speaks in strings.
AREAS = tuple(area.value for area in Area)


def changes(*areas: Area | str) -> Changes:
    """Return the typed set of ``areas`` (names are checked: a typo is a bug, not a no-op)."""
    return frozenset(Area(area) for area in areas)


def changed_ids(changed: Iterable[Area | str], area: Area) -> frozenset[int] | None:
    """The ids of ``area``'s rows ``changed`` names; None when not told (reload it all).

    Also None for everything at once, or for ``area`` not changed at all.
    """
    found = getattr(changed, "ids", None)
    if not isinstance(found, Mapping) or Area.ALL in changed or area not in changed:
        return None
    ids = found.get(area)
    return frozenset(ids) if ids is not None else None


def touches(changed: Iterable[Area | str], shown: Iterable[Area | str]) -> bool:
    """True when ``changed`` includes any area in ``shown`` (or everything)."""
    changed_set = {Area(a) for a in changed}
    return Area.ALL in changed_set or bool(changed_set & {Area(a) for a in shown})


class ChangeNotifier(QObject):
    """Tells every tab, once per operation, which areas of data changed.

    Signals:
        changed(frozenset): the :class:`Area` set one operation changed; ``{Area.ALL}``
            after something that replaces everything, such as restoring a backup.
    """

    changed = Signal(object)

    def announce(
        self, *areas: Area | str, ids: Mapping[Area | str, Iterable[int]] | None = None
    ) -> None:
        """Emit ``changed`` once for all of ``areas`` together.

        ``ids`` may name, for some of ``areas``, exactly which rows changed (added,
        changed or deleted): a list showing them can update those rows alone.
        """
        if not areas:
            return
        if ids:
            typed = changes(*areas)
            told = {Area(area): frozenset(rows) for area, rows in ids.items()}
            self.changed.emit(ChangedRows(typed, {a: r for a, r in told.items() if a in typed}))
        else:
            self.changed.emit(changes(*areas))
