"""Settings > The year's offer: places, weeks, days a week and charging per programme and year."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.offer import offer_version, offer_years, read_offer, save_offer
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Programme
from slip_desktop.domain.offer import Offer, offer_from_text
from slip_desktop.domain.programmes import CATALOGUE, ChargeRule, info, pool_programmes
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import perform

#: What saving the offer changes: capacity (rosters), charges (finance), the settings.
OFFER_CHANGES = (Area.SETTINGS, Area.PLACEMENTS, Area.FINANCE)
HEADINGS = (
    "Programme",
    "Places (Reset: per group)",
    "Weeks",
    "Days a week",
    "Charged",
    "Charging rule",
)


class _Row:
    """The editable cells of one programme's line."""

    def __init__(self, parent: QWidget, programme: Programme) -> None:
        self.programme = programme
        self.places = QLineEdit(parent)
        self.weeks = QLineEdit(parent)
        self.days = QLineEdit(parent)
        self.charged = QCheckBox(parent)
        self.rule = QComboBox(parent)
        for rule in ChargeRule:
            self.rule.addItem(rule.label, rule.value)
        for name, edit in (("places", self.places), ("weeks", self.weeks), ("days", self.days)):
            edit.setObjectName(f"{name}:{programme.value}")
            edit.setMinimumWidth(80)
            edit.setMaximumWidth(100)
        self.weeks.setPlaceholderText("open")
        self.charged.toggled.connect(self.rule.setEnabled)

    def show_line(self, offer: Offer) -> None:
        line = offer.line(self.programme)
        self.places.setText("" if line.places is None else str(line.places))
        self.weeks.setText("" if line.weeks is None else str(line.weeks))
        self.days.setText(f"{line.days_per_week.normalize():f}")
        self.charged.setChecked(line.charged)
        self.rule.setCurrentIndex(list(ChargeRule).index(line.charge_rule))
        self.rule.setEnabled(line.charged)


class OfferDialog(QDialog):
    """Pick an academic year and edit its offer; saving stores that year's own offer.

    A year without its own offer shows the one it follows (the last year saved, or
    the published offer); saving it makes the change apply from that year on.
    Earlier years keep theirs, and every change is on the audit trail.
    """

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
        self._entered_by = entered_by
        self.saved: Offer | None = None
        self.setWindowTitle("The year's offer")
        self.year = QComboBox(self)
        years = sorted({*offer_years(store), academic_year, academic_year + 1})
        for year in years:
            self.year.addItem(academic_year_label(year), year)
        self.year.setCurrentIndex(years.index(academic_year))
        self.status = QLabel("", self)
        self.errors = FieldErrors(QLabel(self))
        grid = QGridLayout()
        for column, heading in enumerate(HEADINGS):
            grid.addWidget(QLabel(f"<b>{heading}</b>", self), 0, column)
        self.rows: dict[Programme, _Row] = {}
        for number, programme in enumerate(CATALOGUE, start=1):
            row = _Row(self, programme)
            self.rows[programme] = row
            grid.addWidget(QLabel(programme.label, self), number, 0)
            for column, (name, widget) in enumerate(
                (("places", row.places), ("weeks", row.weeks), ("days", row.days)), start=1
            ):
                box = FieldBox(widget)
                box.message.setObjectName(f"error_{name}:{programme.value}")
                self.errors.add(f"{name}:{programme.value}", box)
                grid.addWidget(box, number, column)
            grid.addWidget(row.charged, number, 4, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(row.rule, number, 5)
            self._explain_places(row)
        note = QLabel(
            "Places are per pool: Reset's figure is per group (two groups), pathways 1 and 2 "
            "share Wigston's places. A change applies from the chosen year on; earlier years "
            "keep their offer, and every change is kept on the audit trail.",
            self,
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        year_label = QLabel("Academic &year:", self)
        year_label.setBuddy(self.year)
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        if self.errors.fallback is not None:
            layout.addWidget(self.errors.fallback)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.year.currentIndexChanged.connect(self._on_year_current_index_changed)
        self._on_year_current_index_changed()

    def academic_year(self) -> int:
        """Return the year being edited."""
        return int(self.year.currentData())

    def _explain_places(self, row: _Row) -> None:
        entry = info(row.programme)
        first = pool_programmes(entry.pool.key)[0]
        if entry.pool.places is None:
            row.places.setEnabled(False)
            row.places.setPlaceholderText("no limit")
            row.places.setToolTip(f"{entry.pool.label} has no fixed number of places.")
        elif first != row.programme:
            row.places.setEnabled(False)
            row.places.setToolTip(f"Shares its places with {first.label}: change them there.")
            self.rows[first].places.textChanged.connect(row.places.setText)
        elif entry.pool.groups:
            row.places.setToolTip(f"Places in each of the {len(entry.pool.groups)} groups.")

    def _on_year_current_index_changed(self, *_args: object) -> None:
        year = self.academic_year()
        offer = read_offer(self._store, year)
        # Kept so a save refuses the year if someone else saved its offer meanwhile.
        self._opened_version = offer_version(self._store, year)
        for row in self.rows.values():
            row.show_line(offer)
        own = year in offer_years(self._store)
        self.status.setText(
            "This year's own offer."
            if own
            else "Not saved for this year yet: showing the offer it follows. Save to keep it."
        )
        self.errors.clear()

    def offer(self) -> Offer:
        """Return the offer as typed (raises ValidationError for what cannot be accepted)."""
        texts = {
            p: {"places": r.places.text(), "weeks": r.weeks.text(), "days": r.days.text()}
            for p, r in self.rows.items()
        }
        charged = {p: r.charged.isChecked() for p, r in self.rows.items()}
        rules = {p: ChargeRule(r.rule.currentData()) for p, r in self.rows.items()}
        return offer_from_text(self.academic_year(), texts, charged, rules)

    def _save(self) -> Offer:
        return save_offer(self._store, self.offer(), self._entered_by, self._opened_version)

    def _saved(self, offer: Offer) -> None:
        self.saved = offer
        self.accept()

    def _on_buttons_accepted(self) -> None:
        self.errors.clear()
        perform(
            self,
            self._notifier,
            "Save the offer",
            self._save,
            OFFER_CHANGES,
            errors=self.errors,
            on_success=self._saved,
        )
