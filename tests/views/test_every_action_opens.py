"""Every button, menu entry, shortcut and list activation a coordinator can reach: none crashes.

A net for the whole class of "the dialog crashes as it is built" bugs (End placement and
Record school visit once raised AttributeError on opening and no test opened them). Each
tab of the real main window (built as ``app.build_window`` builds it, over the demo data
as of ``DEMO_TODAY``) is walked: every sub-page, every list with its first row and one row
of each other kind (a kind is what the buttons enable plus the row's enums, flags and
missing links, so an anonymous referral or an ended placement gets its own turn), every
enabled button and the entries of its menu, every shortcut, and a double-click and Enter
on the first row of every list. Nothing waits for a person: every modal ``exec`` records
its dialog and returns Rejected, ``open()`` dialogs are rejected at once, message boxes
answer No/Ok, file and input dialogs are cancelled. Any exception in a slot, any ERROR
logged and any dialog without a title fails the test, naming the tab and the button.

Left out on purpose (each is still reached where it is harmless):
- File > Quit: closes the window, which ends the program (tests/ui/test_lock.py checks it
  stays enabled while locked).
- File > Open database...: a real second database would need its own passphrase and
  sign-in; it is triggered with the file dialog cancelled, so its slot runs and opens
  nothing.
- Buttons that belong to Qt itself (a table's corner button, a tab bar's scroll arrows,
  the calendar's month and year menus): they run none of the program's code.
- Combo boxes, date and text fields: editing values is not opening an action; the
  tabs' own tests type into them.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import os
import socket
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6 import QtPrintSupport, QtWidgets
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, QThreadPool
from PySide6.QtGui import QDesktopServices, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slip_desktop import app as slip_app
from slip_desktop.db.store import Store
from slip_desktop.ui.backup_dialogs import FOLDER_KEY
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.main_window import MainWindow
from slip_desktop.views import action_plan_output
from tests.conftest import DEMO_TODAY, TEST_PASSPHRASE

#: At most this many rows of one list are exercised (the first, then one per new kind).
MAX_KINDS = 6
#: Rows looked at to find the kinds of a list.
SCAN_ROWS = 250
#: Qt's own buttons, which run none of the program's code.
QT_INTERNAL = ("qt_tableview_cornerbutton", "ScrollLeftButton", "ScrollRightButton")
QT_CALENDAR_ARROWS = ("qt_calendar_prevmonth", "qt_calendar_nextmonth")

ROSTER_PAGES = (
    "overview",
    "occupancy",
    "waiting",
    "reviews",
    "attendance",
    "visits",
    "staff",
    "providers",
)
SCOPES = [
    ("Referrals", None),
    ("Forum calendar", None),
    ("Core Meeting board", None),
    *[("Centre rosters", page) for page in ROSTER_PAGES],
    ("Finance", None),
    ("Impact", None),
]


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _alive(obj: Any) -> bool:
    return obj is not None and shiboken6.isValid(obj)


class Monkey:
    """Triggers things one by one and writes down every crash, error log and bad dialog."""

    def __init__(
        self, qtbot: QtBot, window: MainWindow, caplog: pytest.LogCaptureFixture, label: str
    ) -> None:
        self.qtbot = qtbot
        self.window = window
        self.caplog = caplog
        self.label = label
        self.doing = label
        self.failures: list[str] = []
        self.dialogs: list[str] = []
        self.triggered: list[str] = []
        self.opened: list[QDialog] = []
        self.done: set[tuple[Any, ...]] = set()

    # What the stubs report -----------------------------------------------------------------

    def saw_dialog(self, dialog: Any) -> None:
        """A dialog was about to wait for a person: check it was built."""
        if not isinstance(dialog, QDialog):
            self.failures.append(f"{self.doing}: exec() on a {type(dialog).__name__}")
            return
        title = dialog.windowTitle()
        if not title.strip():
            self.failures.append(f"{self.doing}: {type(dialog).__name__} has no window title")
        self.dialogs.append(f"{type(dialog).__name__}: {title}")

    def fail(self, message: str) -> None:
        """Note a failure against what is being triggered."""
        self.failures.append(f"{self.doing}: {message}")

    # Triggering ----------------------------------------------------------------------------

    def trigger(self, what: str, action: Callable[[], object]) -> None:
        """Run ``action`` (a click, a triggered action...) and note anything that went wrong."""
        self.doing = f"{self.label} > {what}"
        self.triggered.append(what)
        logged = len(self.caplog.records)
        with self.qtbot.capture_exceptions() as exceptions:
            action()
            self.settle()
        for _type, value, tb in exceptions:
            where = "".join(traceback.format_tb(tb)[-2:])
            self.failures.append(f"{self.doing}: {_type.__name__}: {value}\n{where}")
        for record in self.caplog.records[logged:]:
            if record.levelno >= logging.ERROR:
                self.failures.append(f"{self.doing}: logged {record.getMessage()}")
        self.doing = self.label

    def settle(self) -> None:
        """Let background work finish, then cancel what it left open."""
        pool = QThreadPool.globalInstance()
        for _ in range(20):
            pool.waitForDone(20_000)
            QApplication.processEvents()
            if pool.activeThreadCount() == 0:
                break
        for dialog in self.opened:
            if _alive(dialog) and dialog.result() == -1:
                dialog.reject()
        self.opened.clear()
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or isinstance(widget, QMenu):
                continue
            if not widget.windowTitle().strip():
                self.fail(f"{type(widget).__name__} shown without a title")
            widget.close()
        QApplication.processEvents()


# Stubs -------------------------------------------------------------------------------------


def _dialog_classes() -> Iterator[type]:
    for module in (QtWidgets, QtPrintSupport):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, QDialog):
                yield value


def _stub_modal_interaction(
    monkeypatch: pytest.MonkeyPatch, monkey: Monkey, tmp_path: Path
) -> None:
    def exec_stub(self: Any, *_args: Any) -> int:
        monkey.saw_dialog(self)
        return int(QDialog.DialogCode.Rejected.value)

    def open_stub(self: Any, *_args: Any) -> None:
        monkey.saw_dialog(self)
        # Cancelled at once, as by Esc: the finished/rejected handlers run too.
        self.setResult(-1)
        monkey.opened.append(self)

    for cls in _dialog_classes():
        for name in ("exec", "exec_"):
            if name in vars(cls):
                monkeypatch.setattr(cls, name, exec_stub)
        if "open" in vars(cls):
            monkeypatch.setattr(cls, "open", open_stub)
    monkeypatch.setattr(QDialog, "open", open_stub)

    def menu_stub(self: QMenu, *_args: Any) -> None:
        return None

    monkeypatch.setattr(QMenu, "exec", menu_stub)
    monkeypatch.setattr(QMenu, "popup", menu_stub)

    def answer(value: Any) -> Any:
        return staticmethod(lambda *_args, **_kwargs: value)

    no, ok = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Ok
    for name, value in (("question", no), ("warning", ok), ("information", ok), ("critical", ok)):
        monkeypatch.setattr(QMessageBox, name, answer(value))
    monkeypatch.setattr(QMessageBox, "about", answer(None))
    monkeypatch.setattr(QMessageBox, "aboutQt", answer(None))
    for name, value in (
        ("getOpenFileName", ("", "")),
        ("getOpenFileNames", ([], "")),
        ("getSaveFileName", ("", "")),
        ("getExistingDirectory", ""),
    ):
        monkeypatch.setattr(QFileDialog, name, answer(value))
    for name, value in (
        ("getText", ("", False)),
        ("getMultiLineText", ("", False)),
        ("getInt", (0, False)),
        ("getDouble", (0.0, False)),
        ("getItem", ("", False)),
    ):
        monkeypatch.setattr(QInputDialog, name, answer(value))

    def open_url(url: Any) -> bool:
        monkey.dialogs.append(f"openUrl: {url.toString()}")
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    # "Open in PDF viewer" writes the file it opens into the temporary folder: keep it here.
    monkeypatch.setattr(action_plan_output, "_viewer_folder", lambda: tmp_path)

    def no_network(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the program tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)


# The window --------------------------------------------------------------------------------


def _tabs_of_today() -> list[slip_app.LazyTab]:
    """The window's tabs, each given DEMO_TODAY where it takes a ``today``."""
    import importlib
    import inspect

    tabs = []
    for tab in _real_tab_factories():
        cls = getattr(importlib.import_module(tab.module), tab.name)
        options = tab.options
        if "today" in inspect.signature(cls).parameters:
            options = (*options, ("today", lambda: DEMO_TODAY))
        tabs.append(tab._replace(options=options))
    return tabs


_real_tab_factories = slip_app.tab_factories


@pytest.fixture
def window(
    qtbot: QtBot, demo_store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    QSettings().setValue(FOLDER_KEY, str(tmp_path / "backups"))
    monkeypatch.setattr(slip_app, "tab_factories", _tabs_of_today)
    opened: list[Path] = []
    built = slip_app.build_window(demo_store, None, opened.append)
    qtbot.addWidget(built)
    built.resize(1400, 900)
    built.show()
    qtbot.waitExposed(built)
    return built


@pytest.fixture
def monkey(
    qtbot: QtBot,
    window: MainWindow,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> Monkey:
    caplog.set_level(logging.WARNING)
    callspec = getattr(request.node, "callspec", None)
    found = Monkey(qtbot, window, caplog, callspec.id if callspec else request.node.name)
    _stub_modal_interaction(monkeypatch, found, tmp_path)
    return found


# Walking a tab -----------------------------------------------------------------------------


def _visible_views(scope: QWidget) -> list[QAbstractItemView]:
    """The lists shown in ``scope``: each ListPanel's table, and any other item view."""
    views = []
    for view in scope.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or not view.isVisible() or view.model() is None:
            continue
        if view.window() is not scope.window():  # a combo box's popup
            continue
        views.append(view)
    return views


def _panel_of(view: QAbstractItemView) -> ListPanel[Any] | None:
    parent = view.parentWidget()
    return parent if isinstance(parent, ListPanel) else None


def _name(view: QAbstractItemView) -> str:
    owner = view.parentWidget()
    names = []
    while owner is not None and len(names) < 2:
        names.append(type(owner).__name__)
        owner = owner.parentWidget()
    return "/".join(reversed(names))


def _buttons(scope: QWidget) -> list[QAbstractButton]:
    found = []
    for button in scope.findChildren(QAbstractButton):
        name = button.objectName()
        if name in QT_INTERNAL or (name.startswith("qt_") and name not in QT_CALENDAR_ARROWS):
            continue
        if button.isVisible() and button.isEnabled():
            found.append(button)
    return found


def _button_name(button: QAbstractButton) -> str:
    text = _plain(button.text()) or button.toolTip() or button.objectName()
    return f"[{text or type(button).__name__}]"


def _menu_actions(menu: QMenu) -> Iterator[Any]:
    menu.aboutToShow.emit()
    for action in menu.actions():
        if action.isSeparator() or not action.isEnabled():
            continue
        if action.menu() is not None:
            yield from _menu_actions(action.menu())
        else:
            yield action


def _row_shape(row: Any) -> tuple[Any, ...]:
    """What sets one row apart from another of the same list: enums, flags, missing links."""
    if hasattr(row, "_asdict"):
        values = row._asdict()
    elif dataclasses.is_dataclass(row) and not isinstance(row, type):
        values = {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    else:
        return ()
    shape = []
    for name, value in values.items():
        if isinstance(value, enum.Enum | bool):
            shape.append((name, value))
        elif name.endswith("_id") or name.endswith("_on"):
            shape.append((name, value is None))
    return tuple(shape)


def _select(view: QAbstractItemView, row: int) -> None:
    model = view.model()
    if row >= model.rowCount():
        return
    enabled = Qt.ItemFlag.ItemIsEnabled
    try:
        columns = range(model.columnCount(QModelIndex()))
    except TypeError:  # a list model keeps columnCount to itself
        columns = range(1)
    column = next((c for c in columns if model.flags(model.index(row, c)) & enabled), 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.selectionModel().setCurrentIndex(model.index(row, column), flags)


def _prime(scope: QWidget) -> None:
    """Select the first row of every list with nothing selected (twice: lists fill lists)."""
    for _ in range(2):
        for view in _visible_views(scope):
            if view.model().rowCount() and not view.currentIndex().isValid():
                _select(view, 0)


def _enabled_signature(scope: QWidget) -> frozenset[int]:
    return frozenset(id(b) for b in _buttons(scope))


def _kinds(scope: QWidget, view: QAbstractItemView) -> list[tuple[int, str]]:
    """Rows of ``view`` worth a turn each: the first, then one of each new kind."""
    panel = _panel_of(view)
    if panel is None:
        return [(0, "first row")]
    seen: dict[tuple[Any, ...], int] = {}
    for row in range(min(panel.model.rowCount(), SCAN_ROWS)):
        _select(view, row)
        key = (_enabled_signature(scope), _row_shape(panel.model.row_at(row)))
        if key not in seen:
            seen[key] = row
            if len(seen) >= MAX_KINDS:
                break
    return [(row, "first row" if row == 0 else f"row {row}") for row in seen.values()]


def _click_everything(monkey: Monkey, scope: QWidget, context: tuple[Any, ...], where: str) -> None:
    for button in _buttons(scope):
        if not (_alive(button) and button.isVisible() and button.isEnabled()):
            continue
        menu = button.menu() if hasattr(button, "menu") else None
        if menu is not None:
            # A menu may be rebuilt by what one of its entries does: look each up afresh.
            for text in [a.text() for a in _menu_actions(menu)]:
                key = (*context, id(button), text)
                if key in monkey.done or not _alive(menu):
                    continue
                monkey.done.add(key)
                action = next((a for a in _menu_actions(menu) if a.text() == text), None)
                if action is not None:
                    name = f"{where}{_button_name(button)} > {_plain(text)}"
                    monkey.trigger(name, action.trigger)
            continue
        key = (*context, id(button))
        if key in monkey.done:
            continue
        monkey.done.add(key)

        def click(button: QAbstractButton = button) -> None:
            button.click()
            if (
                button.isCheckable()
                and _alive(button)
                and not isinstance(button, QtWidgets.QRadioButton)
            ):
                monkey.settle()
                button.click()  # and back, so the rest of the walk sees the usual view

        monkey.trigger(f"{where}{_button_name(button)}", click)


def _activate(monkey: Monkey, view: QAbstractItemView, where: str) -> None:
    def double_click() -> None:
        _select(view, 0)
        rect = view.visualRect(view.currentIndex())
        monkey.qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    def enter() -> None:
        _select(view, 0)
        view.setFocus()
        monkey.qtbot.keyClick(view, Qt.Key.Key_Return)

    monkey.trigger(f"{where}double-click first row", double_click)
    if _alive(view) and view.isVisible():
        monkey.trigger(f"{where}Enter on first row", enter)


def _shortcuts(monkey: Monkey, scope: QWidget) -> None:
    for shortcut in scope.findChildren(QShortcut):
        parent = shortcut.parent()
        if not shortcut.isEnabled() or not (isinstance(parent, QWidget) and parent.isVisible()):
            continue
        key = ("shortcut", id(shortcut))
        if key in monkey.done:
            continue
        monkey.done.add(key)
        name = shortcut.key().toString() or "shortcut"
        monkey.trigger(f"shortcut {name}", shortcut.activated.emit)


def _walk_visible(monkey: Monkey, scope: QWidget, state: str) -> None:
    _prime(scope)
    _click_everything(monkey, scope, (), state)
    _shortcuts(monkey, scope)
    for view in _visible_views(scope):
        if not view.model().rowCount():
            continue
        label = _name(view)
        for row, kind in _kinds(scope, view):
            if not (_alive(view) and view.isVisible()):
                break
            _select(view, row)
            _prime(scope)
            _click_everything(monkey, scope, (id(view), kind), f"{state}{label}, {kind}: ")
        if ("activated", id(view)) not in monkey.done and _alive(view) and view.isVisible():
            monkey.done.add(("activated", id(view)))
            _activate(monkey, view, f"{state}{label}: ")


def _walk(monkey: Monkey, scope: QWidget) -> None:
    """Walk ``scope`` as shown, then with each page of each of its inner tab widgets."""
    _walk_visible(monkey, scope, "")
    for tabs in scope.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if not (_alive(tabs) and tabs.isVisible()):
                break
            tabs.setCurrentIndex(index)
            _walk_visible(monkey, scope, f"{_plain(tabs.tabText(index))} page: ")


def _show_tab(qtbot: QtBot, window: MainWindow, title: str) -> QWidget:
    index = next(i for i in range(window.tabs.count()) if title in window.tabs.tabText(i))
    window.tabs.setCurrentIndex(index)
    tab = window.current_tab()
    assert tab is not None
    # A tab built now is shown by its layout once events run.
    qtbot.waitUntil(tab.isVisible)
    return tab


def _scope_id(scope: tuple[str, str | None]) -> str:
    return scope[0] if scope[1] is None else f"{scope[0]}-{scope[1]}"


@pytest.mark.parametrize("scope", SCOPES, ids=[_scope_id(s) for s in SCOPES])
def test_every_button_of_the_tab_opens_without_crashing(
    monkey: Monkey, window: MainWindow, qtbot: QtBot, scope: tuple[str, str | None]
) -> None:
    title, page_name = scope
    tab = _show_tab(qtbot, window, title)
    area: QWidget = tab
    if page_name is not None:
        area = getattr(tab, page_name)
        tab.pages.setCurrentWidget(area)  # type: ignore[attr-defined]
        qtbot.waitUntil(area.isVisible)
    _walk(monkey, area)
    if os.environ.get("MONKEY_REPORT"):
        print("\n".join(monkey.triggered), "\n---\n", "\n".join(monkey.dialogs))
    assert not monkey.failures, "\n\n".join(monkey.failures)
    assert monkey.triggered, "nothing was triggered: the walk found no buttons"


MENU_SKIPS = {"Quit"}  # closes the window (see the module docstring)


@pytest.mark.parametrize("menu_title", ["File", "Data protection", "Help"])
def test_every_menu_action_opens_without_crashing(
    monkey: Monkey, window: MainWindow, qtbot: QtBot, menu_title: str
) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if _plain(a.text()) == menu_title)
    for text in [a.text() for a in _menu_actions(menu)]:
        name = _plain(text)
        action = next((a for a in _menu_actions(menu) if a.text() == text), None)
        if name in MENU_SKIPS or action is None:
            continue
        monkey.trigger(f"{menu_title} > {name}", action.trigger)
        if window.is_locked:
            field = window.lock_screen.passphrase  # type: ignore[attr-defined]
            field.clear()
            qtbot.keyClicks(field, TEST_PASSPHRASE)
            qtbot.keyClick(field, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: not window.is_locked)
    assert not monkey.failures, "\n\n".join(monkey.failures)
    assert monkey.triggered


def test_the_walk_reaches_the_dialogs_that_once_crashed(
    monkey: Monkey, window: MainWindow, qtbot: QtBot
) -> None:
    """The net itself: on This week, End placement and Record school visit are opened."""
    tab = _show_tab(qtbot, window, "Centre rosters")
    _walk_visible(monkey, tab.overview, "")  # type: ignore[attr-defined]
    assert not monkey.failures, "\n\n".join(monkey.failures)
    titles = " | ".join(monkey.dialogs)
    assert "End" in titles and "visit" in titles.lower(), titles
