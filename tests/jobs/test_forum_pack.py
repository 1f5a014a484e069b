"""The forum's paperwork jobs: files written, exports audited, progress told, Cancel obeyed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from slip_desktop.db.action_plans import meeting_plans
from slip_desktop.db.agenda import list_agenda
from slip_desktop.db.audit import AuditRow, list_audit
from slip_desktop.db.meetings import get_meeting, list_meetings
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import MeetingKind
from slip_desktop.domain.meetings import MeetingInfo
from slip_desktop.jobs.forum_pack import (
    export_meeting_plans,
    pack_name,
    write_agenda_pdf,
    write_school_drafts,
)
from slip_desktop.jobs.progress import Cancelled
from tests.conftest import DEMO_TODAY

Report = tuple[int, int, str]


def _held_forum_with_schools(store: Store) -> MeetingInfo:
    """The latest held forum whose plans go to more than one school."""
    for row in reversed(list_meetings(store)):
        if row.kind != MeetingKind.FORUM or row.meets_on >= DEMO_TODAY or not row.cases:
            continue
        schools = {doc.school for doc in meeting_plans(store, row.id).documents}
        if len(schools) > 1:
            return get_meeting(store, row.id)
    raise AssertionError("the demo data has no held forum with plans for two schools")


def _exports_since(store: Store, before: set[int], words: str) -> list[AuditRow]:
    return [
        r
        for r in list_audit(store)
        if r.id not in before and r.action == AuditAction.EXPORT and words in r.changes["what"][1]
    ]


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder of its own for what a job writes (the test database sits in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _ids(store: Store) -> set[int]:
    return {r.id for r in list_audit(store)}


class _CancelAfter:
    """Progress that presses Cancel once it has been told ``count`` times."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.reports: list[Report] = []
        self.flag = threading.Event()

    def __call__(self, done: int, total: int, text: str = "") -> None:
        self.reports.append((done, total, text))
        if len(self.reports) >= self.count:
            self.flag.set()


def test_plan_pack_writes_every_plan_and_the_pack_and_audits_each_pupil(
    demo_store: Store, out: Path
) -> None:
    meeting = _held_forum_with_schools(demo_store)
    plans = meeting_plans(demo_store, meeting.id).documents
    before = _ids(demo_store)
    reports: list[Report] = []
    result = export_meeting_plans(
        demo_store, meeting, out, progress=lambda *report: reports.append(report)
    )
    assert len(result.files) == len(plans) and all(f.stat().st_size > 1000 for f in result.files)
    assert result.pack == out / pack_name(meeting) and result.pack.exists()
    rows = _exports_since(demo_store, before, "Action plan PDFs and pack")
    assert any(r.pupil_id is not None for r in rows)
    # Told before each plan, before the pack, and once done.
    total = len(plans) + 1
    assert [done for done, _total, _text in reports] == list(range(total + 1))
    assert all(t == total for _done, t, _text in reports) and reports[-1][2] == "Done"


def test_a_cancelled_plan_pack_stops_and_audits_what_it_wrote(demo_store: Store, out: Path) -> None:
    meeting = _held_forum_with_schools(demo_store)
    first = meeting_plans(demo_store, meeting.id).documents[0]
    before = _ids(demo_store)
    progress = _CancelAfter(1)
    with pytest.raises(Cancelled):
        export_meeting_plans(demo_store, meeting, out, progress=progress, cancel=progress.flag)
    assert [p.name for p in out.iterdir()] == [f"{first.file_stem}.pdf"]
    assert not (out / pack_name(meeting)).exists()
    assert _exports_since(demo_store, before, "Action plan PDFs and pack") == []
    # The one plan written is an export all the same.
    (row,) = _exports_since(demo_store, before, "Action plan PDFs,")
    assert row.pupil_id is not None


def test_school_drafts_are_written_audited_and_the_plans_recorded_sent(
    demo_store: Store, out: Path
) -> None:
    meeting = _held_forum_with_schools(demo_store)
    schools = {doc.school for doc in meeting_plans(demo_store, meeting.id).documents}
    before = _ids(demo_store)
    reports: list[Report] = []
    drafts = write_school_drafts(
        demo_store,
        meeting,
        out,
        DEMO_TODAY,
        progress=lambda *report: reports.append(report),
    )
    assert len(drafts) == len(schools) and all(d.suffix == ".eml" for d in drafts)
    audited = {r.changes["what"][1] for r in _exports_since(demo_store, before, "e-mail draft")}
    assert audited == {f"Action plans e-mail draft to {school}" for school in schools}
    rows = list_agenda(demo_store, meeting.id)
    assert all(r.plan_sent_on == DEMO_TODAY for r in rows if r.plan_id is not None)
    assert [done for done, _total, _text in reports] == list(range(len(schools) + 1))


def test_cancelled_school_drafts_stop_after_the_school_being_written(
    demo_store: Store, out: Path
) -> None:
    meeting = _held_forum_with_schools(demo_store)
    first_school = min(doc.school for doc in meeting_plans(demo_store, meeting.id).documents)
    before = _ids(demo_store)
    progress = _CancelAfter(1)
    with pytest.raises(Cancelled):
        write_school_drafts(
            demo_store, meeting, out, DEMO_TODAY, progress=progress, cancel=progress.flag
        )
    (draft,) = out.iterdir()
    assert draft.suffix == ".eml"
    audited = {r.changes["what"][1] for r in _exports_since(demo_store, before, "e-mail draft")}
    assert audited == {f"Action plans e-mail draft to {first_school}"}
    plans = meeting_plans(demo_store, meeting.id)
    first_plans = {
        plan_id
        for plan_id, doc in zip(plans.plan_ids, plans.documents, strict=True)
        if doc.school == first_school
    }
    sent_today = {
        r.plan_id for r in list_agenda(demo_store, meeting.id) if r.plan_sent_on == DEMO_TODAY
    }
    assert sent_today == first_plans


def test_agenda_pdf_is_written_and_audited_per_pupil_on_it(demo_store: Store, out: Path) -> None:
    meeting = _held_forum_with_schools(demo_store)
    before = _ids(demo_store)
    target = write_agenda_pdf(demo_store, meeting, out / "agenda.pdf")
    assert target.read_bytes().startswith(b"%PDF")
    rows = _exports_since(demo_store, before, "agenda PDF")
    assert rows and any(r.pupil_id is not None for r in rows)
