"""Every editable table has a version column: a save from a stale copy is refused, never silent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import inspect, select

from slip_desktop.db import meetings, pupils, users
from slip_desktop.db.audit import install_audit
from slip_desktop.db.identity import set_current_user
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.models import Base, School
from slip_desktop.db.offer import copy_offer
from slip_desktop.db.store import Store
from slip_desktop.db.versioning import StaleRecordError
from slip_desktop.domain.passwords import use_hasher
from tests.conftest import TEST_PASSPHRASE
from tests.db.referral_helpers import pupil_input
from tests.db.test_audit_write_paths import seeded_file  # noqa: F401 - fixture used by name
from tests.db.version_racer import EDITS

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 27)

#: Tables without a version column, and why no form edits their rows in place.
NOT_EDITABLE = {
    "audit_event": "append-only: triggers refuse every change",
    "statement_line": "rebuilt whole from the placements each time statements are prepared",
    "term_lock": "written once when a term is issued, never edited",
    "attendance_mark": "a register is saved whole for a day (one row per session, keyed by it)",
    "school_contact": "a school's contacts are saved whole with the school's form, by role",
    "standing_invitation": "a standing list is saved whole for its meeting kind, in order",
    "invoice_sequence": "a counter moved on only inside the transaction that issues a term",
    "import_run": "the record of one import, written once (undo marks it undone in the same go)",
    "import_item": "what one import added or changed, written with it and never edited",
}


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


def test_every_editable_table_has_a_version_column() -> None:
    unversioned = {
        mapper.local_table.name for mapper in Base.registry.mappers if mapper.version_id_col is None
    }
    assert unversioned == set(NOT_EDITABLE)
    assert set(EDITS) | set(NOT_EDITABLE) == set(Base.metadata.tables)


def test_a_stale_save_is_refused_saying_who_when_and_what_they_saved(store: Store) -> None:
    install_audit(store)
    with store.session() as s:
        school = School(name="Ashgrove Academy")
        s.add(school)
        s.flush()
        school_id = school.id
    users.create_first_coordinator(store, "cora", "Cora Lindqvist", "a long passphrase 1")
    users.create_user(store, "sofia", "Σοφία Παπαδοπούλου", "staff", "another passphrase")
    opened = pupils.save_pupil(store, pupil_input(school_id), TODAY)
    # Sofia saves first...
    users.sign_in(store, "sofia", "another passphrase")
    pupils.save_pupil(
        store, pupil_input(school_id, first_name="Zoë Ánh"), TODAY, opened.id, opened.version
    )
    # ...then Cora saves from the copy she opened before that.
    users.sign_in(store, "cora", "a long passphrase 1")
    with pytest.raises(StaleRecordError) as refused:
        pupils.save_pupil(
            store, pupil_input(school_id, last_name="Okafor"), TODAY, opened.id, opened.version
        )
    error = refused.value
    assert error.changed_by == "Σοφία Παπαδοπούλου"
    assert error.changed_at is not None
    assert f"at {error.changed_at:%H:%M}" in error.message
    assert (
        "changed by Σοφία Παπαδοπούλου" in error.message and "since you opened it" in error.message
    )
    assert error.their_values["first_name"] == "Zoë Ánh" and "Zoë Ánh" in error.message
    set_current_user(store, None)
    assert pupils.get_pupil(store, opened.id).last_name == "O'Brien"


def _first_ids(path: Path) -> dict[str, object]:
    store = Store.open(path, TEST_PASSPHRASE)
    ids: dict[str, object] = {}
    with store.session() as s:
        for table, (model, _field, _value) in EDITS.items():
            key = inspect(model).primary_key[0]
            found = s.scalar(select(key).order_by(key).limit(1))
            if found is not None:
                ids[table] = found
    store.close()
    return ids


def _versions(path: Path, ids: dict[str, object]) -> dict[str, int]:
    store = Store.open(path, TEST_PASSPHRASE)
    with store.session() as s:
        found = {t: s.get(EDITS[t][0], i).version for t, i in ids.items()}  # type: ignore[union-attr]
    store.close()
    return found


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_two_processes_saving_every_editable_table_lose_no_update(
    seeded_file: Path,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    import shutil

    path = tmp_path / "race.db"
    for suffix in ("", "-wal", "-shm"):
        source = seeded_file.with_name(seeded_file.name + suffix)
        if source.exists():
            shutil.copyfile(source, path.with_name(path.name + suffix))
    store = Store.open(path, TEST_PASSPHRASE)
    upgrade_to_head(store.engine)
    install_audit(store)
    # The demo has no accounts or settings yet: one of each to race over.
    users.create_first_coordinator(store, "cora", "Cora Lindqvist", "a long passphrase 1")
    meetings.set_cases_per_meeting(store, 6)
    copy_offer(store, 2025, 2026)  # the demo follows the published offer: store one year's
    store.close()
    ids = _first_ids(path)
    missing = set(EDITS) - set(ids)
    assert not missing, f"the demo data has no row in {missing}"
    before = _versions(path, ids)
    rounds = os.environ.get("SLIP_RACE_ROUNDS", "100")
    env = {**os.environ, "SLIP_DESKTOP_PASSPHRASE": TEST_PASSPHRASE}
    racers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.db.version_racer", str(path), rounds, tag],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tag in ("A", "B")
    ]
    accepted = [json.loads(r.communicate(json.dumps(ids), timeout=600)[0]) for r in racers]
    after = _versions(path, ids)
    for table in ids:
        saves = accepted[0][table] + accepted[1][table]
        # Each accepted save moved the version on by one: none overwrote another unseen.
        assert after[table] - before[table] == saves, table
        assert saves >= 1, table
