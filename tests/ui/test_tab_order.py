"""Every tab, page and dialog works from the keyboard: Tab in reading order, Enter, Escape.

The every-action walk (as the accessibility test walks it) shows each tab and page,
presses each button and opens each dialog; at each screen the focus chain is read and
any step back against reading order fails, by widget geometry, within half a line.
Each dialog has a default button (Enter from a field presses it) and closes on Escape;
each tab's own buttons have an Alt key or a shortcut.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QDialog,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slip_desktop.ui.accessibility import mnemonic_of
from slip_desktop.ui.empty_state import EmptyState
from slip_desktop.ui.main_window import MainWindow
from slip_desktop.ui.tab_order import backward_jumps
from tests.views.test_every_action_opens import (
    SCOPES,
    Monkey,
    _alive,
    _plain,
    _scope_id,
    _show_tab,
    _walk_visible,
    monkey,
    window,
)

__all__ = ["monkey", "window"]  # fixtures, shared with the every-action walk


def _check(monkey: Monkey, root: QWidget, where: str) -> None:
    for jump in backward_jumps(root):
        monkey.fail(f"{where}: {jump}")


def _check_pages(monkey: Monkey, root: QWidget, where: str) -> None:
    """Check ``root`` as shown, then with each page of each inner tab widget."""
    _check(monkey, root, where)
    for tabs in root.findChildren(QTabWidget):
        if not tabs.isVisible():
            continue
        shown = tabs.currentIndex()
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            _check(monkey, root, f"{where} > {_plain(tabs.tabText(index))}")
        tabs.setCurrentIndex(shown)


def _check_enter_and_escape(monkey: Monkey, dialog: QDialog, where: str) -> bool:
    """Fail when Enter has no default button to press or Escape leaves ``dialog`` open.

    Return whether the dialog is still there to walk (Escape may delete one that
    deletes itself on close).
    """
    buttons = [b for b in dialog.findChildren(QPushButton) if b.isVisible()]
    if buttons and not any(b.isDefault() for b in buttons):
        monkey.fail(f"{where}: no default button, so Enter in a field does nothing")
    target = dialog.focusWidget() or dialog
    QTest.keyClick(target, Qt.Key.Key_Escape)
    QApplication.processEvents()
    if not _alive(dialog):
        return False
    if dialog.isVisible():
        monkey.fail(f"{where}: Escape does not close it")
    return True


class OrderMonkey(Monkey):
    """The walk's monkey, which also reads the focus chain of each dialog it opens."""

    def walk_dialog(self, dialog: QDialog, title: str) -> None:
        """Check the Tab order, Enter and Escape of ``dialog`` (once per kind), then walk it."""
        kind = ("dialog", type(dialog).__name__)
        if kind not in self.done:
            where = f"{type(dialog).__name__} ({title})"
            dialog.show()
            _check_pages(self, dialog, where)
            _check_enter_and_escape(self, dialog, where)
            # Not walked again after Escape: a dialog closed and walked on had its Qt
            # objects freed under the walk (segmentation faults); test_every_action_opens
            # walks every dialog's actions.
            self.done.add(kind)
            return
        super().walk_dialog(dialog, title)


@pytest.fixture
def order(monkey: Monkey) -> OrderMonkey:
    monkey.__class__ = OrderMonkey
    return monkey  # type: ignore[return-value]


#: Buttons reached by Tab alone, on purpose: a list's Export... (several lists share a screen,
#: and each would claim the same Alt key) and the arrow that opens a date's calendar (the date
#: is typed).
TAB_ONLY = ("Export...", "▾")
#: A key named in a button's text or tooltip that a shortcut of the tab answers.
NAMED_KEY = re.compile(r"^\d\s|\((?:[A-Z][a-z]+\+)*[A-Z][A-Za-z]*\)|\bCtrl\+\w+")


def _same_action(text: str) -> str:
    return text.replace("&", "").rstrip(".…").strip().lower()


def _keyless_buttons(area: QWidget) -> list[str]:
    """Describe each button shown in ``area`` that no Alt key or named shortcut presses."""
    found = []
    buttons = area.findChildren(QAbstractButton)
    # An empty list's button repeats one of the tab's own (its Alt key presses that one).
    keyed = {_same_action(b.text()) for b in buttons if b.isVisible() and mnemonic_of(b.text())}
    for button in buttons:
        if not button.isVisible() or not button.text() or button.objectName().startswith("qt_"):
            continue
        if isinstance(button.parentWidget(), EmptyState) and _same_action(button.text()) in keyed:
            continue
        if isinstance(button.parentWidget(), QCalendarWidget) or button.text() in TAB_ONLY:
            continue
        if button.parentWidget() is not None and button.parentWidget().objectName().startswith(
            "qt_"
        ):
            continue  # the calendar's own month and year buttons
        if mnemonic_of(button.text()) or not button.shortcut().isEmpty():
            continue
        if NAMED_KEY.search(button.text()) or NAMED_KEY.search(button.toolTip()):
            continue
        found.append(f"{type(button).__name__} {button.text()!r}")
    return found


#: Known to break, with why: the walk of the Referrals tab meets widgets of its New referral
#: dialog deleted while their focus chain is read (a RuntimeError, not an order fault), and
#: it can crash: with Python's collector run often (gc.set_threshold(200, 2, 2)) it dies
#: every time at Escape in the Link dialog, in a QTableView timer whose header the collector
#: deleted (found with gdb; the cause in the walk is not found yet). A crash twice over
#: fails the run, so the scope is skipped, not expected to fail. The referral dialog's own
#: Tab order is tested in tests/views/referrals; the Link dialog's is not. To mend next.
WALK_BREAKS = {"Referrals"}


@pytest.mark.parametrize(
    "scope",
    [
        pytest.param(
            s,
            marks=pytest.mark.skipif(
                _scope_id(s) in WALK_BREAKS, reason="the walk crashes here (WALK_BREAKS)"
            ),
        )
        for s in SCOPES
    ],
    ids=[_scope_id(s) for s in SCOPES],
)
def test_every_tab_and_dialog_reads_in_order_and_answers_enter_and_escape(
    order: OrderMonkey, window: MainWindow, qtbot: QtBot, scope: tuple[str, str | None]
) -> None:
    title, page_name = scope
    tab: Any = _show_tab(qtbot, window, title)
    area: QWidget = tab
    if page_name is not None:
        area = getattr(tab, page_name)
        pages: QStackedWidget = tab.pages
        pages.setCurrentWidget(area)
        qtbot.waitUntil(area.isVisible)
    where = title if page_name is None else f"{title} > {page_name}"
    _check_pages(order, area, where)
    for button in _keyless_buttons(area):
        order.fail(f"{where}: {button} has no Alt key or shortcut")
    _walk_visible(order, area, "")
    assert not order.failures, "\n".join(order.failures)


def test_the_check_sees_a_step_back_up_the_page(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    first, second = QLineEdit(page), QLineEdit(page)
    save = QPushButton("Save", page)
    layout = QVBoxLayout(page)
    for widget in (first, second, save):
        layout.addWidget(widget)
    page.show()
    qtbot.waitExposed(page)
    assert backward_jumps(page) == []
    QWidget.setTabOrder(save, second)  # first, save, second: back up from Save
    assert backward_jumps(page) != []
