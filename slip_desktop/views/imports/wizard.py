"""File → Import...: choose a file, match its columns, preview every row, import, undo."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from slip_desktop.db.imports import (
    ImportSummary,
    list_imports,
    remembered_mapping,
    save_import_mapping,
)
from slip_desktop.db.pupils import list_schools
from slip_desktop.db.store import Store
from slip_desktop.domain.date_style import date_time
from slip_desktop.domain.errors import DomainError
from slip_desktop.domain.imports import (
    SYNONYMS,
    ImportKind,
    field_label,
    guess_mapping,
    layout_key,
    missing_fields,
)
from slip_desktop.jobs.imports.preview import (
    Preview,
    PreviewRow,
    RowStatus,
    build_plan,
    preview_file,
)
from slip_desktop.jobs.imports.readers import Table, read_table
from slip_desktop.jobs.imports.run import run_import, run_undo
from slip_desktop.ui.models.row_table_model import Column, RowTableModel
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import show_domain_error
from slip_desktop.ui.tasks import run_job

#: What each kind of import changes, for the tabs to refresh.
AREAS = {
    ImportKind.PUPILS: (Area.PUPILS,),
    ImportKind.SCHOOLS: (Area.SCHOOLS,),
    ImportKind.REFERRALS: (Area.REFERRALS, Area.PUPILS),
    ImportKind.PLACEMENTS: (Area.PLACEMENTS,),
}
NOT_IN_FILE = "(not in the file)"


def _past_columns() -> list[Column[ImportSummary]]:
    return [
        Column("When", lambda r: r.at),
        Column("File", lambda r: r.file_name),
        Column("Kind", lambda r: ImportKind(r.kind).label),
        Column("Added", lambda r: r.created, align_right=True),
        Column("Changed", lambda r: r.updated, align_right=True),
        Column("By", lambda r: r.username),
        Column("Undone", lambda r: r.undone_at),
    ]


def _preview_columns(answers: dict[int, bool]) -> list[Column[PreviewRow]]:
    def answer(row: PreviewRow) -> str:
        if row.status is not RowStatus.DUPLICATE:
            return ""
        choice = answers.get(row.line)
        return "?" if choice is None else ("Same pupil" if choice else "Different pupil")

    return [
        Column("Row", lambda r: r.line, align_right=True),
        Column("Status", lambda r: r.status),
        Column("Name", lambda r: r.label),
        Column("On record", lambda r: r.match_label),
        Column("What changes / what to fix", lambda r: r.problem_text or r.change_text),
        Column("Your answer", answer),
    ]


class ImportWizard(QWizard):
    """Import schools or pupils from a CSV, XLSX or Common Transfer File."""

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier | None = None,
        parent: QWidget | None = None,
        kind: ImportKind = ImportKind.PUPILS,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import")
        self.store = store
        self.notifier = notifier
        self.today = today or date.today()
        self.table: Table | None = None
        self.preview: Preview | None = None
        self.summary: ImportSummary | None = None
        self.mapping: dict[str, int] = {}
        self.answers: dict[int, bool] = {}
        self.choose_page = ChoosePage(self, kind)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        for page in (self.choose_page, self.mapping_page, self.preview_page, self.result_page):
            self.addPage(page)
        self.resize(900, 600)

    @property
    def kind(self) -> ImportKind:
        """Return the kind chosen on the first page."""
        return ImportKind(self.choose_page.kind_box.currentData())

    def announce(self) -> None:
        """Tell the tabs what an import or its undo changed."""
        if self.notifier is not None:
            self.notifier.announce(*AREAS[self.kind])

    def undo(self, import_id: int, after: Any = None) -> None:
        """Ask, then undo import ``import_id`` as a job."""
        answer = QMessageBox.question(
            self,
            "Undo this import",
            "Remove every record this import added and put back what it changed?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(_summary: ImportSummary) -> None:
            self.announce()
            self.choose_page.refresh()
            if after is not None:
                after()

        run_job(
            self,
            "Undoing the import",
            run_undo,
            self.store,
            import_id,
            on_success=done,
            on_failure=self.failed("Import not undone"),
        )

    def failed(self, title: str) -> Any:
        """Return a failure callback showing a broken rule (or an unexpected error)."""

        def show(error: BaseException) -> None:
            if isinstance(error, DomainError):
                show_domain_error(self, title, error)
            else:
                QMessageBox.warning(self, title, f"{title}: {error}")

        return show


class ChoosePage(QWizardPage):
    """The kind of records, the file, and the imports done before (with Undo)."""

    def __init__(self, wizard: ImportWizard, kind: ImportKind) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Choose what to import")
        self.kind_box = QComboBox()
        for each in ImportKind:
            self.kind_box.addItem(each.label, each.value)
        self.kind_box.setCurrentIndex(self.kind_box.findData(kind.value))
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("A .csv, .xlsx or Common Transfer File (.xml)")
        self.path_edit.textChanged.connect(self.completeChanged)
        browse = QPushButton("&Browse...")
        browse.clicked.connect(self.browse)
        self.school_box = QComboBox()
        self.school_box.addItem("(named in each row or in the CTF)", None)
        for school in list_schools(wizard.store):
            self.school_box.addItem(school.name, school.id)
        row = QHBoxLayout()
        row.addWidget(self.path_edit)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&Records:", self.kind_box)
        form.addRow("&File:", row)
        form.addRow("&School for rows naming none:", self.school_box)
        self.past_model: RowTableModel[ImportSummary] = RowTableModel(_past_columns(), self)
        self.past_view = QTableView()
        self.past_view.setModel(self.past_model)
        self.past_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.past_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.undo_button = QPushButton("&Undo this import")
        self.undo_button.clicked.connect(self.undo_selected)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Imports done before:"))
        layout.addWidget(self.past_view)
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignRight)
        self.refresh()

    def refresh(self) -> None:
        """Reload the list of past imports."""
        self.past_model.set_rows(list_imports(self.owner.store))
        self.undo_button.setEnabled(self.past_model.rowCount() > 0)

    def browse(self) -> None:
        """Choose the file."""
        name, _filter = QFileDialog.getOpenFileName(
            self, "Import file", "", "Office files (*.csv *.xlsx *.xml);;All files (*)"
        )
        if name:
            self.path_edit.setText(name)

    def undo_selected(self) -> None:
        """Undo the import chosen in the list."""
        rows = self.past_view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(self, "Undo this import", "Choose an import in the list.")
            return
        chosen = self.past_model.row_at(rows[0].row())
        self.owner.undo(chosen.id)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        """The file must be named."""
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        """Read the file (a refused file stays on this page with the reason)."""
        try:
            self.owner.table = read_table(Path(self.path_edit.text().strip()))
        except DomainError as error:
            show_domain_error(self, "File not read", error)
            return False
        return True


class MappingPage(QWizardPage):
    """Which column holds which field: guessed from the headings, editable, remembered."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Match the columns")
        self.form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.form)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """Offer each field of the kind with the column guessed or remembered for it."""
        table = self.owner.table
        assert table is not None
        kind = self.owner.kind
        while self.form.rowCount():
            self.form.removeRow(0)
        self.boxes = {}
        remembered = remembered_mapping(self.owner.store, layout_key(kind, table.headings))
        mapping = remembered or guess_mapping(kind, table.headings)
        self.note.setText(
            "These columns were matched as last time for this layout."
            if remembered
            else "Columns matched by their headings: check each, then press Next."
        )
        for name in SYNONYMS[kind]:
            box = QComboBox()
            box.addItem(NOT_IN_FILE, None)
            for index, heading in enumerate(table.headings):
                box.addItem(heading or f"Column {index + 1}", index)
            if name in mapping:
                box.setCurrentIndex(box.findData(mapping[name]))
            box.currentIndexChanged.connect(self.completeChanged)
            self.boxes[name] = box
            self.form.addRow(field_label(name) + ":", box)

    def current(self) -> dict[str, int]:
        """Return the mapping as chosen."""
        return {
            n: int(b.currentData()) for n, b in self.boxes.items() if b.currentData() is not None
        }

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        """Every required field needs a column."""
        return not missing_fields(self.owner.kind, self.current())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        """Remember the mapping for this layout."""
        table = self.owner.table
        assert table is not None
        self.owner.mapping = self.current()
        try:
            save_import_mapping(
                self.owner.store, layout_key(self.owner.kind, table.headings), self.owner.mapping
            )
        except DomainError as error:
            show_domain_error(self, "Column matches not remembered", error)
        return True


class PreviewPage(QWizardPage):
    """Every row checked, with counts; likely duplicates answered; nothing written yet."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Check before importing")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.counts = QLabel("Checking the rows...")
        self.counts.setWordWrap(True)
        self.model: RowTableModel[PreviewRow] = RowTableModel(
            _preview_columns(wizard.answers), self
        )
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.same = QPushButton("&Same pupil")
        self.different = QPushButton("&Different pupil")
        self.same.clicked.connect(lambda: self.answer(True))
        self.different.clicked.connect(lambda: self.answer(False))
        self.good_only = QCheckBox("Import the good rows only (rows with problems are left out)")
        self.good_only.toggled.connect(self.completeChanged)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("Likely duplicates (choose rows):"))
        buttons.addWidget(self.same)
        buttons.addWidget(self.different)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        layout.addWidget(self.good_only)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """Check every row in the background."""
        self.owner.preview = None
        self.owner.answers.clear()
        self.model.set_rows([])
        self.counts.setText("Checking the rows...")
        table = self.owner.table
        assert table is not None
        school = self.owner.choose_page.school_box.currentData()
        run_job(
            self,
            "Checking the file",
            preview_file,
            self.owner.store,
            table,
            self.owner.kind,
            dict(self.owner.mapping),
            self.owner.today,
            school_id=school,
            on_success=self.show_preview,
            on_failure=self.owner.failed("File not checked"),
        )

    def show_preview(self, preview: Preview) -> None:
        """Show the rows and their counts."""
        self.owner.preview = preview
        self.model.set_rows(preview.rows)
        self.model.sort(1, Qt.SortOrder.DescendingOrder)
        counts = preview.counts()
        text = (
            f"{len(preview.rows)} rows: {counts[RowStatus.NEW]} new, "
            f"{counts[RowStatus.MATCH]} update a record, {counts[RowStatus.UNCHANGED]} already "
            f"on record, {counts[RowStatus.DUPLICATE]} likely duplicates to confirm, "
            f"{counts[RowStatus.PROBLEM]} with problems. Nothing is written until you press Import."
        )
        if preview.previously is not None:
            text += (
                f"\nThis same file was imported on {date_time(preview.previously.at)} "
                "by " + preview.previously.username + "."
            )
        self.counts.setText(text)
        self.good_only.setVisible(counts[RowStatus.PROBLEM] > 0)
        self.completeChanged.emit()

    def answer(self, same: bool) -> None:
        """Record the answer for the chosen likely duplicates."""
        for index in self.view.selectionModel().selectedRows():
            row = self.model.row_at(index.row())
            if row.status is RowStatus.DUPLICATE:
                self.owner.answers[row.line] = same
        self.model.set_rows(self.model.all_rows())

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        """A preview must exist; rows with problems need the explicit choice."""
        preview = self.owner.preview
        if preview is None:
            return False
        return preview.count(RowStatus.PROBLEM) == 0 or self.good_only.isChecked()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        """Check the plan can be built (the import itself runs on the next page)."""
        preview = self.owner.preview
        assert preview is not None
        try:
            build_plan(
                preview, good_rows_only=self.good_only.isChecked(), same_person=self.owner.answers
            )
        except DomainError as error:
            show_domain_error(self, "Not imported", error)
            return False
        return True


class ResultPage(QWizardPage):
    """The import running, then what it did, with Undo this import."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Import")
        self.text = QLabel("Importing...")
        self.text.setWordWrap(True)
        self.undo_button = QPushButton("&Undo this import")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        """Write the confirmed rows in one transaction."""
        preview = self.owner.preview
        assert preview is not None
        plan = build_plan(
            preview,
            good_rows_only=self.owner.preview_page.good_only.isChecked(),
            same_person=self.owner.answers,
        )
        self.owner.summary = None
        run_job(
            self,
            "Importing",
            run_import,
            self.owner.store,
            plan,
            on_success=self.done,
            on_failure=self.failed,
        )

    def done(self, summary: ImportSummary) -> None:
        """Show what the import did."""
        self.owner.summary = summary
        self.text.setText(
            f"Imported {summary.file_name}: {summary.created} added, {summary.updated} "
            f"changed, {summary.unchanged} already on record, {summary.skipped} left out."
        )
        self.undo_button.setEnabled(summary.created + summary.updated > 0)
        self.owner.announce()
        self.completeChanged.emit()

    def failed(self, error: BaseException) -> None:
        """Nothing was written: say why."""
        self.text.setText(f"Nothing was imported: {getattr(error, 'message', error)}")
        self.owner.failed("Not imported")(error)

    def undo(self) -> None:
        """Undo the import just done."""
        summary = self.owner.summary
        if summary is not None:

            def after() -> None:
                self.text.setText(f"The import of {summary.file_name} was undone.")
                self.undo_button.setEnabled(False)

            self.owner.undo(summary.id, after)


def open_import(
    store: Store,
    notifier: ChangeNotifier | None,
    parent: QWidget | None,
    kind: ImportKind = ImportKind.PUPILS,
) -> None:
    """Open the import wizard as a modal window."""
    ImportWizard(store, notifier, parent, kind).exec()
