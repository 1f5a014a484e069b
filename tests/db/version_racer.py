"""One racing writer for the lost-update test: read a record, then save it from that stale copy.

Run as ``python -m tests.db.version_racer DATABASE ROUNDS TAG`` (passphrase in
SLIP_DESKTOP_PASSPHRASE; the record ids as JSON on stdin). For every editable table it
reads the record in one session and saves a change from that (detached) copy in the
next, as a form does; it prints how many saves each table accepted, as JSON.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from slip_desktop.db import models
from slip_desktop.db.audit import install_audit
from slip_desktop.db.store import Store
from slip_desktop.domain.errors import DomainError

#: table -> (model, field, value for round n of writer tag).
EDITS: dict[str, tuple[Any, str, Any]] = {
    "school": (models.School, "phone", lambda n, t: f"0116 {t}{n:04d}"),
    "pupil": (models.Pupil, "notes", lambda n, t: f"{t}{n}"),
    "staff_member": (models.StaffMember, "email", lambda n, t: f"{t}{n}@slip.example.org"),
    "provider": (models.Provider, "phone", lambda n, t: f"0116 {t}{n:04d}"),
    "referral": (models.Referral, "referrer_name", lambda n, t: f"Amara {t}{n}"),
    "term_dates": (models.TermDates, "ends_on", lambda n, t: date(2099, 7, 1 + n % 28)),
    "meeting": (models.Meeting, "notes", lambda n, t: f"{t}{n}"),
    "meeting_attendee": (models.MeetingAttendee, "organisation", lambda n, t: f"{t}{n}"),
    "agenda_item": (models.AgendaItem, "position", lambda n, t: n),
    "action_plan": (models.ActionPlan, "advice", lambda n, t: f"{t}{n}"),
    "action_item": (models.ActionItem, "who", lambda n, t: f"{t}{n}"),
    "decision": (models.Decision, "advice", lambda n, t: f"{t}{n}"),
    "managed_move": (models.ManagedMove, "notes", lambda n, t: f"{t}{n}"),
    "placement": (models.Placement, "group_name", lambda n, t: f"{t}{n % 10}"),
    "review": (models.Review, "notes", lambda n, t: f"{t}{n}"),
    "school_visit": (models.SchoolVisit, "notes", lambda n, t: f"{t}{n}"),
    "rate_set": (models.RateSet, "entered_by", lambda n, t: f"{t}{n}"),
    "statement": (models.Statement, "total_pence", lambda n, t: n),
    "adjustment": (models.Adjustment, "created_by", lambda n, t: f"{t}{n}"),
    "app_user": (models.AppUser, "display_name", lambda n, t: f"Cora {t}{n}"),
    "setting": (models.Setting, "value", lambda n, t: f"{t}{n}"),
    "partnership_settings": (models.PartnershipSettings, "phone", lambda n, t: f"0116 {t}{n:04d}"),
    "person": (models.Person, "organisation", lambda n, t: f"{t}{n}"),
    "offer_line": (models.OfferLine, "entered_by", lambda n, t: f"{t}{n}"),
}


def race(path: str, rounds: int, tag: str, ids: dict[str, Any]) -> dict[str, int]:
    """Save each table's record ``rounds`` times from stale copies; return saves accepted."""
    store = Store.open(path, os.environ["SLIP_DESKTOP_PASSPHRASE"])
    install_audit(store)
    accepted = dict.fromkeys(ids, 0)
    for n in range(rounds):
        for table, record_id in ids.items():
            model, field, value = EDITS[table]
            try:
                with store.session() as session:
                    copy = session.get(model, record_id)
                    assert copy is not None
                    session.expunge(copy)
                setattr(copy, field, value(n, tag))
                with store.session() as session:
                    session.merge(copy)
                accepted[table] += 1
            except (StaleDataError, OperationalError, DomainError):
                continue
    store.close()
    return accepted


if __name__ == "__main__":
    print(json.dumps(race(sys.argv[1], int(sys.argv[2]), sys.argv[3], json.load(sys.stdin))))
