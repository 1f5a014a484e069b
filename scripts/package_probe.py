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


def expect(condition: object, detail: object = "") -> None:
    """Fail the check unless ``condition`` holds.

    The bundle's bytecode is built without asserts (optimize=2): an assert would check nothing.
    """
    if not condition:
        raise AssertionError(detail or "a check failed")


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
    expect(current_revision(engine) == head_revision(engine))
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
    expect(hasher.verify(hasher.hash("passphrase"), "passphrase"))


@check("charts: matplotlib QtAgg canvas and PNG (as reports draw them)")
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
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    expect(buffer.getvalue().startswith(b"\x89PNG"), "no PNG")


@check("spreadsheets: pandas with openpyxl and xlsxwriter")
def _spreadsheets(folder: Path) -> None:
    import pandas as pd

    frame = pd.DataFrame({"school": ["Larkhill Vale Academy"], "pence": [12345]})
    for engine in ("openpyxl", "xlsxwriter"):
        buffer = io.BytesIO()
        frame.to_excel(buffer, engine=engine, index=False)
        buffer.seek(0)
        expect(pd.read_excel(buffer, engine="openpyxl")["pence"].tolist() == [12345], engine)


@check("calendar: England's bank holidays, iCalendar, Europe/London")
def _calendar(folder: Path) -> None:
    from zoneinfo import ZoneInfo

    import holidays
    import icalendar

    days = holidays.country_holidays("GB", subdiv="ENG", years=2026)
    expect(days[date(2026, 12, 25)] == "Christmas Day")
    calendar = icalendar.Calendar()
    event = icalendar.Event()
    event.add("dtstart", datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo("Europe/London")))
    event.add("summary", "Inclusion Forum")
    calendar.add_component(event)
    expect(b"Inclusion Forum" in calendar.to_ical())


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
    expect(buffer.getvalue().startswith(b"%PDF"))


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
    expect((folder / "printed.pdf").read_bytes().startswith(b"%PDF"))


@check("identifiers: python-stdnum's UPN check (its data files are left out)")
def _stdnum(folder: Path) -> None:
    from slip_desktop.domain.upn import make_upn, upn_problem

    upn = make_upn("855", "2001", 2026, 7)
    expect(upn_problem(upn) is None, upn)
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]
    expect("check letter" in (upn_problem(wrong) or ""), wrong)


@check("England's time zone from tzdata and pytz (the other zones are left out)")
def _zones(folder: Path) -> None:
    import zoneinfo

    import pandas as pd
    import pytz

    zoneinfo.reset_tzpath(to=[])  # only the bundled tzdata, as on Windows
    try:
        london = zoneinfo.ZoneInfo("Europe/London")
        expect(datetime(2026, 7, 1, tzinfo=london).utcoffset().total_seconds() == 3600)
    finally:
        zoneinfo.reset_tzpath()
    expect(str(pytz.timezone("Europe/London")) == "Europe/London")
    stamp = pd.Timestamp("2026-07-01 12:00", tz="Europe/London").tz_convert("UTC")
    expect(stamp.hour == 11, stamp)


@check("duplicate matching: rapidfuzz without its AVX2 build")
def _matching(folder: Path) -> None:
    from rapidfuzz import fuzz, process

    expect(fuzz.ratio("Zoë O'Brien", "Zoe O'Brien") > 80)
    expect(process.extractOne("Petrenko", ["Petrenco", "Smith"])[0] == "Petrenco")


@check("one OpenSSL: Python's hashlib and ssl on the libcrypto psycopg's libpq brings")
def _openssl(folder: Path) -> None:
    import hashlib
    import ssl

    import psycopg

    expect(psycopg.pq.__impl__ == "binary", psycopg.pq.__impl__)
    expect(hashlib.sha256(b"slip").hexdigest().startswith("1c14"), "SHA-256 is wrong")
    expect("sha3_256" in hashlib.algorithms_available, hashlib.algorithms_available)
    context = ssl.create_default_context()
    expect(context.minimum_version >= ssl.TLSVersion.TLSv1_2, context.minimum_version)
    expect(ssl.OPENSSL_VERSION.startswith("OpenSSL 3"), ssl.OPENSSL_VERSION)
    expect(psycopg.pq.version() >= 140000, psycopg.pq.version())


@check("Qt text after the ICU data was trimmed: collation, case, English dates, cp1252")
def _icu(folder: Path) -> None:
    from PySide6.QtCore import QCollator, QDate, QLocale, QStringDecoder

    qt_app()
    names = ["Zoë O'Brien-Ćorić", "Σοφία Παπαδοπούλου", "Олег Петренко", "Nguyễn Thị Ánh", "Zoe"]
    collator = QCollator(QLocale("en_GB"))
    expect(sorted(names, key=collator.sortKey)[0] == "Nguyễn Thị Ánh")
    expect(collator.compare("Zoe", "Zoë") < 0)
    expect(QLocale("en_GB").toUpper("straße") == "STRASSE")
    expect(QLocale("de_DE").toUpper("ä") == "Ä")  # a locale left out falls back to the root
    expect(QLocale("en_GB").toString(QDate(2026, 9, 1), "d MMMM yyyy") == "1 September 2026")
    expect(QStringDecoder("windows-1252").isValid())  # a single-byte converter is kept


@check("running frozen, not from a Python installation")
def _frozen(folder: Path) -> None:
    expect(getattr(sys, "frozen", False), "not running frozen")
    expect(Path(sys.executable).name.startswith("slip-desktop"), sys.executable)


@check("resources and the app icon")
def _resources(folder: Path) -> None:
    qt_app()
    from slip_desktop import resources
    from slip_desktop.ui.app_icon import ICON_SIZES, app_icon

    expect(resources.path("icon.ico").is_file(), resources.path("icon.ico"))
    expect(len(app_icon().availableSizes()) == len(ICON_SIZES))


@check("version from the bundled metadata")
def _version(folder: Path) -> None:
    from importlib import metadata

    import slip_desktop

    expect(metadata.version("slip-desktop") == slip_desktop.__version__)


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
