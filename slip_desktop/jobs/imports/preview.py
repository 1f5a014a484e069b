"""Checking every row of a file against the forms' rules and the records on file, before writing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slip_desktop.db.imports import (
    Change,
    ExistingPupil,
    ExistingSchool,
    ImportPlan,
    ImportSummary,
    NewRecord,
    existing_pupils,
    existing_schools,
    imported_before,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import Labelled, SendStatus
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.imports import (
    DUPLICATE_SCORE,
    ImportKind,
    name_key,
    parse_date,
    parse_flag,
    parse_send,
    parse_year_group,
)
from slip_desktop.domain.pupils import PupilInput, clean_pupil
from slip_desktop.domain.school_year import academic_year_of, effective_year_group
from slip_desktop.domain.schools import Contact, ContactRole, school_from_form
from slip_desktop.domain.upn import normalise_upn
from slip_desktop.jobs.imports.readers import Table
from slip_desktop.jobs.progress import NEVER_CANCELLED, CancelFlag, Progress, no_progress, step


class RowStatus(Labelled):
    """What confirming the import would do with a row."""

    NEW = "new", "New"
    MATCH = "match", "Updates a record"
    UNCHANGED = "unchanged", "Already on record"
    DUPLICATE = "duplicate", "Likely duplicate: confirm"
    PROBLEM = "problem", "Problem"


@dataclass
class PreviewRow:
    """One file row as the preview shows it."""

    line: int
    label: str
    status: RowStatus
    problems: dict[str, str] = field(default_factory=dict)
    #: field -> (on record, in the file) for a matched record.
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    match_id: int | None = None
    match_label: str = ""
    new: NewRecord | None = None

    @property
    def problem_text(self) -> str:
        """Return the problems as "field: sentence" lines."""
        return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in self.problems.items())

    @property
    def change_text(self) -> str:
        """Return the fields that would change."""
        return ", ".join(
            f"{k.replace('_', ' ')}: {_show(a)} → {_show(b)}" for k, (a, b) in self.changes.items()
        )


def _show(value: Any) -> str:
    if isinstance(value, Labelled):
        return value.label
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


@dataclass
class Preview:
    """Every row of a file checked, and the file's identity."""

    kind: ImportKind
    file_name: str
    sha256: str
    rows: list[PreviewRow]
    #: The last import of these same bytes, when there was one.
    previously: ImportSummary | None = None

    def count(self, status: RowStatus) -> int:
        """Return how many rows have ``status``."""
        return sum(1 for r in self.rows if r.status is status)

    def counts(self) -> dict[RowStatus, int]:
        """Return the number of rows of each status."""
        return {s: self.count(s) for s in RowStatus}


def _cell(row: Sequence[object], mapping: Mapping[str, int], name: str) -> object:
    index = mapping.get(name)
    if index is None or index >= len(row):
        return None
    value = row[index]
    return value.strip() if isinstance(value, str) else value


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Schools:
    """Finds a school on record from what a file calls it."""

    def __init__(self, schools: Sequence[ExistingSchool]) -> None:
        self.by_key: dict[str, int] = {}
        for school in schools:
            for key in (school.name, school.short_name, school.urn, school.dfe_number):
                if key:
                    self.by_key.setdefault(key.casefold(), school.id)
            if school.la_code and school.dfe_number:
                self.by_key.setdefault(f"{school.la_code}{school.dfe_number}".casefold(), school.id)

    def find(self, text: str) -> int | None:
        return self.by_key.get(" ".join(text.split()).casefold()) if text else None


def preview_file(
    store: Store,
    table: Table,
    kind: ImportKind,
    mapping: Mapping[str, int],
    today: date,
    *,
    school_id: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelFlag = NEVER_CANCELLED,
) -> Preview:
    """Check every row of ``table`` under ``mapping``; nothing is written.

    ``school_id`` is the school for pupil rows that name none (and the file is not a CTF
    naming its school).
    """
    if kind is ImportKind.PUPILS:
        rows = _preview_pupils(store, table, mapping, today, school_id, progress, cancel)
    elif kind is ImportKind.SCHOOLS:
        rows = _preview_schools(store, table, mapping, progress, cancel)
    else:
        from slip_desktop.jobs.imports.records import preview_placements, preview_referrals

        if kind is ImportKind.REFERRALS:
            rows = preview_referrals(store, table.rows, mapping, today, progress, cancel)
        else:
            rows = preview_placements(store, table.rows, mapping, progress, cancel)
    progress(len(table.rows), len(table.rows), "")
    return Preview(kind, table.file_name, table.sha256, rows, imported_before(store, table.sha256))


_PUPIL_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "school_id",
    "send_status",
    "pupil_premium",
    "looked_after",
    "eal",
)
#: Mapped file field -> the pupil fields it can change.
_COMPARED = {
    "first_name": "first_name",
    "last_name": "last_name",
    "date_of_birth": "date_of_birth",
    "school": "school_id",
    "send_status": "send_status",
    "pupil_premium": "pupil_premium",
    "looked_after": "looked_after",
    "eal": "eal",
}


def _preview_pupils(
    store: Store,
    table: Table,
    mapping: Mapping[str, int],
    today: date,
    default_school: int | None,
    progress: Progress,
    cancel: CancelFlag,
) -> list[PreviewRow]:
    from rapidfuzz import fuzz

    schools = _Schools(existing_schools(store))
    file_school = schools.find(table.source_school[0]) or schools.find(table.source_school[1])
    pupils = existing_pupils(store)
    by_upn = {p.upn: p for p in pupils if p.upn}
    by_birth: dict[date, list[tuple[str, ExistingPupil]]] = defaultdict(list)
    for pupil in pupils:
        by_birth[pupil.date_of_birth].append((name_key(pupil.first_name, pupil.last_name), pupil))
    year = academic_year_of(today)
    seen_upns: dict[str, int] = {}
    seen_people: dict[tuple[str, date], int] = {}
    out: list[PreviewRow] = []
    total = len(table.rows)
    for index, raw in enumerate(table.rows):
        if index % 250 == 0:
            step(progress, cancel, index, total, "Checking rows")
        line = index + 2
        problems: dict[str, str] = {}
        first = _text(_cell(raw, mapping, "first_name"))
        last = _text(_cell(raw, mapping, "last_name"))
        upn_text = _text(_cell(raw, mapping, "upn"))
        born: date | None = None
        try:
            born = parse_date(_cell(raw, mapping, "date_of_birth"))
        except ValueError as error:
            problems["date_of_birth"] = str(error)
        year_group: int | None = None
        try:
            year_group = parse_year_group(_cell(raw, mapping, "year_group"))
        except ValueError as error:
            problems["year_group"] = str(error)
        school_text = _text(_cell(raw, mapping, "school"))
        school = schools.find(school_text) if school_text else (file_school or default_school)
        flags: dict[str, Any] = {}
        for name in ("pupil_premium", "looked_after", "eal"):
            try:
                flags[name] = parse_flag(_cell(raw, mapping, name))
            except ValueError as error:
                problems[name] = str(error)
        send = SendStatus.NONE
        try:
            send = parse_send(_cell(raw, mapping, "send_status"))
        except ValueError as error:
            problems["send_status"] = str(error)
        data = PupilInput(
            first_name=first,
            last_name=last,
            upn=upn_text,
            date_of_birth=born,
            year_group=year_group,
            school_id=school,
            send_status=send,
            pupil_premium=flags.get("pupil_premium", False),
            looked_after=flags.get("looked_after", False),
            eal=flags.get("eal", False),
        )
        label = f"{first} {last}".strip() or f"Row {line}"
        clean = None
        try:
            clean = clean_pupil(data, today)
        except ValidationError as error:
            for key, message in error.errors.items():
                problems.setdefault(key, message)
        if school is None and "school" not in problems:
            problems["school"] = "Choose the pupil's school."
        if school is None and school_text:
            problems["school"] = (
                f"No school on record is called “{school_text}”: add it in Settings → Schools "
                "(or import schools) first."
            )
        upn = normalise_upn(upn_text) if upn_text else None
        if upn and "upn" not in problems:
            if upn in seen_upns:
                problems["upn"] = f"This UPN is on row {seen_upns[upn]} of the file too."
            seen_upns.setdefault(upn, line)
        if not upn and born is not None and not problems:
            # Without a UPN, the same name and birthday twice in one file is one pupil twice.
            person = (name_key(first, last), born)
            if person in seen_people:
                problems["last_name"] = (
                    f"{first} {last}, born {born:%d/%m/%Y}, is on row {seen_people[person]} "
                    "of the file too: keep one row, or give each its UPN."
                )
            seen_people.setdefault(person, line)
        if problems or clean is None:
            out.append(PreviewRow(line, label, RowStatus.PROBLEM, problems))
            continue
        values = {f: getattr(clean, f) for f in (*_PUPIL_FIELDS, "upn", "year_group")}
        values["year_group_as_of"] = clean.year_group_as_of
        new = NewRecord("pupil", values)
        match = by_upn.get(clean.upn) if clean.upn else None
        if match is not None:
            changes = _pupil_changes(match, clean, mapping, year)
            status = RowStatus.MATCH if changes else RowStatus.UNCHANGED
            out.append(PreviewRow(line, label, status, {}, changes, match.id, _who(match), new))
            continue
        key = name_key(clean.first_name, clean.last_name)
        best: ExistingPupil | None = None
        best_score = 0.0
        for other_key, other in by_birth.get(clean.date_of_birth, ()):
            if other.upn and clean.upn:
                continue  # two different UPNs are two different pupils
            score = fuzz.ratio(key, other_key)
            if score >= DUPLICATE_SCORE and score > best_score:
                best, best_score = other, score
        if best is not None:
            changes = _pupil_changes(best, clean, mapping, year, names=False)
            out.append(
                PreviewRow(line, label, RowStatus.DUPLICATE, {}, changes, best.id, _who(best), new)
            )
            continue
        out.append(PreviewRow(line, label, RowStatus.NEW, new=new))
    return out


def _who(pupil: ExistingPupil) -> str:
    return f"{pupil.first_name} {pupil.last_name}, born {pupil.date_of_birth:%d/%m/%Y}"


def _pupil_changes(
    match: ExistingPupil,
    clean: Any,
    mapping: Mapping[str, int],
    academic_year: int,
    names: bool = True,
) -> dict[str, tuple[Any, Any]]:
    changes: dict[str, tuple[Any, Any]] = {}
    for mapped, column in _COMPARED.items():
        if mapped not in mapping:
            continue
        if not names and column in ("first_name", "last_name"):
            continue
        old, new = getattr(match, column), getattr(clean, column)
        if old != new:
            changes[column] = (old, new)
    if not match.upn and clean.upn:
        changes["upn"] = (None, clean.upn)
    if "year_group" in mapping:
        shown = effective_year_group(
            match.date_of_birth, match.year_group, match.year_group_as_of, academic_year
        )
        if shown != clean.year_group:
            changes["year_group"] = (match.year_group, clean.year_group)
            changes["year_group_as_of"] = (match.year_group_as_of, clean.year_group_as_of)
    return changes


_SCHOOL_TEXTS = ("name", "short_name", "urn", "la_code", "la_name", "phase", "address", "phone")


def _preview_schools(
    store: Store,
    table: Table,
    mapping: Mapping[str, int],
    progress: Progress,
    cancel: CancelFlag,
) -> list[PreviewRow]:
    schools = existing_schools(store)
    by_urn = {s.urn: s for s in schools if s.urn}
    by_name = {s.name.casefold(): s for s in schools}
    out: list[PreviewRow] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(table.rows):
        if index % 250 == 0:
            step(progress, cancel, index, len(table.rows), "Checking rows")
        line = index + 2
        texts = {k: _text(_cell(raw, mapping, k)) for k in _SCHOOL_TEXTS if k in mapping}
        if texts.get("phase"):
            texts["phase"] = texts["phase"].lower().replace(" ", "_")
        label = texts.get("name", "") or f"Row {line}"
        try:
            details = school_from_form(texts)
        except ValidationError as error:
            out.append(PreviewRow(line, label, RowStatus.PROBLEM, dict(error.errors)))
            continue
        key = details.name.casefold()
        if key in seen:
            out.append(
                PreviewRow(
                    line,
                    label,
                    RowStatus.PROBLEM,
                    {"name": f"This school is on row {seen[key]} too."},
                )
            )
            continue
        seen[key] = line
        contacts: list[Contact] = []
        problems: dict[str, str] = {}
        for role in (ContactRole.SENCO, ContactRole.HEAD):
            name = _text(_cell(raw, mapping, f"{role.value}_name"))
            email = _text(_cell(raw, mapping, f"{role.value}_email"))
            if email and "@" not in email:
                problems[f"{role.value}_email"] = f"“{email}” is not an email address."
            if name:
                contacts.append(Contact(role, name, email))
        if problems:
            out.append(PreviewRow(line, label, RowStatus.PROBLEM, problems))
            continue
        values = {k: getattr(details, k) for k in _SCHOOL_TEXTS}
        children = tuple(
            ("school_contact", {"role": c.role, "name": c.name, "email": c.email, "phone": c.phone})
            for c in contacts
        )
        new = NewRecord("school", values, children)
        match = (by_urn.get(details.urn) if details.urn else None) or by_name.get(key)
        if match is None:
            out.append(PreviewRow(line, label, RowStatus.NEW, new=new))
            continue
        changes = {
            k: (getattr(match, k), values[k])
            for k in _SCHOOL_TEXTS
            if k in mapping and values[k] != getattr(match, k) and (values[k] or k == "name")
        }
        status = RowStatus.MATCH if changes else RowStatus.UNCHANGED
        out.append(PreviewRow(line, label, status, {}, changes, match.id, match.name, new))
    return out


#: The table each kind of import writes its records to.
TABLES = {
    ImportKind.PUPILS: "pupil",
    ImportKind.SCHOOLS: "school",
    ImportKind.REFERRALS: "referral",
    ImportKind.PLACEMENTS: "placement",
}


def build_plan(
    preview: Preview,
    *,
    good_rows_only: bool = False,
    same_person: Mapping[int, bool] | None = None,
) -> ImportPlan:
    """Return what confirming ``preview`` writes.

    ``same_person`` answers each likely duplicate by file line: True updates the record
    on file, False adds a new one; an unanswered duplicate is left out.

    Raises:
        RuleError: when rows have problems and ``good_rows_only`` was not chosen.
    """
    problems = preview.count(RowStatus.PROBLEM)
    if problems and not good_rows_only:
        raise RuleError(
            f"{problems} row(s) have problems. Fix them in the file and preview it again, "
            "or choose to import the good rows only."
        )
    answers = same_person or {}
    table = TABLES[preview.kind]
    plan = ImportPlan(preview.kind.value, preview.file_name, preview.sha256)
    for row in preview.rows:
        status = row.status
        if status is RowStatus.DUPLICATE:
            answer = answers.get(row.line)
            if answer is None:
                plan.skipped += 1
                continue
            status = RowStatus.NEW if not answer else RowStatus.MATCH
            if status is RowStatus.MATCH and not row.changes:
                status = RowStatus.UNCHANGED
        if status is RowStatus.PROBLEM:
            plan.skipped += 1
        elif status is RowStatus.UNCHANGED:
            plan.unchanged += 1
        elif status is RowStatus.NEW and row.new is not None:
            plan.creates.append(row.new)
        elif status is RowStatus.MATCH and row.match_id is not None:
            plan.changes.append(Change(table, row.match_id, dict(row.changes)))
    return plan
