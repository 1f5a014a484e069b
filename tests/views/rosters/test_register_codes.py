"""The register takes the DfE codes of August 2024 from the keyboard and offers them by meaning."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from slip_desktop.db.attendance import RegisterLine, register
from slip_desktop.db.store import Store
from slip_desktop.domain.attendance import CODES, Category
from slip_desktop.domain.capacity import Centre
from slip_desktop.domain.enums import PlacementStatus, Programme, Session
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.rosters.attendance_page import AttendancePage
from slip_desktop.views.rosters.attendance_register import AM, PM, RegisterView
from tests.roster_fixtures import add_placement, add_pupil, add_school

WEDNESDAY = date(2026, 11, 25)

LINES = [
    RegisterLine(1, "Nguyễn Thị Ánh", "Kingsmere Academy", Programme.RESET, "A", "", ""),
    RegisterLine(2, "Олег Петренко", "Kingsmere Academy", Programme.PATHWAY_1, "", "", ""),
    RegisterLine(3, "Zoë O'Brien-Ćorić", "Ashgrove College", Programme.PATHWAY_2, "", "Y", None),
]


def _view(qtbot: QtBot) -> RegisterView:
    view = RegisterView()
    qtbot.addWidget(view)
    view.register_model.set_lines(LINES)
    view.start()
    return view


def test_typing_c_then_1_marks_c1_and_moves_on(qtbot: QtBot) -> None:
    view = _view(qtbot)
    qtbot.keyClicks(view, "C1")
    marks = view.register_model.marks()
    assert marks[(1, Session.AM)] == "C1"
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, PM)
    # C by itself is a code too (leave for exceptional circumstances).
    qtbot.keyClicks(view, "C/")
    marks = view.register_model.marks()
    assert (marks[(1, Session.PM)], marks[(2, Session.AM)]) == ("C", "/")


def test_y_waits_for_its_number_then_marks_y3(qtbot: QtBot) -> None:
    view = _view(qtbot)
    with qtbot.waitSignal(view.pending_changed) as pending:
        qtbot.keyClick(view, Qt.Key.Key_Y)
    assert pending.args == ["Y"]
    assert view.register_model.marks()[(1, Session.AM)] == ""  # nothing yet
    qtbot.keyClick(view, Qt.Key.Key_3)
    assert view.register_model.marks()[(1, Session.AM)] == "Y3"
    assert view.currentIndex().column() == PM


def test_an_old_mark_shows_its_meaning_and_is_kept(qtbot: QtBot) -> None:
    view = _view(qtbot)
    model = view.register_model
    tip = model.data(model.index(2, AM), Qt.ItemDataRole.ToolTipRole)
    assert "before Aug 2024" in tip and "not counted" in tip
    assert model.marks()[(3, Session.AM)] == "Y"
    assert not model.setData(model.index(2, AM), "Y")  # no longer offered for new marks


def test_the_code_menu_lists_every_code_with_its_meaning(qtbot: QtBot) -> None:
    view = _view(qtbot)
    menu = view.code_menu()
    headings = [a.menu() for a in menu.actions()]
    assert [m.title() for m in headings] == [c.value for c in Category]
    offered = {a.data(): a.text() for m in headings for a in m.actions()}
    assert set(offered) == set(CODES)
    assert "authorised absence" in offered["C1"]
    assert "approved educational activity" in offered["K"]
    assert "not counted" in offered["Y5"]


def test_a_c1_typed_on_the_register_is_saved_and_counted_as_authorised(
    qtbot: QtBot, store: Store
) -> None:
    school = add_school(store, "Kingsmere Academy")
    placement = add_placement(
        store,
        add_pupil(store, school, "Nguyễn Thị", "Ánh"),
        Programme.KS3_LONG_TERM,
        PlacementStatus.ACTIVE,
        date(2026, 9, 2),
        date(2027, 7, 16),
    )
    page = AttendancePage(store, ChangeNotifier(), lambda: WEDNESDAY)
    qtbot.addWidget(page)
    page.show_register(Centre.PLC, WEDNESDAY)
    page.register_view.setFocus()
    qtbot.keyClicks(page.register_view, "C1/")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    (line,) = register(store, Centre.PLC, WEDNESDAY)
    assert (line.placement_id, line.am, line.pm) == (placement, "C1", "/")
    page.refresh()
    (row,) = page.percentages.model.rows()
    assert (row.tally.authorised, row.tally.attended, row.tally.possible) == (1, 1, 2)
    headers = [
        page.percentages.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(page.percentages.model.columnCount())
    ]
    assert "Authorised" in headers
