"""Showing action plans: print preview and the system's PDF viewer (the Qt parts only).

QtPdf is not installed (PySide6-Essentials only), so the app cannot draw PDF
pages itself. Preview and printing therefore go through a QTextDocument built
from the same plan data (QPrintPreviewDialog, whose toolbar prints), and
"Open in PDF viewer" hands the ReportLab PDF to the system's viewer for an
exact copy. The batch export and the e-mail drafts are Qt-free jobs in
``slip_desktop.jobs.forum_pack``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from slip_desktop.domain.action_plans import PlanDocument
from slip_desktop.domain.partnership import DEFAULTS, Partnership


def plan_preview_document(doc: PlanDocument, partnership: Partnership = DEFAULTS) -> QTextDocument:
    """Return the plan laid out for Qt's print preview, headed with ``partnership``."""
    from slip_desktop.reports.action_plan_pdf import action_plan_html

    document = QTextDocument()
    document.setHtml(action_plan_html(doc, partnership))
    return document


def preview_plan(
    parent: QWidget, doc: PlanDocument, partnership: Partnership = DEFAULTS
) -> QPrintPreviewDialog:
    """Return a print preview of the plan on A4 (call ``exec()`` to show it)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setDocName("Action plan")
    document = plan_preview_document(doc, partnership)
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
