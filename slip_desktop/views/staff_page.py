"""The staff page: the establishment with FTE and vacancies, and mentors' caseloads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from slip_desktop.db.staff import StaffRow, establishment, list_staff
from slip_desktop.db.store import Store
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.roster_widgets import EmphasisDelegate

STAFF_COLUMNS: list[Column[StaffRow]] = [
    Column("Role", lambda r: r.role),
    Column("Name", lambda r: r.name or "VACANT", lambda v: str(v)),
    Column("FTE", lambda r: r.fte, lambda v: f"{v:.2f}", align_right=True),
    Column("Vacant", lambda r: r.vacant),
    Column("Caseload now", lambda r: r.caseload, lambda v: str(v) if v else "", align_right=True),
    Column("Email", lambda r: r.email),
]


class StaffPage(QWidget):
    """Lists the posts; vacancies stand out and the totals sit above."""

    def __init__(
        self, store: Store, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self.totals = QLabel(self)
        self.list = ListPanel(
            STAFF_COLUMNS, lambda r: f"{r.name} {r.role.label}", "Search", "posts", self
        )
        self.list.table.setItemDelegate(EmphasisDelegate(lambda r: r.vacant, self))
        layout = QVBoxLayout(self)
        layout.addWidget(self.totals)
        layout.addWidget(self.list, 1)

    def refresh(self) -> None:
        """Reload the posts and totals."""
        rows = list_staff(self._store, self._today())
        self.list.set_rows(rows)
        totals = establishment(rows)
        mentored = sum(r.caseload for r in rows)
        self.totals.setText(
            f"<b>{totals.posts} posts, {totals.fte:.2f} FTE.</b> Vacancies: {totals.vacancies} "
            f"({totals.vacant_fte:.2f} FTE). Pupils with a mentor now: {mentored}."
        )
