"""The Finance tab: the charged places each school uses."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from slip_desktop.db.finance import SchoolPlacesRow, places_by_school
from slip_desktop.db.store import Store
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier

COLUMNS: list[Column[SchoolPlacesRow]] = [
    Column("School", lambda r: r.school),
    Column("Tier 3 places (AP)", lambda r: r.tier3_places, align_right=True),
    Column("Tier 4 places", lambda r: r.tier4_places, align_right=True),
    Column("Active now", lambda r: r.active_places, align_right=True),
]


class FinanceTab(QWidget):
    """Shows each school's charged places."""

    title = "Finance"
    areas = frozenset({"placements", "finance", "all"})

    def __init__(
        self, store: Store, notifier: ChangeNotifier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.list = ListPanel(COLUMNS, lambda r: r.school, "Search school", "schools", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        notifier.changed.connect(self._on_notifier_changed)
        self.refresh()

    def refresh(self) -> None:
        """Reload the figures from the database."""
        self.list.set_rows(places_by_school(self._store))

    def _on_notifier_changed(self, area: str) -> None:
        if area in self.areas:
            self.refresh()
