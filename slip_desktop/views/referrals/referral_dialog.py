"""The New / Edit referral dialog: the whole referral form, its pupil and the tier rule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.pupils import PupilChoice, find_pupil_by_upn, search_pupils
from slip_desktop.db.referrals import (
    PupilContext,
    ReferralRecord,
    SavedReferral,
    anonymous_partnership_problem,
    pupil_context,
    referral_form_data,
    save_referral,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.enums import Consent, Reason, ReferralKind, ReferralStatus
from slip_desktop.domain.errors import DomainError, RuleError, ValidationError
from slip_desktop.domain.pupils import DuplicateUpnError
from slip_desktop.domain.referral_workflow import allowed_moves
from slip_desktop.domain.referrals import GraduatedResponseError, ReferralInput
from slip_desktop.domain.school_year import key_stage_label
from slip_desktop.domain.validation import LONG_TEXT_MAX, SHORT_TEXT_MAX
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.form_inputs import CountedTextEdit, DateField
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import save_and_close
from slip_desktop.ui.palette import ERROR_STYLE, WARNING
from slip_desktop.ui.screen_fit import resize_to_fit, scrolling
from slip_desktop.ui.tab_order import order_page_built_later
from slip_desktop.views.referrals.pupil_form import PupilForm
from slip_desktop.views.referrals.pupil_picker import PupilPicker

EXISTING, NEW, ANONYMOUS = 0, 1, 2

#: The consent box's first entry, until the coordinator says what the parents said.
CONSENT_UNCHOSEN = "Choose..."
#: Said beside the consent box when a named pupil's referral is saved with nothing chosen.
CONSENT_MISSING = "Choose whether the parents consented."
#: Added to the title of a page of the form that holds a field needing attention.
PAGE_ERROR_MARK = "  ⚠"

PLACEHOLDERS = {
    "presenting_concerns": "What is happening now, and since when?",
    "strategies_tried": "What the school has already tried, and how it went",
    "current_support": "Support in place now (in school and outside)",
    "agencies_involved": "e.g. CAMHS, CFWS, Educational Psychologist, social care",
    "pupil_views": "In the pupil's own words where possible",
    "parent_views": "What the parents or carers say",
    "hoped_for_outcomes": "What the school hopes the referral will achieve",
}


#: The fields on the pages built when first shown (page number -> field names).
LATER_PAGES: dict[int, frozenset[str]] = {
    2: frozenset(
        {
            "reasons",
            "presenting_concerns",
            "strategies_tried",
            "current_support",
            "agencies_involved",
            "attendance",
            "suspensions",
        }
    ),
    3: frozenset({"pupil_views", "parent_views", "hoped_for_outcomes"}),
}


def _changed_rows(saved: SavedReferral) -> dict[Area, list[int]]:
    """The rows a save changed: the referral, and its pupil (new with it, or not)."""
    rows = {Area.REFERRALS: [saved.id]}
    if saved.pupil_id is not None:
        rows[Area.PUPILS] = [saved.pupil_id]
    return rows


class ReferralDialog(QDialog):
    """The referral form: pupil (existing, new or anonymous), referrer, consent and concerns.

    Saving validates through ``domain/`` (via ``db.referrals.save_referral``);
    each problem is shown beside its field with the focus on the first, and
    everything typed stays. A partnership referral the graduated response does
    not allow says what is missing and offers a forum referral instead. Saving
    announces the referral (and a new pupil) on ``notifier``, once.

    Signals:
        referral_saved(int): the id of the referral just stored.
    """

    referral_saved = Signal(int)

    def __init__(
        self,
        store: Store,
        today: date,
        referral_id: int | None = None,
        parent: QWidget | None = None,
        *,
        pupil_id: int | None = None,
        kind: ReferralKind = ReferralKind.FORUM,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self._notifier = notifier
        # Everything the form shows, read once (referral, schools, its pupil and their
        # open referrals and forum history), not once per field.
        data = referral_form_data(store, referral_id, pupil_id=pupil_id)
        self._record: ReferralRecord | None = data.record
        self._schools = data.schools
        #: Each chosen pupil's open referrals and forum facts, read once per pupil.
        self._contexts: dict[int, PupilContext] = {}
        if data.pupil is not None:
            self._contexts[data.pupil.pupil.id] = data.pupil
        self.saved: SavedReferral | None = None
        self.errors = FieldErrors()
        #: What pages 2 and 3 show until built: the record's values, or a new form's.
        self._later_values = (
            data.record.as_input()
            if data.record is not None
            else ReferralInput(
                kind,
                anonymous=False,
                has_pupil=False,
                school_id=None,
                year_group=None,
                received_on=None,
            )
        )
        self._texts: dict[str, CountedTextEdit] = {}
        #: Pages 2 and 3 (numbered from 1) hold an empty frame until first shown: most
        #: openings look at page 1 only, and building the other two is half the work.
        self._later_pages: dict[int, QVBoxLayout] = {}
        self.setWindowTitle("New referral" if self._record is None else "Edit referral")
        # Preferred, not a minimum: a 1366x768 screen at 125% has about 1093x614 free.
        resize_to_fit(self, 1000, 720)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(scrolling(self._build_first_page()), "&1  Pupil and referral")
        for number, title in ((2, "&2  Concerns and support"), (3, "&3  Views and outcomes")):
            holder = QWidget(self)
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self._later_pages[number] = holder_layout
            self.tabs.addTab(holder, title)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

        self.form_error = QLabel(self)
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setWordWrap(True)
        self.form_error.setVisible(False)
        self.errors.fallback = self.form_error

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Save the referral (Ctrl+S)")
        # Enter in a field must not save or cancel half a form: saving is Ctrl+S or a click.
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self._on_buttons_accepted)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)

        if self._record is not None:
            self._load(self._record)
        else:
            self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
            if pupil_id is not None:
                self.choose_existing_pupil(pupil_id)
            # A new form starts with the pupil: type a name or UPN to find them.
            self.picker.search.setFocus()
        self._on_mode_changed()
        self._update_partnership_hint()
        self._set_tab_order()

    # -- building ---------------------------------------------------------
    def _box(self, name: str, widget: QWidget) -> FieldBox:
        return self.errors.add(name, FieldBox(widget))

    def _build_first_page(self) -> QWidget:
        page = QWidget(self)
        referral = QGroupBox("Referral", page)
        self.kind = QComboBox(referral)
        self.kind.addItem("Inclusion Forum (tier 1)", ReferralKind.FORUM)
        self.kind.addItem("Partnership (tier 2 and above)", ReferralKind.PARTNERSHIP)
        self.kind_box = self._box("kind", self.kind)
        self.school = QComboBox(referral)
        self.school.addItem("Choose a school...", None)
        for school in self._schools:
            self.school.addItem(school.name, school.id)
        self.received_on = DateField(parent=referral)
        self.received_on.set_value(self._today)
        self.status = QComboBox(referral)
        self.referrer_name = QLineEdit(referral)
        self.referrer_role = QLineEdit(referral)
        self.referrer_role.setPlaceholderText("e.g. SENCO, Head of Year")
        self.referrer_email = QLineEdit(referral)
        self.referrer_phone = QLineEdit(referral)
        for edit in (self.referrer_name, self.referrer_role, self.referrer_email):
            edit.setMaxLength(SHORT_TEXT_MAX * 5)
        self.referrer_phone.setMaxLength(200)
        self.consent = QComboBox(referral)
        # Nothing chosen at first: "not yet asked" would be an error for every named pupil.
        self.consent.addItem(CONSENT_UNCHOSEN, None)
        for consent in Consent:
            self.consent.addItem(consent.label, consent)
        self.consent.setCurrentIndex(0)
        self.consent_on = DateField(parent=referral)

        form = QFormLayout(referral)
        form.addRow("&Kind", self.kind_box)
        form.addRow("S&chool", self._box("school", self.school))
        form.addRow("&Received", self._box("received_on", self.received_on))
        self.status_label = QLabel("S&tatus", referral)
        self.status_box = self._box("status", self.status)
        form.addRow(self.status_label, self.status_box)
        self.status_label.setBuddy(self.status)
        # A new referral always starts as "New"; its status moves once it exists.
        self.status_label.setVisible(self._record is not None)
        self.status_box.setVisible(self._record is not None)
        form.addRow("Referred &by", self._box("referrer_name", self.referrer_name))
        form.addRow("R&ole", self._box("referrer_role", self.referrer_role))
        form.addRow("&Email", self._box("referrer_email", self.referrer_email))
        form.addRow("&Phone", self._box("referrer_phone", self.referrer_phone))
        form.addRow("Parental co&nsent", self._box("consent", self.consent))
        form.addRow("Consent &date", self._box("consent_on", self.consent_on))

        pupil = QGroupBox("Pupil", page)
        self.mode_existing = QRadioButton("E&xisting pupil", pupil)
        self.mode_new = QRadioButton("Ne&w pupil record", pupil)
        self.mode_anonymous = QRadioButton("&Anonymous case (no consent yet)", pupil)
        self.mode_group = QButtonGroup(self)
        for number, button in enumerate((self.mode_existing, self.mode_new, self.mode_anonymous)):
            self.mode_group.addButton(button, number)
        self.mode_existing.setChecked(True)
        modes = QHBoxLayout()
        for button in self.mode_group.buttons():
            modes.addWidget(button)
        modes.addStretch(1)

        store = self._store
        # Search as you type: a few pupils read per keystroke, never all of them at once.
        self.picker = PupilPicker(lambda text, limit: search_pupils(store, text, limit))
        self.chosen_pupil = QLabel("No pupil chosen yet.", pupil)
        self.chosen_pupil.setWordWrap(True)
        picker_page = QWidget(pupil)
        picker_layout = QVBoxLayout(picker_page)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        picker_layout.addWidget(self._box("pupil", self.picker), 1)
        picker_layout.addWidget(self.chosen_pupil)
        self._chosen: PupilChoice | None = None

        # The new pupil's form is built when "New pupil record" is first chosen: an Edit
        # never shows it (its pupil is fixed), and most new referrals are for a known pupil.
        self._pupil_form: PupilForm | None = None
        self._pupil_form_holder = QWidget(pupil)
        holder_layout = QVBoxLayout(self._pupil_form_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)

        anonymous_page = QWidget(pupil)
        self.anonymous_year = QSpinBox(anonymous_page)
        self.anonymous_year.setRange(0, 14)
        self.anonymous_year.setSpecialValueText("Choose...")
        self.anonymous_year_box = FieldBox(self.anonymous_year)
        self.case_reference = QLabel(
            "A case reference (SLIP-YYYY-NNN) is given on saving. No name, UPN or date of "
            "birth is stored: only the school and year group. When the parents consent, "
            "use 'Link to pupil' on the Referrals tab.",
            anonymous_page,
        )
        self.case_reference.setWordWrap(True)
        anonymous_form = QFormLayout(anonymous_page)
        anonymous_form.setContentsMargins(0, 0, 0, 0)
        anonymous_form.addRow("&Year group", self.anonymous_year_box)
        anonymous_form.addRow(self.case_reference)

        self.pupil_pages = QStackedWidget(pupil)
        self.pupil_pages.addWidget(picker_page)
        self.pupil_pages.addWidget(self._pupil_form_holder)
        self.pupil_pages.addWidget(anonymous_page)
        pupil_layout = QVBoxLayout(pupil)
        pupil_layout.addLayout(modes)
        pupil_layout.addWidget(self.pupil_pages, 1)

        layout = QHBoxLayout(page)
        layout.addWidget(referral, 2)
        layout.addWidget(pupil, 3)

        self.mode_group.idToggled.connect(self._on_mode_group_id_toggled)
        self.picker.selection_changed.connect(self._on_picker_selection_changed)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self.received_on.date_changed.connect(self._on_received_on_date_changed)
        self.consent.currentIndexChanged.connect(self._on_consent_current_index_changed)
        self._on_consent_current_index_changed()
        return page

    # -- the later pages, built when first shown -------------------------------
    def _on_tabs_current_changed(self, index: int) -> None:
        self._build_page(index + 1)

    def _build_pages_of(self, names: Iterable[str]) -> bool:
        """Build the later pages holding any of the fields ``names``; return whether any was."""
        wanted = set(names)
        built = False
        for number, fields in LATER_PAGES.items():
            if wanted & fields and not self.page_built(number):
                self._build_page(number)
                built = True
        return built

    def _build_page(self, number: int) -> None:
        holder = self._later_pages.pop(number, None)
        if holder is None:
            return  # page 1, or built already
        values = self._later_values
        if number == 2:
            page = self._build_concerns_page()
            for reason, box in self._reasons.items():
                box.setChecked(reason in values.reasons)
            self._attendance.setText(values.attendance)
            self._suspensions.setText(values.suspensions)
            self._permanent_exclusion.setChecked(values.previous_permanent_exclusion)
        else:
            page = self._build_views_page()
        for name in LATER_PAGES[number] & self._texts.keys():
            self._texts[name].set_text(getattr(values, name))
        scroller = scrolling(page)
        holder.addWidget(scroller)
        scroller.show()  # at once, not at the next pass of the event loop
        # Built after the dialog was shown (and its Tab order set): in order after the tabs.
        order_page_built_later(page, self.tabs.tabBar())

    @property
    def reasons(self) -> dict[Reason, QCheckBox]:
        """The reason boxes on page 2 (built on first use)."""
        self._build_page(2)
        return self._reasons

    @property
    def texts(self) -> dict[str, CountedTextEdit]:
        """The long text fields on pages 2 and 3 (built on first use)."""
        self._build_page(2)
        self._build_page(3)
        return self._texts

    @property
    def attendance(self) -> QLineEdit:
        """Attendance % on page 2 (built on first use)."""
        self._build_page(2)
        return self._attendance

    @property
    def suspensions(self) -> QLineEdit:
        """Suspensions this year on page 2 (built on first use)."""
        self._build_page(2)
        return self._suspensions

    @property
    def permanent_exclusion(self) -> QCheckBox:
        """Previously permanently excluded, on page 2 (built on first use)."""
        self._build_page(2)
        return self._permanent_exclusion

    def page_built(self, number: int) -> bool:
        """Return whether page ``number`` (from 1) has its fields yet."""
        return number not in self._later_pages

    def _build_concerns_page(self) -> QWidget:
        page = QWidget(self)
        reasons = QWidget(page)
        grid = QGridLayout(reasons)
        grid.setContentsMargins(0, 0, 0, 0)
        self._reasons: dict[Reason, QCheckBox] = {}
        for number, reason in enumerate(Reason):
            box = QCheckBox(reason.label, reasons)
            self._reasons[reason] = box
            grid.addWidget(box, number // 4, number % 4)
        for name in (
            "presenting_concerns",
            "strategies_tried",
            "current_support",
            "agencies_involved",
        ):
            self._texts[name] = CountedTextEdit(LONG_TEXT_MAX, PLACEHOLDERS[name], page)
        self._attendance = QLineEdit(page)
        self._attendance.setPlaceholderText("e.g. 87.5")
        self._attendance.setMaxLength(40)
        self._suspensions = QLineEdit(page)
        self._suspensions.setPlaceholderText("0")
        self._suspensions.setMaxLength(40)
        self._permanent_exclusion = QCheckBox("Previously permanently excluded", page)

        numbers = QWidget(page)
        numbers_layout = QHBoxLayout(numbers)
        numbers_layout.setContentsMargins(0, 0, 0, 0)
        attendance_form = QFormLayout()
        attendance_form.addRow("Attendance &%", self._box("attendance", self._attendance))
        suspensions_form = QFormLayout()
        suspensions_form.addRow(
            "Suspensions this &year", self._box("suspensions", self._suspensions)
        )
        numbers_layout.addLayout(attendance_form)
        numbers_layout.addLayout(suspensions_form)
        numbers_layout.addWidget(self._permanent_exclusion, 0, Qt.AlignmentFlag.AlignTop)
        numbers_layout.addStretch(1)

        form = QFormLayout(page)
        form.addRow("Reasons", self._box("reasons", reasons))
        form.addRow(
            "Presenting &concerns",
            self._box("presenting_concerns", self._texts["presenting_concerns"]),
        )
        form.addRow(
            "&Strategies tried", self._box("strategies_tried", self._texts["strategies_tried"])
        )
        form.addRow(
            "C&urrent support", self._box("current_support", self._texts["current_support"])
        )
        form.addRow(
            "A&gencies involved", self._box("agencies_involved", self._texts["agencies_involved"])
        )
        form.addRow("", numbers)
        return page

    def _build_views_page(self) -> QWidget:
        page = QWidget(self)
        for name in ("pupil_views", "parent_views", "hoped_for_outcomes"):
            self._texts[name] = CountedTextEdit(LONG_TEXT_MAX, PLACEHOLDERS[name], page)
        form = QFormLayout(page)
        form.addRow("&Pupil's views", self._box("pupil_views", self._texts["pupil_views"]))
        form.addRow(
            "P&arents'/carers' views", self._box("parent_views", self._texts["parent_views"])
        )
        form.addRow(
            "&Hoped-for outcomes",
            self._box("hoped_for_outcomes", self._texts["hoped_for_outcomes"]),
        )
        return page

    @property
    def pupil_form(self) -> PupilForm:
        """The new pupil's form (built on first use)."""
        if self._pupil_form is None:
            form = PupilForm(
                self.errors,
                self._today,
                lambda upn: find_pupil_by_upn(self._store, upn),
                self._pupil_form_holder,
            )
            self._pupil_form = form
            form.existing_pupil_chosen.connect(self._on_pupil_form_existing_pupil_chosen)
            form.use_existing.setAutoDefault(False)
            layout = self._pupil_form_holder.layout()
            assert layout is not None
            layout.addWidget(form)
            form.show()  # at once, not at the next pass of the event loop
            if hasattr(self, "save_button"):
                self._set_tab_order()
        return self._pupil_form

    def _refresh_pupil_warnings(self) -> None:
        if self._pupil_form is not None:
            self._pupil_form.refresh_warnings()

    def _set_tab_order(self) -> None:
        """Tab goes through the pupil first (where a form starts), then the referral."""
        form = self._pupil_form
        new_pupil: list[QWidget] = (
            []
            if form is None
            else [
                form.first_name,
                form.last_name,
                form.upn,
                form.date_of_birth.edit,
                form.year_group,
                form.send_status,
                form.pupil_premium,
                form.looked_after,
                form.eal,
            ]
        )
        chain: list[QWidget] = [
            self.mode_existing,
            self.mode_new,
            self.mode_anonymous,
            self.picker.search,
            self.picker.table,
            *new_pupil,
            self.anonymous_year,
            self.kind,
            self.school,
            self.received_on.edit,
            self.status,
            self.referrer_name,
            self.referrer_role,
            self.referrer_email,
            self.referrer_phone,
            self.consent,
            self.consent_on.edit,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- loading ------------------------------------------------------------
    def _load(self, record: ReferralRecord) -> None:
        data = record.as_input()
        self.kind.setCurrentIndex(self.kind.findData(record.kind))
        self.school.setCurrentIndex(max(0, self.school.findData(record.school_id)))
        self.received_on.set_value(record.received_on)
        self.referrer_name.setText(data.referrer_name)
        self.referrer_role.setText(data.referrer_role)
        self.referrer_email.setText(data.referrer_email)
        self.referrer_phone.setText(data.referrer_phone)
        self.consent.setCurrentIndex(self.consent.findData(record.consent))
        self.consent_on.set_value(record.consent_on)
        # Pages 2 and 3 show the record's values when built (self._later_values).
        for button in self.mode_group.buttons():
            button.setEnabled(False)
        if record.pupil is None:
            self.mode_anonymous.setChecked(True)
            self.anonymous_year.setValue(record.year_group)
            self.case_reference.setText(
                f"Case reference {record.case_reference}. No name, UPN or date of birth is "
                "stored. When the parents consent, use 'Link to pupil' on the Referrals tab."
            )
            self.setWindowTitle(f"Edit referral: {record.case_reference} (anonymous)")
        else:
            self.choose_existing_pupil(record.pupil.id)
            self.setWindowTitle(f"Edit referral: {record.pupil.full_name}")
        self._fill_statuses(record.kind, record.status)

    def _fill_statuses(self, kind: ReferralKind, current: ReferralStatus) -> None:
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(current.label, current)
        for status in ReferralStatus:
            if status in allowed_moves(kind, current):
                self.status.addItem(f"→ {status.label}", status)
        self.status.blockSignals(False)

    # -- choosing the pupil ---------------------------------------------------
    def mode(self) -> int:
        """Return EXISTING, NEW or ANONYMOUS."""
        return self.mode_group.checkedId()

    def choose_existing_pupil(self, pupil_id: int) -> None:
        """Switch to "Existing pupil" with ``pupil_id`` chosen."""
        self.mode_existing.setChecked(True)
        pupil = self._context_of(pupil_id).pupil
        self.picker.show_pupil(pupil)
        if self._chosen is None or self._chosen.id != pupil_id:
            self._set_chosen(pupil)

    def _context_of(self, pupil_id: int) -> PupilContext:
        """The pupil's open referrals and forum facts: read the first time they are chosen."""
        context = self._contexts.get(pupil_id)
        if context is None:
            context = self._contexts[pupil_id] = pupil_context(self._store, pupil_id)
        return context

    def _set_chosen(self, pupil: PupilChoice | None) -> None:
        self._chosen = pupil
        if pupil is None:
            self.chosen_pupil.setText("No pupil chosen yet.")
        else:
            stage = key_stage_label(pupil.year_group)
            text = (
                f"<b>{pupil.full_name}</b> &nbsp; UPN {pupil.upn or '(none)'} &nbsp; born "
                f"{long_date(pupil.date_of_birth)} &nbsp; Year {pupil.year_group} {stage} "
                f"&nbsp; {pupil.school}"
            )
            others = [
                r
                for r in self._context_of(pupil.id).open_referrals
                if self._record is None or r.id != self._record.id
            ]
            if others:
                listed = "; ".join(
                    f"{r.kind.label} received {long_date(r.received_on)} ({r.status.label})"
                    for r in others
                )
                text += f"<br><span style='color:{WARNING}'>Already open: {listed}</span>"
            self.chosen_pupil.setText(text)
            if self._record is None:
                self.school.setCurrentIndex(max(0, self.school.findData(pupil.school_id)))
            box = self.errors.box("pupil")
            if box is not None:
                box.clear_message()
        self._update_partnership_hint()

    def _on_picker_selection_changed(self, pupil: PupilChoice | None) -> None:
        if pupil is not None:
            self._set_chosen(pupil)

    def _on_pupil_form_existing_pupil_chosen(self, pupil_id: int) -> None:
        self.choose_existing_pupil(pupil_id)
        self.picker.table.setFocus()

    def _on_mode_group_id_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._on_mode_changed()

    def _on_mode_changed(self) -> None:
        mode = self.mode()
        self.pupil_pages.setCurrentIndex(mode)
        if mode == ANONYMOUS:
            self.errors.add("year_group", self.anonymous_year_box)
        elif mode == NEW or self._pupil_form is not None:
            self.errors.add("year_group", self.pupil_form.year_box)
        self._update_partnership_hint()

    # -- live hints -------------------------------------------------------------
    def _on_kind_current_index_changed(self, _index: int) -> None:
        if self._record is not None:
            self._fill_statuses(self.kind.currentData(), self._record.status)
        self._update_partnership_hint()

    def _on_received_on_date_changed(self, _day: object = None) -> None:
        # The pupil's year group stays today's; only the tier rule depends on this date.
        self._update_partnership_hint()

    def _on_consent_current_index_changed(self) -> None:
        self.consent_on.setEnabled(self.consent.currentData() not in (None, Consent.NOT_ASKED))

    def _update_partnership_hint(self) -> None:
        """Say before saving what a partnership referral still needs, if anything."""
        if not hasattr(self, "pupil_pages"):
            return
        if self.kind.currentData() != ReferralKind.PARTNERSHIP:
            self.kind_box.clear_message()
            return
        if self._record is not None and self._record.kind == ReferralKind.PARTNERSHIP:
            self.kind_box.clear_message()
            return
        mode = self.mode()
        received = self.received_on.value() or self._today
        if mode == ANONYMOUS:
            problem = anonymous_partnership_problem(received)
        elif mode == NEW:
            problem = (
                "A new pupil has no Inclusion Forum referral yet: make a forum referral first."
            )
        elif self._chosen is None:
            problem = None
        else:
            problem = self._context_of(self._chosen.id).partnership_problem(received)
        if problem:
            self.kind_box.show_message(problem, warning=True)
        else:
            self.kind_box.clear_message()

    # -- saving -------------------------------------------------------------------
    def referral_input(self) -> ReferralInput:
        """Return the form as typed."""
        mode = self.mode()
        anonymous_year = self.anonymous_year.value() or None
        return ReferralInput(
            kind=self.kind.currentData(),
            anonymous=mode == ANONYMOUS,
            has_pupil=(mode == EXISTING and self._chosen is not None) or mode == NEW,
            school_id=self.school.currentData(),
            year_group=anonymous_year if mode == ANONYMOUS else None,
            received_on=self.received_on.value(),
            referrer_name=self.referrer_name.text(),
            referrer_role=self.referrer_role.text(),
            referrer_email=self.referrer_email.text(),
            referrer_phone=self.referrer_phone.text(),
            # An anonymous case has not asked yet, whatever the box says.
            consent=self.consent.currentData() or Consent.NOT_ASKED,
            consent_on=self.consent_on.value(),
            **self._later_input(),
        )

    def _later_input(self) -> dict[str, object]:
        """Pages 2 and 3 as typed; a page not built yet holds what it would show."""
        values = self._later_values
        later: dict[str, object] = {
            name: getattr(values, name) for fields in LATER_PAGES.values() for name in fields
        }
        later["previous_permanent_exclusion"] = values.previous_permanent_exclusion
        if self.page_built(2):
            later["reasons"] = frozenset(r for r, box in self._reasons.items() if box.isChecked())
            later["attendance"] = self._attendance.text()
            later["suspensions"] = self._suspensions.text()
            later["previous_permanent_exclusion"] = self._permanent_exclusion.isChecked()
        later.update({name: edit.text() for name, edit in self._texts.items()})
        return later

    def _on_buttons_accepted(self) -> None:
        self.save()

    def _clear_messages(self) -> None:
        self.errors.clear()
        self._mark_pages(set())
        self._refresh_pupil_warnings()
        self._update_partnership_hint()

    def _show_errors(self, errors: dict[str, str]) -> None:
        self.errors.show(errors)
        self._after_errors_shown(errors)

    def _after_errors_shown(self, errors: dict[str, str]) -> None:
        """Bring back the warnings showing errors cleared; sum the errors up under the form."""
        if self._build_pages_of(errors):
            # Those fields' pages were not built yet, so their errors went under the form:
            # now that they are, show each beside its field (and mark its page below).
            self.errors.show(errors)
        self._refresh_pupil_warnings()
        if "kind" not in errors:
            self._update_partnership_hint()
        count = len(errors)
        pages = sorted(
            {
                self.tabs.indexOf(page) + 1
                for name in errors
                if (box := self.errors.box(name)) is not None
                for page in (self.tabs.widget(i) for i in range(self.tabs.count()))
                if page.isAncestorOf(box)
            }
        )
        self._mark_pages(set(pages))
        where = ""
        if len(pages) == 1:
            where = f" on page {pages[0]}"
        elif pages:
            where = f" on pages {', '.join(str(p) for p in pages[:-1])} and {pages[-1]}"
        summary = f"{count} field{'s' if count > 1 else ''} need{'' if count > 1 else 's'} "
        unplaced = self.form_error.text()
        text = f"{summary}attention{where}: see the messages in red."
        self.form_error.setText(f"{text}\n{unplaced}" if unplaced else text)
        self.form_error.setVisible(True)

    def _mark_pages(self, pages: set[int]) -> None:
        """Mark the titles of ``pages`` (numbered from 1) as holding a field needing attention."""
        for index in range(self.tabs.count()):
            title = self.tabs.tabText(index).removesuffix(PAGE_ERROR_MARK)
            marked = index + 1 in pages
            self.tabs.setTabText(index, title + PAGE_ERROR_MARK if marked else title)
            self.tabs.setTabToolTip(
                index, "Fields on this page need attention (in red)." if marked else ""
            )

    def save(self) -> bool:
        """Validate and store the referral; on a problem show it and keep the form open."""
        self._clear_messages()
        mode = self.mode()
        unreadable = {
            name: problem
            for name, problem in (
                ("received_on", self.received_on.problem()),
                ("consent_on", self.consent_on.problem()),
            )
            if problem
        }
        if mode != ANONYMOUS and self.consent.currentData() is None:
            unreadable["consent"] = CONSENT_MISSING
        if mode == NEW:
            unreadable.update(self.pupil_form.date_problems())
        if unreadable:
            self._show_errors(unreadable)
            return False
        refused: list[DomainError] = []
        ok, saved = save_and_close(
            self,
            self._notifier,
            "Referral not saved",
            lambda: self._store_referral(self.referral_input(), mode),
            (Area.REFERRALS, Area.PUPILS) if mode == NEW else (Area.REFERRALS,),
            # Which rows: the list reads those again, not all of them.
            ids=_changed_rows,
            errors=self.errors,
            on_refused=refused.append,
        )
        if not ok or saved is None:
            # After perform has returned: the way on may be saving again (as a forum referral).
            return self._on_refused(refused[0] if refused else None)
        self.saved = saved
        # After the announcement, so the referral is listed where it is shown.
        self.referral_saved.emit(saved.id)
        return True

    def _store_referral(self, data: ReferralInput, mode: int) -> SavedReferral:
        """Save through ``db/`` (``perform`` shows a refusal beside its field)."""
        record = self._record
        return save_referral(
            self._store,
            data,
            self._today,
            referral_id=record.id if record else None,
            version=record.version if record else None,
            pupil_id=self._chosen.id if self._chosen and mode == EXISTING else None,
            new_pupil=(self.pupil_form.value(self.school.currentData()) if mode == NEW else None),
            status=self.status.currentData() if record else None,
        )

    def _on_refused(self, error: DomainError | None) -> bool:
        """Carry on after a refusal already shown beside its field; return False (not saved)."""
        if isinstance(error, GraduatedResponseError):
            self._refresh_pupil_warnings()
            if error.missing != "anonymous" and self._offer_forum_referral(error.message):
                self.kind.setCurrentIndex(self.kind.findData(ReferralKind.FORUM))
                return self.save()
        elif isinstance(error, DuplicateUpnError):
            self.pupil_form.show_duplicate(error.pupil_id, error.message)
            self._refresh_pupil_warnings()
        elif isinstance(error, ValidationError):
            self._after_errors_shown(error.errors)
        elif isinstance(error, RuleError):
            self._after_errors_shown({error.field or "form": error.message})
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter moves to the next field, as on a paper form: a long form is saved with
        # Ctrl+S or the Save button, never by a stray Enter in the middle of it.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(
            self.focusWidget(), QPushButton
        ):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def _offer_forum_referral(self, message: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Partnership referral not possible yet",
            f"{message}\n\nSave this as an Inclusion Forum referral instead?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes
