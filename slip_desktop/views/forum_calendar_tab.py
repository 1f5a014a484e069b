"""The Forum calendar tab: Inclusion Forums and Core Meetings through the year."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from slip_desktop.db.meetings import MeetingRow, list_meetings
from slip_desktop.db.store import Store
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier

COLUMNS: list[Column[MeetingRow]] = [
    Column("Date", lambda r: r.meets_on),
    Column("Day", lambda r: r.meets_on.strftime("%A")),
    Column("Time", lambda r: r.starts_at.strftime("%H:%M")),
    Column("Meeting", lambda r: r.kind),
    Column("Status", lambda r: r.status),
    Column("Cases", lambda r: f"{r.cases} of {r.capacity}", align_right=True),
    Column("Link", lambda r: r.link),
]


class ForumCalendarTab(QWidget):
    """Lists the year's meetings with how full each agenda is."""

    title = "Forum calendar"
    areas = frozenset({"meetings", "referrals", "all"})

    def __init__(
        self, store: Store, notifier: ChangeNotifier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.list = ListPanel(
            COLUMNS, lambda r: f"{r.kind.label} {r.meets_on:%d %B %Y}", "Search", "meetings", self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        notifier.changed.connect(self._on_notifier_changed)
        self.refresh()

    def refresh(self) -> None:
        """Reload the meetings from the database."""
        self.list.set_rows(list_meetings(self._store))

    def _on_notifier_changed(self, area: str) -> None:
        if area in self.areas:
            self.refresh()
