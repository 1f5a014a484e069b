"""The plan editor saves and prints in one action, and the tab opens on the nearest meeting."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from slip_desktop.db.action_plans import load_plan
from slip_desktop.db.agenda import add_case
from slip_desktop.db.audit import list_audit
from slip_desktop.db.store import Store
from slip_desktop.domain.action_plans import PlanDocument
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import AgendaPurpose
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.forum.action_plan_dialog import ActionPlanDialog
from slip_desktop.views.forum.tab import ForumCalendarTab
from tests.db.forum_helpers import add_forum, add_forum_referral, add_school

FORUM_DAY = date(2026, 11, 10)


def _dialog(qtbot: QtBot, store: Store) -> tuple[ActionPlanDialog, int, int]:
    school = add_school(store)
    forum = add_forum(store, FORUM_DAY)
    referral = add_forum_referral(store, school, "Nguyễn Thị", "Ánh", upn=None)
    add_case(store, forum, referral, AgendaPurpose.NEW_CASE)
    dialog = ActionPlanDialog(store, referral, forum, FORUM_DAY, notifier=ChangeNotifier())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, referral, forum


def test_a_plan_is_written_and_printed_in_one_form_and_one_action(
    qtbot: QtBot, store: Store
) -> None:
    dialog, referral, forum = _dialog(qtbot, store)
    qtbot.keyClicks(dialog.summary, "Anxious in busy corridors.")  # the form
    printed: list[PlanDocument] = []
    with patch(
        "slip_desktop.views.forum.plan_output.print_plan",
        lambda _parent, doc: printed.append(doc) or True,
    ):
        qtbot.mouseClick(dialog.save_print_button, Qt.MouseButton.LeftButton)  # one action
    form = load_plan(store, referral, forum)
    assert form.plan_id is not None and form.draft.discussion_summary.startswith("Anxious")
    assert [d.pupil_name for d in printed] == ["Nguyễn Thị Ánh"]
    assert dialog.printed and not dialog.isVisible()
    assert any(r.action == AuditAction.PRINT and r.pupil_id is not None for r in list_audit(store))


def test_ctrl_p_saves_and_prints(qtbot: QtBot, store: Store) -> None:
    dialog, referral, forum = _dialog(qtbot, store)
    qtbot.keyClicks(dialog.summary, "Discussed.")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.save_print_button.shortcut().toString() == "Ctrl+P"
    with patch("slip_desktop.views.forum.plan_output.print_plan", lambda _p, _d: True):
        QTest.keyClick(dialog.summary, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: dialog.printed, timeout=5000)
    assert load_plan(store, referral, forum).plan_id is not None


def test_a_refused_save_prints_nothing(qtbot: QtBot, store: Store) -> None:
    dialog, referral, forum = _dialog(qtbot, store)
    dialog.review_due.set_value(FORUM_DAY - timedelta(days=30))  # before the meeting
    printed: list[PlanDocument] = []
    with patch(
        "slip_desktop.views.forum.plan_output.print_plan",
        lambda _p, doc: printed.append(doc) or True,
    ):
        qtbot.mouseClick(dialog.save_print_button, Qt.MouseButton.LeftButton)
    assert printed == [] and load_plan(store, referral, forum).plan_id is None
    assert dialog.isVisible()


def test_the_forum_tab_opens_on_the_nearest_meeting_even_a_past_one(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    today = date(2026, 11, 12)
    held = add_forum(store, date(2026, 11, 10))  # two days ago: plans to write
    add_forum(store, date(2026, 11, 24))  # twelve days ahead
    tab = ForumCalendarTab(store, ChangeNotifier(), today=lambda: today)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: tab.panel.meeting is not None)
    assert tab.panel.meeting is not None and tab.panel.meeting.id == held
