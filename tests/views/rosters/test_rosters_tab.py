from __future__ import annotations

from datetime import date
from pathlib import Path
from unittest.mock import patch

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from slip_desktop.db.attendance import register
from slip_desktop.db.reviews import list_reviews
from slip_desktop.db.rosters import get_placement, waiting_lists
from slip_desktop.db.store import Store
from slip_desktop.domain.capacity import Centre
from slip_desktop.domain.enums import PlacementStatus, Programme, ReturnAnswer
from slip_desktop.ui.form_errors import FieldErrors
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.rosters.attendance_register import AM, PM, RegisterModel
from slip_desktop.views.rosters.dialogs import PlaceDialog, ReviewDialog
from slip_desktop.views.rosters.tab import RostersTab
from tests.conftest import DEMO_TODAY
from tests.roster_fixtures import add_placement, add_pupil, add_school, add_term, fill

WEDNESDAY = date(2026, 11, 25)


def _tab(qtbot: QtBot, store: Store, today: date = DEMO_TODAY) -> RostersTab:
    tab = RostersTab(store, ChangeNotifier(), today=lambda: today)
    qtbot.addWidget(tab)
    return tab


def _message(errors: FieldErrors, field: str) -> str:
    """The message shown beside ``field`` (or under the form when it has no place of its own)."""
    label = errors.label(field)
    return label.text() if label is not None else ""


def test_this_week_shows_places_free_and_what_is_overdue(qtbot: QtBot, demo_store: Store) -> None:
    tab = _tab(qtbot, demo_store)
    cards = [
        tab.overview.headlines.itemAt(i).widget().text()
        for i in range(tab.overview.headlines.count())
    ]
    assert any("Reset group A" in c and "FULL" in c for c in cards)
    assert any("Pathways 1 and 2" in c and "of 24" in c for c in cards)
    alerts = tab.overview.alerts.text()
    assert "review(s) overdue" in alerts and "request(s) from the Core Meeting" in alerts
    assert "not visited by their school this term" in alerts
    rows = tab.overview.list.model.rows()
    assert rows and all(r.status == PlacementStatus.ACTIVE for r in rows)
    tab.overview.centre_choice.setCurrentIndex(tab.overview.centre_choice.findData(Centre.WIGSTON))
    wigston = tab.overview.list.model.rows()
    assert 15 < len(wigston) < len(rows) and {r.centre for r in wigston} == {Centre.WIGSTON}
    assert tab.waiting.list.model.rowCount() >= 3
    assert tab.staff.list.model.rowCount() >= 15 and "Vacancies: 1" in tab.staff.totals.text()


def test_overdue_reviews_stand_out_in_words_and_bold(qtbot: QtBot, demo_store: Store) -> None:
    tab = _tab(qtbot, demo_store)
    model = tab.reviews.list.model
    states = [model.index(r, 1).data() for r in range(model.rowCount())]
    overdue_rows = [r for r, s in enumerate(states) if s.startswith("OVERDUE")]
    assert overdue_rows
    delegate = tab.reviews.list.table.itemDelegate()
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, model.index(overdue_rows[0], 2))
    assert option.font.bold()
    later = states.index("Booked")
    option = QStyleOptionViewItem()
    delegate.initStyleOption(option, model.index(later, 2))
    assert not option.font.bold()


def test_placing_a_sixth_reset_pupil_shows_the_refusal_and_waitlists(
    qtbot: QtBot, store: Store
) -> None:
    school = add_school(store)
    fill(store, school, Programme.RESET, 5, date(2026, 11, 16), date(2027, 1, 1), "A")
    sixth = add_placement(store, add_pupil(store, school, "Sixth"), Programme.RESET)
    dialog = PlaceDialog(store, get_placement(store, sixth), DEMO_TODAY, [], [])
    qtbot.addWidget(dialog)
    dialog.group.setCurrentIndex(0)
    assert "seven teaching weeks" in dialog.end_hint.text()
    qtbot.mouseClick(dialog.place_button, Qt.MouseButton.LeftButton)
    assert "Reset group A is full" in _message(dialog.errors, "starts_on")
    assert not dialog.place_button.isEnabled() and dialog.close_button.text() == "Close"
    assert get_placement(store, sixth).status == PlacementStatus.WAITING
    assert [w.name for w in waiting_lists(store, DEMO_TODAY)] == ["Sixth Pupil"]


def test_place_dialog_keeps_the_form_and_names_the_missing_provider(
    qtbot: QtBot, store: Store
) -> None:
    school = add_school(store)
    ap = add_placement(store, add_pupil(store, school, "Ash", year=10), Programme.PATHWAY_3)
    dialog = PlaceDialog(store, get_placement(store, ap), DEMO_TODAY, [], [])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.notes, "Needs a calm setting")
    qtbot.mouseClick(dialog.place_button, Qt.MouseButton.LeftButton)
    assert "AP provider" in _message(dialog.errors, "provider_id")
    assert dialog.notes.text() == "Needs a calm setting"
    assert get_placement(store, ap).status == PlacementStatus.REQUESTED


def test_register_is_filled_by_keyboard_and_saved(qtbot: QtBot, store: Store) -> None:
    school = add_school(store)
    first = add_placement(
        store,
        add_pupil(store, school, "Ann", "Able"),
        Programme.KS3_LONG_TERM,
        PlacementStatus.ACTIVE,
        date(2026, 9, 2),
        date(2027, 7, 16),
    )
    second = add_placement(
        store,
        add_pupil(store, school, "Ben", "Bond"),
        Programme.RESET,
        PlacementStatus.ACTIVE,
        date(2026, 11, 2),
        date(2026, 12, 18),
        "A",
        centre_days="mon,tue,wed-am",
    )
    tab = _tab(qtbot, store)
    page = tab.attendance
    page.show_register(Centre.PLC, WEDNESDAY)
    view = page.register_view
    assert view.currentIndex().row() == 0 and view.currentIndex().column() == AM
    view.setFocus()
    qtbot.keyClicks(view, "/l")  # Ann am present, Ann pm late
    qtbot.keyClick(view, Qt.Key.Key_Space)  # Ben am present; Ben is in school in the afternoon
    assert page.register_model.index(1, PM).data() == "—"
    assert "not saved yet" in page.status.text()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    lines = {line.placement_id: line for line in register(store, Centre.PLC, WEDNESDAY)}
    assert (lines[first].am, lines[first].pm) == ("/", "L")
    assert (lines[second].am, lines[second].pm) == ("/", None)
    assert "Saved 3 marks" in page.status.text()


def test_register_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester, store: Store) -> None:  # type: ignore[no-untyped-def]
    school = add_school(store)
    add_placement(
        store,
        add_pupil(store, school, "Ann"),
        Programme.KS3_LONG_TERM,
        PlacementStatus.ACTIVE,
        date(2026, 9, 2),
        date(2027, 7, 16),
    )
    model = RegisterModel()
    model.set_lines(register(store, Centre.PLC, WEDNESDAY))
    assert model.setData(model.index(0, AM), "i") and model.index(0, AM).data() == "I"
    assert not model.setData(model.index(0, PM), "A")
    qtmodeltester.check(model)


def test_exporting_schools_summaries_writes_pdf_and_csv(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    tab = _tab(qtbot, demo_store)
    page = tab.attendance
    page.summary_period.setCurrentIndex(1)
    folder = tmp_path / "summaries"
    folder.mkdir()
    with patch(
        "slip_desktop.views.rosters.attendance_page.QFileDialog.getExistingDirectory",
        return_value=str(folder),
    ):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.last_export), timeout=20000)
    names = sorted(p.name for p in folder.iterdir())
    assert any(n.endswith("2026-11-23-to-2026-11-27.pdf") for n in names)
    assert len([n for n in names if n.endswith(".csv")]) == len(names) // 2 > 3


def test_recording_a_review_from_its_dialog(qtbot: QtBot, store: Store) -> None:
    add_term(store)
    school = add_school(store, link="Jo Link")
    placement = add_placement(store, add_pupil(store, school, "Rae"), Programme.RESET)
    from slip_desktop.db.rosters import PlaceRequest, place_pupil

    place_pupil(
        store,
        PlaceRequest(placement, date(2026, 11, 2), group_name="A", centre_days="mon,tue,wed-am"),
    )
    row = list_reviews(store, placement)[0]
    dialog = ReviewDialog(store, row, DEMO_TODAY)
    qtbot.addWidget(dialog)
    assert "Jo Link" in dialog.attendees.text()
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "return to mainstream" in _message(dialog.errors, "able_to_return")
    dialog.answer_buttons[ReturnAnswer.NOT_YET].click()
    qtbot.keyClicks(dialog.next_step, "Phased return from January")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    held = list_reviews(store, placement)[0]
    assert held.able_to_return == ReturnAnswer.NOT_YET and held.held_on == DEMO_TODAY
    assert held.next_step == "Phased return from January"


def test_adding_a_provider_checks_the_day_rate(qtbot: QtBot, store: Store) -> None:
    from slip_desktop.db.providers import list_providers
    from slip_desktop.views.rosters.provider_page import ProviderDialog

    dialog = ProviderDialog(store, DEMO_TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Canal Boat Learning")
    qtbot.keyClicks(dialog.offer, "Outdoor learning and functional skills")
    qtbot.keyClicks(dialog.day_rate, "ninety")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "pounds and pence" in _message(dialog.errors, "day_rate")
    assert dialog.name.text() == "Canal Boat Learning"
    dialog.day_rate.clear()
    qtbot.keyClicks(dialog.day_rate, "£92.50")
    dialog.checked.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    (provider,) = list_providers(store)
    assert provider.name == "Canal Boat Learning" and str(provider.day_rate) == "92.5"
    assert provider.last_quality_check == DEMO_TODAY
    assert not provider.check_overdue(DEMO_TODAY)


def test_assigning_a_mentor_updates_caseloads(qtbot: QtBot, store: Store) -> None:
    from slip_desktop.db.staff import list_staff
    from tests.roster_fixtures import add_staff_and_provider

    school = add_school(store)
    mentor, _provider = add_staff_and_provider(store)
    add_placement(
        store,
        add_pupil(store, school, "Tia"),
        Programme.ONE_TO_ONE,
        PlacementStatus.ACTIVE,
        date(2026, 11, 9),
        date(2026, 12, 18),
    )
    tab = _tab(qtbot, store)
    tab.show()  # the This week page is in sight: it refreshes on the change
    qtbot.waitExposed(tab)
    tab.overview.list.table.selectRow(0)
    assert tab.overview.mentor_button.isEnabled()
    with patch(
        "slip_desktop.views.rosters.overview.QInputDialog.getItem",
        return_value=("Mo Mentor (Inclusion mentor): 0 pupils", True),
    ):
        tab.overview.mentor_button.click()
    (staff,) = list_staff(store, DEMO_TODAY)
    assert staff.id == mentor and staff.caseload == 1
    assert tab.overview.list.model.rows()[0].mentor == "Mo Mentor"


def test_filling_a_vacant_post_updates_the_establishment(qtbot: QtBot, demo_store: Store) -> None:
    from slip_desktop.views.rosters.staff_page import PostDialog

    tab = _tab(qtbot, demo_store)
    assert "Vacancies: 1 (1.00 FTE)" in tab.staff.totals.text()
    vacant = next(r for r in tab.staff.list.model.rows() if r.vacant)
    dialog = PostDialog(demo_store, vacant)
    qtbot.addWidget(dialog)
    dialog.vacant.setChecked(False)
    dialog.fte.clear()
    qtbot.keyClicks(dialog.fte, "1.5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "from 0.01 to 1" in _message(dialog.errors, "fte")
    assert "Name the person" in _message(dialog.errors, "name")
    dialog.fte.clear()
    qtbot.keyClicks(dialog.fte, "0.8")
    qtbot.keyClicks(dialog.name, "Priya Kaur")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    tab.refresh()
    assert "Vacancies: 0" in tab.staff.totals.text()
    post = next(r for r in tab.staff.list.model.rows() if r.id == vacant.id)
    assert (post.name, str(post.fte), post.vacant) == ("Priya Kaur", "0.80", False)


def test_printing_occupancy_writes_a_pdf_for_each_centre(
    qtbot: QtBot, demo_store: Store, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    tab = _tab(qtbot, demo_store)
    page = tab.occupancy
    assert page.term.currentText() == "Autumn 2026-27"
    this_week = [
        page.model.index(r, 0).data()
        for r in range(page.model.rowCount())
        if "this week" in page.model.index(r, 0).data()
    ]
    assert this_week == ["Mon 23 Nov 2026 (this week)"]
    target = tmp_path / "occupancy.pdf"
    with patch(
        "slip_desktop.views.rosters.occupancy.QFileDialog.getSaveFileName",
        return_value=(str(target), "PDF (*.pdf)"),
    ):
        page.print_button.click()
    text = "\n".join(p.extract_text() for p in PdfReader(str(target)).pages)
    assert "SLIP Pupil Learning Centre" in text and "Wigston Centre" in text
    assert "Reset group A" in text and "Pathways 1 and 2" in text


def _active_placement(store: Store, programme: Programme = Programme.ONE_TO_ONE) -> int:
    school = add_school(store, link="Jo Link")
    return add_placement(
        store,
        add_pupil(store, school, "Tia"),
        programme,
        PlacementStatus.ACTIVE,
        date(2026, 11, 9),
        date(2026, 12, 18),
    )


def test_ending_a_placement_from_the_week_page(qtbot: QtBot, store: Store) -> None:
    from slip_desktop.domain.enums import EndOutcome
    from slip_desktop.views.rosters.dialogs import EndDialog

    placement = _active_placement(store)
    tab = _tab(qtbot, store)
    tab.overview.list.table.selectRow(0)
    assert tab.overview.end_button.isEnabled()

    def fill_and_end(dialog: EndDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.outcome.setCurrentIndex(dialog.outcome.findData(EndOutcome.RETURNED))
        qtbot.keyClicks(dialog.notes, "Back full time after half term")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    with patch.object(EndDialog, "exec", fill_and_end):
        tab.overview.end_button.click()
    ended = get_placement(store, placement)
    assert ended.status == PlacementStatus.ENDED and ended.end_outcome == EndOutcome.RETURNED
    assert ended.ended_on == DEMO_TODAY


def test_recording_a_school_visit_from_the_week_page(qtbot: QtBot, store: Store) -> None:
    from slip_desktop.db.visits import list_visits
    from slip_desktop.views.rosters.dialogs import VisitDialog

    _active_placement(store, Programme.PATHWAY_1)  # at the Wigston Centre: visits are due
    tab = _tab(qtbot, store)
    tab.overview.list.table.selectRow(0)
    assert tab.overview.visit_button.isEnabled()

    def clear_then_save(dialog: VisitDialog) -> int:
        qtbot.addWidget(dialog)
        assert dialog.visitor.text() == "Jo Link"  # the school's link is offered
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        dialog.visitor.clear()
        qtbot.keyClicks(dialog.notes, "Settled in maths")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert _message(dialog.errors, "visitor_name")  # said beside the field...
        assert dialog.notes.text() == "Settled in maths"  # ...and nothing typed is lost
        qtbot.keyClicks(dialog.visitor, "Jo Link")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    with patch.object(VisitDialog, "exec", clear_then_save):
        tab.overview.visit_button.click()
    (visit,) = list_visits(store)
    assert visit.visitor_name == "Jo Link" and visit.notes == "Settled in maths"
    assert visit.visited_on == DEMO_TODAY


def test_in_the_window_a_page_is_built_and_read_when_first_shown(
    qtbot: QtBot, demo_store: Store
) -> None:
    """Building all eight pages at once made the tab's first show stall 55-90 ms."""
    tab = RostersTab(
        demo_store, ChangeNotifier(), today=lambda: DEMO_TODAY, pages_when_shown=True
    )
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: not tab.loading)
    assert [slot.built for slot in tab._slots.values()] == [False] * 7

    reviews_at = [tab.pages.tabText(i) for i in range(tab.pages.count())].index("&Reviews")
    tab.pages.setCurrentIndex(reviews_at)  # as a click on the page's tab does

    assert tab._slots["reviews"].built
    qtbot.waitUntil(lambda: tab.reviews.list.model.rowCount() > 0)
    eager = _tab(qtbot, demo_store)  # every page built and read at once, as tests have it
    assert tab.reviews.list.model.rowCount() == eager.reviews.list.model.rowCount()
    assert not tab._slots["staff"].built
    tab.pages.setCurrentWidget(tab.staff)  # a page named in place of its slot
    assert tab.pages.currentIndex() == reviews_at + 3
