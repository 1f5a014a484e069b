"""Import centre speed: 10,000 pupils from a CSV and from a CTF, previewed then written.

    python -m bench.imports [--runs 2]

Each run starts from a fresh, migrated, encrypted database holding one school, so the
write is a real write of 10,000 new pupils (a second run of the same file adds none).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench.run import BENCH_PASSPHRASE, PASSPHRASE_ENV, Result

PUPILS = 10_000
TODAY = date(2026, 11, 27)
FIRST = ["Nguyễn Thị", "Σοφία", "Олег", "Zoë", "Aarav", "Siobhán", "Mateusz", "Amara"]
LAST = ["Ánh", "Παπαδοπούλου", "Петренко", "O'Brien-Ćorić", "Patel", "Wójcik", "Okafor"]


def _people(count: int = PUPILS) -> list[tuple[str, str, str, date, int]]:
    from slip_desktop.domain.upn import make_upn

    out = []
    for i in range(count):
        born = date(2011, 9, 1) + timedelta(days=(i * 7) % 1400)
        year = 11 - (born - date(2011, 9, 1)).days // 365
        upn = make_upn("855", f"{4001 + i // 1000}", 12 + i // 1000 % 10, i % 1000)
        out.append((upn, FIRST[i % len(FIRST)], LAST[i % len(LAST)], born, max(7, year)))
    return out


def write_csv(path: Path, count: int = PUPILS) -> Path:
    """Write ``count`` invented pupils as an office's CSV."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["UPN", "Forename", "Legal surname", "DOB", "Year", "School"])
        for upn, first, last, born, _year in _people(count):
            writer.writerow([upn, first, last, f"{born:%d/%m/%Y}", "", "Fernfield Academy"])
    return path


def write_ctf(path: Path, count: int = PUPILS) -> Path:
    """Write ``count`` invented pupils as a Common Transfer File."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?><CTfile><Header><SourceSchool><LEA>855</LEA>'
        "<Estab>4001</Estab><SchoolName>Fernfield Academy</SchoolName></SourceSchool>"
        "</Header><CTFpupilData>"
    ]
    for upn, first, last, born, _year in _people(count):
        parts.append(
            f"<Pupil><UPN>{upn}</UPN><Surname>{last}</Surname><Forename>{first}</Forename>"
            f"<DOB>{born.isoformat()}</DOB><Gender>F</Gender><SENhistory><SEN>"
            "<SENprovision>K</SENprovision></SEN></SENhistory></Pupil>"
        )
    parts.append("</CTFpupilData></CTfile>")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def _one(folder: Path, source: Path, count: int) -> tuple[float, float]:
    from slip_desktop.db.audit import install_audit
    from slip_desktop.db.migrate import upgrade_to_head
    from slip_desktop.db.schools import add_school
    from slip_desktop.db.store import Store
    from slip_desktop.domain.imports import ImportKind, guess_mapping
    from slip_desktop.domain.schools import SchoolDetails
    from slip_desktop.jobs.imports.preview import build_plan, preview_file
    from slip_desktop.jobs.imports.readers import read_table
    from slip_desktop.jobs.imports.run import run_import

    db = folder / f"imports-{time.monotonic_ns()}.db"
    store = Store.open(db, os.environ.get(PASSPHRASE_ENV, BENCH_PASSPHRASE))
    try:
        upgrade_to_head(store.engine)
        install_audit(store)
        add_school(store, SchoolDetails("Fernfield Academy", la_code="855"))
        started = time.perf_counter()
        table = read_table(source)
        mapping = guess_mapping(ImportKind.PUPILS, table.headings)
        preview = preview_file(store, table, ImportKind.PUPILS, mapping, TODAY)
        plan = build_plan(preview)
        previewed = time.perf_counter() - started
        assert len(plan.creates) == count, preview.counts()
        started = time.perf_counter()
        run_import(store, plan)
        written = time.perf_counter() - started
    finally:
        store.close()
        for extra in folder.glob(f"{db.name}*"):
            extra.unlink()
    return previewed, written


def import_results(runs: int = 2, count: int = PUPILS) -> list[Result]:
    """Time previewing and writing ``count`` pupils from a CSV and from a CTF."""
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="slip-imports-") as name:
        folder = Path(name)
        for label, source in (
            ("CSV", write_csv(folder / "pupils.csv", count)),
            ("CTF", write_ctf(folder / "pupils.xml", count)),
        ):
            times = [_one(folder, source, count) for _ in range(runs)]
            preview = statistics.median(t[0] for t in times)
            write = statistics.median(t[1] for t in times)
            results.append(
                Result(
                    f"import {count:,} pupils ({label}): preview",
                    preview,
                    None,
                    "s",
                    "< 10 s",
                    preview < 10,
                )
            )
            results.append(
                Result(
                    f"import {count:,} pupils ({label}): write",
                    write,
                    None,
                    "s",
                    "< 10 s",
                    write < 10,
                )
            )
    return results


def main() -> None:
    """Command line: print the rows."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    from bench.run import format_table

    print(format_table(import_results(args.runs)))


if __name__ == "__main__":
    main()
