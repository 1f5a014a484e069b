"""The one object through which an operation announces which areas of data it changed."""

from __future__ import annotations

from collections.abc import Iterable
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

#: Area names, for code that still speaks in strings.
AREAS = tuple(area.value for area in Area)


def changes(*areas: Area | str) -> Changes:
    """Return the typed set of ``areas`` (names are checked: a typo is a bug, not a no-op)."""
    return frozenset(Area(area) for area in areas)


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

    def announce(self, *areas: Area | str) -> None:
        """Emit ``changed`` once for all of ``areas`` together."""
        if areas:
            self.changed.emit(changes(*areas))
