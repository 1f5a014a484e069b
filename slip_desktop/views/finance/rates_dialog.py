"""The rates dialog: enter a year's rates as a new entry, with the history beside them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.rates import RateSetRow, list_rate_sets, save_rates
from slip_desktop.db.store import Store
from slip_desktop.domain.charges import RATE_FIELDS
from slip_desktop.domain.money import format_money
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.models.row_table_model import Column
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform
from slip_desktop.ui.screen_fit import resize_to_fit

HISTORY_COLUMNS: list[Column[RateSetRow]] = [
    Column("Entered", lambda r: r.entered_at),
    Column("By", lambda r: r.entered_by),
    Column("In force", lambda r: r.current),
    Column("KS3 cost", lambda r: r.average_cost_ks3, format_money, align_right=True),
    Column("KS4 cost", lambda r: r.average_cost_ks4, format_money, align_right=True),
    Column("Pupil premium", lambda r: r.pupil_premium, format_money, align_right=True),
    Column("Looked-after", lambda r: r.pupil_premium_cla, format_money, align_right=True),
    Column("Service", lambda r: r.pupil_premium_service, format_money, align_right=True),
    Column("School days", lambda r: r.school_days, align_right=True),
]


class RatesDialog(QDialog):
    """Enter the rates for one academic year; saving adds an entry and keeps the older ones."""

    def __init__(
        self,
        store: Store,
        academic_year: int,
        entered_by: str = "",
        parent: QWidget | None = None,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._notifier = notifier
        self._year = academic_year
        self._entered_by = entered_by
        self.saved: RateSetRow | None = None
        self.setWindowTitle(f"Rates for {academic_year_label(academic_year)}")
        resize_to_fit(self, 860, 560)

        history = list_rate_sets(store, academic_year)
        current = history[0] if history else None
        # The year's newest entry as read: a save by someone else since is refused.
        self._opened_id = current.id if current is not None else 0
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        self.errors = FieldErrors(QLabel(self))
        fields = [*RATE_FIELDS, ("school_days", "School days in the year")]
        for name, label in fields:
            edit = QLineEdit(self)
            edit.setObjectName(name)
            if current is not None:
                value = getattr(current, name)
                edit.setText(str(value) if name == "school_days" else f"{value:.2f}")
            edit.setPlaceholderText("190" if name == "school_days" else "£ a year, e.g. 1035.00")
            self.errors.add_row(form, name, f"{label}:", edit)
            self.edits[name] = edit
        note = QLabel(
            "Saving adds a new entry; statements prepared from now on use it. Earlier "
            "entries stay below as history, and issued statements keep the rates they used. "
            "A pupil's additional SEND funding is entered on the pupil's record.",
            self,
        )
        note.setWordWrap(True)

        self.history = ListPanel(HISTORY_COLUMNS, None, noun="entries", parent=self)
        name_list(self.history, "Rates history")
        self.history.set_rows(history)
        box = QGroupBox("History for this year (newest first)", self)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.history)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addLayout(form, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        if self.errors.fallback is not None:
            layout.addWidget(self.errors.fallback)
        layout.addWidget(note)
        layout.addWidget(box, 1)
        layout.addWidget(self.buttons, 0, Qt.AlignmentFlag.AlignRight)
        for first, second in zip(fields, fields[1:], strict=False):
            QWidget.setTabOrder(self.edits[first[0]], self.edits[second[0]])
        self.edits[fields[0][0]].setFocus()

    def _saved(self, row: RateSetRow) -> None:
        self.saved = row
        self.accept()

    def _on_buttons_accepted(self) -> None:
        self.errors.clear()
        texts = {name: edit.text() for name, edit in self.edits.items()}
        perform(
            self,
            self._notifier,
            "Save rates",
            lambda: save_rates(self._store, self._year, texts, self._entered_by, self._opened_id),
            (Area.FINANCE,),
            errors=self.errors,
            on_success=self._saved,
        )
