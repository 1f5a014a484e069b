"""Help → Getting started: the first steps of a new office, each with its state and its button."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.store import Store
from slip_desktop.domain.school_year import academic_year_label
from slip_desktop.ui import palette
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.screen_fit import resize_to_fit

if TYPE_CHECKING:
    # Imported when the page first reads the state: SQLAlchemy loads after the first list.
    from slip_desktop.db.setup_state import SetupState

#: The steps, in the order a new office takes them.
STEP_KEYS = ("partnership", "schools", "term_dates", "rates", "offer", "people")


@dataclass(frozen=True)
class Step:
    """One line of the checklist.

    Attributes:
        key: which step (one of STEP_KEYS).
        title: what the coordinator sets up, in their words.
        what: one sentence on why.
        button: the button's text.
        done: True when done, False when still to do, None when the program cannot tell.
        open: opens the window where it is done; None while no such window exists.
        import_open: opens an import of the same records (schools from a spreadsheet),
            when the program has one.
    """

    key: str
    title: str
    what: str
    button: str
    done: Callable[[SetupState], bool | None]
    open: Callable[[], None] | None
    import_open: Callable[[], None] | None = None


#: For a step: (title, one sentence, button text, how the stored state tells it is done).
_TEXTS: dict[str, tuple[str, str, str, Callable[[SetupState], bool | None]]] = {
    "partnership": (
        "Partnership details",
        "The name, address, logo and contact details every letter, PDF and statement carries.",
        "Partnership details...",
        lambda state: state.partnership,
    ),
    "schools": (
        "Schools and their contacts",
        "Each partner school, with its SENCO, attendance and finance contacts. A referral "
        "needs its school on the list.",
        "Schools...",
        lambda state: state.schools > 0,
    ),
    "term_dates": (
        "This year's term dates",
        "The three terms and half-terms: meetings, registers and charges count school days.",
        "Term dates...",
        lambda state: state.term_dates,
    ),
    "rates": (
        "This year's rates",
        "The average costs and pupil premium figures the statements are worked out from.",
        "Rates...",
        lambda state: state.rates,
    ),
    "offer": (
        "The year's offer",
        "The programmes and group sizes the centres run this year.",
        "The year's offer...",
        lambda state: state.offer,
    ),
    "people": (
        "People and standing invitations",
        "The partnership's staff and regular attendees, and who every forum and Core "
        "Meeting invites.",
        "People...",
        lambda state: state.people_done,
    ),
}


def make_steps(
    openers: Mapping[str, Callable[[], None]],
    states: Mapping[str, Callable[[SetupState], bool | None]] | None = None,
) -> list[Step]:
    """Return the checklist's steps with the windows that do them.

    ``openers`` maps a step key to the function opening its window (a step without one
    shows no button yet), and ``"<key>_import"`` to an import of its records (it gets an
    Import... button); ``states`` overrides how a step is known to be done (for
    steps whose records live elsewhere, such as the partnership's details).
    """
    overrides = states or {}
    steps = []
    for key in STEP_KEYS:
        title, what, button, done = _TEXTS[key]
        steps.append(
            Step(
                key,
                title,
                what,
                button,
                overrides.get(key, done),
                openers.get(key),
                openers.get(f"{key}_import"),
            )
        )
    return steps


class ChecklistPage(QWidget):
    """The steps as a grid: state, title and sentence, button. Refreshes after each button."""

    def __init__(
        self,
        store: Store,
        steps: Sequence[Step],
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._today = today
        self.steps = list(steps)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.states: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        for row, step in enumerate(self.steps):
            state = QLabel(self)
            state.setMinimumWidth(70)
            text = QLabel(f"<b>{step.title}</b><br>{step.what}", self)
            text.setWordWrap(True)
            button = QPushButton(step.button, self)
            if step.open is None:
                button.setEnabled(False)
                button.setToolTip("Not in this version yet.")
            else:
                button.clicked.connect(lambda _checked=False, s=step: self._run(s))
            grid.addWidget(state, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, row, 1)
            grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
            if step.import_open is not None:
                importing = QPushButton("Import...", self)
                importing.clicked.connect(
                    lambda _checked=False, s=step: self._run(s, imported=True)
                )
                grid.addWidget(importing, row, 3, Qt.AlignmentFlag.AlignTop)
                self.buttons[f"{step.key}_import"] = importing
            self.states[step.key] = state
            self.buttons[step.key] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(grid)
        layout.addStretch(1)
        self.refresh()

    def state_of(self, key: str) -> bool | None:
        """Return whether step ``key`` is done (None: cannot tell)."""
        return self._done[key]

    def refresh(self) -> None:
        """Read the database again and show each step's state."""
        from slip_desktop.db.setup_state import setup_state

        state = setup_state(self._store, self._today())
        self._done = {step.key: step.done(state) for step in self.steps}
        for key, done in self._done.items():
            label = self.states[key]
            if done:
                label.setText("✔ Done")
                label.setStyleSheet(f"color: {palette.OUTCOME_SCHOOL_CONTINUES}; font-weight: 600;")
            elif done is None:
                label.setText("Not checked")
                label.setStyleSheet(f"color: {palette.TEXT_MUTED};")
            else:
                label.setText("To do")
                label.setStyleSheet(f"color: {palette.WARNING}; font-weight: 600;")
        left = sum(1 for done in self._done.values() if done is False)
        year = academic_year_label(state.academic_year)
        self.intro.setText(
            f"<b>Getting started</b> — the first steps of a new office for {year}. "
            + (
                f"{left} still to do; each button opens the window where it is done."
                if left
                else "Everything the program can check is done."
            )
            + " You can come back here any time from Help → Getting started..."
        )

    def _run(self, step: Step, imported: bool = False) -> None:
        opener = step.import_open if imported else step.open
        assert opener is not None
        opener()
        self.refresh()


class ChecklistDialog(QDialog):
    """The checklist in its own window (first run, and Help → Getting started...)."""

    def __init__(
        self,
        store: Store,
        steps: Sequence[Step],
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Getting started")
        resize_to_fit(self, 960, 600)
        self.page = ChecklistPage(store, steps, today, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(close)


def people_opener(
    store: Store, notifier: ChangeNotifier, parent: QWidget | None
) -> Callable[[], None]:
    """Return what opens Settings → People and standing invitations."""

    def open_people() -> None:
        from slip_desktop.views.settings.people_dialog import PeopleDialog

        PeopleDialog(store, notifier, parent).exec()

    return open_people


GETTING_STARTED_TEXT = "Getting &started..."


def open_checklist(
    window: QWidget, store: Store, steps: Sequence[Step], today: Callable[[], date] = date.today
) -> ChecklistDialog:
    """Show the checklist beside ``window`` (not modal: the steps open their own windows)."""
    existing = window.findChild(ChecklistDialog)
    if existing is not None:
        existing.page.refresh()
        existing.show()
        return existing
    dialog = ChecklistDialog(store, steps, window, today)
    dialog.show()
    return dialog


def add_getting_started(
    window: QMainWindow,
    help_menu: QMenu,
    store: Store,
    notifier: ChangeNotifier,
    openers: Mapping[str, Callable[[], None]],
    states: Mapping[str, Callable[[SetupState], bool | None]] | None = None,
) -> QAction:
    """Put Help → Getting started... in ``help_menu`` (after the user guide) and return it.

    ``openers`` are the windows of steps outside Settings (term dates, rates, and those a
    later version adds); the people step is opened from here.
    """
    for action in help_menu.actions():
        if action.text() == GETTING_STARTED_TEXT:
            return action
    all_openers = {"people": people_opener(store, notifier, window), **openers}
    steps = make_steps(all_openers, states)
    action = QAction(GETTING_STARTED_TEXT, window)
    action.triggered.connect(lambda _checked=False: open_checklist(window, store, steps))
    actions = help_menu.actions()
    after_guide = next(
        (actions[i + 1] for i, a in enumerate(actions[:-1]) if a.text() == "&User guide"),
        actions[0] if actions else None,
    )
    help_menu.insertAction(after_guide, action)
    return action
