"""The audit trail, filtered by pupil and by date, with each entry's old and new values."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.audit import AuditRow, list_audit, record_export
from slip_desktop.db.store import Store
from slip_desktop.db.subject_access import pupil_choices
from slip_desktop.domain.date_style import date_time
from slip_desktop.domain.errors import DomainError
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.screen_fit import resize_to_fit


def _record(row: AuditRow) -> str:
    return f"{row.table_name} #{row.record_id}" if row.record_id is not None else row.table_name


COLUMNS: list[Column[AuditRow]] = [
    Column("When", lambda r: r.at),
    Column("Who", lambda r: r.username),
    Column("What", lambda r: r.action),
    Column("Record", _record),
    Column("Pupil", lambda r: r.pupil_name),
    Column("Fields", lambda r: r.fields),
]


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    return value if isinstance(value, str) else json.dumps(value)


def describe_changes(row: AuditRow) -> str:
    """Return the entry's fields one per line: ``field: old -> new``."""
    lines = [f"{row.action.label} {_record(row)} by {row.username} at {date_time(row.at)}"]
    for field, pair in sorted(row.changes.items()):
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if old is None:
            lines.append(f"{field}: {_shown(new)}")
        elif new is None and row.action.value in {"delete", "dispose", "anonymise"}:
            lines.append(f"{field}: was {_shown(old)}")
        else:
            lines.append(f"{field}: {_shown(old)} -> {_shown(new)}")
    return "\n".join(lines)


class AuditView(QDialog):
    """Who changed, exported or printed what, and when; for the coordinator."""

    def __init__(
        self, store: Store, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        today = today or date.today()
        self.setWindowTitle("Audit trail")
        resize_to_fit(self, 1000, 620)

        self.pupil = QComboBox(self)
        self.pupil.setEditable(True)
        self.pupil.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.pupil.addItem("All pupils and records", None)
        for choice in pupil_choices(store):
            self.pupil.addItem(f"{choice.name} ({choice.upn or 'no UPN'})", choice.id)
        completer = self.pupil.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.since = DateField(parent=self)
        self.since.set_value(today - timedelta(days=30))
        self.until = DateField(parent=self)
        self.until.set_value(today)
        self.show_button = QPushButton("&Show", self)
        self.show_button.setDefault(True)
        self.message = QLabel(self)
        # Both dates are needed: a missing one is said beside it, anything else above the list.
        self.errors = FieldErrors(self.message)
        since_box = self.errors.add("since", FieldBox(self.since, self))
        until_box = self.errors.add("until", FieldBox(self.until, self))

        self.list: ListPanel[AuditRow] = ListPanel(
            COLUMNS,
            lambda r: f"{r.username} {r.table_name} {r.pupil_name} {r.fields}",
            "Search who, table, pupil or field",
            "entries",
            self,
        )
        self.list.enable_export(lambda what: record_export(store, what))
        name_list(self.list, "Audit log")
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        filters = QHBoxLayout()
        pupil_label = QLabel("&Pupil:", self)
        pupil_label.setBuddy(self.pupil)
        since_label = QLabel("&From:", self)
        since_label.setBuddy(self.since)
        until_label = QLabel("&To:", self)
        until_label.setBuddy(self.until)
        filters.addWidget(pupil_label)
        filters.addWidget(self.pupil, 2)
        top = Qt.AlignmentFlag.AlignTop
        filters.addWidget(since_label, 0, top)
        filters.addWidget(since_box, 0, top)
        filters.addWidget(until_label, 0, top)
        filters.addWidget(until_box, 0, top)
        filters.addWidget(self.show_button, 0, top)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)

        self.show_button.clicked.connect(self.refresh)
        self.pupil.activated.connect(self._on_pupil_activated)
        self.list.selection_changed.connect(self._on_list_selection_changed)
        self.refresh()

    def selected_pupil(self) -> int | None:
        """Return the pupil chosen in the filter, or None for everyone."""
        data = self.pupil.currentData()
        return int(data) if data is not None else None

    def refresh(self) -> None:
        """Reload the entries for the chosen pupil and dates."""
        since, until = self.since.value(), self.until.value()
        missing = {
            name: edit.problem() or "Enter a date (dd/mm/yyyy)."
            for name, edit in (("since", self.since), ("until", self.until))
            if edit.value() is None
        }
        rows: list[AuditRow] = []
        if missing:
            self.errors.show(missing)
        else:
            try:
                rows = list_audit(self._store, self.selected_pupil(), since, until)
            except DomainError as error:
                self.errors.show({"": error.message})
            else:
                self.errors.clear()
        self.list.set_rows(rows)
        self.details.clear()

    def _on_pupil_activated(self, _index: int) -> None:
        self.refresh()

    def _on_list_selection_changed(self, row: AuditRow | None) -> None:
        self.details.setPlainText(describe_changes(row) if row is not None else "")
