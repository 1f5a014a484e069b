"""The staff page: the establishment with FTE and vacancies, and mentors' caseloads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.staff import PostInput, StaffRow, establishment, list_staff, save_post
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import StaffRole
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import save_and_close
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.views.rosters.areas import ROSTER_AREAS
from slip_desktop.views.rosters.widgets import EmphasisDelegate

#: What saving a post changes (the mentors offered elsewhere come from the staff).
POST_CHANGES = (Area.STAFF,)

STAFF_COLUMNS: list[Column[StaffRow]] = [
    Column("Role", lambda r: r.role),
    Column("Name", lambda r: r.name or "VACANT", lambda v: str(v)),
    Column("FTE", lambda r: r.fte, lambda v: f"{v:.2f}", align_right=True),
    Column("Vacant", lambda r: r.vacant),
    Column("Caseload now", lambda r: r.caseload, lambda v: str(v) if v else "", align_right=True),
    Column("Email", lambda r: r.email),
]


class PostDialog(QDialog):
    """Add or change a post: role, who holds it, FTE, vacant."""

    def __init__(
        self,
        store: Store,
        row: StaffRow | None = None,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._id = row.id if row else None
        # Handed back on save: someone else's save since is refused, saying who and when.
        self._version = row.version if row else None
        self._notifier = notifier
        self.setWindowTitle("Change post" if row else "New post")
        form = QFormLayout()
        self.message = QLabel("", self)
        self.errors = FieldErrors(self.message)
        self.role = QComboBox(self)
        for role in StaffRole:
            self.role.addItem(role.label, role)
        if row:
            self.role.setCurrentIndex(self.role.findData(row.role))
        self.name = QLineEdit(row.name if row else "", self)
        self.fte = QLineEdit(f"{row.fte:.2f}" if row else "1.00", self)
        self.vacant = QCheckBox("This post is &vacant", self)
        self.vacant.setChecked(bool(row and row.vacant))
        self.name.setEnabled(not self.vacant.isChecked())
        self.vacant.toggled.connect(self._on_vacant_toggled)
        self.email = QLineEdit(row.email if row else "", self)
        form.addRow("&Role", self.role)
        form.addRow("", self.vacant)
        self.errors.add_row(form, "name", "&Name", self.name)
        self.errors.add_row(form, "fte", "&FTE", self.fte)
        form.addRow("&Email", self.email)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _on_vacant_toggled(self, checked: bool) -> None:
        self.name.setEnabled(not checked)

    def _on_buttons_accepted(self) -> None:
        self.errors.clear()
        data = PostInput(
            self.role.currentData(),
            self.name.text(),
            self.fte.text(),
            self.vacant.isChecked(),
            self.email.text(),
        )
        save_and_close(
            self,
            self._notifier,
            "Post not saved",
            lambda: save_post(self._store, data, self._id, self._version),
            POST_CHANGES,
            errors=self.errors,
        )


class StaffPage(QWidget):
    """Lists the posts; vacancies stand out and the totals sit above."""

    areas = ROSTER_AREAS

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._today = today
        self.totals = QLabel(self)
        self.list = ListPanel(
            STAFF_COLUMNS, lambda r: f"{r.name} {r.role.label}", "Search", "posts", self
        )
        name_list(self.list, "Staff posts")
        self.list.table.setItemDelegate(EmphasisDelegate(lambda r: r.vacant, self))
        self.add_button = QPushButton("Add &post...", self)
        self.edit_button = QPushButton("&Change post...", self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.list.set_empty_state(
            "No posts yet: add the centres' staff, so mentors can be assigned.",
            "Add post...",
            self._on_add_button_clicked,
        )
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.list.row_activated.connect(self._on_list_row_activated)
        top = QHBoxLayout()
        top.addWidget(self.totals, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)

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

    def open_post(self, row: StaffRow | None) -> None:
        """Add a post (``row`` None) or change ``row`` in a dialog (which announces it)."""
        PostDialog(self._store, row, self, notifier=self._notifier).exec()

    def _on_add_button_clicked(self) -> None:
        self.open_post(None)

    def _on_edit_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is not None:
            self.open_post(row)

    def _on_list_row_activated(self, row: StaffRow) -> None:
        self.open_post(row)
