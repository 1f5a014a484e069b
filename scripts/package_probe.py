"""Frozen probe: use each lazily imported library as the tabs do, inside a built bundle.

scripts/package.sh builds this script with slip_desktop.spec's very collection
(SLIP_PACKAGE_PROBE) into build/probe-dist/ and runs it with no Python around: the program's
own --self-test does not touch charts, spreadsheets or encryption, so a library missing from
the bundle (or broken by stripping) would otherwise show up only on an office PC.
Prints one line per check; exits 1 if any failed.

``slip-desktop-probe start window|list --db FILE`` instead starts the program through the
benchmark's probe (bench/probe.py) and prints ``PAINTED ...`` at the first paint of its
window or of its first list: the windowed start, frozen. The shipped programs carry no
such hook; this one is built from the very same collection, so it proves the same thing.
"""

from __future__ import annotations

import io
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

CHECKS: list[tuple[str, Callable[[Path], None]]] = []


def check(name: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    """Register a probe."""

    def register(function: Callable[[Path], None]) -> Callable[[Path], None]:
        CHECKS.append((name, function))
        return function

    return register


def qt_app():  # type: ignore[no-untyped-def]
    """Return the QApplication, creating it offscreen-ready."""
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


@check("encrypted database: sqlcipher3, SQLAlchemy pysqlcipher, Alembic migrations")
def _encrypted_database(folder: Path) -> None:
    import sqlite3

    import sqlalchemy as sa

    from slip_desktop.db.migrate import current_revision, head_revision, upgrade_to_head

    file = folder / "encrypted.db"
    url = sa.URL.create(
        "sqlite+pysqlcipher", password="a passphrase with spaces", database=str(file)
    )
    engine = sa.create_engine(url)
    upgrade_to_head(engine)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()
    try:
        sqlite3.connect(file).execute("select * from sqlite_master").fetchall()
    except sqlite3.DatabaseError:
        return
    raise AssertionError("plain sqlite3 read the encrypted file")


@check("passphrase hashing: argon2")
def _argon2(folder: Path) -> None:
    from argon2 import PasswordHasher

    hasher = PasswordHasher()
    assert hasher.verify(hasher.hash("passphrase"), "passphrase")


@check("charts: matplotlib QtAgg canvas, PDF and PNG")
def _charts(folder: Path) -> None:
    qt_app()
    import matplotlib

    matplotlib.use("QtAgg")
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

    figure = Figure()
    axes = figure.add_subplot()
    axes.bar(["Autumn", "Spring", "Summer"], [3, 5, 4])
    axes.set_title("Places used, £")
    FigureCanvasQTAgg(figure).draw()
    for kind, magic in (("pdf", b"%PDF"), ("png", b"\x89PNG")):
        buffer = io.BytesIO()
        figure.savefig(buffer, format=kind)
        assert buffer.getvalue().startswith(magic), kind


@check("spreadsheets: pandas with openpyxl and xlsxwriter")
def _spreadsheets(folder: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({"school": ["Larkhill Vale Academy"], "pence": [12345]})
    for engine in ("openpyxl", "xlsxwriter"):
        buffer = io.BytesIO()
        frame.to_excel(buffer, engine=engine, index=False)
        buffer.seek(0)
        assert pd.read_excel(buffer, engine="openpyxl")["pence"].tolist() == [12345], engine


@check("calendar: England's bank holidays, iCalendar, Europe/London")
def _calendar(folder: Path) -> None:
    from zoneinfo import ZoneInfo

    import holidays
    import icalendar

    days = holidays.country_holidays("GB", subdiv="ENG", years=2026)
    assert days[date(2026, 12, 25)] == "Christmas Day"
    calendar = icalendar.Calendar()
    event = icalendar.Event()
    event.add("dtstart", datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/London")))
    event.add("summary", "Inclusion Forum")
    calendar.add_component(event)
    assert b"Inclusion Forum" in calendar.to_ical()


@check("PDFs: ReportLab standard fonts and its bundled TrueType font")
def _pdfs(folder: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for font in ("Helvetica", "Helvetica-Bold", "Times-Roman", "Courier", "Vera"):
        canvas.setFont(font, 10)
        canvas.drawString(72, 700, f"{font}: £12.50 Zoë")
    canvas.save()
    assert buffer.getvalue().startswith(b"%PDF")


@check("printing: Qt print support to a PDF file, printer list")
def _printing(folder: Path) -> None:
    qt_app()
    from PySide6.QtGui import QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    QPrinterInfo.availablePrinters()  # must not crash, even with no printer or no CUPS
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(folder / "printed.pdf"))
    painter = QPainter(printer)
    painter.drawText(100, 100, "Action plan")
    painter.end()
    assert (folder / "printed.pdf").read_bytes().startswith(b"%PDF")


@check("identifiers: python-stdnum")
def _stdnum(folder: Path) -> None:
    from stdnum import iban

    assert iban.is_valid("GB82WEST12345698765432")


@check("Qt text after the ICU data was trimmed: collation, case, English dates, cp1252")
def _icu(folder: Path) -> None:
    from PySide6.QtCore import QCollator, QDate, QLocale, QStringDecoder

    qt_app()
    names = ["Zoë O'Brien-Ćorić", "Σοφία Παπαδοπούλου", "Олег Петренко", "Nguyễn Thị Ánh", "Zoe"]
    collator = QCollator(QLocale("en_GB"))
    assert sorted(names, key=collator.sortKey)[0] == "Nguyễn Thị Ánh"
    assert collator.compare("Zoe", "Zoë") < 0
    assert QLocale("en_GB").toUpper("straße") == "STRASSE"
    assert QLocale("de_DE").toUpper("ä") == "Ä"  # a locale left out falls back to the root
    assert QLocale("en_GB").toString(QDate(2026, 9, 1), "d MMMM yyyy") == "1 September 2026"
    assert QStringDecoder("windows-1252").isValid()  # a single-byte converter is kept


@check("running frozen, not from a Python installation")
def _frozen(folder: Path) -> None:
    assert getattr(sys, "frozen", False), "not running frozen"
    assert Path(sys.executable).name.startswith("slip-desktop"), sys.executable


@check("resources and the app icon")
def _resources(folder: Path) -> None:
    qt_app()
    from slip_desktop import resources
    from slip_desktop.ui.app_icon import ICON_SIZES, app_icon

    assert resources.path("icon.ico").is_file(), resources.path("icon.ico")
    assert len(app_icon().availableSizes()) == len(ICON_SIZES)


@check("version from the bundled metadata")
def _version(folder: Path) -> None:
    from importlib import metadata

    import slip_desktop

    assert metadata.version("slip-desktop") == slip_desktop.__version__


def main() -> int:
    """Run every probe; print one line each (or start the program: see the module's text)."""
    if sys.argv[1:2] == ["start"]:
        from bench.probe import main as start_and_report_first_paint

        return start_and_report_first_paint(sys.argv[2:])
    failed = 0
    with tempfile.TemporaryDirectory(prefix="slip-probe-") as folder:
        for name, function in CHECKS:
            try:
                function(Path(folder))
            except Exception as error:  # noqa: BLE001 - report every failure, then fail
                failed += 1
                print(f"FAILED {name}: {error!r}"[:600])
            else:
                print(f"ok     {name}")
    total = len(CHECKS)
    print(
        f"probe: {failed} of {total} checks FAILED" if failed else f"probe: all {total} checks ok"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
