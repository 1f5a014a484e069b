"""A meeting's paperwork: its agenda, its action plans as a PDF pack, one e-mail per school.

Both are jobs (see :mod:`slip_desktop.jobs`): Qt-free, each opening its own sessions,
reporting progress between files, stopping between files when cancelled, and leaving
an export row on the audit trail for every file of pupil data written, even when
stopped part-way, since a file on disk is an export whether or not the run finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from slip_desktop.db.action_plans import forum_pack_cases, meeting_plans, record_sent
from slip_desktop.db.agenda import agenda_lines, core_case_summaries
from slip_desktop.db.audit import record_exports
from slip_desktop.db.meetings import list_attendees
from slip_desktop.db.partnership import partnership_details
from slip_desktop.db.store import Store
from slip_desktop.domain.action_plans import PlanDocument
from slip_desktop.domain.enums import MeetingKind
from slip_desktop.domain.meetings import MeetingInfo
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step

if TYPE_CHECKING:  # ReportLab loads on first print
    from slip_desktop.reports.forum_pack_pdf import PackEntry


@dataclass(frozen=True)
class ExportResult:
    """What a batch export wrote: one PDF per plan and the combined pack (None: no plans)."""

    files: list[Path]
    pack: Path | None


def pack_name(meeting: MeetingInfo) -> str:
    """Return the file name of the meeting's combined pack."""
    return f"{meeting.meets_on:%Y-%m-%d} {meeting.kind.label} - all action plans.pdf"


def draft_name(meeting: MeetingInfo, school: str) -> str:
    """Return the file name of the e-mail draft to ``school`` (safe on every file system)."""
    safe = "".join(ch if ch.isalnum() or ch in " -" else "-" for ch in school)
    return f"{meeting.meets_on:%Y-%m-%d} action plans - {safe}.eml"


def export_meeting_plans(
    store: Store,
    meeting: MeetingInfo,
    folder: Path,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> ExportResult:
    """Write one PDF per plan of ``meeting`` into ``folder``, then the combined pack.

    One export row per pupil is recorded for what was written: the whole set, or the
    plans written before Cancel was pressed (or a write failed).
    """
    from slip_desktop.reports.action_plan_pdf import action_plan_pack_pdf, action_plan_pdf

    plans = meeting_plans(store, meeting.id)
    partnership = partnership_details(store)
    total = len(plans.documents) + 1
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    written: list[PlanDocument] = []
    pack: Path | None = None
    try:
        for number, doc in enumerate(plans.documents):
            step(progress, cancel, number, total, f"Writing plan {number + 1} of {total - 1}")
            target = folder / f"{doc.file_stem}.pdf"
            target.write_bytes(action_plan_pdf(doc, partnership))
            files.append(target)
            written.append(doc)
        if not plans.documents:
            return ExportResult(files, None)
        step(progress, cancel, total - 1, total, "Writing the combined pack")
        target = folder / pack_name(meeting)
        target.write_bytes(
            action_plan_pack_pdf(plans.documents, meeting.kind.label, meeting.meets_on, partnership)
        )
        pack = target
    finally:
        if written:
            what = "Action plan PDFs and pack" if pack is not None else "Action plan PDFs"
            record_exports(
                store,
                f"{what}, {meeting.kind.label} {meeting.meets_on:%d/%m/%Y}",
                referral_ids=[doc.referral_id for doc in written],
            )
    progress(total, total, "Done")
    return ExportResult(files, pack)


def write_school_drafts(
    store: Store,
    meeting: MeetingInfo,
    folder: Path,
    sent_on: date,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> list[Path]:
    """Write one .eml draft per school with its plans attached; record the plans as sent.

    Each school's draft is audited and its plans recorded as sent as soon as it is
    written, so a cancelled run leaves the trail matching the drafts on disk.
    """
    from slip_desktop.reports.action_plan_pdf import action_plan_pdf
    from slip_desktop.reports.eml_drafts import plans_email

    plans = meeting_plans(store, meeting.id)
    partnership = partnership_details(store)
    by_school: dict[str, list[tuple[int, PlanDocument]]] = {}
    for plan_id, doc in zip(plans.plan_ids, plans.documents, strict=True):
        by_school.setdefault(doc.school, []).append((plan_id, doc))
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for number, (school, items) in enumerate(sorted(by_school.items())):
        step(progress, cancel, number, len(by_school), f"Preparing the e-mail to {school}")
        first = items[0][1]
        attachments = [
            (f"{doc.file_stem}.pdf", action_plan_pdf(doc, partnership)) for _id, doc in items
        ]
        # The plan documents carry the recipient chosen by purpose: the SENCO, else the referrer.
        message = plans_email(
            partnership,
            school,
            first.school_contact,
            first.school_email,
            meeting.kind.label,
            meeting.meets_on,
            attachments,
        )
        target = folder / draft_name(meeting, school)
        target.write_bytes(message)
        written.append(target)
        record_exports(
            store,
            f"Action plans e-mail draft to {school}",
            referral_ids=[doc.referral_id for _id, doc in items],
        )
        record_sent(store, [plan_id for plan_id, _doc in items], sent_on)
    progress(len(by_school), len(by_school), "Done")
    return written


def write_agenda_pdf(store: Store, meeting: MeetingInfo, target: Path) -> Path:
    """Write the agenda of ``meeting`` (its cases and who is invited) to ``target``.

    One page or two: quick enough to run on the GUI thread. Audited per pupil on it.
    """
    from slip_desktop.reports.agenda_pdf import agenda_pdf

    invited = [
        ", ".join(filter(None, (a.name, a.role, a.organisation)))
        for a in list_attendees(store, meeting.id)
    ]
    lines = agenda_lines(store, meeting.id)
    target.write_bytes(agenda_pdf(meeting, lines, invited, partnership_details(store)))
    record_exports(
        store,
        f"{meeting.kind.label} agenda PDF, {meeting.meets_on:%d/%m/%Y}",
        meeting_id=meeting.id,
    )
    return target


@dataclass(frozen=True)
class PackResult:
    """What "Prepare pack" wrote for one meeting, and how many of each kind of case."""

    pack: Path
    case_files: list[Path]
    plans: int
    reviews: int
    blanks: int
    summaries: int

    @property
    def cases(self) -> int:
        """How many cases the pack holds."""
        return len(self.case_files)

    def summary(self) -> str:
        """Say what was written, zero as zero: never "saved" when there was nothing to save."""
        if not self.cases:
            return (
                "No cases are booked for this meeting, so the pack holds only the agenda "
                "and the attendee list. No case files were written."
            )
        parts = [
            (self.plans, "action plan", "action plans"),
            (self.reviews, "plan with its review form", "plans with their review forms"),
            (self.blanks, "blank plan form", "blank plan forms"),
            (self.summaries, "case summary", "case summaries"),
        ]
        said = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in parts if n)
        cases = f"{self.cases} case{'s' if self.cases != 1 else ''}"
        return f"The pack holds the agenda, the attendee list and {cases}: {said}."


def pack_file_name(meeting: MeetingInfo) -> str:
    """Return the file name of a meeting's combined pack."""
    return f"{meeting.meets_on:%Y-%m-%d} {meeting.kind.label} pack.pdf"


def case_file_name(meeting: MeetingInfo, case_reference: str, contents: str) -> str:
    """Return one case's file name: by case reference, unique at a meeting, naming no pupil."""
    from slip_desktop.reports.forum_pack_pdf import CONTENTS

    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in case_reference)
    return f"{meeting.meets_on:%Y-%m-%d} {safe} - {CONTENTS[contents].lower()}.pdf"


def _entries(store: Store, meeting: MeetingInfo) -> list[PackEntry]:
    from slip_desktop.reports.forum_pack_pdf import PackEntry

    if meeting.kind == MeetingKind.FORUM:
        return [
            PackEntry(
                case.position,
                case.case_reference,
                case.document.heading_name,
                case.document.school,
                case.contents,
                document=case.document,
            )
            for case in forum_pack_cases(store, meeting.id)
        ]
    return [
        PackEntry(s.position, s.case_reference, s.who, s.school, "summary", summary=s.facts)
        for s in core_case_summaries(store, meeting.id)
    ]


def prepare_meeting_pack(
    store: Store,
    meeting: MeetingInfo,
    folder: Path,
    today: date,
    *,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> PackResult:
    """Write a meeting's pack into ``folder``: one combined PDF to print, one PDF per case.

    A forum's pack: cover, agenda, attendee list, then for every case booked its plan,
    its plan with a review form (booked for review), or a blank plan form (no plan yet).
    A Core Meeting's: cover, agenda, attendee list and a summary of each case. Case files
    are named by case reference, so two pupils with the same name never share a file.
    """
    from slip_desktop.reports.forum_pack_pdf import case_pdf, meeting_pack_pdf

    step(progress, cancel, 0, 1, "Reading the meeting's cases")
    entries = _entries(store, meeting)
    lines = agenda_lines(store, meeting.id)
    invited = [(a.name, a.role, a.organisation) for a in list_attendees(store, meeting.id)]
    total = len(entries) + 1
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    try:
        for number, entry in enumerate(entries):
            step(progress, cancel, number, total, f"Writing case {number + 1} of {len(entries)}")
            target = folder / case_file_name(meeting, entry.case_reference, entry.contents)
            target.write_bytes(case_pdf(entry, meeting))
            files.append(target)
        step(progress, cancel, total - 1, total, "Writing the combined pack")
        pack = folder / pack_file_name(meeting)
        pack.write_bytes(meeting_pack_pdf(meeting, lines, invited, entries, today))
    finally:
        if files:
            record_exports(
                store,
                f"{meeting.kind.label} pack, {meeting.meets_on:%d/%m/%Y}",
                meeting_id=meeting.id,
            )
    if not files:
        record_exports(store, f"{meeting.kind.label} pack (no cases), {meeting.meets_on:%d/%m/%Y}")
    progress(total, total, "Done")
    return PackResult(
        pack,
        files,
        plans=sum(e.contents == "plan" for e in entries),
        reviews=sum(e.contents == "review" for e in entries),
        blanks=sum(e.contents == "blank" for e in entries),
        summaries=sum(e.contents == "summary" for e in entries),
    )
