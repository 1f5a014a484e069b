"""Settings → New school year: a guided rollover of rates, term dates and Year 11 leavers."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.rollover import (
    LeaverOutcome,
    PlacedPupil,
    end_of_year10_list,
    year11_placements,
    year_end,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.errors import DomainError, ValidationError
from slip_desktop.domain.school_year import (
    Post16Destination,
    academic_year_label,
    academic_year_of,
    clean_outcomes,
)
from slip_desktop.jobs.rollover import COPY_STEPS, RolloverPlan, RolloverResult, run_rollover
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.screen_fit import resize_to_fit
from slip_desktop.ui.tasks import Task, run_job

YEAR10_COLUMNS: list[Column[PlacedPupil]] = [
    Column("Pupil", lambda r: r.name),
    Column("School", lambda r: r.school),
    Column("Programme", lambda r: r.programme_label),
    Column("Started", lambda r: r.starts_on),
    Column("Next review", lambda r: r.next_review_on),
]


class NewYearDialog(QDialog):
    """Start the next academic year in three steps, then run it as one cancellable job.

    1. what to copy (each copy step, ticked); 2. the Year 11 leavers, each with a
    post-16 destination and their qualifications; 3. the end-of-Year-10 list to
    review for a return to mainstream. Year groups need no step: they are worked
    out from dates of birth.
    """

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
        self._leavers: dict[int, LeaverOutcome] = {}
        self.task: Task | None = None
        self.result: RolloverResult | None = None
        self.setWindowTitle("New school year")
        resize_to_fit(self, 900, 720)

        general = QLabel(self)
        self.errors = FieldErrors(general)
        self.from_year = QSpinBox(self)
        self.from_year.setRange(2000, 2100)
        self.from_year.setValue(academic_year_of(self._today))
        self.years_label = QLabel(self)
        year_row = QHBoxLayout()
        from_label = QLabel("Roll over &from the academic year starting in", self)
        from_label.setBuddy(self.from_year)
        year_row.addWidget(from_label)
        year_row.addWidget(self.from_year)
        year_row.addWidget(self.years_label, 1)

        copy_box = QGroupBox("1. Carry into the new year", self)
        copy_layout = QVBoxLayout(copy_box)
        self.step_boxes: list[QCheckBox] = []
        for copy in COPY_STEPS:
            box = QCheckBox(copy.label, copy_box)
            box.setChecked(True)
            copy_layout.addWidget(box)
            self.step_boxes.append(box)
        copy_layout.addWidget(
            QLabel(
                "A year that already has these keeps them. Year groups move up by themselves: "
                "they are worked out from each pupil's date of birth.",
                copy_box,
            )
        )

        leavers_box = QGroupBox("2. Year 11 leavers: their placements end", self)
        leavers_form = QFormLayout()
        self.ended_on = DateField(None, leavers_box)
        self.errors.add_row(leavers_form, "ended_on", "Placements &end on:", self.ended_on)
        self.leavers: ListPanel[PlacedPupil] = ListPanel(
            [
                Column("Pupil", lambda r: r.name),
                Column("School", lambda r: r.school),
                Column("Programme", lambda r: r.programme_label),
                Column("Post-16 destination", lambda r: self._leaver(r).destination.label),
                Column("Outcomes", lambda r: self._leaver(r).outcomes.replace("\n", "; ")),
            ],
            lambda r: f"{r.name} {r.school}",
            "Search leavers",
            "Year 11 leavers",
            leavers_box,
        )
        name_list(self.leavers, "Year 11 leavers")
        self.destination = QComboBox(leavers_box)
        for choice in Post16Destination:
            self.destination.addItem(choice.label, choice.value)
        self.outcomes = QPlainTextEdit(leavers_box)
        self.outcomes.setPlaceholderText("GCSE English Language: 5\nBTEC Sport Level 1: Merit")
        self.outcomes.setFixedHeight(70)
        editor = QFormLayout()
        editor.addRow("&Destination:", self.destination)
        self.outcomes_box = self.errors.add_row(
            editor, "outcomes", "&Qualifications with grades (one a line):", self.outcomes
        )
        leavers_layout = QVBoxLayout(leavers_box)
        leavers_layout.addLayout(leavers_form)
        leavers_layout.addWidget(self.leavers, 1)
        leavers_layout.addLayout(editor)

        year10_box = QGroupBox("3. End of Year 10: push for a return to mainstream", self)
        self.year10: ListPanel[PlacedPupil] = ListPanel(
            YEAR10_COLUMNS, lambda r: f"{r.name} {r.school}", "Search", "Year 10 pupils", year10_box
        )
        name_list(self.year10, "Year 10 placements")
        year10_layout = QVBoxLayout(year10_box)
        year10_layout.addWidget(
            QLabel("KS4 pupils in Year 10 on placements: review each before September.", year10_box)
        )
        year10_layout.addWidget(self.year10)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.start_button = QPushButton("&Start the new year...", self)
        self.start_button.setDefault(True)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(year_row)
        layout.addWidget(copy_box)
        layout.addWidget(leavers_box, 2)
        layout.addWidget(year10_box, 1)
        layout.addWidget(general)
        layout.addLayout(buttons)

        self.from_year.valueChanged.connect(self._on_from_year_value_changed)
        self.leavers.selection_changed.connect(self._on_leavers_selection_changed)
        self.destination.currentIndexChanged.connect(self._on_destination_current_index_changed)
        self.outcomes.textChanged.connect(self._on_outcomes_text_changed)
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.refresh()

    # --- state ------------------------------------------------------------------------------

    def _leaver(self, row: PlacedPupil) -> LeaverOutcome:
        return self._leavers.setdefault(row.placement_id, LeaverOutcome(row.placement_id))

    def refresh(self) -> None:
        """Reload the leavers and the Year 10 list for the year chosen."""
        year = self.from_year.value()
        self.years_label.setText(
            f"{academic_year_label(year)} → <b>{academic_year_label(year + 1)}</b>"
        )
        self.ended_on.set_value(year_end(self._store, year))
        rows = year11_placements(self._store, year)
        self._leavers = {r.placement_id: self._leaver(r) for r in rows}
        self.leavers.set_rows(rows)
        self.year10.set_rows(end_of_year10_list(self._store, year))
        self._on_leavers_selection_changed(self.leavers.selected_row())

    def _on_from_year_value_changed(self, _value: int) -> None:
        self.refresh()

    def _on_leavers_selection_changed(self, row: PlacedPupil | None) -> None:
        self.destination.setEnabled(row is not None)
        self.outcomes.setEnabled(row is not None)
        leaver = self._leaver(row) if row is not None else LeaverOutcome(0)
        self.destination.blockSignals(True)
        self.outcomes.blockSignals(True)
        self.destination.setCurrentIndex(self.destination.findData(leaver.destination.value))
        self.outcomes.setPlainText(leaver.outcomes)
        self.destination.blockSignals(False)
        self.outcomes.blockSignals(False)

    def _edit_selected(self, **changes: object) -> None:
        row = self.leavers.selected_row()
        if row is None:
            return
        current = self._leaver(row)
        destination = changes.get("destination", current.destination)
        outcomes = changes.get("outcomes", current.outcomes)
        assert isinstance(destination, Post16Destination) and isinstance(outcomes, str)
        self._leavers[row.placement_id] = LeaverOutcome(row.placement_id, destination, outcomes)
        model, number = self.leavers.model, self.leavers.table.currentIndex().row()
        model.dataChanged.emit(model.index(number, 0), model.index(number, model.columnCount() - 1))

    def _on_destination_current_index_changed(self, _index: int) -> None:
        self._edit_selected(destination=Post16Destination(self.destination.currentData()))

    def _on_outcomes_text_changed(self) -> None:
        self._edit_selected(outcomes=self.outcomes.toPlainText())

    # --- running ----------------------------------------------------------------------------

    def plan(self) -> RolloverPlan | None:
        """Return the rollover as chosen, or None after showing what must be fixed."""
        self.errors.clear()
        ended_on = self.ended_on.value()
        if ended_on is None:
            self.errors.show({"ended_on": self.ended_on.problem() or "Enter the day they end."})
            return None
        leavers = [self._leaver(r) for r in self.leavers.model.rows()]
        for row, leaver in zip(self.leavers.model.rows(), leavers, strict=True):
            try:
                clean_outcomes(leaver.outcomes)
            except ValidationError as error:
                self._select_leaver(row.placement_id)
                self.errors.show({"outcomes": f"{row.name}: {error.errors['outcomes']}"})
                return None
        steps = [c for c, box in zip(COPY_STEPS, self.step_boxes, strict=True) if box.isChecked()]
        return RolloverPlan(self.from_year.value(), ended_on, leavers, steps)

    def _select_leaver(self, placement_id: int) -> None:
        for number, row in enumerate(self.leavers.model.rows()):
            if row.placement_id == placement_id:
                self.leavers.table.selectRow(number)
                return

    def _on_start_button_clicked(self) -> None:
        plan = self.plan()
        if plan is None:
            return
        new = academic_year_label(plan.to_year)
        copies = ", ".join(c.label.lower() for c in plan.steps) or "nothing"
        answer = QMessageBox.question(
            self,
            "Start the new school year",
            f"Start {new}? This copies {copies} into {new} and ends "
            f"{len(plan.leavers)} Year 11 placement(s) on {long_date(plan.ended_on)}. "
            "Ended placements stay on record but cannot be reopened here.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.start_button.setEnabled(False)
        self.task = run_job(
            self,
            "New school year",
            run_rollover,
            self._store,
            plan,
            on_success=self._on_rollover_finished,
            on_failure=self._on_rollover_failed,
        )
        self.task.done.connect(self._on_task_done)

    def _on_task_done(self) -> None:
        self.start_button.setEnabled(True)
        task = self.task
        if task is not None and task.result is None and task.error is None:
            # Cancelled: each step done is committed, and a second run skips it.
            self.summary.setText(
                "Stopped before the end. Steps already done stay done; start again to finish."
            )
            self._notifier.announce(Area.PLACEMENTS, Area.FINANCE, Area.MEETINGS, Area.SETTINGS)
            self.refresh()

    def _on_rollover_finished(self, result: RolloverResult) -> None:
        self.result = result
        self.summary.setText("<br>".join(result.lines))
        self._notifier.announce(
            Area.PLACEMENTS, Area.FINANCE, Area.MEETINGS, Area.PUPILS, Area.SETTINGS
        )
        self.from_year.setValue(self.from_year.value() + 1)

    def _on_rollover_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            field, message = next(iter(error.errors.items()))
            if field.startswith("outcomes."):
                self._select_leaver(int(field.partition(".")[2]))
                self.errors.show({"outcomes": message})
                return
            self.errors.show(error.errors)
            return
        elif isinstance(error, DomainError):
            self.errors.show({"general": str(error)})
        else:
            # The task runner has logged the traceback; each step done is committed and
            # skipped on a second run, so running again finishes the job.
            QMessageBox.critical(
                self,
                "New school year",
                "Something went wrong part-way. Steps already done stay done and are skipped "
                "when you run it again. The details are in the program's log.",
            )
        self.refresh()
