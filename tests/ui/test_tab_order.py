"""Tab moves through every tab, page and dialog in reading order: down, then left to right.

The every-action walk (as the accessibility test walks it) shows each tab and page,
presses each button and opens each dialog; at each screen the focus chain is read and
any step back against reading order fails, by widget geometry, within half a line.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slip_desktop.ui.main_window import MainWindow
from slip_desktop.ui.tab_order import backward_jumps
from tests.views.test_every_action_opens import (
    SCOPES,
    Monkey,
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


class OrderMonkey(Monkey):
    """The walk's monkey, which also reads the focus chain of each dialog it opens."""

    def walk_dialog(self, dialog: QDialog, title: str) -> None:
        """Check the Tab order of ``dialog`` (once per kind), then walk it."""
        kind = ("dialog", type(dialog).__name__)
        if kind not in self.done:
            dialog.show()
            _check_pages(self, dialog, f"{type(dialog).__name__} ({title})")
            dialog.hide()
        super().walk_dialog(dialog, title)


@pytest.fixture
def order(monkey: Monkey) -> OrderMonkey:
    monkey.__class__ = OrderMonkey
    return monkey  # type: ignore[return-value]


@pytest.mark.parametrize("scope", SCOPES, ids=[_scope_id(s) for s in SCOPES])
def test_tab_follows_reading_order_in_every_tab_and_dialog(
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
    _check_pages(order, area, title if page_name is None else f"{title} > {page_name}")
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
