"""Two office PCs deciding the same case at once: the second is told, nothing is doubled."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, insert, select

from slip_desktop.db.core import list_core_cases, record_decision
from slip_desktop.db.demo import seed_demo
from slip_desktop.db.models import Decision
from slip_desktop.db.store import Store
from slip_desktop.domain.core_outcomes import DecisionRequest
from slip_desktop.domain.enums import CoreOutcome
from slip_desktop.domain.errors import ConflictError
from tests.conftest import DEMO_TODAY


def test_a_case_decided_on_another_pc_meanwhile_is_a_conflict_not_a_crash(pg_url: str) -> None:
    store = Store.open(pg_url)
    other = Store.open(pg_url)
    try:
        seed_demo(store, DEMO_TODAY)
        case = next(
            c for c in list_core_cases(store) if c.outcome is None and c.meeting_id is not None
        )
        assert case.meeting_id is not None
        request = DecisionRequest(
            CoreOutcome.SCHOOL_CONTINUES,
            "Agreed at Core: school continues.",
            "Олег Петренко",
            advice="Keep the reduced timetable for six weeks.",
        )
        outcome: list[BaseException] = []
        # The other PC's decision is written but not yet committed when this PC checks.
        with other.engine.connect() as connection:
            connection.execute(
                insert(Decision).values(
                    referral_id=case.referral_id,
                    meeting_id=case.meeting_id,
                    outcome=CoreOutcome.SCHOOL_CONTINUES,
                    rationale="Decided on the other PC.",
                    decided_by="Zoë O'Brien-Ćorić",
                    decided_at=datetime(2026, 11, 27, 10, 0),
                )
            )

            def decide() -> None:
                try:
                    record_decision(
                        store, case.meeting_id or 0, case.referral_id, request, datetime.now()
                    )
                except BaseException as error:  # noqa: BLE001 - handed to the test
                    outcome.append(error)

            thread = threading.Thread(target=decide)
            thread.start()
            thread.join(timeout=1.0)  # it now waits on the other PC's row
            connection.commit()
        thread.join(timeout=30)
        assert len(outcome) == 1
        if not isinstance(outcome[0], ConflictError):
            pytest.fail(f"expected a ConflictError, got {outcome[0]!r}")
        assert "decided on another computer" in str(outcome[0])
        with store.session() as session:
            count = session.scalar(
                select(func.count()).where(Decision.referral_id == case.referral_id)
            )
        assert count == 1
    finally:
        other.close()
        store.close()
