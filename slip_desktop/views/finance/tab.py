"""The Finance tab: termly statements, totals by school and tier, rates and corrections."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.finance import (
    AdjustmentRow,
    SchoolYearTotals,
    TermState,
    academic_years,
    current_term,
    income_by_tier,
    list_adjustments,
    school_choices,
    term_states,
    totals_by_school,
)
from slip_desktop.db.identity import current_user
from slip_desktop.db.rates import RateSetRow, list_rate_sets
from slip_desktop.db.statements import (
    Correction,
    book_locked_term_corrections,
    load_statements,
    prepare_statements,
    set_paid,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.charges import CHARGE_RULES
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.enums import StatementStatus, Term
from slip_desktop.domain.money import format_money
from slip_desktop.domain.permissions import Action, allowed
from slip_desktop.domain.school_days import TERM_ORDER
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.domain.statement_docs import StatementDoc, StatementLineDoc
from slip_desktop.jobs.term_statements import (
    ExportResult,
    IssueResult,
    export_term,
    issue_term_files,
)
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform, perform_in_background
from slip_desktop.ui.refresh import StaleWhenHidden
from slip_desktop.ui.table_sizing import fit_columns
from slip_desktop.ui.tasks import LOADING, LatestRead, Task, run_job
from slip_desktop.views.finance import TITLE
from slip_desktop.views.finance.chart import FinanceChart
from slip_desktop.views.finance.dialogs import AdjustmentDialog, PaidDialog
from slip_desktop.views.finance.issue_dialog import IssueTermDialog
from slip_desktop.views.finance.rates_dialog import RatesDialog


def _status_text(doc: StatementDoc) -> str:
    if doc.status == StatementStatus.ISSUED and doc.total <= 0:
        return "Issued (nothing due)"
    if doc.status == StatementStatus.ISSUED:
        return "Issued, unpaid"
    return doc.status.label


def _count(number: int, noun: str, plural: str = "") -> str:
    """Return e.g. ``no statement PDFs``, ``1 statement PDF``, ``3 statement PDFs``."""
    if number == 0:
        return f"no {plural or noun + 's'}"
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def issued_text(result: IssueResult, label: str) -> str:
    """Say what "Issue term" did and wrote; a count of zero is said as such."""
    text = (
        f"Issued {_count(result.issued, 'statement')} for {label}; the term is locked. "
        f"Wrote {_count(result.pdfs, 'statement PDF')} with invoice numbers and due dates, "
        f"{_count(result.drafts, 'e-mail draft')}, {result.workbook.name} and "
        f"{result.csv.name} to {result.folder}."
    )
    if result.pdfs == 0:
        text += " No school had anything to pay, so no statement was sent."
    if result.left_out:
        text += (
            f" {_count(result.left_out, 'school')} with nothing to pay "
            f"{'was' if result.left_out == 1 else 'were'} left out."
        )
    if result.no_address:
        text += (
            " No finance contact e-mail for "
            f"{', '.join(result.no_address)}: add the address in the draft before sending."
        )
    return text


def _days_text(value: Any) -> str:
    return "" if value is None else f"{value.normalize():f}"


STATEMENT_COLUMNS: list[Column[StatementDoc]] = [
    Column("School", lambda r: r.school),
    Column("Status", _status_text),
    Column("Lines", lambda r: len(r.lines), align_right=True),
    Column("Total", lambda r: r.total, format_money, align_right=True),
    Column("Invoice", lambda r: r.invoice_number),
    Column("Prepared", lambda r: r.prepared_on),
    Column("Issued", lambda r: r.issued_on),
    Column("Due", lambda r: r.due_on),
    Column("Paid on", lambda r: r.paid_on),
]

LINE_COLUMNS: list[Column[StatementLineDoc]] = [
    Column("Pupil and placement", lambda r: r.description),
    Column("Programme", lambda r: r.programme),
    Column("Tier", lambda r: r.tier if not r.is_adjustment else None, align_right=True),
    Column("From", lambda r: r.starts_on),
    Column("To", lambda r: r.ends_on),
    Column("School days", lambda r: None if r.is_adjustment else r.days, align_right=True),
    Column(
        "Days a week",
        lambda r: None if r.is_adjustment else r.days_per_week,
        _days_text,
        align_right=True,
    ),
    Column("Amount", lambda r: r.amount, format_money, align_right=True),
    Column(
        "Cost a year / day rate",
        lambda r: r.base,
        lambda v: format_money(v) if v else "",
        align_right=True,
        tooltip="Tier 4: the average pupil cost a year; tier 3: the AP provider's day rate",
    ),
    Column(
        "Pupil premium",
        lambda r: r.pupil_premium,
        lambda v: format_money(v) if v else "",
        align_right=True,
    ),
    Column("SEND", lambda r: r.send, lambda v: format_money(v) if v else "", align_right=True),
    Column("Working", lambda r: r.calculation),
]

TOTAL_COLUMNS: list[Column[SchoolYearTotals]] = [
    Column("School", lambda r: r.school),
    Column("Autumn", lambda r: r.autumn, format_money, align_right=True),
    Column("Spring", lambda r: r.spring, format_money, align_right=True),
    Column("Summer", lambda r: r.summer, format_money, align_right=True),
    Column("Year", lambda r: r.year, format_money, align_right=True),
    Column("Unpaid", lambda r: r.unpaid, format_money, align_right=True),
]

ADJUSTMENT_COLUMNS: list[Column[AdjustmentRow]] = [
    Column("Booked", lambda r: r.created_at),
    Column("School", lambda r: r.school),
    Column("Term", lambda r: r.term),
    Column("Amount", lambda r: r.amount, lambda v: format_money(v, signed=True), align_right=True),
    Column("Corrects", lambda r: r.corrects),
    Column("Reason", lambda r: r.reason),
]

RATE_COLUMNS: list[Column[RateSetRow]] = [
    Column("Year", lambda r: academic_year_label(r.academic_year)),
    Column("In force", lambda r: r.current),
    Column("Entered", lambda r: r.entered_at),
    Column("KS3 cost", lambda r: r.average_cost_ks3, format_money, align_right=True),
    Column("KS4 cost", lambda r: r.average_cost_ks4, format_money, align_right=True),
    Column("Pupil premium", lambda r: r.pupil_premium, format_money, align_right=True),
    Column("Looked-after", lambda r: r.pupil_premium_cla, format_money, align_right=True),
    Column("Service", lambda r: r.pupil_premium_service, format_money, align_right=True),
    Column("School days", lambda r: r.school_days, align_right=True),
    Column("By", lambda r: r.entered_by),
]


@dataclass(frozen=True)
class FinanceRead:
    """What the tab shows for one term, read in one go (in a worker thread in the window).

    ``states`` is None when the signed-in role may not see finance (nothing else is read).
    """

    years: list[int]
    year: int
    term: Term
    states: dict[Term, TermState] | None
    statements: list[StatementDoc]
    totals: list[Any]
    adjustments: list[Any]
    rates: list[RateSetRow]
    income: dict[int, Decimal]


def read_finance(
    store: Store, today: date, chosen: tuple[int, Term] | None, may_see: bool
) -> FinanceRead:
    """Read the years to choose from and the ``chosen`` term (else the current one)."""
    year, term = chosen or current_term(store, today)
    years = academic_years(store, today)
    if not may_see:
        return FinanceRead(years, year, term, None, [], [], [], [], {})
    return FinanceRead(
        years,
        year,
        term,
        {state.term: state for state in term_states(store, year)},
        load_statements(store, year, term),
        totals_by_school(store, year),
        list_adjustments(store, year),
        list_rate_sets(store),
        income_by_tier(store, year),
    )


class FinanceTab(QWidget):
    """Termly statements per school, their lines and working, totals, rates and corrections.

    The coordinator's end of term: *Prepare statements* to check the drafts, then
    *Issue term…*: one action that prepares afresh, locks, numbers the invoices and
    writes the final PDFs, the workbook and an e-mail draft per school. *Export*
    writes the files again (DRAFT until the term is issued).

    Signals:
        export_finished(object): the ExportResult after a background export.
        issue_finished(object): the IssueResult after "Issue term".
    """

    title = TITLE
    areas = frozenset({Area.PLACEMENTS, Area.FINANCE, Area.PUPILS})
    export_finished = Signal(object)
    issue_finished = Signal(object)

    def __init__(
        self,
        store: Store,
        notifier: ChangeNotifier,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
        *,
        background: bool = True,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._today = today
        self._states: dict[Term, TermState] = {}

        self.year_combo = QComboBox(self)
        self.term_combo = QComboBox(self)
        for term in TERM_ORDER:
            self.term_combo.addItem(term.label, term)
        self.state_label = QLabel(self)
        self.state_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        year_label = QLabel("&Year:", self)
        year_label.setBuddy(self.year_combo)
        term_label = QLabel("&Term:", self)
        term_label.setBuddy(self.term_combo)

        self.prepare_button = QPushButton("&Prepare statements", self)
        self.prepare_button.setToolTip("Work out every school's statement for this term (drafts)")
        self.export_button = QPushButton("E&xport draft statements…", self)
        self.export_button.setToolTip(
            "A PDF per school, one Excel workbook and a CSV, in a folder: marked DRAFT "
            "until the term is issued"
        )
        self.lock_button = QPushButton("&Issue term…", self)
        self.lock_button.setToolTip(
            "Prepare, issue and lock the term, then write the final PDFs with invoice numbers, "
            "the workbook and an e-mail draft to each school's finance contact"
        )
        self.paid_button = QPushButton("&Mark paid…", self)
        self.unpaid_button = QPushButton("Mark &unpaid", self)
        self.adjust_button = QPushButton("Add &adjustment or credit…", self)
        self.corrections_button = QPushButton("&Check locked terms", self)
        self.corrections_button.setToolTip(
            "Re-work locked terms; any change to a placement is booked as an adjustment "
            "in the next open term"
        )
        self.rates_button = QPushButton("&Rates…", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        self.statements = ListPanel(
            STATEMENT_COLUMNS, lambda r: r.school, "Search school", "statements", self
        )
        name_list(self.statements, "Statements")
        self.lines = ListPanel(
            LINE_COLUMNS, lambda r: f"{r.description} {r.programme}", "Search pupil", "lines", self
        )
        name_list(self.lines, "Statement lines")
        self.totals = ListPanel(TOTAL_COLUMNS, lambda r: r.school, "Search school", "schools", self)
        name_list(self.totals, "Totals by school")
        self.adjustments = ListPanel(
            ADJUSTMENT_COLUMNS, lambda r: f"{r.school} {r.reason}", "Search", "adjustments", self
        )
        name_list(self.adjustments, "Adjustments and credits")
        self.rates = ListPanel(RATE_COLUMNS, None, noun="entries", parent=self)
        name_list(self.rates, "Rates history")
        self._add_empty_states()
        rules = QLabel(self._rules_html(), self)
        rules.setWordWrap(True)
        rules.setAlignment(Qt.AlignmentFlag.AlignTop)
        rules.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rules.setContentsMargins(8, 8, 8, 8)
        self.rules = rules
        self.chart = FinanceChart(self, background=background)

        statements_page = QSplitter(Qt.Orientation.Vertical, self)
        statements_page.addWidget(self.statements)
        statements_page.addWidget(self.lines)
        statements_page.setStretchFactor(0, 2)
        statements_page.setStretchFactor(1, 3)
        self.pages = QTabWidget(self)
        self.pages.addTab(statements_page, "Statements")
        self.pages.addTab(self.totals, "Totals by school")
        self.pages.addTab(self.adjustments, "Adjustments and credits")
        self.pages.addTab(self.rates, "Rates history")
        self.pages.addTab(self.rules, "How charges are worked out")

        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.pages)
        body.addWidget(self.chart)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 1)
        body.setSizes([1000, 420])

        choose = QHBoxLayout()
        choose.addWidget(year_label)
        choose.addWidget(self.year_combo)
        choose.addWidget(term_label)
        choose.addWidget(self.term_combo)
        choose.addWidget(self.state_label, 1)
        self.state_label.setWordWrap(True)
        # The term's steps on one row, payments and checks on the next: fits a laptop at 125%.
        actions = QHBoxLayout()
        # Issuing follows preparing; the draft export stands apart, so it is not taken for
        # the next step (a DRAFT PDF is not an invoice).
        for button in (self.prepare_button, self.lock_button):
            actions.addWidget(button)
        actions.addSpacing(16)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        payments = QHBoxLayout()
        for button in (self.paid_button, self.unpaid_button, self.adjust_button):
            payments.addWidget(button)
        payments.addStretch(1)
        payments.addWidget(self.corrections_button)
        payments.addWidget(self.rates_button)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addLayout(actions)
        layout.addLayout(payments)
        layout.addWidget(self.message)
        layout.addWidget(body, 1)

        # Ten years of statements and placements take seconds to read: the tab shows at
        # once and fills from a worker thread (the newest choice wins); tests that check
        # the tab straight after a change pass ``background=False``.
        self.reads = LatestRead(
            self,
            self._on_read_failed,
            background=background,
            lists=(self.statements, self.totals, self.adjustments, self.rates),
        )
        for button in self._action_buttons():
            button.setEnabled(False)  # until the first read says which apply
        self._connect_signals()
        self.refresher = StaleWhenHidden(self, notifier, self.areas, self.refresh)
        self._read(None)

    # -- wiring -----------------------------------------------------------
    def _connect_signals(self) -> None:
        self.year_combo.currentIndexChanged.connect(self._on_year_combo_changed)
        self.term_combo.currentIndexChanged.connect(self._on_term_combo_changed)
        self.statements.selection_changed.connect(self._on_statements_selection_changed)
        self.prepare_button.clicked.connect(self._on_prepare_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self.lock_button.clicked.connect(self._on_lock_button_clicked)
        self.paid_button.clicked.connect(self._on_paid_button_clicked)
        self.unpaid_button.clicked.connect(self._on_unpaid_button_clicked)
        self.adjust_button.clicked.connect(self._on_adjust_button_clicked)
        self.corrections_button.clicked.connect(self._on_corrections_button_clicked)
        self.rates_button.clicked.connect(self._on_rates_button_clicked)

    def _action_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.prepare_button,
            self.export_button,
            self.lock_button,
            self.adjust_button,
            self.paid_button,
            self.unpaid_button,
            self.corrections_button,
            self.rates_button,
        )

    def _fill_years(self, years: list[int], year: int, term: Term) -> None:
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        for option in years:
            self.year_combo.addItem(academic_year_label(option), option)
        self.year_combo.setCurrentIndex(max(0, self.year_combo.findData(year)))
        self.year_combo.blockSignals(False)
        self.term_combo.blockSignals(True)
        self.term_combo.setCurrentIndex(max(0, self.term_combo.findData(term)))
        self.term_combo.blockSignals(False)

    @staticmethod
    def _rules_html() -> str:
        items = "".join(f"<p><b>{title}.</b> {text}</p>" for title, text in CHARGE_RULES)
        return f"<h3>How each school's charges are worked out</h3>{items}"

    # -- reading the selection ---------------------------------------------
    @property
    def academic_year(self) -> int:
        """The academic year chosen."""
        return int(self.year_combo.currentData())

    @property
    def term(self) -> Term:
        """The term chosen."""
        return Term(self.term_combo.currentData())

    def _term_label(self) -> str:
        return f"{self.term.label} {academic_year_label(self.academic_year)}"

    # -- refreshing -------------------------------------------------------
    @property
    def loading(self) -> bool:
        """True while the chosen term is being read."""
        return self.reads.loading

    def refresh(self) -> None:
        """Reload everything, keeping the year and term chosen (new rates may add a year)."""
        self._read((self.academic_year, self.term) if self.year_combo.count() else None)

    def _show_term(self) -> None:
        """Load the chosen term's statements, the totals, chart, adjustments and rates."""
        self.refresh()

    def _read(self, chosen: tuple[int, Term] | None) -> None:
        store, today = self._store, self._today()
        # db/ refuses finance reads to this role: the tab says so instead of failing.
        may_see = allowed(current_user(store).role, Action.VIEW_FINANCE)
        if self.reads.background and not self._states:
            self.state_label.setText(LOADING)
        self.reads.start(lambda: read_finance(store, today, chosen, may_see), self._show_read)

    def _on_read_failed(self, _error: BaseException) -> None:
        self.state_label.setText("The statements could not be read; the log has the details.")

    def _show_read(self, read: FinanceRead) -> None:
        self._fill_years(read.years, read.year, read.term)
        if read.states is None:
            self._states = {}
            for panel in (self.statements, self.totals, self.adjustments, self.rates):
                panel.set_rows([])
            self.state_label.setText(
                "Rates and statements are for the coordinator; your account may not see them."
            )
            for button in self._action_buttons():
                button.setEnabled(False)
            return
        self.corrections_button.setEnabled(True)
        self.rates_button.setEnabled(True)
        year, term = read.year, read.term
        self._states = read.states
        state = self._states[term]
        if state.locked and state.locked_on:
            where = f"issued and locked on {long_date(state.locked_on)}"
        elif state.statements:
            where = "draft: prepare again after any change, then Issue term…"
        elif not state.has_dates:
            where = "no term dates entered yet"
        else:
            where = "no statements prepared yet"
        self.state_label.setText(
            f"<b>{self._term_label()}</b>: {state.statements} statements, "
            f"{format_money(state.total)} — {where}"
        )
        selected = self.statements.selected_row()
        self.statements.set_rows(read.statements)
        self._reselect(selected.school_id if selected is not None else None)
        self.totals.set_rows(read.totals)
        self.adjustments.set_rows(read.adjustments)
        self.rates.set_rows(read.rates)
        for panel in (self.statements, self.totals, self.adjustments, self.rates):
            # Short lists (one row per school): fit the columns to what they hold.
            fit_columns(panel.table)
        self.chart.set_figures(
            academic_year_label(year),
            read.income,
            [(t.label, self._states[t].total) for t in TERM_ORDER],
        )
        self._update_buttons()

    def _reselect(self, school_id: int | None) -> None:
        model = self.statements.model
        rows = model.rows()
        index = next((i for i, r in enumerate(rows) if r.school_id == school_id), 0 if rows else -1)
        if index >= 0:
            self.statements.table.selectRow(index)
        else:
            self.lines.set_rows([])
        self._update_buttons()

    def _update_buttons(self) -> None:
        state = self._states.get(self.term)
        locked = bool(state and state.locked)
        has = bool(state and state.statements)
        selected = self.statements.selected_row()
        self.prepare_button.setEnabled(not locked)
        self.export_button.setEnabled(has)
        self.export_button.setText(
            "E&xport issued statements…" if locked else "E&xport draft statements…"
        )
        # Issuing prepares afresh, so it needs term dates, not statements prepared first.
        self.lock_button.setEnabled(bool(state and state.has_dates) and not locked)
        self.adjust_button.setEnabled(not locked)
        issued = selected is not None and selected.status != StatementStatus.DRAFT
        self.paid_button.setEnabled(issued and selected.status != StatementStatus.PAID)
        self.unpaid_button.setEnabled(issued and selected.status == StatementStatus.PAID)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    # -- slots ------------------------------------------------------------
    def _on_year_combo_changed(self, _index: int) -> None:
        self._show_term()

    def _on_term_combo_changed(self, _index: int) -> None:
        self._show_term()

    def _on_statements_selection_changed(self, row: StatementDoc | None) -> None:
        self.lines.set_rows(list(row.lines) if row is not None else [])
        fit_columns(self.lines.table)
        self._update_buttons()

    def _perform(
        self, title: str, operation: Callable[[], Any], said: Callable[[Any], str] | None = None
    ) -> None:
        """Run one Finance write; say what it did, then announce Finance changed (once)."""
        perform(
            self,
            self._notifier,
            title,
            operation,
            (Area.FINANCE,),
            on_success=(lambda result: self._say(said(result))) if said is not None else None,
        )

    def _add_empty_states(self) -> None:
        """Say what to do first in each list while it is empty."""
        self.statements.set_empty_state(
            "No statements for this term yet: check the rates, then prepare the term's "
            "statements from the placements.",
            "Prepare statements",
            self._on_prepare_button_clicked,
        )
        self.lines.set_empty_state("Choose a statement to see its lines.")
        self.totals.set_empty_state("Each school's charges for the year add up here.")
        self.adjustments.set_empty_state(
            "No adjustments or credits: add one when a charge must be corrected.",
            "Add adjustment or credit…",
            self._on_adjust_button_clicked,
        )
        self.rates.set_empty_state(
            "No rates yet: enter this year's rates before the first statements.",
            "Rates…",
            self._on_rates_button_clicked,
        )

    def _on_prepare_button_clicked(self) -> None:
        year, term, label = self.academic_year, self.term, self._term_label()
        store, today = self._store, self._today()
        # Every placement of the term is priced: seconds on ten years of records, so
        # it runs in the background with the button held down, the tab still usable.
        self._say(f"Preparing the {label} statements…")
        perform_in_background(
            self,
            self._notifier,
            "Prepare statements",
            lambda: prepare_statements(store, year, term, today),
            (Area.FINANCE,),
            busy=(self.prepare_button, self.lock_button, self.export_button),
            on_success=lambda count: self._say(f"Prepared {count} statements for {label}."),
            on_refused=lambda _error: self._say(""),
        )

    def _on_export_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, f"Folder for the {self._term_label()} statements"
        )
        if not folder:
            return
        self.start_export(Path(folder))

    def start_export(self, folder: Path) -> None:
        """Export the chosen term's statements into ``folder`` in the background."""
        self.export_button.setEnabled(False)
        self._say(f"Exporting {self._term_label()} statements…")
        task = run_job(
            self,
            f"Exporting {self._term_label()} statements",
            export_term,
            self._store,
            self.academic_year,
            self.term,
            folder,
            on_success=self._on_export_succeeded,
            on_failure=self._on_export_failed,
        )
        task.done.connect(lambda: self._on_export_task_done(task))

    def _on_export_task_done(self, task: Task) -> None:
        # Success and failure have their own words; Cancel leaves only this.
        if task.result is None and task.error is None:
            self._say("Export cancelled; the statement PDFs already written stay in the folder.")
        self._update_buttons()

    def _on_export_succeeded(self, result: ExportResult) -> None:
        kind = "DRAFT statement PDFs (not invoices)" if result.draft else "statement PDFs"
        self._say(
            f"Wrote {result.pdfs} {kind}, {result.workbook.name} and {result.csv.name} "
            f"to {result.folder}."
        )
        self._update_buttons()
        self.export_finished.emit(result)

    def _on_export_failed(self, error: BaseException) -> None:
        self._say(f"The export failed: {error}. Nothing was changed; try another folder.")
        self._update_buttons()

    def _on_lock_button_clicked(self) -> None:
        dialog = IssueTermDialog(self._term_label(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.start_issue(dialog.folder, include_nothing_to_pay=dialog.include_nothing_to_pay)

    def start_issue(self, folder: Path, *, include_nothing_to_pay: bool = False) -> None:
        """Issue the chosen term and write its files into ``folder``, in the background."""
        label = self._term_label()
        self.lock_button.setEnabled(False)
        self.prepare_button.setEnabled(False)
        self._say(f"Issuing the {label} statements…")
        task = run_job(
            self,
            f"Issuing the {label} statements",
            issue_term_files,
            self._store,
            self.academic_year,
            self.term,
            folder,
            self._today(),
            include_nothing_to_pay=include_nothing_to_pay,
            on_success=lambda result: self._on_issue_succeeded(result, label),
            on_failure=self._on_issue_failed,
        )
        task.done.connect(lambda: self._on_issue_task_done(task, label))

    def _on_issue_succeeded(self, result: IssueResult, label: str) -> None:
        self._say(issued_text(result, label))
        self.issue_finished.emit(result)

    def _on_issue_failed(self, error: BaseException) -> None:
        if self._term_locked_now():
            self._say(
                f"The term is issued and locked, but writing its files failed: {error}. "
                "Export issued statements… writes them again (choose another folder)."
            )
        else:
            self._say(f"The statements were not issued: {error}")

    def _term_locked_now(self) -> bool:
        """Read afresh whether the chosen term is locked (a job may have just locked it)."""
        states = term_states(self._store, self.academic_year)
        return any(state.term == self.term and state.locked for state in states)

    def _on_issue_task_done(self, task: Task, label: str) -> None:
        cancelled = task.result is None and task.error is None
        # The job wrote to the database (or may have, before a failure): every view reloads.
        self._notifier.announce(Area.FINANCE)
        if cancelled:
            if self._term_locked_now():
                self._say(
                    f"Cancelled after {label} was issued and locked: the files written so far "
                    "stay in the folder; Export issued statements… writes them all again."
                )
            else:
                self._say(f"Cancelled: {label} was not issued and nothing changed.")
        self._update_buttons()

    def _on_paid_button_clicked(self) -> None:
        row = self.statements.selected_row()
        if row is None:
            return
        dialog = PaidDialog(row.school, self._today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        paid_on = dialog.chosen_date()
        self._perform(
            "Record a payment",
            lambda: set_paid(self._store, row.statement_id, paid_on, row.version),
            lambda _: f"{row.school}: paid on {long_date(paid_on)}.",
        )

    def _on_unpaid_button_clicked(self) -> None:
        row = self.statements.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self, "Mark unpaid", f"Remove the payment recorded for {row.school}'s statement?"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._perform(
                "Mark unpaid", lambda: set_paid(self._store, row.statement_id, None, row.version)
            )

    def _on_adjust_button_clicked(self) -> None:
        row = self.statements.selected_row()
        dialog = AdjustmentDialog(
            self._store,
            school_choices(self._store),
            self.academic_year,
            self.term,
            self._today(),
            row.school_id if row is not None else None,
            parent=self,
            notifier=self._notifier,
        )
        # The dialog books the adjustment and announces it; here only the message.
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._say("Adjustment booked.")

    def _on_corrections_button_clicked(self) -> None:
        self._perform(
            "Check locked terms",
            lambda: book_locked_term_corrections(self._store, self._today()),
            self._corrections_text,
        )

    @staticmethod
    def _corrections_text(booked: list[Correction]) -> str:
        if not booked:
            return "No change to any locked term: nothing to correct."
        total = sum((c.amount for c in booked), start=Decimal(0))
        return (
            f"Booked {len(booked)} corrections ({format_money(total, signed=True)}) in the next "
            "open term; the issued statements are unchanged."
        )

    def _on_rates_button_clicked(self) -> None:
        dialog = RatesDialog(self._store, self.academic_year, parent=self, notifier=self._notifier)
        # The dialog saves the rates and announces them; here only the message.
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._say(
                f"Rates for {academic_year_label(self.academic_year)} saved; "
                "prepare statements again to use them."
            )
