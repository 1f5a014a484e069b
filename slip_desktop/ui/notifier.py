"""The one object through which a write announces which area of data changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

#: Area names announced after writes; a tab refreshes when its areas change.
AREAS = ("referrals", "pupils", "meetings", "decisions", "placements", "finance", "staff", "all")


class ChangeNotifier(QObject):
    """Tells every tab that data changed.

    Signals:
        changed(str): an area's name (see AREAS) after a write to it; "all" after
            something that replaces everything, such as restoring a backup.
    """

    changed = Signal(str)

    def announce(self, area: str) -> None:
        """Emit ``changed`` for ``area``."""
        self.changed.emit(area)
