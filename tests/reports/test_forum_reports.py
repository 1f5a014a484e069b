from __future__ import annotations

import dataclasses
import email
import io
from datetime import UTC, date, datetime, time
from email import policy

from icalendar import Calendar
from pypdf import PdfReader

from slip_desktop.domain.action_plans import ActionDraft, PlanDocument
from slip_desktop.domain.enums import AgendaPurpose, MeetingKind, MeetingStatus
from slip_desktop.domain.meetings import AgendaLine, MeetingInfo
from slip_desktop.domain.partnership import Partnership
from slip_desktop.reports.action_plan_pdf import (
    action_plan_html,
    action_plan_pack_pdf,
    action_plan_pdf,
)
from slip_desktop.reports.agenda_pdf import agenda_pdf
from slip_desktop.reports.eml_drafts import plans_email
from slip_desktop.reports.ics_export import meetings_ics

NAMED = PlanDocument(
    referral_id=7,
    anonymous=False,
    case_reference="R7",
    pupil_name="Amelia Hartley",
    upn="A855123456789",
    date_of_birth=date(2012, 3, 14),
    year_group=9,
    school="Oadby Brook Academy",
    school_contact="Mrs Rana Shah",
    school_email="senco@obrook.example",
    meeting_title="Inclusion Forum",
    meeting_on=date(2026, 11, 10),
    discussion_summary="Attendance has fallen to 71%.\nAnxious in busy corridors.",
    advice="Keep one key adult & a quiet start to the day.",
    services_signposted="CFWS; EP",
    send_guidance="Gather evidence for SEN support.",
    review_due=date(2026, 12, 22),
    actions=(
        ActionDraft(
            "Arrange an Educational Psychologist consultation", "School SENCO", date(2026, 11, 24)
        ),
        ActionDraft("Refer the family to CFWS", "Head of Year", date(2026, 12, 1), True),
    ),
    written_on=date(2026, 11, 12),
    attendees=("Helen Marsh, Deputy Partnership Coordinator, SLIP",),
)
# The renderer must drop identifying details even if the caller passed them in by mistake.
OFFICE = Partnership(
    name="Wolds & Vale Inclusion Partnership",
    address="1 Mill Lane\nWoldbury WB1 1AA",
    email="drafts@wolds.example.org",
    coordinator="Zoë O'Brien-Ćorić",
    marking="OFFICIAL: SENSITIVE PERSONAL",
)
ANONYMOUS = dataclasses.replace(NAMED, anonymous=True, case_reference="SLIP-2026-004")


def _read(pdf: bytes) -> tuple[str, dict[str, str], PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    return text, meta, reader


def test_action_plan_pdf_lists_the_actions_on_a4() -> None:
    text, meta, reader = _read(action_plan_pdf(NAMED))
    flat = " ".join(text.split())
    assert "South Leicestershire Inclusion Partnership" in flat
    assert "Amelia Hartley" in flat and "Oadby Brook Academy" in flat
    assert "Tuesday 10 November 2026" in flat
    assert "Arrange an Educational Psychologist consultation" in flat and "School SENCO" in flat
    assert "24 Nov 2026" in flat and "Tuesday 22 December 2026" in flat
    assert "Keep one key adult & a quiet start" in flat
    assert "Page 1 of 1" in flat
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    assert "Amelia Hartley" in meta["/Title"]


def test_anonymous_case_pdf_has_no_name_upn_or_dob() -> None:
    pdf = action_plan_pdf(ANONYMOUS)
    text, meta, _reader = _read(pdf)
    everything = " ".join([text, *meta.values()])
    assert "SLIP-2026-004" in text
    for secret in ("Amelia", "Hartley", "A855123456789", "14 Mar 2012", "2012"):
        assert secret not in everything
        assert secret.encode() not in pdf
    assert "Arrange an Educational Psychologist consultation" in " ".join(text.split())


def test_pack_holds_every_plan_each_on_its_own_pages() -> None:
    text, meta, reader = _read(
        action_plan_pack_pdf([NAMED, ANONYMOUS], "Inclusion Forum", date(2026, 11, 10))
    )
    assert len(reader.pages) >= 3
    assert text.count("Written by partnership staff") == 2
    assert "Amelia" not in meta["/Title"]


def test_preview_html_escapes_and_hides_anonymous_details() -> None:
    html = action_plan_html(ANONYMOUS)
    assert "SLIP-2026-004" in html and "Hartley" not in html and "&amp;" in html


def test_agenda_pdf_lists_cases_in_order() -> None:
    meeting = MeetingInfo(
        1,
        "u1",
        MeetingKind.FORUM,
        date(2026, 11, 10),
        time(9, 30),
        time(11, 30),
        MeetingStatus.PLANNED,
        "https://teams.example.org/l/f",
        "Microsoft Teams",
        6,
        "",
    )
    lines = [
        AgendaLine(
            1,
            "09:30-10:30",
            "Hartley, Amelia",
            "Oadby Brook Academy",
            9,
            AgendaPurpose.NEW_CASE,
            "SEMH",
        ),
        AgendaLine(
            2,
            "10:30-11:30",
            "SLIP-2026-004 (anonymous)",
            "Kestrel Park College",
            8,
            AgendaPurpose.PLAN_REVIEW,
            "",
        ),
    ]
    text, _meta, _reader = _read(
        agenda_pdf(meeting, lines, ["Dr Priya Nandra, Educational Psychologist"])
    )
    flat = " ".join(text.split())
    assert flat.index("Hartley, Amelia") < flat.index("SLIP-2026-004")
    assert "Cases (2 of 6)" in flat and "Dr Priya Nandra" in flat


def _meeting(uid: str, day: date, status: MeetingStatus = MeetingStatus.PLANNED) -> MeetingInfo:
    return MeetingInfo(
        1,
        uid,
        MeetingKind.FORUM,
        day,
        time(9, 30),
        time(11, 30),
        status,
        "https://teams.example.org/l/f",
        "Microsoft Teams",
        6,
        "",
    )


def test_ics_parses_back_with_stable_uids() -> None:
    first = meetings_ics(
        [_meeting("slip-a@x", date(2026, 11, 10)), _meeting("slip-b@x", date(2026, 11, 24))],
        "SLIP meetings",
        datetime(2026, 11, 1, tzinfo=UTC),
    )
    moved = meetings_ics(
        [_meeting("slip-a@x", date(2026, 11, 12), MeetingStatus.CANCELLED)],
        "SLIP meetings",
        datetime(2026, 11, 2, tzinfo=UTC),
    )
    events = [e for e in Calendar.from_ical(first).walk("VEVENT")]
    assert [str(e["UID"]) for e in events] == ["slip-a@x", "slip-b@x"]
    start = events[0].decoded("DTSTART")
    assert start.hour == 9 and start.minute == 30 and str(start.tzinfo) == "Europe/London"
    assert "teams.example.org" in str(events[0]["DESCRIPTION"])
    again = next(iter(Calendar.from_ical(moved).walk("VEVENT")))
    assert str(again["UID"]) == "slip-a@x" and str(again["STATUS"]) == "CANCELLED"
    assert int(again["SEQUENCE"]) > int(events[0]["SEQUENCE"])


def test_eml_draft_parses_back_with_its_attachment() -> None:
    pdf = action_plan_pdf(ANONYMOUS)
    raw = plans_email(
        OFFICE,
        "Oadby Brook Academy",
        "Mrs Rana Shah",
        "senco@obrook.example",
        "Inclusion Forum",
        date(2026, 11, 10),
        [("plan.pdf", pdf)],
    )
    message = email.message_from_bytes(raw, policy=policy.default)
    assert message["X-Unsent"] == "1"
    assert "senco@obrook.example" in message["To"]
    assert "Oadby Brook Academy" in message["Subject"]
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["plan.pdf"]
    assert attachments[0].get_content() == pdf
    body = message.get_body(("plain",)).get_content()
    assert "Dear Mrs Rana Shah" in body and "Hartley" not in body
    assert "drafts@wolds.example.org" in message["From"]
    assert "Wolds & Vale Inclusion Partnership" in message["From"]
    assert "Zoë O'Brien-Ćorić\r\nWolds & Vale Inclusion Partnership\r\n1 Mill Lane" in body


def test_documents_carry_the_partnerships_name_marking_and_logo() -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "red").save(buffer, format="PNG")
    office = dataclasses.replace(OFFICE, logo_png=buffer.getvalue())
    pdf = action_plan_pdf(NAMED, office)
    text, meta, reader = _read(pdf)
    assert "Wolds & Vale Inclusion Partnership" in text and "OFFICIAL-SENSITIVE" not in text
    assert "OFFICIAL: SENSITIVE PERSONAL" in text
    assert meta["/Author"] == "Wolds & Vale Inclusion Partnership"
    assert reader.pages[0].images, "the logo is drawn in the page heading"
    html = action_plan_html(NAMED, office)
    assert "Wolds &amp; Vale Inclusion Partnership" in html and "OFFICIAL-SENSITIVE" not in html
