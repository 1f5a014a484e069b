from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from slip_desktop.db.audit import install_audit, list_audit
from slip_desktop.db.identity import Identity, set_current_user
from slip_desktop.db.models import Placement, Pupil, Referral
from slip_desktop.db.retention import dispose, records_due, retention_rules, set_retention_rule
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import SendStatus, UserRole
from slip_desktop.domain.errors import RuleError, ValidationError
from slip_desktop.domain.permissions import PermissionDenied
from slip_desktop.domain.retention import (
    ANONYMISED_FIRST_NAME,
    DEFAULT_RULES,
    Disposal,
    RecordType,
)

TODAY = date(2026, 11, 27)


@pytest.fixture
def aged(demo_store: Store) -> Store:
    """Demo data where the first placed pupil was born long ago (so their file is due)."""
    install_audit(demo_store)
    with demo_store.session() as session:
        pupil = session.get(Pupil, session.scalar(select(Placement.pupil_id).limit(1)))
        assert pupil is not None
        pupil.date_of_birth = date(1990, 6, 1)
        pupil.send_status = SendStatus.EHC_PLAN
    return demo_store


def _aged_pupil(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(Pupil.id).where(Pupil.date_of_birth == date(1990, 6, 1))))


def test_sen_records_are_due_at_date_of_birth_plus_31_years(aged: Store) -> None:
    pupil_id = _aged_pupil(aged)
    due = [d for d in records_due(aged, TODAY) if d.record_id == pupil_id]
    assert len(due) == 1
    assert due[0].record_type == RecordType.SEN_PUPIL
    assert due[0].due_on == date(2021, 6, 1)
    assert not [d for d in records_due(aged, date(2021, 5, 31)) if d.record_id == pupil_id]


def test_rules_are_kept_in_settings_and_change_what_is_due(aged: Store) -> None:
    assert retention_rules(aged) == DEFAULT_RULES
    set_retention_rule(aged, "sen_pupil", 40, "delete")
    assert retention_rules(aged)[RecordType.SEN_PUPIL].years == 40
    assert not [d for d in records_due(aged, TODAY) if d.record_id == _aged_pupil(aged)]


def test_anonymising_removes_identity_and_free_text_and_leaves_an_audit_row(aged: Store) -> None:
    pupil_id = _aged_pupil(aged)
    with aged.session() as session:
        surname = session.get(Pupil, pupil_id).last_name  # type: ignore[union-attr]
    dispose(aged, RecordType.SEN_PUPIL, pupil_id, Disposal.ANONYMISE, TODAY)
    with aged.session() as session:
        pupil = session.get(Pupil, pupil_id)
        assert pupil is not None
        assert pupil.first_name == ANONYMISED_FIRST_NAME and pupil.upn is None
        assert pupil.date_of_birth == date(1990, 1, 1)
        concerns = session.scalars(
            select(Referral.presenting_concerns).where(Referral.pupil_id == pupil_id)
        ).all()
        assert set(concerns) <= {""}
    rows = list_audit(aged, pupil_id=pupil_id)
    assert rows[0].action == AuditAction.ANONYMISE
    # The trail names the fields removed but does not copy the removed values.
    updates = [r for r in rows if r.action == AuditAction.UPDATE and r.table_name == "pupil"]
    assert updates and all(surname not in str(r.changes) for r in updates[:1])
    assert pupil_id not in {d.record_id for d in records_due(aged, TODAY)}


def test_deleting_removes_every_record_of_the_pupil(aged: Store) -> None:
    pupil_id = _aged_pupil(aged)
    dispose(aged, RecordType.SEN_PUPIL, pupil_id, "delete", TODAY)
    with aged.session() as session:
        assert session.get(Pupil, pupil_id) is None
        for model in (Referral, Placement):
            left = session.scalar(
                select(func.count()).select_from(model).where(model.pupil_id == pupil_id)
            )
            assert left == 0
    actions = {(r.table_name, r.action) for r in list_audit(aged, pupil_id=pupil_id)}
    assert ("pupil", AuditAction.DISPOSE) in actions
    assert ("pupil", AuditAction.DELETE) in actions
    assert ("placement", AuditAction.DELETE) in actions


def test_anonymous_cases_fall_due_from_closing(aged: Store) -> None:
    set_retention_rule(aged, RecordType.ANONYMOUS_CASE, 1, Disposal.DELETE)
    cases = [
        d for d in records_due(aged, date(2030, 1, 1)) if d.record_type == RecordType.ANONYMOUS_CASE
    ]
    assert cases
    dispose(aged, RecordType.ANONYMOUS_CASE, cases[0].record_id, Disposal.DELETE, date(2030, 1, 1))
    with aged.session() as session:
        assert session.get(Referral, cases[0].record_id) is None


def test_a_record_not_due_cannot_be_disposed_of(aged: Store) -> None:
    with pytest.raises(RuleError):
        dispose(aged, RecordType.OTHER_PUPIL, 1, Disposal.DELETE, date(2000, 1, 1))
    with pytest.raises(ValidationError):
        dispose(aged, RecordType.SEN_PUPIL, _aged_pupil(aged), "shred", TODAY)


def test_disposal_and_rules_are_for_the_coordinator_only(aged: Store) -> None:
    set_current_user(aged, Identity(5, "sam", "Sam", UserRole.STAFF))
    with pytest.raises(PermissionDenied):
        set_retention_rule(aged, "sen_pupil", 40, "delete")
    with pytest.raises(PermissionDenied):
        dispose(aged, RecordType.SEN_PUPIL, _aged_pupil(aged), Disposal.DELETE, TODAY)
