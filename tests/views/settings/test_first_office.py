"""A new office on a brand-new database: partnership, schools, first referrals, first papers."""

from __future__ import annotations

import email
import io
from datetime import date, time, timedelta
from email import policy
from pathlib import Path
from unittest.mock import patch

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from slip_desktop.db.action_plans import save_plan
from slip_desktop.db.agenda import add_case
from slip_desktop.db.meetings import add_meeting, get_meeting
from slip_desktop.db.partnership import read_partnership
from slip_desktop.db.pupils import list_schools
from slip_desktop.db.referrals import list_referrals
from slip_desktop.db.schools import list_all_schools
from slip_desktop.db.store import Store
from slip_desktop.domain.action_plans import ActionDraft, PlanDraft
from slip_desktop.domain.enums import Consent, MeetingKind, Reason
from slip_desktop.domain.schools import ContactRole
from slip_desktop.jobs.forum_pack import write_agenda_pdf, write_school_drafts
from slip_desktop.ui.notifier import ChangeNotifier
from slip_desktop.views.referrals.referral_dialog import ReferralDialog
from slip_desktop.views.referrals.tab import ReferralsTab
from slip_desktop.views.settings.partnership_dialog import PartnershipDialog
from slip_desktop.views.settings.schools_dialog import SchoolFormDialog, SchoolsDialog
from tests.views.typing import type_text

TODAY = date(2026, 11, 27)
FORUM_DAY = TODAY + timedelta(days=11)


def _set_partnership(qtbot: QtBot, store: Store) -> None:
    dialog = PartnershipDialog(store, ChangeNotifier())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.clear()
    type_text(dialog.name, "Wolds & Vale Inclusion Partnership")
    type_text(dialog.address, "1 Mill Lane\nWoldbury WB1 1AA")
    qtbot.keyClicks(dialog.email, "office@wolds-vale.example.org")
    type_text(dialog.coordinator, "Σοφία Παπαδοπούλου")
    qtbot.keyClicks(dialog.sort_code, "00 99 01")
    qtbot.keyClicks(dialog.account_number, "0001234")  # one digit short
    dialog.marking.clear()
    qtbot.keyClicks(dialog.marking, "OFFICIAL-SENSITIVE PERSONAL")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible(), "a wrong account number keeps the dialog open"
    assert "8 digits" in dialog.errors.messages()["account_number"]
    assert dialog.name.text() == "Wolds & Vale Inclusion Partnership", "nothing typed is lost"
    qtbot.keyClicks(dialog.account_number, "5")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def _add_school(
    qtbot: QtBot, schools: SchoolsDialog, name: str, urn: str, senco: tuple[str, str]
) -> None:
    form = schools.open_school(None)
    qtbot.addWidget(form)
    form.show()
    type_text(form.name, name)
    qtbot.keyClicks(form.urn, urn)
    qtbot.keyClicks(form.la_code, "855")
    qtbot.keyClicks(form.la_name, "Leicestershire")
    form.set_contact(ContactRole.SENCO, *senco)
    form.set_contact(ContactRole.ATTENDANCE, "Олег Петренко", "attendance@example.sch.uk")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.errors.messages()


def _referral_dialog(qtbot: QtBot, store: Store, school_id: int) -> ReferralDialog:
    dialog = ReferralDialog(store, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.school.setCurrentIndex(dialog.school.findData(school_id))
    type_text(dialog.referrer_name, "Zoë O'Brien-Ćorić")
    qtbot.keyClicks(dialog.referrer_email, "zoe@example.sch.uk")
    dialog.tabs.setCurrentIndex(1)
    dialog.reasons[Reason.SEMH].click()
    qtbot.keyClicks(dialog.texts["presenting_concerns"].edit, "Refusing lessons since October.")
    dialog.tabs.setCurrentIndex(0)
    return dialog


def test_a_new_office_sets_up_and_sends_its_first_papers(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    assert list_schools(store) == [], "a brand-new database has no schools"
    _set_partnership(qtbot, store)
    assert read_partnership(store).account_number == "00012345"

    schools = SchoolsDialog(store, ChangeNotifier(), today=lambda: TODAY)
    qtbot.addWidget(schools)
    schools.show()
    assert schools.empty_hint.isVisible()
    _add_school(
        qtbot,
        schools,
        "Harbour Vale Academy",
        "990101",
        ("Nguyễn Thị Ánh", "senco@hva.example.sch.uk"),
    )
    _add_school(
        qtbot, schools, "Kestrel Park College", "990102", ("Jo Senco", "senco@kpc.example.sch.uk")
    )
    assert schools.list.model.rowCount() == 2 and not schools.empty_hint.isVisible()
    harbour = next(s for s in list_all_schools(store) if s.name == "Harbour Vale Academy")
    assert harbour.details.urn == "990101"

    named = _referral_dialog(qtbot, store, harbour.id)
    named.mode_new.click()
    type_text(named.pupil_form.first_name, "Ánh")
    type_text(named.pupil_form.last_name, "Nguyễn")
    qtbot.keyClicks(named.pupil_form.date_of_birth.edit, "14-3-2013")
    named.consent.setCurrentIndex(named.consent.findData(Consent.GIVEN))
    qtbot.keyClicks(named.consent_on.edit, "20/11/2026")
    assert named.save(), "the named referral is saved"
    anonymous = _referral_dialog(qtbot, store, harbour.id)
    anonymous.mode_anonymous.click()
    anonymous.anonymous_year.setValue(8)
    anonymous.consent.setCurrentIndex(anonymous.consent.findData(Consent.REFUSED))
    qtbot.keyClicks(anonymous.consent_on.edit, "20/11/2026")
    assert anonymous.save(), "the anonymous referral is saved"

    tab = ReferralsTab(store, ChangeNotifier(), today=lambda: TODAY)
    qtbot.addWidget(tab)
    tab.show()
    assert len(list_referrals(store)) == 2
    qtbot.waitUntil(lambda: tab.list.model.rowCount() == 2)
    shown = sorted(str(tab.list.model.data(tab.list.model.index(r, 0))) for r in range(2))
    assert "Nguyễn" in shown[0] and shown[1].startswith("SLIP-"), shown

    meeting_id = add_meeting(store, MeetingKind.FORUM, FORUM_DAY, time(9, 30), time(11, 30))
    named_id = named.saved.id  # type: ignore[union-attr]
    add_case(store, meeting_id, named_id)
    meeting = get_meeting(store, meeting_id)
    agenda = write_agenda_pdf(store, meeting, tmp_path / "agenda.pdf")
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(agenda.read_bytes())).pages
    )
    assert "Wolds & Vale Inclusion Partnership" in text
    assert "OFFICIAL-SENSITIVE PERSONAL" in text

    plan = PlanDraft(
        "The forum discussed lessons refused.",
        "Keep a key adult.",
        "CFWS",
        "",
        FORUM_DAY + timedelta(days=42),
        (ActionDraft("Arrange a key adult", "SENCO", FORUM_DAY + timedelta(days=7)),),
    )
    save_plan(store, named_id, meeting_id, plan, FORUM_DAY)
    drafts = write_school_drafts(store, meeting, tmp_path / "mail", FORUM_DAY)
    assert len(drafts) == 1
    message = email.message_from_bytes(drafts[0].read_bytes(), policy=policy.default)
    assert "office@wolds-vale.example.org" in message["From"]
    assert "senco@hva.example.sch.uk" in message["To"], "plans go to the SENCO"
    body = message.get_body(("plain",)).get_content()
    assert "Σοφία Παπαδοπούλου" in body and "Wolds & Vale Inclusion Partnership" in body


def test_closing_a_school_hides_it_from_new_referrals_but_keeps_it_listed(
    qtbot: QtBot, store: Store
) -> None:
    schools = SchoolsDialog(store, ChangeNotifier(), today=lambda: TODAY)
    qtbot.addWidget(schools)
    _add_school(qtbot, schools, "Harbour Vale Academy", "990101", ("Jo Senco", "jo@example.sch.uk"))
    schools.list.table.selectRow(0)
    with patch.object(QMessageBox, "question", return_value=QMessageBox.StandardButton.Yes) as ask:
        qtbot.mouseClick(schools.close_button, Qt.MouseButton.LeftButton)
    assert ask.called, "closing asks first"
    assert list_schools(store) == []
    assert [s.open for s in list_all_schools(store)] == [False]
    assert schools.list.model.rowCount() == 1
    dialog = ReferralDialog(store, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.school.findText("Harbour Vale Academy") == -1


def test_a_wrong_urn_and_email_are_shown_beside_their_fields_and_kept(
    qtbot: QtBot, store: Store
) -> None:
    form = SchoolFormDialog(store)
    qtbot.addWidget(form)
    form.show()
    type_text(form.name, "Harbour Vale Academy")
    qtbot.keyClicks(form.urn, "12345")
    form.set_contact(ContactRole.SENCO, "Jo Senco", "jo at school")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    shown = form.errors.messages()
    assert "6 digits" in shown["urn"] and "e-mail" in shown["senco_email"]
    assert form.urn.text() == "12345" and form.isVisible()
    assert list_all_schools(store) == []


def test_an_svg_logo_is_kept_as_png_and_a_non_picture_is_explained(
    qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    svg = tmp_path / "logo.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#1F3A5F"/></svg>',
        encoding="utf-8",
    )
    junk = tmp_path / "logo.png"
    junk.write_text("not a picture", encoding="utf-8")
    dialog = PartnershipDialog(store)
    qtbot.addWidget(dialog)
    with patch(
        "slip_desktop.views.settings.partnership_dialog.QFileDialog.getOpenFileName",
        return_value=(str(svg), ""),
    ):
        dialog.choose_logo_button.click()
    assert dialog.logo_png is not None and dialog.logo_png.startswith(b"\x89PNG")
    assert not dialog.set_logo_file(junk)
    assert "PNG or SVG" in dialog.errors.messages()["logo_png"]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = read_partnership(store).logo_png
    assert saved is not None and saved.startswith(b"\x89PNG"), "the SVG was saved as PNG"


def test_staff_see_the_partnership_read_only(qtbot: QtBot, store: Store) -> None:
    from slip_desktop.db.identity import Identity, set_current_user
    from slip_desktop.domain.enums import UserRole

    set_current_user(store, Identity(4, "staffer", "Sam Staff", UserRole.STAFF))
    dialog = PartnershipDialog(store)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled() and dialog.name.isReadOnly()
