"""Settings > The year's offer, driven as the coordinator would."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.offer import offer_years, read_offer
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Programme
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.settings.menu import add_settings_menu
from slip_desktop.views.settings.offer_dialog import OfferDialog


def _dialog(qtbot: QtBot, store: Store, year: int = 2026) -> OfferDialog:
    dialog = OfferDialog(store, year, "Cora Coordinator", notifier=ChangeNotifier())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _retype(qtbot: QtBot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.clear()
    qtbot.keyClicks(edit, text)


def _save(qtbot: QtBot, dialog: OfferDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_editing_next_years_offer_in_the_dialog_saves_it_for_that_year_only(
    qtbot: QtBot, store: Store
) -> None:
    install_audit(store)
    dialog = _dialog(qtbot, store)
    rows = dialog.rows
    # The published offer: Reset 5 a group for 7 weeks at 2.5 days, Wigston 24, KS3 10.
    assert rows[Programme.RESET].places.text() == "5"
    assert rows[Programme.RESET].weeks.text() == "7"
    assert rows[Programme.RESET].days.text() == "2.5"
    assert rows[Programme.PATHWAY_1].places.text() == "24"
    assert rows[Programme.KS3_LONG_TERM].places.text() == "10"
    assert rows[Programme.RESET].charged.isChecked()
    assert not rows[Programme.PATHWAY_3].places.isEnabled()  # blended AP: no Wigston place

    dialog.year.setCurrentIndex(dialog.year.findData(2027))
    _retype(qtbot, rows[Programme.PATHWAY_1].places, "20")
    # Pathway 2 shares Wigston's places: it follows pathway 1's figure.
    assert rows[Programme.PATHWAY_2].places.text() == "20"
    rows[Programme.KS3_LONG_TERM].charged.setChecked(False)
    assert not rows[Programme.KS3_LONG_TERM].rule.isEnabled()
    _save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert read_offer(store, 2027).places("wigston-1-2") == 20
    assert not read_offer(store, 2027).line(Programme.KS3_LONG_TERM).charged
    assert read_offer(store, 2026).places("wigston-1-2") == 24
    assert offer_years(store) == [2027]
    assert any(r.table_name == "offer_line" for r in list_audit(store))


def test_a_bad_figure_is_shown_beside_its_field_and_nothing_is_saved(
    qtbot: QtBot, store: Store, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    dialog = _dialog(qtbot, store)
    _retype(qtbot, dialog.rows[Programme.RESET].places, "lots")
    _retype(qtbot, dialog.rows[Programme.KS4_TIER3_AP].days, "7")
    _save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.rows[Programme.RESET].places.text() == "lots"
    reset_error = dialog.findChild(QLabel, "error_places:reset")
    days_error = dialog.findChild(QLabel, "error_days:ks4_tier3_ap")
    assert reset_error.isVisible() and "whole number" in reset_error.text()
    assert days_error.isVisible() and "half days" in days_error.text()
    assert offer_years(store) == []


def test_the_settings_menu_opens_the_offer_dialog(qtbot: QtBot, store: Store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: list[QDialog] = []

    def fake_exec(self: QDialog) -> int:
        seen.append(self)
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(OfferDialog, "exec", fake_exec)
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = add_settings_menu(window, store, ChangeNotifier())
    menu._today = lambda: date(2026, 11, 4)  # noqa: SLF001 - the day the office opens it
    (action,) = [a for a in menu.actions() if a.text() == "The year's &offer..."]
    assert action.isEnabled()
    action.trigger()
    assert len(seen) == 1 and isinstance(seen[0], OfferDialog)
    assert seen[0].academic_year() == 2026
