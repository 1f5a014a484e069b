"""Answering a subject access request: everything about one pupil, as a zip of PDF and CSVs."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.audit import record_export
from slip_desktop.db.store import Store
from slip_desktop.db.subject_access import gather_pupil_file, pupil_choices
from slip_desktop.domain.errors import DomainError
from slip_desktop.ui.tasks import Task, TaskContext, run_with_progress


class SubjectAccessDialog(QDialog):
    """Pick a pupil, choose where to save, and export everything held about them.

    Signals are those of QDialog; ``last_task`` is the export running or last run.
    """

    def __init__(
        self, store: Store, today: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today or date.today()
        self.last_task: Task | None = None
        self.saved_to: Path | None = None
        self._exporting: int | None = None
        self.setWindowTitle("Subject access request")
        intro = QLabel(
            "Exports everything held about one pupil (records, plans, decisions, placements, "
            "attendance and the audit trail) as one PDF plus a CSV per kind of record, in a zip. "
            "The export itself is recorded in the audit trail.",
            self,
        )
        intro.setWordWrap(True)
        self.pupil = QComboBox(self)
        self.pupil.setEditable(True)
        self.pupil.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for choice in pupil_choices(store):
            born = f"{choice.date_of_birth:%d/%m/%Y}"
            self.pupil.addItem(f"{choice.name} (born {born}, {choice.school})", choice.id)
        completer = self.pupil.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.export_button = QPushButton("&Export...", self)
        self.export_button.setDefault(True)
        self.export_button.setEnabled(self.pupil.count() > 0)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        form = QFormLayout()
        form.addRow("&Pupil:", self.pupil)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(620, 220)

    def _on_export_button_clicked(self) -> None:
        pupil_id = self.pupil.currentData()
        if pupil_id is None:
            self.status.setText("Choose a pupil from the list.")
            return
        suggested = f"subject-access-pupil-{pupil_id}-{self._today:%Y-%m-%d}.zip"
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save subject access export", suggested, "Zip files (*.zip)"
        )
        if not name:
            return
        target = Path(name)
        store, today = self._store, self._today

        def work(context: TaskContext) -> Path:
            from slip_desktop.reports.subject_access import subject_access_zip

            context.progress(0, 2, "Gathering the pupil's records...")
            pupil_file = gather_pupil_file(store, int(pupil_id), today)
            context.progress(1, 2, "Writing the PDF and CSV files...")
            target.write_bytes(subject_access_zip(pupil_file))
            context.progress(2, 2, "Done")
            return target

        self._exporting = int(pupil_id)
        self.export_button.setEnabled(False)
        self.status.setText("Exporting...")
        self.last_task = run_with_progress(
            self, "Subject access export", work, self._on_export_succeeded, self._on_export_failed
        )

    def _on_export_succeeded(self, path: Any) -> None:
        self.export_button.setEnabled(True)
        self.saved_to = Path(path)
        record_export(self._store, f"Subject access export ({self.saved_to.name})", self._exporting)
        self.status.setText(f"Saved to {self.saved_to}.")

    def _on_export_failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        if isinstance(error, DomainError):
            self.status.setText(error.message)
        elif isinstance(error, OSError):
            self.status.setText(f"The file could not be written: {error.strerror or error}.")
        else:
            self.status.setText("Something went wrong; the details are in the log file.")
