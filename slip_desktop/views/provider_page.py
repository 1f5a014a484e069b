"""The AP providers page: who the partnership commissions, at what rate, checked when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from slip_desktop.db.providers import ProviderRow, list_providers
from slip_desktop.db.store import Store
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.roster_widgets import EmphasisDelegate


def provider_columns(today: Callable[[], date]) -> list[Column[ProviderRow]]:
    """Return the provider list's columns."""
    return [
        Column("Provider", lambda r: r.name),
        Column("Offer", lambda r: r.offer),
        Column("Day rate", lambda r: r.day_rate, lambda v: f"£{v:,.2f}", align_right=True),
        Column("Contact", lambda r: r.contact_name),
        Column("Email / phone", lambda r: " ".join(filter(None, (r.contact_email, r.phone)))),
        Column(
            "Last quality check",
            lambda r: r.last_quality_check,
            lambda v: "never" if v is None else f"{v:%d %b %Y}",
        ),
        Column("Check due?", lambda r: "DUE (over a year)" if r.check_overdue(today()) else ""),
        Column("Pupils placed", lambda r: r.placed, align_right=True),
    ]


class ProvidersPage(QWidget):
    """Lists the AP providers; a quality check over a year old stands out."""

    def __init__(
        self, store: Store, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self.list = ListPanel(
            provider_columns(today), lambda r: f"{r.name} {r.offer}", "Search", "providers", self
        )
        self.list.table.setItemDelegate(
            EmphasisDelegate(lambda r: r.check_overdue(self._today()), self)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Pathway 3 and tier 3 placements name one of these providers.", self)
        )
        layout.addWidget(self.list, 1)

    def refresh(self) -> None:
        """Reload the providers."""
        self.list.set_rows(list_providers(self._store))
