"""Confirm "Issue term": where the files go and whether schools with nothing to pay get one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.ui.form_errors import FieldErrors


def default_folder(term_label: str) -> Path:
    """Return where a term's issued statements go unless the coordinator chooses elsewhere."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    base = Path(documents) if documents else Path.home()
    return base / "SLIP statements" / term_label


class IssueTermDialog(QDialog):
    """The one confirmation of "Issue term": says what will happen, with a folder and a choice.

    Accepting is the whole action: the term's statements are prepared afresh,
    issued and locked, and the final PDFs, workbook and e-mail drafts written.
    """

    def __init__(self, term_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Issue {term_label}")
        intro = QLabel(
            f"<p>Issue every {term_label} statement and lock the term?</p>"
            "<p>The statements are worked out again from the placements, each school with "
            "something to pay is given an invoice number and a due date, and its final PDF "
            "and an e-mail draft to its finance contact (the PDF attached) are written to "
            "the folder below, with the workbook.</p>"
            "<p>After this the statements are never rewritten: a later change to a placement "
            "is booked as an adjustment in the next open term.</p>",
            self,
        )
        intro.setWordWrap(True)
        self.folder_edit = QLineEdit(str(default_folder(term_label)), self)
        self.folder_edit.setAccessibleName("Folder for the statements")
        folder_label = QLabel("&Folder:", self)
        folder_label.setBuddy(self.folder_edit)
        self.choose_button = QPushButton("C&hoose…", self)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.include_zero = QCheckBox("Include schools with &nothing to pay", self)
        self.include_zero.setToolTip(
            "Also number, write and draft a statement for each school whose statement is £0.00"
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Issue and write files")
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel(self)
        self.errors = FieldErrors(self.error)

        row = QHBoxLayout()
        row.addWidget(folder_label)
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.include_zero)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    @property
    def folder(self) -> Path:
        """The folder chosen."""
        return Path(self.folder_edit.text().strip()).expanduser()

    @property
    def include_nothing_to_pay(self) -> bool:
        """True when schools with nothing to pay get a statement too."""
        return self.include_zero.isChecked()

    def _on_choose_button_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Folder for the statements", self.folder_edit.text()
        )
        if chosen:
            self.folder_edit.setText(chosen)

    def _on_accepted(self) -> None:
        text = self.folder_edit.text().strip()
        if not text:
            self._fail("Choose the folder the statements are written to.")
            return
        folder = self.folder
        if folder.exists() and not folder.is_dir():
            self._fail("That is a file, not a folder: choose a folder.")
            return
        self.accept()

    def _fail(self, text: str) -> None:
        self.errors.show({"folder": text})
        self.folder_edit.setFocus()
