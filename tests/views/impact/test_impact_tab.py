from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from slip_desktop.db.store import Store
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.impact.tab import WORKING, ImpactTab
from tests.db.test_impact import known  # noqa: F401 - fixture


def _tab(qtbot: QtBot, store: Store) -> ImpactTab:
    tab = ImpactTab(store, ChangeNotifier())
    qtbot.addWidget(tab)
    _shown(qtbot, tab)
    return tab


def _shown(qtbot: QtBot, tab: ImpactTab) -> None:
    """Wait for the figures worked out in the background."""
    qtbot.waitUntil(lambda: not tab.loading, timeout=20000)


def test_a_new_period_is_worked_out_off_the_gui_thread(qtbot: QtBot, known: Store) -> None:  # noqa: F811
    tab = _tab(qtbot, known)
    with patch("slip_desktop.views.impact.tab.impact_figures") as figures:
        import threading

        threads: list[str] = []
        figures.side_effect = lambda *_a: threads.append(threading.current_thread().name) or []
        tab.period_combo.setCurrentIndex((tab.period_combo.currentIndex() + 1) % 2)
        assert tab.loading and tab.summary.text() == WORKING
        _shown(qtbot, tab)
    assert threads and threads[0] != threading.main_thread().name


def test_custom_period_and_school_change_the_figures(qtbot: QtBot, known: Store) -> None:  # noqa: F811
    tab = _tab(qtbot, known)
    custom = tab.period_combo.findText("Custom dates...")
    tab.period_combo.setCurrentIndex(custom)
    assert tab.start_edit.isEnabled()
    tab.start_edit.setDate(tab.start_edit.date().fromString("2026-09-01", "yyyy-MM-dd"))
    tab.end_edit.setDate(tab.end_edit.date().fromString("2026-12-18", "yyyy-MM-dd"))
    _shown(qtbot, tab)
    tier = next(f for f in tab.figures() if f.key == "referrals_by_tier")
    assert tier.rows == [("Tier 1 (Inclusion Forum)", 3), ("Tier 2+ (Partnership)", 2)]
    assert "<b>5</b> referrals" in tab.summary.text()
    tab.school_combo.setCurrentText("Birch College")
    _shown(qtbot, tab)
    tier = next(f for f in tab.figures() if f.key == "referrals_by_tier")
    assert tier.rows[0] == ("Tier 1 (Inclusion Forum)", 1)


def test_choosing_a_figure_shows_its_table(qtbot: QtBot, known: Store) -> None:  # noqa: F811
    tab = _tab(qtbot, known)
    tab.period_combo.setCurrentIndex(tab.period_combo.findText("Custom dates..."))
    tab.start_edit.setDate(tab.start_edit.date().fromString("2026-09-01", "yyyy-MM-dd"))
    tab.end_edit.setDate(tab.end_edit.date().fromString("2026-12-18", "yyyy-MM-dd"))
    _shown(qtbot, tab)
    row = next(i for i, f in enumerate(tab.figures()) if f.key == "moves_tally")
    tab.figure_list.setCurrentRow(row)
    model = tab.table.model
    assert tab.heading.text() == "Moves per school"
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [
        "Ash Academy",
        "Birch College",
        "Cedar School",
    ]
    assert model.data(model.index(2, 1)) == "2"


def test_board_report_is_saved_in_the_background(
    qtbot: QtBot,
    known: Store,  # noqa: F811
    tmp_path: Path,
) -> None:
    tab = _tab(qtbot, known)
    target = tmp_path / "board"
    with patch(
        "slip_desktop.views.impact.tab.QFileDialog.getSaveFileName", return_value=(str(target), "")
    ):
        tab.pdf_button.click()
    qtbot.waitUntil(lambda: "Saved" in tab.saved_label.text(), timeout=20000)
    pdf = tmp_path / "board.pdf"
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Termly report to the partnership board" in text
    assert "Zara" not in text


def test_one_operation_touching_several_areas_refreshes_once(
    qtbot: QtBot,
    known: Store,  # noqa: F811
) -> None:
    from slip_desktop.ui.notifier import Area

    notifier = ChangeNotifier()
    tab = ImpactTab(known, notifier)
    qtbot.addWidget(tab)
    notifier.announce(Area.DECISIONS, Area.PLACEMENTS, Area.REFERRALS)
    notifier.announce(Area.STAFF)  # not shown here
    assert tab.refresher.refreshes == 1
    _shown(qtbot, tab)


def test_an_empty_custom_date_is_said_beside_it_and_keeps_the_figures(
    qtbot: QtBot,
    known: Store,  # noqa: F811
) -> None:
    tab = _tab(qtbot, known)
    tab.period_combo.setCurrentIndex(tab.period_combo.findText("Custom dates..."))
    shown = tab.period()
    tab.start_edit.set_value(None)
    assert "first day" in tab.date_errors.messages()["start"]
    assert tab.period() == shown
    tab.start_edit.setDate(tab.start_edit.date().fromString("2026-09-01", "yyyy-MM-dd"))
    assert tab.date_errors.messages() == {}
    _shown(qtbot, tab)


def test_headline_gives_no_percentage_over_fewer_than_five_cases(
    qtbot: QtBot,
    known: Store,  # noqa: F811
) -> None:
    tab = _tab(qtbot, known)
    tab.period_combo.setCurrentIndex(tab.period_combo.findText("Custom dates..."))
    tab.start_edit.setDate(tab.start_edit.date().fromString("2026-09-01", "yyyy-MM-dd"))
    tab.end_edit.setDate(tab.end_edit.date().fromString("2026-12-18", "yyyy-MM-dd"))
    _shown(qtbot, tab)
    text = tab.summary.text()
    assert "<b>1 of 2</b> managed moves succeeded" in text
    assert "% managed moves" not in text
    assert "<b>£1,234.56</b> charged" in text


def test_the_chart_is_drawn_at_its_picture_s_size_and_again_when_resized(
    qtbot: QtBot,
    known: Store,  # noqa: F811
) -> None:
    # Drawn at a fixed 600 x 400, a narrower pane showed its middle only: the tiers'
    # names and the axis cut off (1366 x 768 at 125%).
    tab = _tab(qtbot, known)
    tab.resize(1100, 640)
    tab.show()
    qtbot.waitExposed(tab)
    qtbot.waitUntil(lambda: tab._canvas.figure is not None and not tab.charting, timeout=20000)
    canvas = tab._canvas
    wide = canvas.pixmap().width()
    assert (wide, canvas.pixmap().height()) == canvas.size_to_draw()
    assert canvas.width() == wide  # the whole chart is in view, not its middle

    tab.resize(760, 560)
    qtbot.waitUntil(lambda: canvas.pixmap().width() == canvas.width(), timeout=20000)
    assert canvas.pixmap().width() < wide
    assert (canvas.pixmap().width(), canvas.pixmap().height()) == canvas.size_to_draw()
