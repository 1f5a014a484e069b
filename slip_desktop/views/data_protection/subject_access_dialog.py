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

from slip_desktop.db.store import Store
from slip_desktop.db.subject_access import pupil_choices
from slip_desktop.domain.date_style import input_date
from slip_desktop.domain.errors import DomainError
from slip_desktop.jobs.subject_access import export_subject_access
from slip_desktop.ui.palette import ERROR_STYLE
from slip_desktop.ui.screen_fit import resize_to_fit
from slip_desktop.ui.tasks import Task, run_job


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
            born = f"{input_date(choice.date_of_birth)}"
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
        resize_to_fit(self, 620, 220)

    def _on_export_button_clicked(self) -> None:
        pupil_id = self.pupil.currentData()
        if pupil_id is None:
            self._say("Choose a pupil from the list.", problem=True)
            return
        suggested = f"subject-access-pupil-{pupil_id}-{self._today:%Y-%m-%d}.zip"
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save subject access export", suggested, "Zip files (*.zip)"
        )
        if not name:
            return
        self.export_button.setEnabled(False)
        self._say("Exporting...")
        # The job gathers, writes and records the export in the audit trail itself.
        self.last_task = run_job(
            self,
            "Subject access export",
            export_subject_access,
            self._store,
            int(pupil_id),
            Path(name),
            self._today,
            on_success=self._on_export_succeeded,
            on_failure=self._on_export_failed,
        )
        self.last_task.done.connect(self._on_last_task_done)

    def _say(self, text: str, problem: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if problem else "")
        self.status.setText(text)

    def _on_last_task_done(self) -> None:
        # After success, failure or Cancel alike.
        self.export_button.setEnabled(True)
        task = self.last_task
        if task is not None and task.result is None and task.error is None:
            self._say("Cancelled: nothing was saved.")

    def _on_export_succeeded(self, path: Any) -> None:
        self.saved_to = Path(path)
        self._say(f"Saved to {self.saved_to}.")

    def _on_export_failed(self, error: BaseException) -> None:
        if isinstance(error, DomainError):
            self._say(error.message, problem=True)
        elif isinstance(error, OSError):
            self._say(f"The file could not be written: {error.strerror or error}.", problem=True)
        else:
            self._say("Something went wrong; the details are in the log file.", problem=True)
