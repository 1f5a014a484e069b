"""Every button, menu entry, shortcut and list activation a coordinator can reach: none crashes.

A net for the whole class of "the dialog crashes as it is built" bugs (End placement and
Record school visit once raised AttributeError on opening and no test opened them). Each
tab of the real main window (built as ``app.build_window`` builds it, each tab given
``today`` = DEMO_TODAY, over the demo data) is walked: every sub-page, every short combo
box choice and check box that changes what the lists hold (a past term, ended
placements, past meetings; ``*_filter`` combos only narrow a list and are left alone),
every list with its first row and one row of each other kind (a kind is what the
buttons enable plus the row's enums, flags and missing links, so an anonymous referral
or an ended placement gets its own turn), every enabled button and the entries of its
menu, every shortcut, a double-click and Enter on the first row of every list, and the
File, Data protection and Help menus. Each of the program's own dialogs that opens is
walked the same way once per test (its lists and buttons: New pupil..., Add account...),
then its OK/Save is pressed with the form as it opened.

Nothing waits for a person: every modal ``exec`` records its dialog, checks it is a
QDialog with a title and returns Rejected; ``open()`` dialogs are rejected at once;
message boxes answer No/Ok; file and input dialogs are cancelled; a URL is not opened;
sockets refuse to connect. Any exception in a slot (caught with pytest-qt's
``capture_exceptions`` around each trigger), any ERROR logged, and any dialog or window
without a title fails the test, naming the tab, the state and the button.
``MONKEY_REPORT=1 pytest -s`` prints everything triggered and every dialog seen.

Skipped, with why (each is still reached where it is harmless):
- File > Quit: closes the window, which ends the program (tests/ui/test_lock.py checks it
  stays enabled while locked).
- File > Open database...: a real second database would need its own passphrase and
  sign-in; it is triggered with the file dialog cancelled, so its slot runs and opens
  nothing.
- A dialog's Cancel/Close buttons: they only close it, which the stub does anyway.
- Qt's own buttons (a table's corner button, a tab bar's scroll arrows, the calendar's
  month and year menus) and Qt's own dialogs' insides (message, file, print preview):
  they run none of the program's code, and a print preview shown offscreen without a
  printer crashes Qt itself (print previews are still built and exec'd, stubbed).
- Editing text, date and long (sampled) combo fields: typing is the tabs' own tests' job.
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
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QRadioButton,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from slip_desktop import app as slip_app
from slip_desktop.db.store import Store
from slip_desktop.ui.backup_dialogs import FOLDER_KEY
from slip_desktop.ui.list_panel import ListPanel
from slip_desktop.ui.main_window import MainWindow
from slip_desktop.views.forum import plan_output
from tests.conftest import DEMO_TODAY, TEST_PASSPHRASE

#: At most this many rows of one list are exercised (the first, then one per new kind).
MAX_KINDS = 6
#: Combo boxes with more choices than this (meetings, schools) are sampled.
MAX_CHOICES = 12
#: Combo boxes with at most this many choices are also tried two at a time.
MAX_PAIRED = 4
#: Rows of a list other than a ListPanel looked at to find the kinds of row it holds.
SCAN_VIEW_ROWS = 8
#: Qt's own buttons, which run none of the program's code.
QT_INTERNAL = ("qt_tableview_cornerbutton", "ScrollLeftButton", "ScrollRightButton")
QT_CALENDAR_ARROWS = ("qt_calendar_prevmonth", "qt_calendar_nextmonth")

#: Buttons that only close their dialog (the stub closes it anyway).
CLOSERS = {"Close", "Cancel"}

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
        self.in_dialog = False
        self.shown_dialog: QDialog | None = None
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
        # Only the program's own dialogs: Qt's are Qt's business, and a print preview shown
        # offscreen without a printer crashes Qt itself.
        if not self.in_dialog and type(dialog).__module__.startswith("slip_desktop."):
            self.in_dialog = True
            try:
                self.walk_dialog(dialog, title)
            finally:
                self.in_dialog = False

    def walk_dialog(self, dialog: QDialog, title: str) -> None:
        """Walk a dialog as a tab is walked, once per kind of dialog (New pupil..., Add user...).

        Shown (offscreen, nothing waits) so its own lists and buttons count as visible.
        Then its OK/Save is pressed with the form as it opened; Cancel never is (the stub
        rejects the dialog).
        """
        outer = self.doing
        where = f"{outer.removeprefix(self.label + ' > ')} > {title} > "
        kind = ("dialog", type(dialog).__name__)
        if kind in self.done:
            return
        self.done.add(kind)
        self.shown_dialog = dialog
        dialog.show()
        try:
            _walk_visible(self, dialog, where)
        finally:
            if _alive(dialog):
                dialog.hide()
            self.shown_dialog = None
        # A form left as it opened must get a message beside a field, not a crash.
        accepting = (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.YesRole)
        for box in dialog.findChildren(QDialogButtonBox) if _alive(dialog) else []:
            for button in box.buttons():
                if box.buttonRole(button) in accepting and button.isEnabled():
                    _press(self, button, where, (*kind, "accept", button.text()))
        self.doing = outer

    def check(self) -> None:
        """Fail with everything that went wrong (MONKEY_REPORT=1 prints what was done)."""
        if os.environ.get("MONKEY_REPORT"):
            print("\n".join(self.triggered), "\n---\n", "\n".join(self.dialogs))
        assert not self.failures, "\n\n".join(self.failures)
        assert self.triggered, "nothing was triggered: the walk found no buttons"

    def fail(self, message: str) -> None:
        """Note a failure against what is being triggered."""
        self.failures.append(f"{self.doing}: {message}")

    # Triggering ----------------------------------------------------------------------------

    def trigger(self, what: str, action: Callable[[], object]) -> None:
        """Run ``action`` (a click, a triggered action...) and note anything that went wrong."""
        outer = self.doing
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
        self.doing = outer

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
            mine = widget is self.window or widget is self.shown_dialog
            if mine or not widget.isVisible() or isinstance(widget, QMenu):
                continue
            if not widget.windowTitle().strip():
                self.fail(f"{type(widget).__name__} shown without a title")
            widget.close()
        if _alive(self.shown_dialog) and not self.shown_dialog.isVisible():
            self.shown_dialog.show()  # a button accepted it: the walk goes on
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
        # Cancelled (as by Esc) once the click has returned, in Monkey.settle: its
        # finished/rejected handlers run too.
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
    monkeypatch.setattr(plan_output, "_viewer_folder", lambda: tmp_path)

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


def _qt_internal(button: QAbstractButton) -> bool:
    name = button.objectName()
    return name in QT_INTERNAL or (name.startswith("qt_") and name not in QT_CALENDAR_ARROWS)


def _buttons(scope: QWidget) -> list[QAbstractButton]:
    found = []
    for button in scope.findChildren(QAbstractButton):
        if _qt_internal(button) or isinstance(button.parentWidget(), QDialogButtonBox):
            continue  # a dialog's OK/Cancel: see Monkey.walk_dialog
        if _plain(button.text()) in CLOSERS:
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


def _row_shape(row: Any) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """What sets one row apart from another of the same list.

    First its flags and missing links (an anonymous referral has no pupil), then its
    enums (a placement's status, a referral's stage).
    """
    if hasattr(row, "_asdict"):
        values = row._asdict()
    elif dataclasses.is_dataclass(row) and not isinstance(row, type):
        values = {f.name: getattr(row, f.name) for f in dataclasses.fields(row)}
    else:
        return ((), ())
    flags, enums = [], []
    for name, value in values.items():
        if isinstance(value, enum.Enum):
            enums.append((name, value))
        elif isinstance(value, bool):
            flags.append((name, value))
        elif name.endswith("_id") or name.endswith("_on"):
            flags.append((name, value is None))
    return (tuple(flags), tuple(enums))


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


def _kind(scope: QWidget, view: QAbstractItemView, row: int) -> tuple[Any, ...]:
    """What the row at ``row`` (selected) is: the buttons it enables and its row's shape."""
    panel = _panel_of(view)
    shape = _row_shape(panel.model.row_at(row)) if panel is not None else ()
    return (id(view), _enabled_signature(scope), shape)


def _candidates(view: QAbstractItemView) -> list[int]:
    """Rows worth looking at: in a ListPanel one per shape of row, elsewhere the first few.

    A ListPanel's rows are told apart by their fields, without selecting each (selecting
    loads a timeline or a chart); first by flags, then by enums, up to MAX_KINDS rows.
    """
    panel = _panel_of(view)
    count = view.model().rowCount()
    if panel is None:
        return list(range(min(count, SCAN_VIEW_ROWS)))
    shapes = [_row_shape(panel.model.row_at(row)) for row in range(count)]
    rows = [0]
    for level in (lambda shape: shape[0], lambda shape: shape):
        seen = {level(shapes[row]) for row in rows}
        for row, shape in enumerate(shapes):
            if len(rows) >= MAX_KINDS:
                return rows
            if level(shape) not in seen:
                seen.add(level(shape))
                rows.append(row)
    return rows


def _kinds(scope: QWidget, view: QAbstractItemView) -> list[tuple[int, tuple[Any, ...]]]:
    """Rows of ``view`` worth a turn each: the first, then one of each new kind."""
    seen: dict[tuple[Any, ...], int] = {}
    for row in _candidates(view):
        _select(view, row)
        seen.setdefault(_kind(scope, view, row), row)
    return [(row, key) for key, row in seen.items()]


def _opens_a_dialog(button: QAbstractButton) -> bool:
    return button.text().rstrip().endswith(("...", "\u2026"))


def _click_everything(monkey: Monkey, scope: QWidget, context: tuple[Any, ...], where: str) -> None:
    # Buttons that open a dialog ("...") go first: the others act at once (Mark held...)
    # and could disable the rest before they had their turn.
    buttons = sorted(_buttons(scope), key=lambda b: (not _opens_a_dialog(b), b.isCheckable()))
    for button in buttons:
        if not (_alive(button) and button.isVisible() and button.isEnabled()):
            continue
        _press(monkey, button, where, (*context, id(button)))


def _press(monkey: Monkey, button: QAbstractButton, where: str, key: tuple[Any, ...]) -> None:
    """Click ``button`` once for ``key``; for a button with a menu, trigger each entry."""
    menu = button.menu() if hasattr(button, "menu") else None
    if menu is not None:
        # Not clicked: Qt would show the menu and wait. A menu may be rebuilt by what
        # one of its entries does, so each entry is looked up afresh.
        for text in [a.text() for a in _menu_actions(menu)]:
            entry = (*key, text)
            if entry in monkey.done or not _alive(menu):
                continue
            monkey.done.add(entry)
            action = next((a for a in _menu_actions(menu) if a.text() == text), None)
            if action is not None:
                monkey.trigger(f"{where}{_button_name(button)} > {_plain(text)}", action.trigger)
        return
    if key in monkey.done:
        return
    monkey.done.add(key)

    def click() -> None:
        button.click()
        if _alive(button) and button.isCheckable() and not isinstance(button, QRadioButton):
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
        try:
            parent = shortcut.parent()
            shown = shortcut.isEnabled() and isinstance(parent, QWidget) and parent.isVisible()
        except RuntimeError:  # deleted since the list was made (a closed dialog's): not there
            continue
        if not shown:
            continue
        key = ("shortcut", id(shortcut))
        if key in monkey.done:
            continue
        monkey.done.add(key)
        name = shortcut.key().toString() or "shortcut"
        monkey.trigger(f"shortcut {name}", shortcut.activated.emit)


def _walk_visible(monkey: Monkey, scope: QWidget, state: str) -> None:
    """Click everything shown, then again with each kind of row of each list selected.

    Each (list, kind of row, button) is clicked once in the test, whatever page or
    choice of a combo box showed that kind of row.
    """
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
            where = f"{state}{label}, {'first row' if row == 0 else f'row {row}'}: "
            _click_everything(monkey, scope, kind, where)
        if not (_alive(view) and view.isVisible() and view.model().rowCount()):
            continue
        _select(view, 0)
        first = ("activated", *_kind(scope, view, 0))
        if first not in monkey.done:
            monkey.done.add(first)
            _activate(monkey, view, f"{state}{label}: ")


def _combo_name(combo: QComboBox) -> str:
    """The attribute that holds ``combo`` in the widget that built it (``status_filter``)."""
    owner = combo.parentWidget()
    while owner is not None:
        names = [n for n, v in vars(owner).items() if v is combo]
        if names:
            return names[0]
        owner = owner.parentWidget()
    return combo.objectName() or "combo"


def _walk_choices(monkey: Monkey, scope: QWidget, state: str) -> None:
    """Walk what is shown, then with each choice of each short combo box shown.

    A choice (a term, a meeting, "ended" placements, past meetings) brings rows of other
    kinds into the lists: issued statements, decided cards, ended placements, sent plans.
    A filter (``*_filter``) only narrows a list to rows of kinds it already had.
    """
    _walk_visible(monkey, scope, state)
    boxes = [b for b in scope.findChildren(QCheckBox) if b.isVisible() and b.isEnabled()]
    for box in boxes:
        if not (_alive(box) and box.isVisible()):
            continue
        box.click()
        _walk_visible(monkey, scope, f"{state}{_plain(box.text())} {box.isChecked()}: ")
        if _alive(box):
            box.click()
    combos = [
        c
        for c in scope.findChildren(QComboBox)
        if c.isVisible()
        and c.isEnabled()
        and not c.isEditable()
        and not _combo_name(c).endswith("_filter")
    ]
    for place, combo in enumerate(combos):
        for label in _each_choice(combo, state):
            _walk_visible(monkey, scope, label)
            # Two short choices together (a past year and one of its terms: issued
            # statements) show what neither shows alone.
            if combo.count() > MAX_PAIRED:
                continue
            for other in combos[place + 1 :]:
                if other.count() <= MAX_PAIRED:
                    for both in _each_choice(other, label):
                        _walk_visible(monkey, scope, both)


def _each_choice(combo: QComboBox, state: str) -> Iterator[str]:
    """Choose each item of ``combo`` but the current one in turn, then the current again."""
    if not _alive(combo):
        return
    name = _combo_name(combo)
    chosen, count = combo.currentIndex(), combo.count()
    # A long list of choices (meetings, schools) is sampled: first, last, two between.
    choices = range(count) if count <= MAX_CHOICES else {0, count // 3, 2 * count // 3, count - 1}
    for index in sorted(choices):
        if index == chosen or not (_alive(combo) and combo.isVisible()):
            continue
        combo.setCurrentIndex(index)
        yield f"{state}{name}={combo.itemText(index)}: "
    if _alive(combo):
        combo.setCurrentIndex(chosen)


def _walk(monkey: Monkey, scope: QWidget) -> None:
    """Walk ``scope`` as shown, then with each page of each of its inner tab widgets."""
    _walk_choices(monkey, scope, "")
    for tabs in scope.findChildren(QTabWidget):
        for index in range(tabs.count()):
            if not (_alive(tabs) and tabs.isVisible()):
                break
            tabs.setCurrentIndex(index)
            _walk_choices(monkey, scope, f"{_plain(tabs.tabText(index))} page: ")


def _show_tab(qtbot: QtBot, window: MainWindow, title: str) -> QWidget:
    index = next(i for i in range(window.tabs.count()) if title in window.tabs.tabText(i))
    window.tabs.setCurrentIndex(index)
    tab = window.current_tab()
    assert tab is not None
    # A tab built now is shown by its layout once events run, and filled from a worker.
    qtbot.waitUntil(tab.isVisible)
    qtbot.waitUntil(lambda: not getattr(tab, "loading", False), timeout=20000)
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
    monkey.check()


MENU_SKIPS = {"Quit"}  # closes the window (see the module docstring)


@pytest.mark.parametrize("menu_title", ["File", "Data protection", "Settings", "Help"])
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
    monkey.check()


def test_the_walk_reaches_the_dialogs_that_once_crashed(
    monkey: Monkey, window: MainWindow, qtbot: QtBot
) -> None:
    """The net itself: on This week, End placement and Record school visit are opened."""
    tab = _show_tab(qtbot, window, "Centre rosters")
    _walk_visible(monkey, tab.overview, "")  # type: ignore[attr-defined]
    monkey.check()
    titles = " | ".join(monkey.dialogs)
    assert "EndDialog: End placement" in titles and "VisitDialog: School visit" in titles, titles
