"""Link an anonymous case to a pupil record once the parents have consented."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.pupils import PupilChoice, find_pupil_by_upn, list_schools, search_pupils
from slip_desktop.db.referrals import (
    ReferralRecord,
    get_referral,
    link_case_to_pupil,
    pupil_context,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.errors import DomainError
from slip_desktop.domain.pupils import DuplicateUpnError
from slip_desktop.ui.form_errors import FieldBox, FieldErrors
from slip_desktop.ui.form_inputs import DateField
from slip_desktop.ui.notifier import Area, ChangeNotifier
from slip_desktop.ui.operations import save_and_close
from slip_desktop.ui.palette import ERROR_STYLE
from slip_desktop.views.referrals.pupil_form import PupilForm
from slip_desktop.views.referrals.pupil_picker import PupilPicker


class ReferralLinkDialog(QDialog):
    """Gives an anonymous case its pupil (existing or new); the case's history moves along.

    Linking announces the referrals and pupils on ``notifier``, once.

    Signals:
        case_linked(int): the pupil id the case now belongs to.
    """

    case_linked = Signal(int)

    def __init__(
        self,
        store: Store,
        today: date,
        referral_id: int,
        parent: QWidget | None = None,
        *,
        notifier: ChangeNotifier | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self._notifier = notifier
        self._record: ReferralRecord = get_referral(store, referral_id)
        record = self._record
        self.errors = FieldErrors()
        self.setWindowTitle(f"Link {self._record.case_reference} to a pupil")
        self.setMinimumSize(760, 560)

        school = next((c.name for c in list_schools(store, False) if c.id == record.school_id), "")
        intro = QLabel(
            f"<b>{self._record.case_reference}</b>: Year {self._record.year_group}, {school}, "
            "received "
            f"{long_date(self._record.received_on)}. Record the parents' consent and choose the "
            "pupil. The case keeps its reference, and its meetings and action plan join the "
            "pupil's timeline.",
            self,
        )
        intro.setWordWrap(True)
        self.consent_on = DateField(parent=self)
        self.consent_on.set_value(today)
        consent_form = QFormLayout()
        consent_form.addRow(
            "Consent &given on", self.errors.add("consent_on", FieldBox(self.consent_on))
        )

        self.mode_existing = QRadioButton("E&xisting pupil", self)
        self.mode_new = QRadioButton("Ne&w pupil record", self)
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.mode_existing, 0)
        self.mode_group.addButton(self.mode_new, 1)
        self.mode_existing.setChecked(True)
        modes = QHBoxLayout()
        modes.addWidget(self.mode_existing)
        modes.addWidget(self.mode_new)
        modes.addStretch(1)

        # Search as you type: a few pupils read per keystroke, never all of them at once.
        self.picker = PupilPicker(lambda text, limit: search_pupils(store, text, limit))
        self.pupil_form = PupilForm(
            self.errors, today, lambda upn: find_pupil_by_upn(store, upn), self
        )
        self.pupil_form.existing_pupil_chosen.connect(self._on_pupil_form_existing_pupil_chosen)
        self.errors.add("year_group", self.pupil_form.year_box)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.errors.add("pupil", FieldBox(self.picker)))
        self.pages.addWidget(self.pupil_form)
        self.mode_group.idToggled.connect(self._on_mode_group_id_toggled)

        self.form_error = QLabel(self)
        self.form_error.setStyleSheet(ERROR_STYLE)
        self.form_error.setVisible(False)
        self.errors.fallback = self.form_error
        buttons = QDialogButtonBox(self)
        self.link_button = buttons.addButton("&Link", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(consent_form)
        layout.addLayout(modes)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)

    def link(self) -> bool:
        """Link the case; on a problem show it beside the field and keep the dialog open."""
        self.errors.clear()
        consent_on = self.consent_on.value()
        if consent_on is None:
            problem = self.consent_on.problem() or "Enter the date the parents consented."
            self.errors.show({"consent_on": problem})
            return False
        if self.mode_group.checkedId() == 1 and self.pupil_form.date_problems():
            self.errors.show(self.pupil_form.date_problems())
            return False
        ok, pupil_id = save_and_close(
            self,
            self._notifier,
            "Case not linked",
            lambda: self._link(consent_on),
            # The case's history joins the pupil's timeline (a new pupil is a pupil too).
            (Area.REFERRALS, Area.PUPILS),
            ids=lambda pupil: {Area.REFERRALS: [self._record.id], Area.PUPILS: [pupil]},
            errors=self.errors,
            on_refused=self._on_link_refused,
        )
        if not ok or pupil_id is None:
            return False
        self.case_linked.emit(pupil_id)
        return True

    def _link(self, consent_on: date) -> int:
        """Link through ``db/`` (``perform`` shows a refusal beside its field)."""
        chosen: PupilChoice | None = self.picker.selected_row()
        existing = self.mode_group.checkedId() == 0
        return link_case_to_pupil(
            self._store,
            self._record.id,
            consent_on,
            self._today,
            pupil_id=chosen.id if existing and chosen else None,
            new_pupil=None if existing else self.pupil_form.value(self._record.school_id),
        )

    def _on_link_refused(self, error: DomainError) -> None:
        if isinstance(error, DuplicateUpnError):
            self.pupil_form.show_duplicate(error.pupil_id, error.message)

    def _on_buttons_accepted(self) -> None:
        self.link()

    def _on_mode_group_id_toggled(self, number: int, checked: bool) -> None:
        if checked:
            self.pages.setCurrentIndex(number)

    def _on_pupil_form_existing_pupil_chosen(self, pupil_id: int) -> None:
        self.mode_existing.setChecked(True)
        try:
            self.picker.show_pupil(pupil_context(self._store, pupil_id).pupil)
        except DomainError:
            return  # the pupil went meanwhile: the coordinator searches again
        self.picker.table.setFocus()
