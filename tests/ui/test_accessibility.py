"""Every focusable widget of every tab, page and dialog has a name a screen reader can say,
and no Alt+letter is offered twice on one screen.

A lighter walk than tests/views/test_every_action_opens.py: each tab and each of its
pages is shown and checked, then every button shown (with the first row of each list
chosen) is pressed once; each of the program's dialogs that opens is checked as shown,
then walked the same way (so New pupil... inside the referral dialog is reached too).
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMainWindow, QStackedWidget, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from slip_desktop.ui.accessibility import mnemonic_clashes, unnamed_widgets
from slip_desktop.ui.main_window import MainWindow
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
    for widget in unnamed_widgets(root):
        monkey.fail(f"{where}: {widget} has no accessible name")
    top = root if root.isWindow() else root.window()
    for key, owners in mnemonic_clashes(top).items():
        monkey.fail(f"{where}: Alt+{key.upper()} is offered by {', '.join(owners)}")


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


class ReaderMonkey(Monkey):
    """The walk's monkey, which also checks each dialog it opens."""

    def walk_dialog(self, dialog: QDialog, title: str) -> None:
        """Check names and mnemonics of ``dialog`` (once per kind), then walk it."""
        kind = ("dialog", type(dialog).__name__)
        if kind not in self.done:
            dialog.show()
            _check_pages(self, dialog, f"{type(dialog).__name__} ({title})")
            dialog.hide()
        super().walk_dialog(dialog, title)


@pytest.fixture
def reader(monkey: Monkey) -> ReaderMonkey:
    monkey.__class__ = ReaderMonkey
    return monkey  # type: ignore[return-value]


@pytest.mark.parametrize("scope", SCOPES, ids=[_scope_id(s) for s in SCOPES])
def test_every_focusable_widget_has_an_accessible_name(
    reader: ReaderMonkey, window: MainWindow, qtbot: QtBot, scope: tuple[str, str | None]
) -> None:
    title, page_name = scope
    tab: Any = _show_tab(qtbot, window, title)
    area: QWidget = tab
    if page_name is not None:
        area = getattr(tab, page_name)
        pages: QStackedWidget = tab.pages
        pages.setCurrentWidget(area)
        qtbot.waitUntil(area.isVisible)
    _check_pages(reader, area, title if page_name is None else f"{title} > {page_name}")
    _walk_visible(reader, area, "")
    assert not reader.failures, "\n".join(reader.failures)


def test_the_main_window_offers_each_mnemonic_once_with_every_tab(
    window: MainWindow, qtbot: QtBot
) -> None:
    failures = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        # A clicked tab is shown a pass after it is built: its keys count once it shows.
        qtbot.waitUntil(lambda: (tab := window.current_tab()) is not None and tab.isVisible())
        for key, owners in mnemonic_clashes(window).items():
            failures.append(f"{window.tabs.tabText(index)}: Alt+{key.upper()}: {owners}")
    assert not failures, "\n".join(failures)


def test_ctrl_and_a_digit_shows_that_tab(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    for index in range(window.tabs.count()):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentIndex() == index
    assert isinstance(window, QMainWindow)
