"""The Centre rosters tab: who is placed on which programme."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from slip_desktop.db.rosters import PlacementRow, list_placements
from slip_desktop.db.store import Store
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier

COLUMNS: list[Column[PlacementRow]] = [
    Column("Programme", lambda r: r.programme),
    Column("Group", lambda r: r.group_name),
    Column("Pupil", lambda r: f"{r.last_name}, {r.first_name}"),
    Column("School", lambda r: r.school),
    Column("Year", lambda r: r.year_group, align_right=True),
    Column("Status", lambda r: r.status),
    Column("Starts", lambda r: r.starts_on),
    Column("Planned end", lambda r: r.planned_end_on),
    Column("Days a week", lambda r: r.days_per_week, lambda v: f"{v:g}", align_right=True),
]


class RostersTab(QWidget):
    """Lists placements on every programme."""

    title = "Centre rosters"
    areas = frozenset({"placements", "pupils", "decisions", "all"})

    def __init__(
        self, store: Store, notifier: ChangeNotifier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.list = ListPanel(
            COLUMNS,
            lambda r: f"{r.first_name} {r.last_name} {r.school} {r.programme.label}",
            "Search pupil, school or programme",
            "placements",
            self,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        notifier.changed.connect(self._on_notifier_changed)
        self.refresh()

    def refresh(self) -> None:
        """Reload the placements from the database."""
        self.list.set_rows(list_placements(self._store))

    def _on_notifier_changed(self, area: str) -> None:
        if area in self.areas:
            self.refresh()
