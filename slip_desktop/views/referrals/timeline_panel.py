"""The pupil panel beside the referral list: who the pupil is and everything recorded, by date."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slip_desktop.db.store import Store
from slip_desktop.domain.date_style import long_date
from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.errors import NotFoundError
from slip_desktop.domain.school_year import key_stage_label
from slip_desktop.ui.accessibility import name_list
from slip_desktop.ui.empty_state import EmptyState
from slip_desktop.ui.models.row_table_model import Column, RowTableModel
from slip_desktop.ui.palette import TEXT_SECONDARY, WARNING
from slip_desktop.ui.tasks import LatestRead
from slip_desktop.ui.text_style import make_heading

if TYPE_CHECKING:
    from slip_desktop.db.pupils import PupilRecord
    from slip_desktop.db.timeline import TimelineEvent

#: Longest detail shown under an event's title; the full text shows below the table.
DETAIL_PREVIEW = 160


def event_text(event: TimelineEvent) -> str:
    """Return an event's title, marked when still ahead, with the start of its detail."""
    title = f"{event.title} (planned)" if event.upcoming else event.title
    detail = " ".join(event.detail.split())
    if len(detail) > DETAIL_PREVIEW:
        detail = detail[: DETAIL_PREVIEW - 1] + "…"
    return f"{title}\n{detail}" if detail else title


COLUMNS: list[Column[TimelineEvent]] = [
    Column("Date", lambda e: e.on),
    Column("Type", lambda e: e.kind),
    Column("What happened", event_text),
]


def _read_pupil(store: Store, pupil_id: int) -> tuple[PupilRecord, list[TimelineEvent]] | None:
    """A pupil's record and timeline (None: the record is gone): database reads, any thread."""
    from slip_desktop.db.pupils import get_pupil
    from slip_desktop.db.timeline import pupil_timeline

    try:
        return get_pupil(store, pupil_id), pupil_timeline(store, pupil_id)
    except NotFoundError:
        return None


class PupilTimelinePanel(QWidget):
    """Shows one pupil's details and timeline; reads only, through ``db.timeline``.

    Signals:
        edit_pupil_requested(int): the coordinator asked to edit the pupil shown.
        new_referral_requested(int): the coordinator asked for a new referral of the pupil.
    """

    edit_pupil_requested = Signal(int)
    new_referral_requested = Signal(int)

    def __init__(
        self, store: Store, parent: QWidget | None = None, *, background: bool = False
    ) -> None:
        super().__init__(parent)
        self._store = store
        #: The pupil's record and timeline, read in a worker in the window (``background``)
        #: so choosing a referral or reloading the list never waits on them; at once in tests.
        self.reads = LatestRead(self, background=background)
        self._pupil_id: int | None = None
        self._held = False
        self._pending: int | None = None
        self.heading = QLabel(self)
        make_heading(self.heading)
        self.heading.setWordWrap(True)
        self.facts = QLabel(self)
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.edit_button = QPushButton("Edit &pupil...", self)
        self.edit_button.setToolTip("Change this pupil's record (UPN, names, needs)")
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.refer_button = QPushButton("New &referral...", self)
        self.refer_button.setToolTip("Start a referral form for this pupil")
        self.refer_button.clicked.connect(self._on_refer_button_clicked)

        self.model: RowTableModel[TimelineEvent] = RowTableModel(COLUMNS, self)
        self.table = QTableView(self)
        name_list(self.table, "Pupil timeline")
        self.table.setModel(self.model)
        EmptyState(self.table, "The chosen referral's pupil's story shows here, newest first.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # The text column never narrower than its title, however narrow the pane.
        header.setMinimumSectionSize(header.fontMetrics().horizontalAdvance("What happened") + 16)
        # Wrapped rows need their heights again whenever the text column changes width.
        header.sectionResized.connect(self._on_header_section_resized)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(f"color: {TEXT_SECONDARY};")
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_row_changed)

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.refer_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        title = QLabel("Timeline", self)
        title.setStyleSheet("font-weight: 600; margin-top: 6px;")
        layout.addWidget(title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self.show_nothing()

    def pupil_id(self) -> int | None:
        """Return the pupil shown (or about to be, while held), if any."""
        return self._pending if self._held else self._pupil_id

    def hold(self) -> None:
        """Wait for :meth:`release` before reading a pupil: the list is shown first."""
        self._held = True

    def release(self) -> None:
        """Stop holding; show the pupil asked for meanwhile."""
        if not self._held:
            return
        self._held = False
        pending, self._pending = self._pending, None
        if pending is not None:
            self.show_pupil(pending)

    def show_nothing(self, text: str = "Choose a referral to see the pupil's timeline.") -> None:
        """Clear the panel and say why."""
        self._pupil_id = None
        self._pending = None
        self.heading.setText("No pupil chosen")
        self.facts.setText(text)
        self.edit_button.setEnabled(False)
        self.refer_button.setEnabled(False)
        self.model.set_rows([])
        self.detail.clear()

    def show_case(
        self,
        case_reference: str,
        year_group: int,
        school: str,
        status: str = "",
        meeting_on: date | None = None,
    ) -> None:
        """Show an anonymous case, which has no pupil record (and so no timeline) yet."""
        where = f"Status: {status}." if status else ""
        if meeting_on is not None:
            where += f" Meeting: {long_date(meeting_on)}."
        self.show_nothing(
            f"Year {year_group}, {school}. {where}<br><br>Held anonymously: no name, UPN or "
            "date of birth is recorded. When the parents consent, use 'Link to pupil...' and "
            "the case's meetings and action plan join the pupil's timeline."
        )
        self.heading.setText(f"{case_reference} (anonymous case)")

    def show_pupil(self, pupil_id: int) -> None:
        """Show ``pupil_id``'s details and timeline."""
        if self._held:
            self._pending = pupil_id
            self.heading.setText("Loading the pupil's timeline...")
            return
        store = self._store
        self.reads.start(
            lambda: _read_pupil(store, pupil_id), lambda read: self._show_pupil(pupil_id, read)
        )

    def _show_pupil(
        self, pupil_id: int, read: tuple[PupilRecord, list[TimelineEvent]] | None
    ) -> None:
        if read is None:
            self.show_nothing("This pupil's record no longer exists.")
            return
        pupil, timeline = read
        self._pupil_id = pupil_id
        self.heading.setText(pupil.full_name)
        flags = [
            name
            for name, on in (
                ("Pupil premium", pupil.pupil_premium),
                ("CLA", pupil.looked_after),
                ("EAL", pupil.eal),
            )
            if on
        ]
        if pupil.send_status != SendStatus.NONE:
            flags.insert(0, pupil.send_status.label)
        stage = key_stage_label(pupil.year_group)
        self.facts.setText(
            f"UPN {pupil.upn or '<i>not recorded</i>'} &middot; born "
            f"{long_date(pupil.date_of_birth)} &middot; Year {pupil.year_group}"
            f"{' (' + stage + ')' if stage else ''}<br>{pupil.school}"
            + (f"<br>{' &middot; '.join(flags)}" if flags else "")
            + (
                f"<br><span style='color: {WARNING}'>{escape(pupil.year_group_warning)}</span>"
                if pupil.year_group_warning
                else ""
            )
        )
        self.edit_button.setEnabled(True)
        self.refer_button.setEnabled(True)
        self.model.set_rows(timeline)
        self.table.resizeRowsToContents()
        self.detail.clear()
        if self.model.rowCount():
            self.table.scrollToBottom()

    def refresh(self) -> None:
        """Reload the pupil shown."""
        if self._pupil_id is not None:
            self.show_pupil(self._pupil_id)

    def _on_header_section_resized(self, section: int, _old: int, _new: int) -> None:
        if section == 2:
            self.table.resizeRowsToContents()

    def _on_refer_button_clicked(self) -> None:
        if self._pupil_id is not None:
            self.new_referral_requested.emit(self._pupil_id)

    def _on_edit_button_clicked(self) -> None:
        if self._pupil_id is not None:
            self.edit_pupil_requested.emit(self._pupil_id)

    def _on_table_current_row_changed(self, current: object, _previous: object) -> None:
        index = self.table.currentIndex()
        event = self.model.row_at(index.row()) if index.isValid() else None
        self.detail.setText(event.detail if event is not None else "")
