"""Settings → People and standing invitations: the partnership's people, each meeting's list."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db import people
from slip_desktop.db.identity import current_user
from slip_desktop.db.people import PersonInput, PersonRow
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import MeetingKind
from slip_desktop.domain.permissions import Action, allowed
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform, save_and_close
from slip_desktop.ui.screen_fit import resize_to_fit

PEOPLE_COLUMNS: list[Column[PersonRow]] = [
    Column("Name", lambda r: r.name),
    Column("Role", lambda r: r.role),
    Column("Organisation", lambda r: r.organisation),
    Column("E-mail", lambda r: r.email),
]
STANDING_COLUMNS: list[Column[PersonRow]] = [
    Column("Name", lambda r: r.name),
    Column("Role", lambda r: r.role),
    Column("Organisation", lambda r: r.organisation),
]


class PersonDialog(QDialog):
    """One person: name, role, organisation and e-mail, checked beside each field."""

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier | None,
        person: PersonRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._person = person
        self.saved_id: int | None = None
        self.setWindowTitle("Change a person" if person else "Add a person")
        self.setMinimumWidth(420)
        self.name = QLineEdit(person.name if person else "", self)
        self.role = QLineEdit(person.role if person else "", self)
        self.role.setPlaceholderText("e.g. Educational Psychologist")
        self.organisation = QLineEdit(person.organisation if person else "", self)
        self.organisation.setPlaceholderText("e.g. LCC Educational Psychology Service")
        self.email = QLineEdit(person.email if person else "", self)
        form = QFormLayout()
        self.general = QLabel(self)
        self.errors = FieldErrors(self.general)
        self.errors.add_row(form, "name", "&Name:", self.name)
        self.errors.add_row(form, "role", "&Role:", self.role)
        self.errors.add_row(form, "organisation", "&Organisation:", self.organisation)
        self.errors.add_row(form, "email", "&E-mail:", self.email)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        self.name.setFocus()

    def _on_buttons_accepted(self) -> None:
        data = PersonInput(
            self.name.text(), self.role.text(), self.organisation.text(), self.email.text()
        )
        person_id = self._person.id if self._person else None
        version = self._person.version if self._person else None  # the copy this form read
        ok, saved = save_and_close(
            self,
            self._notifier,
            "Save the person",
            lambda: people.save_person(self._store, data, person_id, version),
            (Area.SETTINGS,),
            errors=self.errors,
        )
        if ok:
            self.saved_id = saved


class PeopleDialog(QDialog):
    """The partnership's people, and the ordered standing list of each kind of meeting.

    Each change is saved at once (one operation, one audit row); a new meeting copies
    the standing list of its kind, and each meeting's own list is then edited there.
    """

    def __init__(
        self, store: Store, notifier: ChangeNotifier | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self.setWindowTitle("People and standing invitations")
        resize_to_fit(self, 1200, 600)
        self.may_change = allowed(current_user(store).role, Action.CHANGE_SETTINGS)

        self.people: ListPanel[PersonRow] = ListPanel(
            PEOPLE_COLUMNS,
            lambda r: f"{r.name} {r.role} {r.organisation} {r.email}",
            "Search people",
            "people",
            self,
        )
        name_list(self.people, "People")
        self.add_button = QPushButton("&Add person...", self)
        self.add_button.setShortcut(QKeySequence.StandardKey.New)
        self.edit_button = QPushButton("&Change...", self)
        self.remove_button = QPushButton("&Remove...", self)
        self.people.set_empty_state(
            "No people yet: add the partnership's staff and the people who come to its meetings.",
            "Add person...",
            self._on_add_button_clicked,
        )
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.people.row_activated.connect(self._on_people_row_activated)
        self.people.selection_changed.connect(self._update_buttons)

        self.kind = QComboBox(self)
        for kind in MeetingKind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.standing: ListPanel[PersonRow] = ListPanel(STANDING_COLUMNS, None, "", "invited", self)
        name_list(self.standing, "Standing invitations")
        # The list's order is the invitation order: no sorting by column.
        self.standing.table.setSortingEnabled(False)
        self.standing.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.standing.set_empty_state(
            "No standing list yet: new meetings invite the usual roles without names. Choose "
            "a person on the left and press Invite to every meeting."
        )
        self.invite_button = QPushButton("&Invite to every meeting →", self)
        self.up_button = QPushButton("Move &up", self)
        self.down_button = QPushButton("Move do&wn", self)
        self.uninvite_button = QPushButton("Take &off the list", self)
        self.invite_button.clicked.connect(self._on_invite_button_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.uninvite_button.clicked.connect(self._on_uninvite_button_clicked)
        self.standing.selection_changed.connect(self._update_buttons)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self._people_box())
        self.splitter.addWidget(self._standing_box())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        note = QLabel(
            "A new meeting copies its kind's standing list; change one meeting's invitees "
            "in the Forum calendar. Only the coordinator changes these lists.",
            self,
        )
        note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(close)
        self.refresh()

    def _people_box(self) -> QGroupBox:
        box = QGroupBox("People", self)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.invite_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.people, 1)
        layout.addLayout(buttons)
        return box

    def _standing_box(self) -> QGroupBox:
        box = QGroupBox("Standing invitations", self)
        top = QHBoxLayout()
        caption = QLabel("&Meeting:", box)
        caption.setBuddy(self.kind)
        top.addWidget(caption)
        top.addWidget(self.kind, 1)
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.uninvite_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(self.standing, 1)
        layout.addLayout(buttons)
        return box

    # -- reading -------------------------------------------------------------
    def chosen_kind(self) -> MeetingKind:
        """Return the kind of meeting whose standing list is shown."""
        return MeetingKind(self.kind.currentData() or MeetingKind.FORUM.value)

    def refresh(self) -> None:
        """Reload the people and the standing list shown."""
        self.people.set_rows(people.list_people(self._store))
        self._show_standing()

    def _show_standing(self, select_id: int | None = None) -> None:
        rows = people.standing_list(self._store, self.chosen_kind())
        self.standing.set_rows(rows)
        ids = [r.id for r in rows]
        if select_id in ids:
            self.standing.table.selectRow(ids.index(select_id))
        self._update_buttons()

    def _standing_ids(self) -> list[int]:
        return [r.id for r in self.standing.model.all_rows()]

    def _update_buttons(self, *_args: object) -> None:
        person = self.people.selected_row()
        place = self.standing.selected_row()
        ids = self._standing_ids()
        self.add_button.setEnabled(self.may_change)
        self.edit_button.setEnabled(self.may_change and person is not None)
        self.remove_button.setEnabled(self.may_change and person is not None)
        self.invite_button.setEnabled(
            self.may_change and person is not None and person.id not in ids
        )
        at = ids.index(place.id) if place is not None and place.id in ids else -1
        self.up_button.setEnabled(self.may_change and at > 0)
        self.down_button.setEnabled(self.may_change and 0 <= at < len(ids) - 1)
        self.uninvite_button.setEnabled(self.may_change and at >= 0)

    # -- people --------------------------------------------------------------
    def _on_add_button_clicked(self) -> None:
        if PersonDialog(self._store, self._notifier, None, self).exec():
            self.refresh()

    def _on_edit_button_clicked(self) -> None:
        person: PersonRow | None = self.people.selected_row()
        if person is not None and PersonDialog(self._store, self._notifier, person, self).exec():
            self.refresh()

    def _on_people_row_activated(self, person: PersonRow) -> None:
        if self.may_change and PersonDialog(self._store, self._notifier, person, self).exec():
            self.refresh()

    def _on_remove_button_clicked(self) -> None:
        person: PersonRow | None = self.people.selected_row()
        if person is None:
            return
        answer = QMessageBox.question(
            self,
            "Remove a person",
            f"Remove {person.name} and take them off every standing list? Meetings already "
            "planned keep their invitees.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        perform(
            self,
            self._notifier,
            "Remove a person",
            lambda: people.remove_person(self._store, person.id),
            (Area.SETTINGS,),
        )
        self.refresh()

    # -- the standing list ---------------------------------------------------
    def _save_standing(self, ids: list[int], select_id: int | None) -> None:
        perform(
            self,
            self._notifier,
            "Change the standing list",
            lambda: people.set_standing_list(self._store, self.chosen_kind(), ids),
            (Area.SETTINGS,),
        )
        self._show_standing(select_id)

    def _on_kind_current_index_changed(self, _index: int) -> None:
        self._show_standing()

    def _on_invite_button_clicked(self) -> None:
        person: PersonRow | None = self.people.selected_row()
        if person is not None and person.id not in self._standing_ids():
            self._save_standing([*self._standing_ids(), person.id], person.id)

    def _move(self, step: int) -> None:
        place: PersonRow | None = self.standing.selected_row()
        ids = self._standing_ids()
        if place is None or place.id not in ids:
            return
        at = ids.index(place.id)
        to = at + step
        if not 0 <= to < len(ids):
            return
        ids[at], ids[to] = ids[to], ids[at]
        self._save_standing(ids, place.id)

    def _on_uninvite_button_clicked(self) -> None:
        place: PersonRow | None = self.standing.selected_row()
        if place is not None:
            self._save_standing([i for i in self._standing_ids() if i != place.id], None)
