"""The Core Meeting board tab: partnership referrals and their outcomes."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from slip_desktop.db.core import CoreCaseRow, list_core_cases
from slip_desktop.db.store import Store
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier

COLUMNS: list[Column[CoreCaseRow]] = [
    Column("Pupil", lambda r: f"{r.last_name}, {r.first_name}"),
    Column("School", lambda r: r.school),
    Column("Year", lambda r: r.year_group, align_right=True),
    Column("SEND", lambda r: r.send_status),
    Column("Received", lambda r: r.received_on),
    Column("Status", lambda r: r.status),
    Column("Outcome", lambda r: r.outcome),
]


class CoreBoardTab(QWidget):
    """Lists the partnership referrals the Core Meeting decides on."""

    title = "Core Meeting board"
    areas = frozenset({"referrals", "decisions", "pupils", "all"})

    def __init__(
        self, store: Store, notifier: ChangeNotifier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.list = ListPanel(
            COLUMNS, lambda r: f"{r.first_name} {r.last_name} {r.school}", "Search", "cases", self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        notifier.changed.connect(self._on_notifier_changed)
        self.refresh()

    def refresh(self) -> None:
        """Reload the cases from the database."""
        self.list.set_rows(list_core_cases(self._store))

    def _on_notifier_changed(self, area: str) -> None:
        if area in self.areas:
            self.refresh()
