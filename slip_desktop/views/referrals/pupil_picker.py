"""A searchable list of pupils to choose from (name, UPN, birth date, year, school)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from slip_desktop.db.pupils import PupilChoice
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column

PUPIL_COLUMNS: list[Column[PupilChoice]] = [
    Column("Pupil", lambda p: f"{p.last_name}, {p.first_name}"),
    Column("UPN", lambda p: p.upn),
    Column("Born", lambda p: p.date_of_birth),
    Column("Year", lambda p: p.year_group, align_right=True),
    Column("School", lambda p: p.school),
]


def pupil_search_text(p: PupilChoice) -> str:
    """Return what a pupil search matches: both name orders, UPN and school."""
    return f"{p.first_name} {p.last_name} {p.last_name}, {p.first_name} {p.upn or ''} {p.school}"


class PupilPicker(ListPanel[PupilChoice]):
    """Pupils with search-as-you-type over both name orders, UPN and school."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            PUPIL_COLUMNS, pupil_search_text, "Search name, UPN or school", "pupils", parent
        )
        name_list(
            self, "Pupils", "Choose the pupil: type a name, UPN or school to narrow the list."
        )

    def select_pupil(self, pupil_id: int) -> bool:
        """Select and show ``pupil_id`` if it is listed; return whether it was."""
        for number, row in enumerate(self.model.rows()):
            if row.id == pupil_id:
                self.table.selectRow(number)
                self.table.scrollTo(self.model.index(number, 0))
                return True
        return False
