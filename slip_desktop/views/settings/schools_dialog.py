"""Settings -> Schools: the partner schools (closed ones kept, greyed) and each one's contacts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.identity import current_user
from slip_desktop.db.schools import (
    SchoolRecord,
    add_school,
    close_school,
    list_all_schools,
    reopen_school,
    update_school,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.permissions import Action, allowed
from slip_desktop.domain.schools import ContactRole, Phase, contacts_from_form, school_from_form
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import ROW_ROLE, Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform, save_and_close
from slip_desktop.ui.palette import TEXT_FAINT
from slip_desktop.ui.screen_fit import resize_to_fit

#: What a school change touches: the referral form's school list and the settings.
SCHOOL_CHANGES = (Area.SCHOOLS, Area.SETTINGS)


def _status(record: SchoolRecord) -> str:
    if record.open:
        return "Open"
    return f"Closed {long_date(record.closed_on)}" if record.closed_on else "Closed"


def school_columns() -> list[Column[SchoolRecord]]:
    """Return the school list's columns."""

    def person(role: ContactRole) -> Callable[[SchoolRecord], str]:
        def value(record: SchoolRecord) -> str:
            contact = record.contact(role)
            return contact.name if contact else ""

        return value

    return [
        Column("School", lambda r: r.name),
        Column("URN", lambda r: r.details.urn),
        Column("Local authority", lambda r: r.details.la_name or r.details.la_code),
        Column("Phase", lambda r: r.details.phase.label),
        Column("SENCO", person(ContactRole.SENCO)),
        Column("Attendance", person(ContactRole.ATTENDANCE)),
        Column("Finance", person(ContactRole.FINANCE)),
        Column("Status", _status),
    ]


class ClosedGreyDelegate(QStyledItemDelegate):
    """Draws closed schools in faint text; the Status column says "Closed" in words too."""

    def initStyleOption(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        row = index.data(ROW_ROLE)
        if isinstance(row, SchoolRecord) and not row.open:
            option.font.setItalic(True)  # type: ignore[attr-defined]
            option.palette.setBrush(  # type: ignore[attr-defined]
                option.palette.ColorRole.Text,  # type: ignore[attr-defined]
                QBrush(QColor(TEXT_FAINT)),
            )


class SchoolFormDialog(QDialog):
    """Add or change a school: DfE details, address and a contact per role."""

    def __init__(
        self,
        store: Store,
        record: SchoolRecord | None = None,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._id = record.id if record else None
        # Handed back on save: someone else's save since is refused, saying who and when.
        self._version = record.version if record else None
        self.saved_id: int | None = self._id
        self.setWindowTitle(f"School: {record.name}" if record else "New school")
        details = record.details if record else None
        self.message = QLabel("", self)
        self.errors = FieldErrors(self.message)

        self.name = QLineEdit(details.name if details else "", self)
        self.short_name = QLineEdit(details.short_name if details else "", self)
        self.short_name.setPlaceholderText("as lists show it, e.g. Larkhill Vale")
        self.urn = QLineEdit(details.urn if details else "", self)
        self.urn.setPlaceholderText("6 digits")
        self.urn.setMaxLength(12)
        self.la_code = QLineEdit(details.la_code if details else "", self)
        self.la_code.setPlaceholderText("e.g. 855")
        self.la_name = QLineEdit(details.la_name if details else "", self)
        self.phase = QComboBox(self)
        for phase in Phase:
            self.phase.addItem(phase.label, phase.value)
        if details:
            self.phase.setCurrentIndex(max(0, self.phase.findData(details.phase.value)))
        self.address = QPlainTextEdit(details.address if details else "", self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(64)
        self.phone = QLineEdit(details.phone if details else "", self)

        school_box = QGroupBox("School", self)
        form = QFormLayout(school_box)
        self.errors.add_row(form, "name", "&Name", self.name)
        self.errors.add_row(form, "short_name", "S&hort name", self.short_name)
        self.errors.add_row(form, "urn", "DfE &URN", self.urn)
        la_row = QWidget(self)
        la_layout = QHBoxLayout(la_row)
        la_layout.setContentsMargins(0, 0, 0, 0)
        la_code_box = self.errors.add("la_code", FieldBox(self.la_code))
        la_name_box = self.errors.add("la_name", FieldBox(self.la_name))
        la_layout.addWidget(la_code_box, 1)
        la_layout.addWidget(la_name_box, 3)
        form.addRow("&Local authority", la_row)
        self.errors.add_row(form, "phase", "P&hase", self.phase)
        self.errors.add_row(form, "address", "&Address", self.address)
        self.errors.add_row(form, "phone", "&Phone", self.phone)

        contacts_box = QGroupBox("Contacts: who receives what", self)
        grid = QGridLayout(contacts_box)
        for column, title in enumerate(("Role", "Name", "E-mail", "Phone")):
            grid.addWidget(QLabel(f"<b>{title}</b>", self), 0, column)
        self.contact_fields: dict[ContactRole, tuple[QLineEdit, QLineEdit, QLineEdit]] = {}
        for row_number, role in enumerate(ContactRole, start=1):
            existing = record.contact(role) if record else None
            fields = (
                QLineEdit(existing.name if existing else "", self),
                QLineEdit(existing.email if existing else "", self),
                QLineEdit(existing.phone if existing else "", self),
            )
            fields[0].setObjectName(f"{role.value}_name")
            for field, width in zip(fields, (170, 250, 110), strict=True):
                field.setMinimumWidth(width)
            self.contact_fields[role] = fields
            grid.addWidget(QLabel(role.label, self), row_number, 0)
            for column, (part, field) in enumerate(
                zip(("name", "email", "phone"), fields, strict=True), start=1
            ):
                grid.addWidget(
                    self.errors.add(f"{role.value}_{part}", FieldBox(field)), row_number, column
                )
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 3)
        grid.setColumnStretch(3, 1)
        hint = QLabel(
            "Plans go to the SENCO (else the referrer), attendance digests to the attendance "
            "contact, statements to the finance contact. Leave a role blank if nobody holds it.",
            self,
        )
        hint.setWordWrap(True)
        grid.addWidget(hint, len(ContactRole) + 1, 0, 1, 4)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(allowed(current_user(store).role, Action.CHANGE_SETTINGS))
        columns = QHBoxLayout()
        columns.addWidget(school_box, 2, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(contacts_box, 3, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        resize_to_fit(self, 1180, 440)

    def set_contact(self, role: ContactRole, name: str, email: str = "", phone: str = "") -> None:
        """Type a contact's details into the role's row (for tests and imports)."""
        for field, value in zip(self.contact_fields[role], (name, email, phone), strict=True):
            field.setText(value)

    def _texts(self) -> dict[str, str]:
        return {
            "name": self.name.text(),
            "short_name": self.short_name.text(),
            "urn": self.urn.text(),
            "la_code": self.la_code.text(),
            "la_name": self.la_name.text(),
            "phase": str(self.phase.currentData() or ""),
            "address": self.address.toPlainText(),
            "phone": self.phone.text(),
        }

    def _on_buttons_accepted(self) -> None:
        save_and_close(
            self,
            self._notifier,
            "School not saved",
            self._save,
            SCHOOL_CHANGES,
            errors=self.errors,
        )

    def _save(self) -> int:
        problems: dict[str, str] = {}
        # Both parts are checked before either is refused, so every wrong field is marked.
        try:
            details = school_from_form(self._texts())
        except ValidationError as error:
            problems.update(error.errors)
        try:
            contacts = contacts_from_form(
                {
                    role: {"name": f[0].text(), "email": f[1].text(), "phone": f[2].text()}
                    for role, f in self.contact_fields.items()
                }
            )
        except ValidationError as error:
            problems.update(error.errors)
        if problems:
            raise ValidationError(problems)
        if self._id is None:
            self.saved_id = add_school(self._store, details, contacts)
        else:
            update_school(self._store, self._id, details, contacts, self._version)
        return self.saved_id or 0


class SchoolsDialog(QDialog):
    """The list of partner schools with Add, Change, Close and Reopen.

    Closed schools stay listed (greyed) for their history; new referrals cannot choose them.
    """

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier | None = None,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._today = today
        self.setWindowTitle("Schools")
        self.list: ListPanel[SchoolRecord] = ListPanel(
            school_columns(),
            lambda r: f"{r.name} {r.details.short_name} {r.details.urn} {r.details.la_name}",
            "Search schools",
            "schools",
            self,
        )
        name_list(self.list, "Schools")
        self.list.table.setItemDelegate(ClosedGreyDelegate(self))
        self.empty_hint = QLabel(
            "No schools yet. Add each partner school with its URN and contacts: "
            "referrals choose from this list.",
            self,
        )
        self.empty_hint.setWordWrap(True)
        self.add_button = QPushButton("&Add school...", self)
        self.edit_button = QPushButton("&Change school...", self)
        self.close_button = QPushButton("C&lose school...", self)
        self.reopen_button = QPushButton("&Reopen school", self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.close_button.clicked.connect(self._on_close_button_clicked)
        self.reopen_button.clicked.connect(self._on_reopen_button_clicked)
        self.list.row_activated.connect(self._on_list_row_activated)
        self.list.selection_changed.connect(self._on_list_selection_changed)
        actions = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.close_button, self.reopen_button):
            actions.addWidget(button)
        actions.addStretch(1)
        done = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        done.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty_hint)
        layout.addLayout(actions)
        layout.addWidget(self.list, 1)
        layout.addWidget(done)
        resize_to_fit(self, 960, 480)
        self._may_change = allowed(current_user(store).role, Action.CHANGE_SETTINGS)
        self.refresh()

    def refresh(self) -> None:
        """Reload the schools, keeping nothing stale."""
        rows = list_all_schools(self._store)
        self.list.set_rows(rows)
        self.empty_hint.setVisible(not rows)
        self._on_list_selection_changed(self.list.selected_row())

    def _on_list_selection_changed(self, row: SchoolRecord | None) -> None:
        may = self._may_change
        self.add_button.setEnabled(may)
        self.edit_button.setEnabled(row is not None)
        self.close_button.setEnabled(may and row is not None and row.open)
        self.reopen_button.setEnabled(may and row is not None and not row.open)

    def open_school(self, record: SchoolRecord | None) -> SchoolFormDialog:
        """Return the form for ``record`` (None: a new school), refreshing this list when saved."""
        form = SchoolFormDialog(self._store, record, self, notifier=self._notifier)
        form.accepted.connect(self.refresh)
        return form

    def _on_add_button_clicked(self) -> None:
        self.open_school(None).exec()

    def _on_edit_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is not None:
            self.open_school(row).exec()

    def _on_list_row_activated(self, row: SchoolRecord) -> None:
        self.open_school(row).exec()

    def _on_close_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is None or not row.open:
            return
        answer = QMessageBox.question(
            self,
            "Close school",
            f"Close {row.name}?\n\nIts pupils, referrals and statements stay on record, but "
            "new referrals can no longer choose it. You can reopen it later.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ok, _ = perform(
            self,
            self._notifier,
            "School not closed",
            lambda: close_school(self._store, row.id, self._today()),
            SCHOOL_CHANGES,
        )
        if ok:
            self.refresh()

    def _on_reopen_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is None or row.open:
            return
        ok, _ = perform(
            self,
            self._notifier,
            "School not reopened",
            lambda: reopen_school(self._store, row.id),
            SCHOOL_CHANGES,
        )
        if ok:
            self.refresh()
