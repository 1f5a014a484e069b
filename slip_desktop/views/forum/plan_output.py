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

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

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


def rendered_pages(pdf: Path, dpi: int = 150) -> list[QImage]:
    """Return the pages of ``pdf`` as images (poppler's pdftoppm), or [] if it cannot render.

    QtPdf is not in PySide6-Essentials, so the exact pages come from poppler when it
    is installed; without it the caller opens the system's PDF viewer instead.
    """
    import shutil
    import subprocess

    tool = shutil.which("pdftoppm")
    if tool is None:
        return []
    with tempfile.TemporaryDirectory(prefix="slip-preview-") as folder:
        try:
            subprocess.run(
                [tool, "-png", "-r", str(dpi), str(pdf), str(Path(folder) / "page")],
                check=True,
                capture_output=True,
                timeout=120,
            )
        except (OSError, subprocess.SubprocessError):
            return []
        return [QImage(str(page)) for page in sorted(Path(folder).glob("page-*.png"))]


def _paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    painter = QPainter(printer)
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            area = painter.viewport()
            size = page.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(area.x(), area.y(), size.width(), size.height())
            painter.setWindow(page.rect())
            painter.drawImage(0, 0, page)
            painter.setViewport(area)
    finally:
        painter.end()


def preview_pdf(parent: QWidget, pdf: Path, title: str) -> QPrintPreviewDialog | None:
    """Return a print preview of the PDF file's own pages (None: no renderer; use the viewer)."""
    pages = rendered_pages(pdf)
    if not pages:
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the PDF's pages carry their own margins
    printer.setDocName(pdf.stem)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda target: _paint_pages(target, pages))
    return dialog


def print_plan(parent: QWidget, doc: PlanDocument) -> bool:
    """Print the plan on the default printer at once; True when it went to a printer.

    With no default printer set up, the print preview opens instead (its Print button
    chooses one), so "Save and print" never ends in silence.
    """
    from PySide6.QtPrintSupport import QPrinterInfo

    name = QPrinterInfo.defaultPrinterName()
    if not name:
        return preview_plan(parent, doc).exec() == QDialog.DialogCode.Accepted
    printer = QPrinter(QPrinterInfo.defaultPrinter(), QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(f"Action plan {doc.case_reference}")
    plan_preview_document(doc).print_(printer)
    return True
