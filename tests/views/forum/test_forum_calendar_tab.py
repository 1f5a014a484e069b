from __future__ import annotations

import email
import io
import shutil
from collections.abc import Callable
from datetime import date
from email import policy
from pathlib import Path
from unittest.mock import patch

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.db.action_plans import load_plan
from slip_desktop.db.agenda import list_agenda
from slip_desktop.db.meetings import list_attendees, list_meetings
from slip_desktop.db.store import Store
from slip_desktop.db.term_dates import list_terms, save_year
from slip_desktop.domain.calendar import typical_terms
from slip_desktop.domain.enums import AgendaPurpose, MeetingKind, MeetingStatus, ReferralStatus
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.forum.action_plan_dialog import ActionPlanDialog
from slip_desktop.views.forum.meeting_series_dialog import MeetingSeriesDialog
from slip_desktop.views.forum.plan_output import plan_preview_document, preview_plan
from slip_desktop.views.forum.tab import ForumCalendarTab
from slip_desktop.views.forum.term_dates_dialog import TermDatesDialog
from tests.conftest import DEMO_TODAY
from tests.db.forum_helpers import referral_status

PANEL = "slip_desktop.views.forum.meeting_panel"


@pytest.fixture
def tab(qtbot: QtBot, demo_store: Store) -> ForumCalendarTab:
    widget = ForumCalendarTab(demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY)
    qtbot.addWidget(widget)
    widget.resize(1400, 850)
    widget.show()
    return widget


def _choose_forum_with_room(tab: ForumCalendarTab) -> int:
    row = next(
        r
        for r in list_meetings(tab._store)
        if r.kind == MeetingKind.FORUM and r.meets_on >= DEMO_TODAY and r.cases < r.capacity
    )
    tab.choose_meeting(row.id)
    return row.id


def when_shown(kind: type[QDialog], handler: Callable[[QDialog], None]) -> None:
    """Drive the next dialog of ``kind`` once it is open; never leave it waiting."""

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                try:
                    handler(widget)
                finally:
                    if widget.isVisible():
                        widget.reject()
                return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)


def _write_plan_in_dialog(qtbot: QtBot, dialog: QDialog, summary: str, action: str) -> None:
    assert isinstance(dialog, ActionPlanDialog)
    qtbot.keyClicks(dialog.summary, summary)
    dialog.service_boxes["CFWS"].setChecked(True)
    qtbot.mouseClick(dialog.add_action, Qt.MouseButton.LeftButton)
    editor = dialog.actions_view.viewport().findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, action)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_month_view_marks_forum_and_core_days_with_letters(tab: ForumCalendarTab) -> None:
    meetings = list_meetings(tab._store)
    forum = next(m for m in meetings if m.kind == MeetingKind.FORUM)
    core = next(m for m in meetings if m.kind == MeetingKind.CORE)
    assert (MeetingKind.FORUM, forum.status) in tab.calendar.marks_on(forum.meets_on)
    assert (MeetingKind.CORE, core.status) in tab.calendar.marks_on(core.meets_on)
    qdate = QDate(forum.meets_on.year, forum.meets_on.month, forum.meets_on.day)
    assert tab.calendar.dateTextFormat(qdate).fontWeight() >= 700  # bold, not colour alone
    # Only upcoming meetings are listed until "Show past meetings" is ticked.
    assert all(r.meets_on >= DEMO_TODAY for r in tab.list.model.rows())
    tab.past.setChecked(True)
    assert tab.list.model.rowCount() == len(meetings)


def test_clicking_a_calendar_day_shows_that_meeting(qtbot: QtBot, tab: ForumCalendarTab) -> None:
    core = next(
        m
        for m in list_meetings(tab._store)
        if m.kind == MeetingKind.CORE and m.meets_on > DEMO_TODAY
    )
    tab.calendar.clicked.emit(QDate(core.meets_on.year, core.meets_on.month, core.meets_on.day))
    assert tab.panel.meeting is not None and tab.panel.meeting.id == core.id
    assert "Core Meeting" in tab.panel.title.text()
    assert tab.list.selected_row().id == core.id


def test_choose_meeting_add_case_write_plan_and_export_it(
    qtbot: QtBot, tab: ForumCalendarTab, tmp_path: Path
) -> None:
    meeting_id = _choose_forum_with_room(tab)
    panel = tab.panel
    before = len(list_agenda(tab._store, meeting_id))
    waiting = panel.waiting_model.rows()
    new_case = next(n for n, c in enumerate(waiting) if c.purpose == AgendaPurpose.NEW_CASE)
    referral_id = waiting[new_case].referral_id
    panel.waiting_view.selectRow(new_case)
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    agenda = list_agenda(tab._store, meeting_id)
    assert len(agenda) == before + 1 and agenda[-1].referral_id == referral_id
    assert referral_status(tab._store, referral_id) == ReferralStatus.ON_AGENDA

    panel.agenda_view.setFocus()
    panel.agenda_view.selectRow(len(agenda) - 1)
    when_shown(
        ActionPlanDialog,
        lambda d: _write_plan_in_dialog(
            qtbot, d, "Discussed attendance.", "Arrange an EP consultation"
        ),
    )
    qtbot.mouseClick(panel.plan_button, Qt.MouseButton.LeftButton)
    form = load_plan(tab._store, referral_id, meeting_id)
    assert form.plan_id is not None and form.draft.discussion_summary == "Discussed attendance."
    assert [a.what for a in form.draft.actions] == ["Arrange an EP consultation"]
    assert form.draft.services_signposted == "CFWS"
    assert referral_status(tab._store, referral_id) == ReferralStatus.DISCUSSED

    previews: list[str] = []
    with (
        patch(f"{PANEL}.QFileDialog.getExistingDirectory", return_value=str(tmp_path)),
        patch(f"{PANEL}.QMessageBox.information") as told,
        patch(
            "slip_desktop.views.forum.plan_output.QPrintPreviewDialog.exec",
            lambda dialog: previews.append(dialog.windowTitle()) or 0,
        ),
    ):
        assert panel.pack_button.isEnabled()
        qtbot.mouseClick(panel.pack_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(previews) or told.called, timeout=20000)
    assert panel.last_pack is not None and panel.last_pack.cases == len(agenda)
    pdfs = sorted(tmp_path.glob("*.pdf"))
    pack = [p for p in pdfs if p.name.endswith("Inclusion Forum pack.pdf")]
    assert len(pack) == 1 and len(pdfs) == len(agenda) + 1
    texts = {
        p.name: " ".join(
            " ".join(
                pg.extract_text() for pg in PdfReader(io.BytesIO(p.read_bytes())).pages
            ).split()
        )
        for p in pdfs
    }
    assert "Arrange an EP consultation" in texts[pack[0].name]
    plan_file = next(
        p for p in pdfs if p not in pack and "Arrange an EP consultation" in texts[p.name]
    )
    assert f"R{referral_id}" in plan_file.name
    if shutil.which("pdftoppm"):  # poppler renders the pages the preview shows
        assert previews and "Print the pack" in previews[0]


def test_email_drafts_attach_each_schools_plans_and_record_sent(
    qtbot: QtBot, tab: ForumCalendarTab, tmp_path: Path
) -> None:
    held = next(
        r
        for r in reversed(list_meetings(tab._store))
        if r.kind == MeetingKind.FORUM and r.meets_on < DEMO_TODAY and r.cases
    )
    tab.choose_meeting(held.id)
    assert tab.past.isChecked()
    with (
        patch(f"{PANEL}.QFileDialog.getExistingDirectory", return_value=str(tmp_path)),
        patch(f"{PANEL}.QMessageBox.information") as told,
    ):
        qtbot.mouseClick(tab.panel.email_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: told.called, timeout=20000)
    drafts = sorted(tmp_path.glob("*.eml"))
    assert drafts
    message = email.message_from_bytes(drafts[0].read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and "@" in message["To"]
    attachments = list(message.iter_attachments())
    assert attachments and attachments[0].get_content().startswith(b"%PDF")
    rows = list_agenda(tab._store, held.id)
    assert all(r.plan_sent_on == DEMO_TODAY for r in rows if r.plan_id is not None)


def test_agenda_reorders_with_the_keyboard(qtbot: QtBot, tab: ForumCalendarTab) -> None:
    meeting = next(
        r
        for r in list_meetings(tab._store)
        if r.kind == MeetingKind.FORUM and r.meets_on >= DEMO_TODAY and r.cases >= 2
    )
    tab.choose_meeting(meeting.id)
    first, second = list_agenda(tab._store, meeting.id)[:2]
    view = tab.panel.agenda_view
    view.setFocus()
    view.selectRow(0)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    order = [r.item_id for r in list_agenda(tab._store, meeting.id)]
    assert order[:2] == [second.item_id, first.item_id]
    assert tab.panel._selected_agenda().item_id == first.item_id
    # Dropping the case back at the top with the mouse reports the move.
    tab.panel.agenda_model.case_dropped.emit(first.item_id, 0)
    qtbot.waitUntil(lambda: list_agenda(tab._store, meeting.id)[0].item_id == first.item_id)


def test_removing_a_case_asks_first(qtbot: QtBot, tab: ForumCalendarTab) -> None:
    meeting = next(r for r in list_meetings(tab._store) if r.meets_on >= DEMO_TODAY and r.cases)
    tab.choose_meeting(meeting.id)
    view = tab.panel.agenda_view
    view.setFocus()
    view.selectRow(0)
    with patch(f"{PANEL}.QMessageBox.question", return_value=QMessageBox.StandardButton.No):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(list_agenda(tab._store, meeting.id)) == meeting.cases
    with patch(f"{PANEL}.QMessageBox.question", return_value=QMessageBox.StandardButton.Yes):
        qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert len(list_agenda(tab._store, meeting.id)) == meeting.cases - 1


def test_attendance_ticked_and_guest_invited(qtbot: QtBot, tab: ForumCalendarTab) -> None:
    meeting_id = _choose_forum_with_room(tab)
    panel = tab.panel
    model = panel.attendees_model
    assert model.setData(
        model.index(0, 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    qtbot.waitUntil(lambda: list_attendees(tab._store, meeting_id)[0].attended is True)
    qtbot.keyClicks(panel.new_role, "Family support worker")
    qtbot.keyClicks(panel.new_name, "Jo Lane")
    qtbot.mouseClick(panel.invite_button, Qt.MouseButton.LeftButton)
    assert list_attendees(tab._store, meeting_id)[-1].name == "Jo Lane"


def test_cancelling_a_meeting_confirms_and_marks_it(qtbot: QtBot, tab: ForumCalendarTab) -> None:
    meeting_id = _choose_forum_with_room(tab)
    with patch(f"{PANEL}.QMessageBox.question", return_value=QMessageBox.StandardButton.Yes):
        qtbot.mouseClick(tab.panel.cancel_button, Qt.MouseButton.LeftButton)
    row = next(r for r in list_meetings(tab._store) if r.id == meeting_id)
    assert row.status == MeetingStatus.CANCELLED and row.cases == 0
    assert (MeetingKind.FORUM, MeetingStatus.CANCELLED) in tab.calendar.marks_on(row.meets_on)
    assert "CANCELLED" in tab.panel.info.text()


def test_models_pass_the_model_tester(tab: ForumCalendarTab, qtmodeltester: object) -> None:
    _choose_forum_with_room(tab)
    panel = tab.panel
    for model in (panel.agenda_model, panel.waiting_model, panel.attendees_model, tab.list.model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_plan_dialog_keeps_typing_and_shows_errors(qtbot: QtBot, tab: ForumCalendarTab) -> None:
    meeting_id = _choose_forum_with_room(tab)
    row = list_agenda(tab._store, meeting_id)[0]
    dialog = ActionPlanDialog(tab._store, row.referral_id, meeting_id, DEMO_TODAY)
    qtbot.addWidget(dialog)
    assert dialog.review_due.date().toPython() > DEMO_TODAY
    qtbot.keyClicks(dialog.advice, "Some advice")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Summarise" in dialog.errors.label("discussion_summary").text()
    assert dialog.advice.toPlainText() == "Some advice"
    assert dialog.actions.rowCount() == 0
    qtmodeltester_rows = dialog.actions.add_row()
    assert dialog.actions.rowCount() == qtmodeltester_rows + 1


def test_actions_model_passes_the_model_tester(qtmodeltester: object) -> None:
    from slip_desktop.domain.action_plans import ActionDraft
    from slip_desktop.views.forum.actions_model import MeetingActionsModel

    model = MeetingActionsModel(date(2026, 11, 24))
    model.set_actions(
        [ActionDraft("Call home", "Head of Year", date(2026, 11, 20), True), ActionDraft("Observe")]
    )
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.data(model.index(0, 2)) == "Fri 20 Nov 2026"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked


def test_preview_document_holds_the_plan(qtbot: QtBot, tab: ForumCalendarTab) -> None:
    from slip_desktop.db.action_plans import plan_document

    held = next(
        r
        for r in reversed(list_meetings(tab._store))
        if r.meets_on < DEMO_TODAY and r.cases and r.kind == MeetingKind.FORUM
    )
    row = next(r for r in list_agenda(tab._store, held.id) if r.plan_id)
    doc = plan_document(tab._store, row.plan_id)
    text = plan_preview_document(doc).toPlainText()
    assert "Inclusion Forum action plan" in text and "Agreed actions" in text
    dialog = preview_plan(tab, doc)
    qtbot.addWidget(dialog)
    assert doc.heading_name in dialog.windowTitle()


def test_term_dates_dialog_saves_a_year(qtbot: QtBot, store: Store) -> None:
    dialog = TermDatesDialog(store, DEMO_TODAY)
    qtbot.addWidget(dialog)
    assert dialog.selected_year() == 2026
    dialog.edits[next(iter(dialog.edits))]["starts_on"].setDate(QDate(2026, 9, 3))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert list_terms(store, 2026)[0].starts_on == date(2026, 9, 3)
    assert "bank holidays" in dialog.holidays.text()


def test_term_dates_dialog_shows_a_broken_half_term_beside_its_term(
    qtbot: QtBot, store: Store
) -> None:
    dialog = TermDatesDialog(store, DEMO_TODAY)
    qtbot.addWidget(dialog)
    edits = list(dialog.edits.values())[1]
    edits["half_term_starts"].setDate(QDate(2026, 8, 1))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert list_terms(store, 2026) == []
    assert "inside the term" in list(dialog.term_boxes.values())[1].message.text()


def test_series_dialog_previews_skips_and_creates(qtbot: QtBot, store: Store) -> None:
    save_year(store, 2026, typical_terms(2026))
    dialog = MeetingSeriesDialog(store, list_terms(store), DEMO_TODAY)
    qtbot.addWidget(dialog)
    assert dialog.span() is not None and dialog.span().label == "Autumn 2026"
    assert "half-term" in dialog.preview.text()
    ok = dialog.buttons.buttons()[0]
    assert ok.text().startswith("Create ")
    dialog.buttons.accepted.emit()
    assert dialog.created and len(list_meetings(store)) == len(dialog.created)
    assert all(
        m.kind == MeetingKind.FORUM and m.meets_on.weekday() == 1 for m in list_meetings(store)
    )


def test_ics_export_of_the_year_parses_back(
    qtbot: QtBot, tab: ForumCalendarTab, tmp_path: Path
) -> None:
    from icalendar import Calendar

    target = tmp_path / "year.ics"

    def choose_year(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        year = next(b for b in box.buttons() if "academic year" in b.text())
        qtbot.mouseClick(year, Qt.MouseButton.LeftButton)

    when_shown(QMessageBox, choose_year)
    with (
        patch(
            "slip_desktop.views.forum.tab.QFileDialog.getSaveFileName",
            return_value=(str(target), ""),
        ),
        patch("slip_desktop.views.forum.tab.QMessageBox.information") as told,
    ):
        qtbot.mouseClick(tab.ics_button, Qt.MouseButton.LeftButton)
    assert told.called
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    meetings = [
        m for m in list_meetings(tab._store) if date(2026, 9, 1) <= m.meets_on <= date(2027, 8, 31)
    ]
    assert len(events) == len(meetings)
    uids = {str(e["UID"]) for e in events}
    assert len(uids) == len(events)
    assert any(str(e["STATUS"]) == "CANCELLED" for e in events)


def test_agenda_pdf_saved_from_the_panel(
    qtbot: QtBot, tab: ForumCalendarTab, tmp_path: Path
) -> None:
    meeting_id = _choose_forum_with_room(tab)
    target = tmp_path / "agenda.pdf"
    with patch(f"{PANEL}.QFileDialog.getSaveFileName", return_value=(str(target), "")):
        qtbot.mouseClick(tab.panel.agenda_pdf_button, Qt.MouseButton.LeftButton)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(target)).pages).split())
    first = list_agenda(tab._store, meeting_id)[0]
    assert "Inclusion Forum: agenda" in text and first.who in text


def test_recording_a_review_makes_the_plan_reviewed(qtbot: QtBot, tab: ForumCalendarTab) -> None:
    from slip_desktop.views.forum.action_plan_review_dialog import ActionPlanReviewDialog

    held, number, row = next(
        (m, n, r)
        for m in reversed(list_meetings(tab._store))
        if m.kind == MeetingKind.FORUM and m.meets_on < DEMO_TODAY
        for n, r in enumerate(list_agenda(tab._store, m.id))
        if r.plan_sent_on is not None and r.plan_reviewed_on is None
    )
    tab.choose_meeting(held.id)
    tab.panel.agenda_view.selectRow(number)

    def review(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionPlanReviewDialog)
        qtbot.keyClicks(dialog.notes, "Attendance up; fewer removals.")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    when_shown(ActionPlanReviewDialog, review)
    qtbot.mouseClick(tab.panel.review_button, Qt.MouseButton.LeftButton)
    assert referral_status(tab._store, row.referral_id) == ReferralStatus.PLAN_REVIEWED
    assert load_plan(tab._store, row.referral_id, held.id).reviewed_on == DEMO_TODAY


def test_one_write_on_the_panel_refreshes_the_tab_once(qtbot: QtBot, tab: ForumCalendarTab) -> None:
    """Booking a case changes the meeting and the referral: one operation, one refresh."""
    meeting_id = _choose_forum_with_room(tab)
    panel = tab.panel
    panel.waiting_view.selectRow(0)
    before = len(list_agenda(tab._store, meeting_id))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert len(list_agenda(tab._store, meeting_id)) == before + 1
    assert tab.stale_when_hidden.refreshes == 1
    assert panel.agenda_model.rowCount() == before + 1
