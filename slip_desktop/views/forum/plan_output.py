"""Printing and sending action plans: preview, PDF viewer, batch export and e-mail drafts.

QtPdf is not installed (PySide6-Essentials only), so the app cannot draw PDF
pages itself. Preview and printing therefore go through a QTextDocument built
from the same plan data (QPrintPreviewDialog, whose toolbar prints), and
"Open in PDF viewer" hands the ReportLab PDF to the system's viewer for an
exact copy.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from slip_desktop.db.action_plans import meeting_plans, record_sent
from slip_desktop.db.audit import record_exports
from slip_desktop.db.store import Store
from slip_desktop.domain.action_plans import PlanDocument
from slip_desktop.domain.meetings import MeetingInfo

Progress = Callable[[int, int, str], None]


def plan_preview_document(doc: PlanDocument) -> QTextDocument:
    """Return the plan laid out for Qt's print preview."""
    from slip_desktop.reports.action_plan_pdf import action_plan_html

    document = QTextDocument()
    document.setHtml(action_plan_html(doc))
    return document


def preview_plan(parent: QWidget, doc: PlanDocument) -> QPrintPreviewDialog:
    """Return a print preview of the plan on A4 (call ``exec()`` to show it)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName("Action plan")
    document = plan_preview_document(doc)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Preview and print: {doc.heading_name}")
    dialog.paintRequested.connect(document.print_)
    document.setParent(dialog)  # lives as long as the preview
    return dialog


def _viewer_folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "slip-desktop-view"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_in_pdf_viewer(pdf: bytes, stem: str) -> Path:
    """Write ``pdf`` to a temporary file and open it in the system's PDF viewer."""
    target = _viewer_folder() / f"{stem}.pdf"
    target.write_bytes(pdf)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
    return target


@dataclass(frozen=True)
class ExportResult:
    """What a batch export wrote."""

    files: list[Path]
    pack: Path | None


def export_meeting_plans(
    store: Store, meeting: MeetingInfo, folder: Path, progress: Progress
) -> ExportResult:
    """Write one PDF per plan of ``meeting`` into ``folder``, then the combined pack.

    Runs in a worker thread: it opens its own sessions and touches no widget.
    ``progress`` may raise to stop (the task helper's Cancel).
    """
    from slip_desktop.reports.action_plan_pdf import action_plan_pack_pdf, action_plan_pdf

    plans = meeting_plans(store, meeting.id)
    total = len(plans.documents) + 1
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for number, doc in enumerate(plans.documents):
        progress(number, total, f"Writing plan {number + 1} of {total - 1}")
        target = folder / f"{doc.file_stem}.pdf"
        target.write_bytes(action_plan_pdf(doc))
        files.append(target)
    if not plans.documents:
        return ExportResult(files, None)
    progress(total - 1, total, "Writing the combined pack")
    pack = folder / f"{meeting.meets_on:%Y-%m-%d} {meeting.kind.label} - all action plans.pdf"
    pack.write_bytes(action_plan_pack_pdf(plans.documents, meeting.kind.label, meeting.meets_on))
    record_exports(
        store,
        f"Action plan PDFs and pack, {meeting.kind.label} {meeting.meets_on:%d/%m/%Y}",
        referral_ids=[doc.referral_id for doc in plans.documents],
    )
    progress(total, total, "Done")
    return ExportResult(files, pack)


def write_school_drafts(
    store: Store, meeting: MeetingInfo, folder: Path, sent_on: date, progress: Progress
) -> list[Path]:
    """Write one .eml draft per school with its plans attached; record the plans as sent."""
    from slip_desktop.reports.action_plan_pdf import action_plan_pdf
    from slip_desktop.reports.eml_drafts import plans_email

    plans = meeting_plans(store, meeting.id)
    by_school: dict[str, list[tuple[int, PlanDocument]]] = {}
    for plan_id, doc in zip(plans.plan_ids, plans.documents, strict=True):
        by_school.setdefault(doc.school, []).append((plan_id, doc))
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for number, (school, items) in enumerate(sorted(by_school.items())):
        progress(number, len(by_school), f"Preparing the e-mail to {school}")
        first = items[0][1]
        attachments = [(f"{doc.file_stem}.pdf", action_plan_pdf(doc)) for _id, doc in items]
        message = plans_email(
            school,
            first.school_contact,
            first.school_email,
            meeting.kind.label,
            meeting.meets_on,
            attachments,
        )
        safe = "".join(ch if ch.isalnum() or ch in " -" else "-" for ch in school)
        target = folder / f"{meeting.meets_on:%Y-%m-%d} action plans - {safe}.eml"
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
