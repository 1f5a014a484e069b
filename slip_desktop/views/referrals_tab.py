"""The Referrals tab: every referral from partner schools."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from slip_desktop.db.referrals import ReferralRow, list_referrals
from slip_desktop.db.store import Store
from slip_desktop.domain.school_year import key_stage_label
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier


def referral_name(row: ReferralRow) -> str:
    """Return the pupil's name, or the case reference of an anonymous case."""
    if row.pupil_id is None:
        return f"{row.case_reference} (anonymous)"
    return f"{row.last_name}, {row.first_name}"


COLUMNS: list[Column[ReferralRow]] = [
    Column("Pupil / case", referral_name),
    Column("UPN", lambda r: r.upn),
    Column("School", lambda r: r.school),
    Column("Year", lambda r: r.year_group, align_right=True),
    Column("Key stage", lambda r: key_stage_label(r.year_group)),
    Column("Kind", lambda r: r.kind),
    Column("Received", lambda r: r.received_on),
    Column("Status", lambda r: r.status),
    Column("Meeting", lambda r: r.meeting_on),
]


def _search_text(row: ReferralRow) -> str:
    return " ".join(
        filter(None, (row.first_name, row.last_name, row.upn, row.case_reference, row.school))
    )


class ReferralsTab(QWidget):
    """Lists referrals and searches them as you type."""

    title = "Referrals"
    areas = frozenset({"referrals", "pupils", "meetings", "decisions", "all"})

    def __init__(
        self, store: Store, notifier: ChangeNotifier, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.list = ListPanel(
            COLUMNS, _search_text, "Search name, UPN, case reference or school", "referrals", self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        notifier.changed.connect(self._on_notifier_changed)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list from the database."""
        self.list.set_rows(list_referrals(self._store))

    def _on_notifier_changed(self, area: str) -> None:
        if area in self.areas:
            self.refresh()
