from __future__ import annotations

from datetime import datetime
from pathlib import Path
from unittest.mock import patch

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from slip_desktop.db.core import CoreCard
from slip_desktop.db.managed_moves import list_moves
from slip_desktop.db.models import Decision, Placement
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import CoreOutcome, MoveOutcome, PlacementStatus, Programme
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.core.decision_dialog import CoreDecisionDialog
from slip_desktop.views.core.tab import CoreBoardTab
from tests.conftest import DEMO_TODAY

NOW = datetime(2026, 12, 17, 14, 5)
WHY = "Agreed with the school after the forum plan review."


@pytest.fixture
def tab(qtbot: QtBot, demo_store: Store) -> CoreBoardTab:
    widget = CoreBoardTab(
        demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY, now=lambda: NOW, background=False
    )
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _to_decide(tab: CoreBoardTab, ks4: bool | None = None) -> CoreCard:
    for card in tab.columns[0].model.cards():
        if ks4 is None or (card.year_group >= 10) == ks4:
            return card  # type: ignore[no-any-return]
    raise AssertionError("no such card")


def _stored(store: Store, referral_id: int) -> Decision | None:
    with store.session() as s:
        decision = s.scalars(select(Decision).where(Decision.referral_id == referral_id)).first()
        if decision is not None:
            s.expunge(decision)
        return decision


def _fill_and_record(qtbot: QtBot, dialog: CoreDecisionDialog, rationale: str = WHY) -> None:
    qtbot.keyClicks(dialog.rationale, rationale)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_board_opens_on_the_next_core_meeting_with_cards_to_decide(tab: CoreBoardTab) -> None:
    assert "17 Dec 2026" in tab.meeting.currentText()
    assert tab.columns[0].model.rowCount() >= 3
    assert "To decide" in tab.columns[0].header.text()
    assert tab.decided_by.text() == "Gareth Pryce"


def test_card_moves_by_keyboard_and_the_decision_is_stored(
    qtbot: QtBot, tab: CoreBoardTab, demo_store: Store
) -> None:
    card = _to_decide(tab, ks4=True)
    view = tab.columns[0].view
    view.setFocus()
    view.setCurrentIndex(
        tab.columns[0].model.index(tab.columns[0].model.row_of(card.referral_id), 0)
    )
    qtbot.keyClick(view, Qt.Key.Key_4)
    dialog = tab.decision_dialog
    assert dialog is not None and dialog.outcome == CoreOutcome.OUTSIDE_PROGRAMME
    dialog.programme.setCurrentIndex(dialog.programme.findData(Programme.PATHWAY_2))
    tab.decided_by.setText("ignored after the dialog opened")
    qtbot.keyClicks(dialog.decided_by, " (chair)")
    qtbot.keyClicks(dialog.rationale, WHY)
    qtbot.keyClick(dialog.rationale, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.decision_dialog is None)
    stored = _stored(demo_store, card.referral_id)
    assert stored is not None
    assert stored.outcome == CoreOutcome.OUTSIDE_PROGRAMME
    assert (stored.rationale, stored.decided_by, stored.decided_at) == (
        WHY,
        "Gareth Pryce (chair)",
        NOW,
    )
    assert tab.column_of(card.referral_id) == CoreOutcome.OUTSIDE_PROGRAMME
    assert "KS4 pathway 2" in tab.status.text()


def test_card_moves_by_drag_and_drop_and_starts_tier2_support(
    qtbot: QtBot, tab: CoreBoardTab, demo_store: Store
) -> None:
    card = _to_decide(tab)
    source = tab.columns[0].model
    target = tab.columns[3].model
    mime = source.mimeData([source.index(source.row_of(card.referral_id), 0)])
    assert target.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    target.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    dialog = tab.decision_dialog
    assert dialog is not None and dialog.outcome == CoreOutcome.IN_SCHOOL_SUPPORT
    dialog.programme.setCurrentIndex(dialog.programme.findData(Programme.ONE_TO_ONE))
    dialog.weeks.setValue(8)
    dialog.mentor.setCurrentIndex(1)
    mentor_id = dialog.mentor.currentData()
    _fill_and_record(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.decision_dialog is None)
    assert tab.column_of(card.referral_id) == CoreOutcome.IN_SCHOOL_SUPPORT
    with demo_store.session() as s:
        placement = s.scalars(
            select(Placement).where(Placement.referral_id == card.referral_id)
        ).one()
        assert (placement.programme, placement.mentor_id, placement.status) == (
            Programme.ONE_TO_ONE,
            mentor_id,
            PlacementStatus.REQUESTED,
        )
        assert placement.starts_on is not None and placement.planned_end_on is not None
        assert (placement.planned_end_on - placement.starts_on).days == 8 * 7 - 1


def test_cancelled_dialog_leaves_the_card_where_it_was(qtbot: QtBot, tab: CoreBoardTab) -> None:
    card = _to_decide(tab)
    dialog = tab.decide(card.referral_id, CoreOutcome.BACK_TO_FORUM)
    assert dialog is not None
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("booked onto the Inclusion Forum on" in t for t in texts)
    dialog.reject()
    assert tab.column_of(card.referral_id) is None
    assert tab.decision_dialog is None


def test_key_stage_mismatch_is_refused_beside_the_programme(
    qtbot: QtBot, tab: CoreBoardTab, demo_store: Store
) -> None:
    card = _to_decide(tab, ks4=True)
    tab.select_card(card.referral_id)
    qtbot.mouseClick(tab.buttons[CoreOutcome.OUTSIDE_PROGRAMME], Qt.MouseButton.LeftButton)
    dialog = tab.decision_dialog
    assert dialog is not None
    dialog.programme.setCurrentIndex(dialog.programme.findData(Programme.RESET))
    _fill_and_record(qtbot, dialog)
    error = dialog.errors.label("programme")
    assert not error.isHidden()
    assert f"Year {card.year_group} (KS4)" in error.text()
    assert "KS3 Reset is a KS3 programme" in error.text()
    assert dialog.rationale.toPlainText() == WHY
    assert _stored(demo_store, card.referral_id) is None
    dialog.reject()


def test_missing_rationale_is_shown_beside_the_field(qtbot: QtBot, tab: CoreBoardTab) -> None:
    card = _to_decide(tab)
    dialog = tab.decide(card.referral_id, CoreOutcome.SCHOOL_CONTINUES)
    assert dialog is not None
    _fill_and_record(qtbot, dialog, rationale="")
    assert not dialog.errors.label("rationale").isHidden()
    assert not dialog.errors.label("advice").isHidden()
    dialog.reject()


def test_backspace_undoes_a_decision_after_confirming(
    qtbot: QtBot, tab: CoreBoardTab, demo_store: Store
) -> None:
    card = _to_decide(tab)
    dialog = tab.decide(card.referral_id, CoreOutcome.BACK_TO_FORUM)
    assert dialog is not None
    _fill_and_record(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.decision_dialog is None)
    assert tab.column_of(card.referral_id) == CoreOutcome.BACK_TO_FORUM
    assert tab.undo_button.isEnabled()
    view = tab.columns[1].view
    with patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes):
        qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert tab.column_of(card.referral_id) is None
    assert _stored(demo_store, card.referral_id) is None


def test_board_explains_why_a_decision_cannot_be_undone(
    qtbot: QtBot, tab: CoreBoardTab, demo_store: Store
) -> None:
    card = _to_decide(tab)
    dialog = tab.decide(card.referral_id, CoreOutcome.SCHOOL_CONTINUES)
    assert dialog is not None
    qtbot.keyClicks(dialog.advice, "Keep the key adult and the reduced timetable.")
    _fill_and_record(qtbot, dialog)
    qtbot.waitUntil(lambda: tab.decision_dialog is None)
    assert tab.selected_card() is not None
    assert not tab.undo_button.isEnabled()
    assert "cannot be reopened" in tab.details.text()
    with patch.object(QMessageBox, "question") as question:
        qtbot.keyClick(tab.columns[2].view, Qt.Key.Key_Backspace)
    question.assert_not_called()
    assert "cannot be reopened" in tab.status.text()


def test_print_minutes_writes_the_decisions_pdf(
    qtbot: QtBot, tab: CoreBoardTab, tmp_path: Path
) -> None:
    card = _to_decide(tab, ks4=True)
    dialog = tab.decide(card.referral_id, CoreOutcome.OUTSIDE_PROGRAMME)
    assert dialog is not None
    dialog.programme.setCurrentIndex(dialog.programme.findData(Programme.KS4_TIER3_AP))
    _fill_and_record(qtbot, dialog)
    target = tmp_path / "minutes.pdf"
    with (
        patch(
            "slip_desktop.views.core.tab.QFileDialog.getSaveFileName",
            return_value=(str(target), ""),
        ),
        patch("slip_desktop.views.core.tab.QDesktopServices.openUrl") as opened,
    ):
        qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    opened.assert_called_once()
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Core Meeting decisions" in text
    assert card.pupil_name in text
    assert "Programme outside school" in text
    assert "KS4 tier 3 part-time AP" in text
    assert "Agreed with the school" in text


def test_board_card_model_passes_the_model_tester(qtmodeltester, tab: CoreBoardTab) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(tab.columns[0].model)


def test_failed_guaranteed_move_is_recorded_from_the_moves_page(
    qtbot: QtBot, tab: CoreBoardTab, demo_store: Store
) -> None:
    panel = tab.moves
    rows = panel.list.model.rows()
    target = next(r for r in rows if r.guaranteed and r.outcome == MoveOutcome.IN_PROGRESS)
    row_index = rows.index(target)
    panel.list.table.setCurrentIndex(panel.list.model.index(row_index, 0))
    assert panel.outcome_button.isEnabled()
    qtbot.mouseClick(panel.outcome_button, Qt.MouseButton.LeftButton)
    dialog = panel.outcome_dialog
    assert dialog is not None
    dialog.outcome.setCurrentIndex(dialog.outcome.findData(MoveOutcome.FAILED))
    dialog.accept()
    moved = next(m for m in list_moves(demo_store) if m.id == target.id)
    assert moved.outcome == MoveOutcome.FAILED and moved.placement_id is not None
    with demo_store.session() as s:
        placement = s.get(Placement, moved.placement_id)
        assert placement is not None and placement.priority > 0
    assert "guarantee applies" in panel.status.text()
    assert panel.tally.model.rowCount() > 0


def test_left_and_right_move_between_columns(qtbot: QtBot, tab: CoreBoardTab) -> None:
    first = tab.columns[0]
    first.view.setFocus()
    first.view.setCurrentIndex(first.model.index(0, 0))
    qtbot.keyClick(first.view, Qt.Key.Key_Right)
    assert tab.columns[1].view.hasFocus()
    qtbot.keyClick(tab.columns[1].view, Qt.Key.Key_Left)
    assert first.view.hasFocus()
    qtbot.keyClick(first.view, Qt.Key.Key_Left)
    assert tab.columns[-1].view.hasFocus()
    qtbot.keyClick(tab.columns[-1].view, Qt.Key.Key_Home)
    assert first.view.hasFocus()
    assert tab.selected_card() == first.model.cards()[0]


def test_double_clicking_a_case_opens_its_meeting_board(qtbot: QtBot, tab: CoreBoardTab) -> None:
    rows = tab.list.model.rows()
    decided = next(r for r in rows if r.outcome is not None and r.meeting_id is not None)
    tab.pages.setCurrentIndex(1)
    tab.list.row_activated.emit(decided)
    assert tab.pages.currentIndex() == 0
    assert tab.current_meeting_id() == decided.meeting_id
    assert tab.column_of(decided.referral_id) == decided.outcome
    assert tab.selected_card() is not None
    assert tab.selected_card().referral_id == decided.referral_id  # type: ignore[union-attr]


def test_new_move_is_refused_beside_the_field_then_recorded(
    qtbot: QtBot, tab: CoreBoardTab, demo_store: Store
) -> None:
    from slip_desktop.db.managed_moves import list_pupil_options

    panel = tab.moves
    tab.pages.setCurrentWidget(panel)  # the coordinator opens the Managed moves page
    before = panel.list.model.total_count()
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    dialog = panel.move_dialog
    assert dialog is not None
    pupil = list_pupil_options(demo_store)[0]
    # Choosing from the list (typing opens the completer popup, which offscreen Qt warns about).
    dialog.pupil.setCurrentIndex(dialog.pupil.findData(pupil.id))
    dialog.receiving.setCurrentIndex(dialog.receiving.findData(pupil.school_id))
    dialog.guaranteed.setChecked(True)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert "must differ" in dialog.errors.label("receiving_school_id").text()
    assert "tier-4 place" in dialog.errors.label("guarantee_programme").text()
    other = next(
        i
        for i in range(1, dialog.receiving.count())
        if dialog.receiving.itemData(i) != pupil.school_id
    )
    dialog.receiving.setCurrentIndex(other)
    fallback = "ks3_long_term" if pupil.year_group <= 9 else "pathway_1"
    dialog.guarantee_programme.setCurrentIndex(dialog.guarantee_programme.findData(fallback))
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.move_dialog is None)
    assert panel.list.model.total_count() == before + 1
    newest = [m for m in list_moves(demo_store) if m.pupil_id == pupil.id]
    assert newest and newest[0].guaranteed and newest[0].outcome == MoveOutcome.IN_PROGRESS


def test_dragging_a_decided_card_back_to_decide_undoes_it(
    qtbot: QtBot, tab: CoreBoardTab, demo_store: Store
) -> None:
    card = _to_decide(tab, ks4=False)
    dialog = tab.decide(card.referral_id, CoreOutcome.OUTSIDE_PROGRAMME)
    assert dialog is not None
    dialog.programme.setCurrentIndex(dialog.programme.findData(Programme.RESET))
    with qtbot.waitSignal(tab._notifier.changed):
        _fill_and_record(qtbot, dialog)
    source = tab.columns[4].model
    mime = source.mimeData([source.index(source.row_of(card.referral_id), 0)])
    with patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes):
        tab.columns[0].model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    assert tab.column_of(card.referral_id) is None
    with demo_store.session() as s:
        assert not s.scalars(
            select(Placement).where(Placement.referral_id == card.referral_id)
        ).all()
    # A card dropped on the column it is already in is refused by the model.
    again = tab.columns[0].model
    mime = again.mimeData([again.index(again.row_of(card.referral_id), 0)])
    assert not again.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
