"""In-process benchmark scenarios, each with the baseline the issue names."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from bench.run import Paired, Result, database_passphrase, median_time, paired_time


class _BareModel(QAbstractTableModel):
    """The baseline: the least a table model can be."""

    def __init__(self, columns: int) -> None:
        super().__init__()
        self.rows: list[Any] = []
        self._columns = columns

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802, B008
        return self._columns

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        return str(self.rows[index.row()][index.column()]) if role == 0 else None


def _per(pairs: Paired, count: int) -> Paired:
    """The same pairs divided by ``count`` (a run that did ``count`` units of work)."""
    return Paired([a / count for a in pairs.app], [b / count for b in pairs.base])


def _raw_connect(db: Path) -> Any:
    passphrase = database_passphrase(db)
    if passphrase:
        from sqlcipher3 import dbapi2 as driver

        connection = driver.connect(str(db))
        connection.execute(f"PRAGMA key = '{passphrase.replace(chr(39), chr(39) * 2)}'")
        return connection
    import sqlite3

    return sqlite3.connect(str(db))


def in_process(db: Path, runs: int) -> list[Result]:
    """Measure the list, filter, sort, PDF, statement and export scenarios."""
    from PySide6.QtWidgets import QApplication

    from slip_desktop.db import referrals as referral_ops
    from slip_desktop.db.store import Store

    app = QApplication.instance() or QApplication([])
    results: list[Result] = []
    store = Store.open(db, passphrase=database_passphrase(db))

    # Referral list query: the app's function vs raw sqlite3 running the same SQL.
    query = referral_ops.referral_list_query()
    from sqlalchemy.dialects import sqlite

    sql = str(query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    raw = _raw_connect(db)
    # Measured before the list below is kept: holding one 30,000-row result while making
    # the next costs page faults that neither side should pay.
    listed = paired_time(
        lambda: referral_ops.list_referrals(store), lambda: raw.execute(sql).fetchall(), runs
    )
    rows = referral_ops.list_referrals(store)
    results.append(listed.result(f"referral list query ({len(rows):,} rows)", "s", "<= 1.5x", 1.5))

    # Filter per keystroke and sort, in the real referral list panel.
    from slip_desktop.ui.list_panel import ListPanel
    from slip_desktop.views.referrals.tab import COLUMNS, search_text

    panel = ListPanel(COLUMNS, search_text, "Search", "referrals")
    panel.set_rows(rows)
    bare = _BareModel(len(COLUMNS))
    strings = [search_text(r).lower() for r in rows]
    typed = "clark"
    prefixes = [typed[: i + 1] for i in range(len(typed))]

    def filter_panel() -> None:
        for prefix in prefixes:
            panel.search.setText(prefix)
        panel.search.setText("")

    def filter_bare() -> None:
        for needle in [*prefixes, ""]:
            bare.set_rows([r for r, s in zip(rows, strings, strict=True) if needle in s])

    per_key = len(prefixes) + 1
    filtered = _per(paired_time(filter_panel, filter_bare, runs), per_key)
    row = filtered.result("filter per keystroke (30,000 rows)", "s", "<= 3x and <= 50 ms", 3.0)
    row.ok = row.ok and filtered.app_median <= 0.05
    results.append(row)

    column = next(i for i, c in enumerate(COLUMNS) if c.title.startswith("School"))

    def sort_panel() -> None:
        panel.model.sort(column, Qt.SortOrder.AscendingOrder)
        panel.model.sort(column, Qt.SortOrder.DescendingOrder)

    def sort_bare() -> None:
        key = COLUMNS[column].value
        bare.set_rows(sorted(rows, key=key))
        bare.set_rows(sorted(rows, key=key, reverse=True))

    sorted_ = _per(paired_time(sort_panel, sort_bare, runs), 2)
    row = sorted_.result("sort 30,000 rows on a column", "s", "<= 3x and <= 100 ms", 3.0)
    row.ok = row.ok and sorted_.app_median <= 0.1
    results.append(row)

    # XLSX export of the list vs the csv module writing the same rows.
    from slip_desktop.reports.table_export import write_xlsx

    header = [c.title for c in COLUMNS]
    table = [[c.value(r) for c in COLUMNS] for r in rows]
    folder = Path(tempfile.mkdtemp(prefix="slip-bench-export-"))

    def with_csv() -> None:
        with (folder / "rows.csv").open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([header, *table])

    exported = paired_time(
        lambda: write_xlsx(folder / "rows.xlsx", header, table), with_csv, max(3, runs // 2)
    )
    results.append(
        exported.result("XLSX export of 30,000 rows (background task)", "s", "<= 60x", 60.0)
    )
    results.extend(_documents(store, runs))
    store.close()
    del app
    return results


def _reference_plan_pdf(doc: Any) -> bytes:
    """The baseline: the plan's same flowables in a plain ReportLab document.

    Same words, tables and styles; none of the partnership's page furniture
    (heading band, "Page n of m" footer, metadata), which is what the ratio prices.
    """
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    from slip_desktop.reports.action_plan_pdf import plan_story

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(plan_story(doc))
    return buffer.getvalue()


def _documents(store: Any, runs: int) -> Sequence[Result]:
    """Action-plan PDFs (one, and a batch of 100 with progress) and a term's statements."""
    import time
    from datetime import date

    from sqlalchemy import select

    from slip_desktop.db.action_plans import plan_document
    from slip_desktop.db.models import ActionPlan
    from slip_desktop.db.statements import load_statements, prepare_statements
    from slip_desktop.domain.enums import Term
    from slip_desktop.domain.school_year import academic_year_of
    from slip_desktop.reports.action_plan_pdf import action_plan_pack_pdf, action_plan_pdf
    from slip_desktop.reports.statement_pdf import statement_pdf

    results: list[Result] = []
    with store.session() as session:
        plan_ids = list(session.scalars(select(ActionPlan.id).order_by(ActionPlan.id).limit(100)))
    doc = plan_document(store, plan_ids[0])
    plan = paired_time(lambda: action_plan_pdf(doc), lambda: _reference_plan_pdf(doc), runs)
    results.append(plan.result("one action-plan PDF", "s", "<= 1.5x", 1.5))

    reports: list[int] = []

    def batch() -> None:
        docs = []
        for number, plan_id in enumerate(plan_ids):
            docs.append(plan_document(store, plan_id))
            action_plan_pdf(docs[-1])
            reports.append(number)  # what the progress dialog is told after each plan
        action_plan_pack_pdf(docs, "Inclusion Forum", docs[0].meeting_on)

    mine = median_time(batch, max(3, runs // 2))
    results.append(
        Result(
            "batch of 100 action plans + pack (with progress)",
            mine,
            None,
            "s",
            "<= 3.5 s",
            mine <= 3.5 and len(reports) >= 100,
        )
    )

    year = academic_year_of(date.today()) - 1
    today = date.today()

    def statements() -> None:
        prepare_statements(store, year, Term.AUTUMN, today)
        for statement in load_statements(store, year, Term.AUTUMN):
            statement_pdf(statement)

    started = time.perf_counter()
    statements()
    first = time.perf_counter() - started
    mine = median_time(statements, max(3, runs // 2))
    count = len(load_statements(store, year, Term.AUTUMN, with_lines=False))
    results.append(
        Result(
            f"all {count} schools' statements for a term (prepare + PDFs)",
            max(mine, 0.0),
            None,
            "s",
            "<= 2 s",
            mine <= 2.0 and first <= 2.0,
        )
    )
    return results
