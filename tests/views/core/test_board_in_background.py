"""The Core board in the window: it reads, and records a decision, in worker threads."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from slip_desktop.db.store import Store
from slip_desktop.domain.enums import CoreOutcome
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.ui.tasks import LOADING
from slip_desktop.views.core.tab import CoreBoardTab
from tests.conftest import DEMO_TODAY
from tests.views.core.test_core_board_tab import NOW, WHY, _stored


def _board(qtbot: QtBot, store: Store) -> CoreBoardTab:
    board = CoreBoardTab(store, ChangeNotifier(), today=lambda: DEMO_TODAY, now=lambda: NOW)
    qtbot.addWidget(board)
    board.resize(1300, 800)
    board.show()
    return board


def test_the_board_says_loading_until_its_cases_arrive(qtbot: QtBot, demo_store: Store) -> None:
    board = _board(qtbot, demo_store)
    assert board.loading and board.columns[0].empty_state.message == LOADING
    qtbot.waitUntil(lambda: not board.loading)
    assert board.columns[0].model.rowCount() > 0
    assert board.columns[0].empty_state.message != LOADING


def test_a_decision_recorded_in_the_background_keeps_a_refusal_beside_its_field(
    qtbot: QtBot, demo_store: Store
) -> None:
    board = _board(qtbot, demo_store)
    qtbot.waitUntil(lambda: not board.loading)
    card = board.columns[0].model.cards()[0]
    dialog = board.decide(card.referral_id, CoreOutcome.SCHOOL_CONTINUES)
    assert dialog is not None
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no rationale, no advice: refused
    qtbot.waitUntil(lambda: not dialog.recording and ok.isEnabled())
    assert dialog.isVisible() and _stored(demo_store, card.referral_id) is None
    qtbot.keyClicks(dialog.rationale, WHY)
    dialog.advice.setPlainText("Key adult; one-page profile for Zoë O'Brien-Ćorić.")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: not board.loading)
    stored = _stored(demo_store, card.referral_id)
    assert stored is not None and stored.outcome == CoreOutcome.SCHOOL_CONTINUES
    assert board.column_of(card.referral_id) == CoreOutcome.SCHOOL_CONTINUES
    assert board.selected_card() is not None
    assert board.selected_card().referral_id == card.referral_id
