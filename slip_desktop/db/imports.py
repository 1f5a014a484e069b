"""The import centre's store: what is on record to match against, writing a plan, undoing it."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Date, Enum, Numeric, func, insert, select
from sqlalchemy.orm import Session

from slip_desktop.db.audit import now_utc
from slip_desktop.db.identity import require_permission
from slip_desktop.db.models import (
    Base,
    ImportItem,
    ImportRun,
    Placement,
    Provider,
    Pupil,
    Referral,
    School,
    SchoolContact,
    Setting,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.errors import NotFoundError, RuleError, ValidationError
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.typed_input import typed_input

#: Tables an import may write, by name.
MODELS: dict[str, type[Base]] = {
    "pupil": Pupil,
    "school": School,
    "school_contact": SchoolContact,
    "referral": Referral,
    "placement": Placement,
}


class ExistingPupil(NamedTuple):
    """A pupil on record, as the preview compares file rows with."""

    id: int
    upn: str | None
    first_name: str
    last_name: str
    date_of_birth: date
    year_group: int
    year_group_as_of: int | None
    school_id: int
    send_status: SendStatus
    pupil_premium: bool
    looked_after: bool
    eal: bool


class ExistingSchool(NamedTuple):
    """A school on record, as file rows name it."""

    id: int
    name: str
    short_name: str
    urn: str
    dfe_number: str
    la_code: str
    phase: str
    address: str
    phone: str
    la_name: str


class ExistingReferral(NamedTuple):
    """A referral on record, as a referral log's rows are matched with."""

    id: int
    pupil_id: int | None
    kind: str
    received_on: date
    status: str


class ExistingPlacement(NamedTuple):
    """A placement on record, as a placements file's rows are matched with."""

    id: int
    pupil_id: int
    programme: str
    starts_on: date | None
    planned_end_on: date | None
    days_per_week: Any
    provider_id: int | None


def existing_referrals(store: Store) -> list[ExistingReferral]:
    """Return every referral on record (kind and status as their stored values)."""
    query = select(
        Referral.id, Referral.pupil_id, Referral.kind, Referral.received_on, Referral.status
    )
    with store.session() as session:
        return [
            ExistingReferral(r[0], r[1], r[2].value, r[3], r[4].value)
            for r in session.execute(query)
        ]


def existing_placements(store: Store) -> list[ExistingPlacement]:
    """Return every placement on record (programme as its stored value)."""
    query = select(
        Placement.id,
        Placement.pupil_id,
        Placement.programme,
        Placement.starts_on,
        Placement.planned_end_on,
        Placement.days_per_week,
        Placement.provider_id,
    )
    with store.session() as session:
        return [
            ExistingPlacement(r[0], r[1], r[2].value, r[3], r[4], r[5], r[6])
            for r in session.execute(query)
        ]


def provider_names(store: Store) -> dict[str, int]:
    """Return provider name (case-folded) -> id."""
    with store.session() as session:
        return {n.casefold(): i for i, n in session.execute(select(Provider.id, Provider.name))}


def existing_pupils(store: Store) -> list[ExistingPupil]:
    """Return every pupil on record (plain columns, one query)."""
    query = select(*(getattr(Pupil, f) for f in ExistingPupil._fields))
    with store.session() as session:
        return [ExistingPupil._make(row) for row in session.execute(query)]


def existing_schools(store: Store) -> list[ExistingSchool]:
    """Return every school on record (open or closed)."""
    query = select(*(getattr(School, f) for f in ExistingSchool._fields))
    with store.session() as session:
        return [ExistingSchool._make(row) for row in session.execute(query)]


@dataclass(frozen=True)
class NewRecord:
    """A record to add: its table, its values, and child rows ``(table, values)`` pointing at it."""

    table: str
    values: Mapping[str, Any]
    children: tuple[tuple[str, Mapping[str, Any]], ...] = ()


@dataclass(frozen=True)
class Change:
    """Fields of a record on file to change: field -> (value before, value after)."""

    table: str
    record_id: int
    fields: Mapping[str, tuple[Any, Any]]


@dataclass
class ImportPlan:
    """What confirming a preview writes, plus the counts the import is recorded with."""

    kind: str
    file_name: str
    sha256: str
    creates: list[NewRecord] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0


class ImportSummary(NamedTuple):
    """One recorded import, as the list of past imports shows it."""

    id: int
    kind: str
    file_name: str
    sha256: str
    created: int
    updated: int
    unchanged: int
    skipped: int
    username: str
    at: datetime
    undone_at: datetime | None


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _typed(model: type[Base], name: str, value: Any) -> Any:
    """Return a JSON value as the column ``name`` of ``model`` holds it."""
    if value is None:
        return None
    column_type = model.__table__.c[name].type
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Numeric):
        return Decimal(value)
    return value


@typed_input
def apply_import(store: Store, plan: ImportPlan) -> ImportSummary:
    """Write ``plan`` in one transaction and record it; return the recorded import."""
    user = require_permission(store, Action.EDIT_RECORDS)
    with store.session() as session:
        run = ImportRun(
            kind=plan.kind,
            file_name=plan.file_name[:255],
            sha256=plan.sha256,
            created_count=len(plan.creates),
            updated_count=len(plan.changes),
            unchanged_count=plan.unchanged,
            skipped_count=plan.skipped,
            username=user.username,
            at=now_utc(),
        )
        session.add(run)
        objects = [MODELS[new.table](**new.values) for new in plan.creates]
        session.add_all(objects)
        session.flush()
        children: list[Base] = []
        for new, parent in zip(plan.creates, objects, strict=True):
            for table, values in new.children:
                children.append(
                    MODELS[table](**values, **{f"{new.table}_id": parent.id})  # type: ignore[attr-defined]
                )
        session.add_all(children)
        for change in plan.changes:
            record = session.get(MODELS[change.table], change.record_id)
            if record is None:
                raise NotFoundError(
                    f"A {change.table} record the preview matched has since been deleted: "
                    "preview the file again.",
                    change.table,
                )
            for name, (_old, new_value) in change.fields.items():
                setattr(record, name, new_value)
        session.flush()
        items: list[dict[str, Any]] = [
            {
                "import_id": run.id,
                "table_name": str(obj.__tablename__),
                "record_id": obj.id,  # type: ignore[attr-defined]
                "action": "create",
                "before": "",
                "after": "",
            }
            for obj in (*objects, *children)
        ]
        items.extend(
            {
                "import_id": run.id,
                "table_name": change.table,
                "record_id": change.record_id,
                "action": "update",
                "before": json.dumps({k: _plain(v[0]) for k, v in change.fields.items()}),
                "after": json.dumps({k: _plain(v[1]) for k, v in change.fields.items()}),
            }
            for change in plan.changes
        )
        if items:
            # One summary audit row for the bookkeeping; each record has its own rows above.
            session.execute(insert(ImportItem), items)
        return _summary(run)


def _summary(run: ImportRun) -> ImportSummary:
    return ImportSummary(
        run.id,
        run.kind,
        run.file_name,
        run.sha256,
        run.created_count,
        run.updated_count,
        run.unchanged_count,
        run.skipped_count,
        run.username,
        run.at,
        run.undone_at,
    )


def list_imports(store: Store) -> list[ImportSummary]:
    """Return every recorded import, newest first."""
    with store.session() as session:
        runs = session.scalars(select(ImportRun).order_by(ImportRun.id.desc())).all()
        return [_summary(r) for r in runs]


def imported_before(store: Store, sha256: str) -> ImportSummary | None:
    """Return the latest import of the same file (same bytes) that was not undone."""
    query = (
        select(ImportRun)
        .where(ImportRun.sha256 == sha256, ImportRun.undone_at.is_(None))
        .order_by(ImportRun.id.desc())
    )
    with store.session() as session:
        run = session.scalars(query).first()
        return _summary(run) if run else None


def _dependents(
    session: Session, table: str, record_ids: set[int], own: set[tuple[str, int]]
) -> str:
    """Return a sentence naming later records pointing at ``record_ids``, or ""."""
    if not record_ids:
        return ""
    for other in Base.metadata.sorted_tables:
        for key in other.foreign_keys:
            if key.column.table.name != table or other.name == "import_item":
                continue
            column = key.parent
            query = select(column, other.c.id) if "id" in other.c else select(column)
            wanted = sorted(record_ids)
            rows = [
                row
                for start in range(0, len(wanted), 500)
                for row in session.execute(query.where(column.in_(wanted[start : start + 500])))
            ]
            later = [r for r in rows if len(r) < 2 or (other.name, r[1]) not in own]
            if later:
                return (
                    f"{len(later)} {other.name.replace('_', ' ')} record(s) added since point at "
                    f"{table}s this import created. Remove or change them first."
                )
    return ""


@typed_input
def undo_import(store: Store, import_id: int) -> ImportSummary:
    """Remove what import ``import_id`` added and restore what it changed, in one transaction.

    Raises:
        RuleError: when the import was undone already, or later work depends on it.
    """
    user = require_permission(store, Action.EDIT_RECORDS)
    with store.session() as session:
        run = session.get(ImportRun, import_id)
        if run is None:
            raise NotFoundError("This import is no longer on record.", "import")
        if run.undone_at is not None:
            raise RuleError(f"This import was undone on {run.undone_at:%d %b %Y at %H:%M}.")
        items = session.scalars(select(ImportItem).where(ImportItem.import_id == import_id)).all()
        created = [i for i in items if i.action == "create"]
        own = {(i.table_name, i.record_id) for i in created}
        for table in MODELS:
            ids = {i.record_id for i in created if i.table_name == table}
            reason = _dependents(session, table, ids, own)
            if reason:
                raise RuleError(f"This import cannot be undone: {reason}")
        for item in (i for i in items if i.action == "update"):
            model = MODELS[item.table_name]
            record = session.get(model, item.record_id)
            if record is None:
                raise RuleError(
                    "This import cannot be undone: a record it changed has since been deleted."
                )
            after = json.loads(item.after)
            for name, value in after.items():
                if _plain(getattr(record, name)) != value:
                    raise RuleError(
                        "This import cannot be undone: a record it changed has been changed "
                        f"again since ({name.replace('_', ' ')}). Undo that change first."
                    )
            for name, value in json.loads(item.before).items():
                setattr(record, name, _typed(model, name, value))
        # Children first (contacts before their school); loaded in batches, not one by one.
        for table in ("school_contact", *(t for t in MODELS if t != "school_contact")):
            doomed = sorted({i.record_id for i in created if i.table_name == table})
            model = MODELS[table]
            key = model.__table__.c.id
            for start in range(0, len(doomed), 500):
                for record in session.scalars(
                    select(model).where(key.in_(doomed[start : start + 500]))
                ):
                    session.delete(record)
            session.flush()
        run.undone_at = now_utc()
        run.undone_by = user.username
        session.flush()
        return _summary(run)


def count_rows(store: Store, table: str) -> int:
    """Return how many rows ``table`` holds (for the import's before/after counts)."""
    model = MODELS[table]
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


#: The Setting key prefix a remembered column mapping is stored under.
MAPPING_PREFIX = "import_map."


def remembered_mapping(store: Store, key: str) -> dict[str, int] | None:
    """Return the mapping last confirmed for a file layout (see domain.imports.layout_key)."""
    with store.session() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == key))
    if not value:
        return None
    try:
        loaded = json.loads(value)
    except ValueError:
        return None
    return {str(k): int(v) for k, v in loaded.items()} if isinstance(loaded, dict) else None


@typed_input
def save_import_mapping(store: Store, key: str, mapping: Mapping[str, int]) -> None:
    """Remember ``mapping`` for the file layout ``key``."""
    require_permission(store, Action.EDIT_RECORDS)
    if not key.strip():
        raise ValidationError({"key": "The file layout has no name to remember it by."})
    text = json.dumps(dict(sorted(mapping.items())))
    with store.session() as session:
        setting = session.get(Setting, key)
        if setting is None:
            session.add(Setting(key=key, value=text))
        elif setting.value != text:
            setting.value = text


def records_of(store: Store, table: str, ids: Sequence[int]) -> int:
    """Return how many of ``ids`` still exist in ``table``."""
    model = MODELS[table]
    with store.session() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(model).where(model.__table__.c.id.in_(ids))
            )
            or 0
        )
