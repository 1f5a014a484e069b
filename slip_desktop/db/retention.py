"""Retention: the rules kept in settings, the records due for disposal, and disposing of them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from slip_desktop.db.audit import HIDE_VALUES, now_utc
from slip_desktop.db.identity import current_user, require_permission
from slip_desktop.db.models import (
    ActionItem,
    ActionPlan,
    Adjustment,
    AgendaItem,
    AttendanceMark,
    AuditEvent,
    Decision,
    ManagedMove,
    Placement,
    Pupil,
    Referral,
    Review,
    SchoolVisit,
    Setting,
    StatementLine,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import SendStatus
from slip_desktop.domain.errors import NotFoundError, RuleError
from slip_desktop.domain.permissions import Action
from slip_desktop.domain.retention import (
    ANONYMISED_FIRST_NAME,
    DEFAULT_RULES,
    Disposal,
    RecordType,
    RetentionRule,
    format_rule,
    make_rule,
    parse_rule,
    setting_key,
)
from slip_desktop.domain.typed_input import typed_input
from slip_desktop.domain.validation import Checker

REMOVED = "(removed)"

#: What disposing of a pupil's whole file does to each table holding their data (the
#: functions below do it). tests/db/test_pupil_data_coverage.py fails when a table that
#: links to a pupil is missing here, so a new table gets a decision, not an oversight.
PUPIL_DATA_DISPOSAL: dict[str, str] = {
    "pupil": "Deleted; anonymised: names, UPN, day and month of birth and notes removed",
    "referral": "Deleted; anonymised: the referrer's details and every free-text field blanked",
    "agenda_item": "Deleted with the referral; anonymised: kept (a meeting and a place only)",
    "action_plan": "Deleted with the referral; anonymised: its free text blanked",
    "action_item": "Deleted with the plan; anonymised: what and who removed",
    "decision": "Deleted with the referral; anonymised: rationale and who decided removed",
    "managed_move": "Deleted; anonymised: notes blanked",
    "placement": "Deleted; anonymised: notes blanked",
    "review": "Deleted with the placement; anonymised: notes, attendees and next step blanked",
    "attendance_mark": "Deleted with the placement; anonymised: kept (register codes only)",
    "school_visit": "Deleted with the placement; anonymised: visitor and notes blanked",
    "statement_line": (
        "Kept (the school's accounts) without the pupil: description removed, "
        "detached from the placement when deleted"
    ),
    "adjustment": (
        "Kept (the school's accounts) without the pupil: reason removed (a correction "
        "names the pupil), detached from the placement when deleted"
    ),
}


class DueRecord(NamedTuple):
    """A record whose retention period is over."""

    record_type: RecordType
    record_id: int
    description: str
    anchor_date: date
    due_on: date
    disposal: Disposal


def retention_rules(store: Store) -> dict[RecordType, RetentionRule]:
    """Return the rule for every record type (the default where none was set)."""
    keys = {setting_key(t): t for t in RecordType}
    rules = dict(DEFAULT_RULES)
    with store.session() as session:
        for key, value in session.execute(
            select(Setting.key, Setting.value).where(Setting.key.in_(keys))
        ):
            rules[keys[key]] = parse_rule(keys[key], value)
    return rules


def set_retention_rule(store: Store, record_type: Any, years: Any, disposal: Any) -> RetentionRule:
    """Store the data protection officer's rule for one record type (coordinator only)."""
    require_permission(store, Action.MANAGE_RETENTION)
    rule = make_rule(record_type, years, disposal)
    with store.session() as session:
        setting = session.get(Setting, setting_key(rule.record_type))
        if setting is None:
            session.add(Setting(key=setting_key(rule.record_type), value=format_rule(rule)))
        else:
            setting.value = format_rule(rule)
    return rule


def _pupil_rule(rules: dict[RecordType, RetentionRule], send: SendStatus) -> RetentionRule:
    sen = send != SendStatus.NONE
    return rules[RecordType.SEN_PUPIL if sen else RecordType.OTHER_PUPIL]


def records_due(store: Store, today: date) -> list[DueRecord]:
    """Return every record whose retention period is over by ``today``, oldest due first."""
    rules = retention_rules(store)
    due: list[DueRecord] = []
    with store.session() as session:
        pupils = session.execute(
            select(
                Pupil.id, Pupil.first_name, Pupil.last_name, Pupil.date_of_birth, Pupil.send_status
            ).where(Pupil.first_name != ANONYMISED_FIRST_NAME)
        )
        for pupil_id, first, last, born, send in pupils:
            rule = _pupil_rule(rules, send)
            if rule.is_due(born, today):
                name = f"{last}, {first} (born {born:%d %b %Y})"
                due.append(
                    DueRecord(
                        rule.record_type, pupil_id, name, born, rule.due_on(born), rule.disposal
                    )
                )
        rule = rules[RecordType.ANONYMOUS_CASE]
        cases = session.execute(
            select(
                Referral.id, Referral.case_reference, Referral.received_on, Referral.closed_on
            ).where(Referral.pupil_id.is_(None), Referral.referrer_name != ANONYMISED_FIRST_NAME)
        )
        for referral_id, reference, received, closed in cases:
            anchor = closed or received
            if rule.is_due(anchor, today):
                due.append(
                    DueRecord(
                        rule.record_type,
                        referral_id,
                        f"Case {reference}",
                        anchor,
                        rule.due_on(anchor),
                        rule.disposal,
                    )
                )
    return sorted(due, key=lambda d: (d.due_on, d.record_id))


def _delete_all(session: Session, objects: Any) -> None:
    for obj in list(objects):
        session.delete(obj)
    # Flush level by level: without ORM relationships the unit of work does not order deletes.
    session.flush()


def _plan_ids(session: Session, referral_ids: list[int]) -> list[int]:
    return list(
        session.scalars(select(ActionPlan.id).where(ActionPlan.referral_id.in_(referral_ids)))
    )


def _delete_referrals(session: Session, referral_ids: list[int]) -> None:
    plans = _plan_ids(session, referral_ids)
    for referral in session.scalars(
        select(Referral).where(Referral.forum_referral_id.in_(referral_ids))
    ):
        referral.forum_referral_id = None
    for placement in session.scalars(
        select(Placement).where(Placement.referral_id.in_(referral_ids))
    ):
        placement.referral_id = None
    session.flush()
    _delete_all(
        session, session.scalars(select(ActionItem).where(ActionItem.action_plan_id.in_(plans)))
    )
    _delete_all(session, session.scalars(select(ActionPlan).where(ActionPlan.id.in_(plans))))
    _delete_all(
        session, session.scalars(select(AgendaItem).where(AgendaItem.referral_id.in_(referral_ids)))
    )
    _delete_all(
        session, session.scalars(select(Decision).where(Decision.referral_id.in_(referral_ids)))
    )
    _delete_all(session, session.scalars(select(Referral).where(Referral.id.in_(referral_ids))))


def _delete_pupil(session: Session, pupil: Pupil) -> None:
    placements = list(session.scalars(select(Placement.id).where(Placement.pupil_id == pupil.id)))
    referrals = list(session.scalars(select(Referral.id).where(Referral.pupil_id == pupil.id)))
    for child in (AttendanceMark, Review, SchoolVisit):
        _delete_all(
            session, session.scalars(select(child).where(child.placement_id.in_(placements)))
        )
    # Statements to schools are the school's financial record: keep them, without the pupil.
    for line in session.scalars(
        select(StatementLine).where(StatementLine.placement_id.in_(placements))
    ):
        line.placement_id = None
        line.description = REMOVED
    for adjustment in session.scalars(
        select(Adjustment).where(Adjustment.placement_id.in_(placements))
    ):
        # A correction's reason names the pupil ("Correction to ...: Surname, Name ...").
        adjustment.placement_id = None
        adjustment.reason = REMOVED
    session.flush()
    _delete_all(
        session, session.scalars(select(ManagedMove).where(ManagedMove.pupil_id == pupil.id))
    )
    _delete_all(session, session.scalars(select(Placement).where(Placement.id.in_(placements))))
    _delete_referrals(session, referrals)
    session.delete(pupil)


def _blank(obj: Any, *fields: str, value: str = "") -> None:
    for name in fields:
        setattr(obj, name, value)


_REFERRAL_TEXT = (
    "referrer_name",
    "referrer_role",
    "referrer_email",
    "referrer_phone",
    "presenting_concerns",
    "strategies_tried",
    "current_support",
    "agencies_involved",
    "pupil_views",
    "parent_views",
    "hoped_for_outcomes",
    "closing_note",
)
_PLAN_TEXT = (
    "discussion_summary",
    "advice",
    "services_signposted",
    "send_guidance",
    "review_notes",
)


def _anonymise_referrals(session: Session, referral_ids: list[int]) -> None:
    for referral in session.scalars(select(Referral).where(Referral.id.in_(referral_ids))):
        _blank(referral, *_REFERRAL_TEXT)
    plans = _plan_ids(session, referral_ids)
    for plan in session.scalars(select(ActionPlan).where(ActionPlan.id.in_(plans))):
        _blank(plan, *_PLAN_TEXT)
    for item in session.scalars(select(ActionItem).where(ActionItem.action_plan_id.in_(plans))):
        item.what, item.who = REMOVED, ""
    for decision in session.scalars(select(Decision).where(Decision.referral_id.in_(referral_ids))):
        decision.rationale, decision.decided_by = REMOVED, ""


def _anonymise_pupil(session: Session, pupil: Pupil) -> None:
    # Year of birth, school, SEND status and outcomes stay: the partnership's impact figures.
    pupil.first_name = ANONYMISED_FIRST_NAME
    pupil.last_name = f"Pupil {pupil.id}"
    pupil.upn = None
    pupil.date_of_birth = date(pupil.date_of_birth.year, 1, 1)
    pupil.notes = ""
    placements = list(session.scalars(select(Placement.id).where(Placement.pupil_id == pupil.id)))
    for placement in session.scalars(select(Placement).where(Placement.id.in_(placements))):
        placement.notes = ""
    for review in session.scalars(select(Review).where(Review.placement_id.in_(placements))):
        _blank(review, "notes", "attendees", "next_step")
    for visit in session.scalars(
        select(SchoolVisit).where(SchoolVisit.placement_id.in_(placements))
    ):
        _blank(visit, "visitor_name", "notes")
    for move in session.scalars(select(ManagedMove).where(ManagedMove.pupil_id == pupil.id)):
        move.notes = ""
    for line in session.scalars(
        select(StatementLine).where(StatementLine.placement_id.in_(placements))
    ):
        line.description = REMOVED
    for adjustment in session.scalars(
        select(Adjustment).where(Adjustment.placement_id.in_(placements))
    ):
        adjustment.reason = REMOVED
    referrals = list(session.scalars(select(Referral.id).where(Referral.pupil_id == pupil.id)))
    _anonymise_referrals(session, referrals)


@typed_input
def dispose(
    store: Store, record_type: RecordType, record_id: int, disposal: Any, today: date
) -> None:
    """Anonymise or delete one record that is due (coordinator only), leaving an audit row.

    The audit rows written for the fields removed name the fields but not their
    values, so disposal does not copy the data into the trail.
    """
    user = require_permission(store, Action.MANAGE_RETENTION)
    check = Checker()
    how = Disposal(check.choice("disposal", disposal, "What to do", list(Disposal)))
    check.raise_if_any()
    due = {(d.record_type, d.record_id): d for d in records_due(store, today)}
    record = due.get((record_type, record_id))
    if record is None:
        raise RuleError("This record is not due for disposal under the current rules.")
    with store.session() as session:
        session.info[HIDE_VALUES] = True
        pupil_id: int | None = None
        if record_type == RecordType.ANONYMOUS_CASE:
            referral = session.get(Referral, record_id)
            if referral is None:
                raise NotFoundError("That case no longer exists.")
            if how == Disposal.DELETE:
                _delete_referrals(session, [record_id])
            else:
                _anonymise_referrals(session, [record_id])
                referral.referrer_name = ANONYMISED_FIRST_NAME
            table = "referral"
        else:
            pupil = session.get(Pupil, record_id)
            if pupil is None:
                raise NotFoundError("That pupil no longer exists.")
            pupil_id = record_id
            if how == Disposal.DELETE:
                _delete_pupil(session, pupil)
            else:
                _anonymise_pupil(session, pupil)
            table = "pupil"
        session.flush()
        session.add(
            AuditEvent(
                at=now_utc(),
                username=current_user(store).username,
                action=(
                    AuditAction.DISPOSE if how == Disposal.DELETE else AuditAction.ANONYMISE
                ).value,
                table_name=table,
                record_id=record_id,
                pupil_id=pupil_id,
                changes=json.dumps(
                    {
                        "rule": [None, f"{record.record_type.label}: {how.label.lower()}"],
                        "due_on": [None, record.due_on.isoformat()],
                        "confirmed_by": [None, user.username],
                    }
                ),
            )
        )
