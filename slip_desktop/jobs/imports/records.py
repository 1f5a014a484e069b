"""Previewing a referral log and a current-placements file against the forms' rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from slip_desktop.db.imports import (
    ExistingPupil,
    NewRecord,
    existing_placements,
    existing_pupils,
    existing_referrals,
    existing_schools,
    provider_names,
)
from slip_desktop.db.referrals import partnership_problem
from slip_desktop.db.store import Store
from slip_desktop.domain.enums import (
    Consent,
    PlacementStatus,
    Programme,
    Reason,
    ReferralKind,
    ReferralStatus,
)
from slip_desktop.domain.errors import ValidationError
from slip_desktop.domain.imports import name_key, parse_choice, parse_date
from slip_desktop.domain.pupils import expected_year_group
from slip_desktop.domain.referrals import ReferralInput, clean_referral
from slip_desktop.domain.upn import normalise_upn
from slip_desktop.jobs.imports.preview import PreviewRow, RowStatus, _cell, _Schools, _text
from slip_desktop.jobs.progress import CancelFlag, Progress, step

#: What a log row says when it leaves the form's required free text out.
NOT_IN_LOG = "Not recorded in the imported log."


class _Pupils:
    """Finds the pupil a row means: by UPN, else by name and date of birth."""

    def __init__(self, pupils: Sequence[ExistingPupil]) -> None:
        self.by_upn = {p.upn: p for p in pupils if p.upn}
        self.by_name: dict[tuple[str, date], ExistingPupil] = {
            (name_key(p.first_name, p.last_name), p.date_of_birth): p for p in pupils
        }

    def find(
        self, raw: Sequence[object], mapping: Mapping[str, int], problems: dict[str, str]
    ) -> ExistingPupil | None:
        upn = normalise_upn(_text(_cell(raw, mapping, "upn")))
        if upn:
            found = self.by_upn.get(upn)
            if found is not None:
                return found
        first = _text(_cell(raw, mapping, "first_name"))
        last = _text(_cell(raw, mapping, "last_name"))
        born: date | None = None
        try:
            born = parse_date(_cell(raw, mapping, "date_of_birth"))
        except ValueError as error:
            problems["date_of_birth"] = str(error)
            return None
        if born is not None and (first or last):
            found = self.by_name.get((name_key(first, last), born))
            if found is not None:
                return found
        who = upn or f"{first} {last}".strip() or "this pupil"
        problems["pupil"] = (
            f"No pupil on record matches {who}: import the pupils first, or give the UPN or "
            "the name and date of birth as on record."
        )
        return None


def preview_referrals(
    store: Store,
    rows: Sequence[Sequence[object]],
    mapping: Mapping[str, int],
    today: date,
    progress: Progress,
    cancel: CancelFlag,
) -> list[PreviewRow]:
    """Check each row of a referral log against the referral form's rules."""
    pupils = _Pupils(existing_pupils(store))
    schools = _Schools(existing_schools(store))
    on_record = {(r.pupil_id, r.kind, r.received_on): r for r in existing_referrals(store)}
    out: list[PreviewRow] = []
    for index, raw in enumerate(rows):
        if index % 250 == 0:
            step(progress, cancel, index, len(rows), "Checking rows")
        line = index + 2
        problems: dict[str, str] = {}
        pupil = pupils.find(raw, mapping, problems)
        label = f"{pupil.first_name} {pupil.last_name}" if pupil else f"Row {line}"
        received: date | None = None
        try:
            received = parse_date(_cell(raw, mapping, "received_on"))
        except ValueError as error:
            problems["received_on"] = str(error)
        choices: dict[str, Any] = {}
        for name, enum_cls, what, default in (
            ("kind", ReferralKind, "referral kind", ReferralKind.FORUM),
            ("status", ReferralStatus, "referral status", ReferralStatus.NEW),
        ):
            try:
                choices[name] = parse_choice(_cell(raw, mapping, name), list(enum_cls), what)
            except ValueError as error:
                problems[name] = str(error)
            choices[name] = choices.get(name) or default
        reasons: set[Reason] = set()
        for part in _text(_cell(raw, mapping, "reasons")).replace(";", ",").split(","):
            try:
                reason = parse_choice(part, list(Reason), "reason")
            except ValueError as error:
                problems["reasons"] = str(error)
                continue
            if isinstance(reason, Reason):
                reasons.add(reason)
        school_text = _text(_cell(raw, mapping, "school"))
        school = schools.find(school_text) if school_text else (pupil.school_id if pupil else None)
        if school_text and school is None:
            problems["school"] = f"No school on record is called “{school_text}”."
        data = ReferralInput(
            kind=choices["kind"],
            anonymous=False,
            has_pupil=pupil is not None,
            school_id=school,
            year_group=None,
            received_on=received,
            referrer_name=_text(_cell(raw, mapping, "referrer_name")) or "Not recorded",
            # A log holds referrals already made: consent was given when they were received.
            consent=Consent.GIVEN,
            consent_on=received,
            reasons=frozenset(reasons or {Reason.OTHER}),
            presenting_concerns=_text(_cell(raw, mapping, "presenting_concerns")) or NOT_IN_LOG,
        )
        try:
            clean = clean_referral(data, today)
        except ValidationError as error:
            for key, message in error.errors.items():
                problems.setdefault(key, message)
        partnership = choices["kind"] is ReferralKind.PARTNERSHIP
        if partnership and not problems and pupil is not None and received is not None:
            # The graduated response, as the referral form applies it.
            refusal = partnership_problem(store, pupil.id, received)
            if refusal:
                problems["kind"] = refusal
        if problems or pupil is None or received is None:
            out.append(PreviewRow(line, label, RowStatus.PROBLEM, problems))
            continue
        values = {
            "pupil_id": pupil.id,
            "school_id": clean.school_id,
            "year_group": expected_year_group(pupil.date_of_birth, received),
            "kind": clean.kind,
            "status": choices["status"],
            "received_on": clean.received_on,
            "referrer_name": clean.referrer_name,
            "consent": clean.consent,
            "consent_on": clean.consent_on,
            "reasons": clean.reasons,
            "presenting_concerns": clean.presenting_concerns,
        }
        new = NewRecord("referral", values)
        match = on_record.get((pupil.id, clean.kind.value, clean.received_on))
        if match is None:
            out.append(PreviewRow(line, label, RowStatus.NEW, new=new))
            continue
        changes: dict[str, tuple[Any, Any]] = {}
        if "status" in mapping and match.status != choices["status"].value:
            changes["status"] = (ReferralStatus(match.status), choices["status"])
        status = RowStatus.MATCH if changes else RowStatus.UNCHANGED
        who = f"{clean.kind.label} referral received {clean.received_on:%d/%m/%Y}"
        out.append(PreviewRow(line, label, status, {}, changes, match.id, who, new))
    return out


def preview_placements(
    store: Store,
    rows: Sequence[Sequence[object]],
    mapping: Mapping[str, int],
    progress: Progress,
    cancel: CancelFlag,
) -> list[PreviewRow]:
    """Check each row of a current-placements file (programme, dates, days, provider)."""
    pupils = _Pupils(existing_pupils(store))
    providers = provider_names(store)
    on_record = {(p.pupil_id, p.programme, p.starts_on): p for p in existing_placements(store)}
    out: list[PreviewRow] = []
    for index, raw in enumerate(rows):
        if index % 250 == 0:
            step(progress, cancel, index, len(rows), "Checking rows")
        line = index + 2
        problems: dict[str, str] = {}
        pupil = pupils.find(raw, mapping, problems)
        label = f"{pupil.first_name} {pupil.last_name}" if pupil else f"Row {line}"
        programme = None
        try:
            programme = parse_choice(_cell(raw, mapping, "programme"), list(Programme), "programme")
        except ValueError as error:
            problems["programme"] = str(error)
        if programme is None and "programme" not in problems:
            problems["programme"] = "Enter the programme."
        dates: dict[str, date | None] = {}
        for name in ("starts_on", "planned_end_on"):
            try:
                dates[name] = parse_date(_cell(raw, mapping, name))
            except ValueError as error:
                problems[name] = str(error)
        starts, ends = dates.get("starts_on"), dates.get("planned_end_on")
        if starts is None and "starts_on" not in problems:
            problems["starts_on"] = "Enter the date the placement started."
        if starts and ends and ends < starts:
            problems["planned_end_on"] = "The planned end cannot be before the start."
        days_text = _text(_cell(raw, mapping, "days_per_week")) or "5"
        try:
            days = Decimal(days_text)
            if not Decimal(0) < days <= Decimal(5):
                raise InvalidOperation
        except InvalidOperation:
            problems["days_per_week"] = f"“{days_text}” is not a number of days from 0.5 to 5."
            days = Decimal(5)
        provider_text = _text(_cell(raw, mapping, "provider"))
        provider = providers.get(provider_text.casefold()) if provider_text else None
        if provider_text and provider is None:
            problems["provider"] = (
                f"No provider on record is called “{provider_text}”: add it in the Centre "
                "rosters tab first."
            )
        if problems or pupil is None or programme is None or starts is None:
            out.append(PreviewRow(line, label, RowStatus.PROBLEM, problems))
            continue
        values = {
            "pupil_id": pupil.id,
            "school_id": pupil.school_id,
            "programme": programme,
            "status": PlacementStatus.ACTIVE,
            "requested_on": starts,
            "starts_on": starts,
            "planned_end_on": ends,
            "days_per_week": days,
            "weekdays": _text(_cell(raw, mapping, "weekdays")).lower(),
            "provider_id": provider,
            "group_name": _text(_cell(raw, mapping, "group_name"))[:8],
        }
        new = NewRecord("placement", values)
        match = on_record.get((pupil.id, programme.value, starts))
        if match is None:
            out.append(PreviewRow(line, label, RowStatus.NEW, new=new))
            continue
        changes: dict[str, tuple[Any, Any]] = {}
        if "planned_end_on" in mapping and match.planned_end_on != ends:
            changes["planned_end_on"] = (match.planned_end_on, ends)
        if "days_per_week" in mapping and Decimal(match.days_per_week) != days:
            changes["days_per_week"] = (match.days_per_week, days)
        status = RowStatus.MATCH if changes else RowStatus.UNCHANGED
        who = f"{programme.label} from {starts:%d/%m/%Y}"
        out.append(PreviewRow(line, label, status, {}, changes, match.id, who, new))
    return out
