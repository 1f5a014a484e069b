"""The AP providers page: who the partnership commissions, at what rate, checked when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
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

from slip_desktop.db.providers import ProviderInput, ProviderRow, list_providers, save_provider
from slip_desktop.db.store import Store
from slip_desktop.domain.date_style import long_date
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import required_date
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.operations import save_and_close
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.ui.text_style import wrapped
from slip_desktop.views.rosters.areas import ROSTER_AREAS
from slip_desktop.views.rosters.dialogs import PLACEMENT_CHANGES
from slip_desktop.views.rosters.widgets import EmphasisDelegate, date_field


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
            lambda v: "never" if v is None else f"{long_date(v)}",
        ),
        Column("Check due?", lambda r: "DUE (over a year)" if r.check_overdue(today()) else ""),
        Column("Pupils placed", lambda r: r.placed, align_right=True),
    ]


class ProviderDialog(QDialog):
    """Add or change an AP provider: name, offer, day rate, contact, last quality check."""

    def __init__(
        self,
        store: Store,
        today: date,
        row: ProviderRow | None = None,
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
        self.setWindowTitle(f"Provider: {row.name}" if row else "New AP provider")
        form = QFormLayout()
        self.message = QLabel("", self)
        self.errors = FieldErrors(self.message)
        self.name = QLineEdit(row.name if row else "", self)
        self.offer = QLineEdit(row.offer if row else "", self)
        self.day_rate = QLineEdit(f"{row.day_rate:.2f}" if row else "", self)
        self.day_rate.setPlaceholderText("e.g. 95.00")
        self.contact_name = QLineEdit(row.contact_name if row else "", self)
        self.contact_email = QLineEdit(row.contact_email if row else "", self)
        self.phone = QLineEdit(row.phone if row else "", self)
        checked = row.last_quality_check if row and row.last_quality_check else today
        self.checked = QCheckBox("Quality checked on", self)
        self.checked.setChecked(bool(row and row.last_quality_check))
        self.check_date = date_field(checked, self)
        self.check_date.setEnabled(self.checked.isChecked())
        self.checked.toggled.connect(self.check_date.setEnabled)
        self.errors.add_row(form, "name", "&Name", self.name)
        form.addRow("&Offer", self.offer)
        self.errors.add_row(form, "day_rate", "Day &rate (£)", self.day_rate)
        for label, widget in (
            ("&Contact", self.contact_name),
            ("&Email", self.contact_email),
            ("&Phone", self.phone),
        ):
            form.addRow(label, widget)
        self.errors.add_row(form, "last_quality_check", self.checked, self.check_date)
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

    def _on_buttons_accepted(self) -> None:
        save_and_close(
            self,
            self._notifier,
            "Provider not saved",
            self._save,
            PLACEMENT_CHANGES,
            errors=self.errors,
        )

    def _save(self) -> object:
        checked_on = (
            required_date(
                "last_quality_check", self.check_date, "Give the date of the quality check."
            )
            if self.checked.isChecked()
            else None
        )
        data = ProviderInput(
            self.name.text(),
            self.offer.text(),
            self.day_rate.text(),
            self.contact_name.text(),
            self.contact_email.text(),
            self.phone.text(),
            checked_on,
        )
        return save_provider(self._store, data, self._id, self._version)


class ProvidersPage(QWidget):
    """Lists the AP providers; a quality check over a year old stands out."""

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
        self.list = ListPanel(
            provider_columns(today), lambda r: f"{r.name} {r.offer}", "Search", "providers", self
        )
        name_list(self.list, "AP providers")
        self.list.table.setItemDelegate(
            EmphasisDelegate(lambda r: r.check_overdue(self._today()), self)
        )
        self.add_button = QPushButton("Add pro&vider...", self)
        self.list.set_empty_state(
            "No alternative provision providers yet: add those the partnership commissions.",
            "Add provider...",
            self._on_add_button_clicked,
        )
        self.edit_button = QPushButton("&Change provider...", self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.list.row_activated.connect(self._on_list_row_activated)
        top = QHBoxLayout()
        top.addWidget(
            wrapped(
                QLabel(
                    "Pathway 3 and tier 3 placements name one of these providers. "
                    "A quality check is due every year.",
                    self,
                )
            ),
            1,
        )
        top.addWidget(self.add_button)
        top.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)

    def refresh(self) -> None:
        """Reload the providers."""
        self.list.set_rows(list_providers(self._store))

    def open_provider(self, row: ProviderRow | None) -> None:
        """Add a provider (``row`` None) or change ``row`` in a dialog (which announces it)."""
        ProviderDialog(self._store, self._today(), row, self, notifier=self._notifier).exec()

    def _on_add_button_clicked(self) -> None:
        self.open_provider(None)

    def _on_edit_button_clicked(self) -> None:
        row = self.list.selected_row()
        if row is not None:
            self.open_provider(row)

    def _on_list_row_activated(self, row: ProviderRow) -> None:
        self.open_provider(row)
