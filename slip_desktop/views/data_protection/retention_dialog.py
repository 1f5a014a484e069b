"""Retention: the rule per record type, the records due for disposal, and disposing of them."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.retention import (
    DueRecord,
    dispose,
    records_due,
    retention_rules,
    set_retention_rule,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.domain.retention import MAX_YEARS, MIN_YEARS, Disposal, RecordType
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform
from slip_desktop.ui.screen_fit import resize_to_fit

COLUMNS: list[Column[DueRecord]] = [
    Column("Kind of record", lambda r: r.record_type),
    Column("Record", lambda r: r.description),
    Column("Counted from", lambda r: r.anchor_date),
    Column("Due on", lambda r: r.due_on),
    Column("Rule says", lambda r: r.disposal),
]


class RetentionDialog(QDialog):
    """The data protection officer's rules, and the records whose time is up."""

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._today = today or date.today()
        self.setWindowTitle("Retention")
        resize_to_fit(self, 900, 600)

        rules_box = QGroupBox("Rules (as the data protection officer decides)", self)
        form = QFormLayout(rules_box)
        general = QLabel(rules_box)
        self.errors = FieldErrors(general)
        self.years: dict[RecordType, QSpinBox] = {}
        self.disposal: dict[RecordType, QComboBox] = {}
        for record_type in RecordType:
            years = QSpinBox(rules_box)
            years.setRange(MIN_YEARS, MAX_YEARS)
            years.setSuffix(" years")
            how = QComboBox(rules_box)
            for choice in Disposal:
                how.addItem(choice.label, choice.value)
            row = QWidget(rules_box)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(QLabel("keep", row))
            row_layout.addWidget(years)
            anchor = "after the date of birth" if "pupil" in record_type.value else "after closing"
            row_layout.addWidget(QLabel(f"{anchor}, then", row))
            row_layout.addWidget(how)
            row_layout.addStretch(1)
            self.years[record_type] = years
            self.disposal[record_type] = how
            self.errors.add_row(form, record_type.value, f"{record_type.label}:", row)
        self.save_button = QPushButton("&Save rules", rules_box)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        form.addRow(general)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_button)
        save_row.addStretch(1)
        form.addRow("", save_row)

        self.list: ListPanel[DueRecord] = ListPanel(
            COLUMNS, lambda r: r.description, "Search records due", "records due", self
        )
        name_list(self.list, "Records due for disposal")
        self.anonymise_button = QPushButton("&Anonymise...", self)
        self.delete_button = QPushButton("&Delete...", self)
        self.anonymise_button.clicked.connect(self._on_anonymise_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.list.selection_changed.connect(self._on_list_selection_changed)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.anonymise_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(rules_box)
        layout.addWidget(QLabel(f"Records due for disposal on {long_date(self._today)}:", self))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._load_rules()
        self.refresh()

    def _load_rules(self) -> None:
        for record_type, rule in retention_rules(self._store).items():
            self.years[record_type].setValue(rule.years)
            how = self.disposal[record_type]
            how.setCurrentIndex(how.findData(rule.disposal.value))

    def refresh(self) -> None:
        """Reload the records due."""
        self.list.set_rows(records_due(self._store, self._today))
        self._on_list_selection_changed(self.list.selected_row())

    def _on_list_selection_changed(self, row: DueRecord | None) -> None:
        self.anonymise_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)

    def _save_rules(self) -> None:
        """Save every rule; a rule refused is named beside its row, the others are kept."""
        errors: dict[str, str] = {}
        for record_type in RecordType:
            try:
                set_retention_rule(
                    self._store,
                    record_type,
                    self.years[record_type].value(),
                    self.disposal[record_type].currentData(),
                )
            except ValidationError as error:
                errors[record_type.value] = error.message
            except DomainError as error:
                errors[""] = error.message
                break
        if errors:
            raise ValidationError(errors)

    def _on_save_button_clicked(self) -> None:
        self.errors.clear()
        perform(
            self,
            self._notifier,
            "Save retention rules",
            self._save_rules,
            (Area.SETTINGS,),
            errors=self.errors,
        )
        self.refresh()

    def _dispose(self, how: Disposal) -> None:
        row: DueRecord | None = self.list.selected_row()
        if row is None:
            return
        if how == Disposal.DELETE:
            consequence = "Every record about it will be deleted. This cannot be undone."
        else:
            consequence = (
                "Names, UPN, day and month of birth and all free text will be removed; "
                "dates, programmes and outcomes stay for the partnership's figures. "
                "This cannot be undone."
            )
        answer = QMessageBox.warning(
            self,
            f"{how.label} record",
            f"{how.label} {row.description}?\n\n{consequence}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # A pupil's whole file, or an anonymous case: what the other tabs list them under.
        changed = Area.PUPILS if "pupil" in row.record_type.value else Area.REFERRALS
        perform(
            self,
            self._notifier,
            f"{how.label} record",
            lambda: dispose(self._store, row.record_type, row.record_id, how, self._today),
            (changed,),
        )
        self.refresh()

    def _on_anonymise_button_clicked(self) -> None:
        self._dispose(Disposal.ANONYMISE)

    def _on_delete_button_clicked(self) -> None:
        self._dispose(Disposal.DELETE)
