"""The recovery screen: shown before sign-in when the database is damaged, truncated or empty.

It lists the newest backups of *this* database that pass their check (when taken, what
they hold), and offers to restore one, to open the damaged file read-only to export what
can be read, or (for an empty file only, after a confirmation) to start a new database.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.backup import BackupCheck, parse_backup_name
from slip_desktop.domain.date_style import date_time
from slip_desktop.ui.models.row_table_model import Column, RowTableModel
from slip_desktop.ui.screen_fit import at_least_wide

_SHOWN = (("pupil", "Pupils"), ("referral", "Referrals"), ("placement", "Placements"))


class RecoveryChoice(Enum):
    """What the coordinator chose on the recovery screen."""

    RESTORE = "restore"
    READ_ONLY = "read_only"
    START_NEW = "start_new"
    QUIT = "quit"


def _taken(check: BackupCheck) -> datetime | None:
    return parse_backup_name(check.path.name)


def _count(table: str) -> Column[BackupCheck]:
    return Column(dict(_SHOWN)[table], lambda c: c.counts.get(table, 0), align_right=True)


COLUMNS: list[Column[BackupCheck]] = [
    Column("Taken", _taken, lambda v: date_time(v) if v else "?"),
    *(_count(table) for table, _label in _SHOWN),
    Column("Records in all", lambda c: sum(c.counts.values()), lambda v: f"{v:,}", True),
    Column("Folder", lambda c: str(c.path.parent), tooltip="Where the backup is"),
]


class RecoveryDialog(QDialog):
    """Restore a good backup, open the file read-only, or quit: the way back from damage.

    ``choice`` and ``chosen`` (the backup to restore) hold the answer once it closes.
    """

    def __init__(
        self,
        path: Path,
        reason: str,
        backups: list[BackupCheck],
        *,
        can_read_only: bool,
        can_start_new: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice = RecoveryChoice.QUIT
        self.chosen: BackupCheck | None = None
        self._path = path
        self.setWindowTitle("The database needs recovering")
        at_least_wide(self, 100)
        intro = QLabel(
            f"<b>{path.name} cannot be used as it is.</b><br>{reason}<br><br>"
            + (
                "These backups of this database open with your passphrase and pass their "
                "check, newest first. Restoring one replaces the damaged file (which is kept "
                "beside it, renamed); anything entered since the backup was taken is lost."
                if backups
                else "No backup of this database that passes its check was found in its "
                "backup folders. If you keep backups elsewhere (a USB drive), plug it in, "
                "choose that folder in SLIP Desktop later, or ask for help."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.model: RowTableModel[BackupCheck] = RowTableModel(COLUMNS, self)
        self.model.set_rows(backups)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setVisible(bool(backups))
        self.restore_button = QPushButton("&Restore the selected backup", self)
        self.restore_button.setEnabled(bool(backups))
        self.restore_button.setDefault(bool(backups))
        self.read_only_button = QPushButton("&Open read-only to export what can be read", self)
        self.read_only_button.setVisible(can_read_only)
        self.start_new_button = QPushButton("Start a &new, empty database...", self)
        self.start_new_button.setVisible(can_start_new)
        self.quit_button = QPushButton("&Quit", self)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.read_only_button.clicked.connect(self._on_read_only_button_clicked)
        self.start_new_button.clicked.connect(self._on_start_new_button_clicked)
        self.quit_button.clicked.connect(self.reject)
        self.table.doubleClicked.connect(self._on_restore_button_clicked)
        buttons = QHBoxLayout()
        for button in (
            self.restore_button,
            self.read_only_button,
            self.start_new_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        if backups:
            self.table.selectRow(0)
            self.table.setFocus()

    def _on_restore_button_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        self.chosen = self.model.row_at(rows[0].row())
        self.choice = RecoveryChoice.RESTORE
        self.accept()

    def _on_read_only_button_clicked(self) -> None:
        self.choice = RecoveryChoice.READ_ONLY
        self.accept()

    def _on_start_new_button_clicked(self) -> None:
        answer = QMessageBox.question(
            self,
            "Start a new database",
            f"Start a new, empty database in place of {self._path.name}? The empty file is "
            "kept beside it, renamed. Only do this if no backup of your data exists.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.choice = RecoveryChoice.START_NEW
            self.accept()
