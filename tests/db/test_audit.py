from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from argon2 import PasswordHasher
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.exc import IntegrityError

import slip_desktop.db as db_package
from slip_desktop.db import imports, partnership, people, retention, rollover, schools, users
from slip_desktop.db.audit import AuditRow, install_audit, list_audit, record_export
from slip_desktop.db.identity import SYSTEM, Identity, current_user, set_current_user
from slip_desktop.db.models import AuditEvent, Pupil, RateSet, School, Setting
from slip_desktop.db.store import Store
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.enums import MeetingKind, UserRole
from slip_desktop.domain.partnership import DEFAULTS
from slip_desktop.domain.passwords import use_hasher
from slip_desktop.domain.permissions import PermissionDenied
from slip_desktop.domain.retention import Disposal, RecordType
from slip_desktop.domain.schools import Contact, ContactRole, SchoolDetails

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    previous = use_hasher(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    yield
    use_hasher(previous)


@pytest.fixture
def audited(store: Store) -> Store:
    install_audit(store)
    return store


def _school(store: Store) -> int:
    with store.session() as session:
        school = School(name="Fernfield Academy")
        session.add(school)
        session.flush()
        return school.id


def _pupil(store: Store, school_id: int, born: date = date(2012, 3, 4)) -> int:
    with store.session() as session:
        pupil = Pupil(
            first_name="Ada",
            last_name="Quillon",
            date_of_birth=born,
            year_group=9,
            school_id=school_id,
        )
        session.add(pupil)
        session.flush()
        return pupil.id


def _rows(store: Store, **where: object) -> list[AuditRow]:
    return [r for r in list_audit(store) if all(getattr(r, k) == v for k, v in where.items())]


def test_create_update_and_delete_each_leave_who_when_which_fields_and_values(
    audited: Store,
) -> None:
    set_current_user(audited, Identity(7, "jbloggs", "Jo Bloggs", UserRole.STAFF))
    school_id = _school(audited)
    pupil_id = _pupil(audited, school_id)
    with audited.session() as session:
        pupil = session.get(Pupil, pupil_id)
        assert pupil is not None
        pupil.last_name = "Quill"
    with audited.session() as session:
        pupil = session.get(Pupil, pupil_id)
        session.delete(pupil)
    set_current_user(audited, None)
    rows = sorted(_rows(audited, table_name="pupil"), key=lambda r: r.id)
    assert [r.action for r in rows] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert all(r.username == "jbloggs" and r.record_id == pupil_id for r in rows)
    assert all(r.pupil_id == pupil_id for r in rows)
    assert rows[0].changes["last_name"] == [None, "Quillon"]
    assert rows[0].changes["date_of_birth"] == [None, "2012-03-04"]
    assert rows[1].changes == {"last_name": ["Quillon", "Quill"]}
    assert rows[2].changes["last_name"] == ["Quill", None]
    assert all(abs((r.at - rows[0].at).total_seconds()) < 60 for r in rows)


def test_a_rolled_back_change_leaves_no_audit_row(audited: Store) -> None:
    school_id = _school(audited)
    before = len(list_audit(audited))
    with pytest.raises(IntegrityError), audited.session() as session:
        session.add(
            Pupil(
                first_name="", last_name="X", date_of_birth=TODAY, year_group=9, school_id=school_id
            )
        )
    assert len(list_audit(audited)) == before


def test_children_are_traced_to_their_pupil(demo_store: Store) -> None:
    install_audit(demo_store)
    from slip_desktop.db.models import ActionItem, ActionPlan, Referral

    with demo_store.session() as session:
        item, pupil_id = session.execute(
            select(ActionItem, Referral.pupil_id)
            .join(ActionPlan, ActionPlan.id == ActionItem.action_plan_id)
            .join(Referral, Referral.id == ActionPlan.referral_id)
            .where(Referral.pupil_id.is_not(None))
            .limit(1)
        ).one()
        item.done = not item.done
    rows = _rows(demo_store, table_name="action_item", action=AuditAction.UPDATE)
    assert rows and rows[0].pupil_id == pupil_id


def test_password_hashes_never_reach_the_trail(audited: Store) -> None:
    users.create_first_coordinator(audited, "coord", "Cora Ordinator", "a long passphrase 1")
    row = _rows(audited, table_name="app_user", action=AuditAction.CREATE)[0]
    assert row.changes["password_hash"] == [None, "(hidden)"]


def test_bulk_orm_statements_leave_a_summary_row(audited: Store) -> None:
    school_id = _school(audited)
    with audited.session() as session:
        session.execute(update(School).where(School.id == school_id).values(phone="0116 000"))
        session.execute(insert(Setting), [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
        session.execute(delete(Setting).where(Setting.key == "a"))
    actions = {(r.table_name, r.action) for r in list_audit(audited)}
    assert ("school", AuditAction.BULK_UPDATE) in actions
    assert ("setting", AuditAction.BULK_INSERT) in actions
    assert ("setting", AuditAction.BULK_DELETE) in actions


def test_install_audit_twice_writes_one_row_per_change(audited: Store) -> None:
    install_audit(audited)
    _school(audited)
    assert len(_rows(audited, table_name="school")) == 1


def test_exports_and_prints_are_recorded(audited: Store) -> None:
    pupil_id = _pupil(audited, _school(audited))
    record_export(audited, "Action plan PDF", pupil_id)
    record_export(audited, "Referral list spreadsheet")
    record_export(audited, "Action plan", pupil_id, AuditAction.PRINT)
    exports = list_audit(audited, pupil_id=pupil_id)
    assert {r.action for r in exports} >= {AuditAction.EXPORT, AuditAction.PRINT}
    assert any(r.changes == {"what": [None, "Action plan PDF"]} for r in exports)
    assert _rows(audited, table_name="export")[0].changes["what"][1] == "Referral list spreadsheet"


def test_audit_rows_cannot_be_updated_the_trigger_fires(audited: Store) -> None:
    _school(audited)
    with pytest.raises(IntegrityError, match="append-only"), audited.engine.begin() as connection:
        connection.execute(text("UPDATE audit_event SET username = 'someone else'"))
    assert {r.username for r in list_audit(audited)} == {"system"}


def test_audit_rows_cannot_be_deleted_the_trigger_fires(audited: Store) -> None:
    _school(audited)
    with pytest.raises(IntegrityError, match="append-only"), audited.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_event"))
    with pytest.raises(IntegrityError, match="append-only"), audited.session() as session:
        session.delete(session.scalars(select(AuditEvent)).first())
    assert len(list_audit(audited)) == 1


def test_the_audit_view_filters_by_pupil_and_date(audited: Store) -> None:
    school_id = _school(audited)
    first, second = _pupil(audited, school_id), _pupil(audited, school_id)
    assert {r.pupil_id for r in list_audit(audited, pupil_id=first)} == {first}
    today = list_audit(audited, since=date.today(), until=date.today())
    assert {r.pupil_id for r in today} >= {first, second}
    assert list_audit(audited, until=date(2000, 1, 1)) == []
    assert list_audit(audited, since=date(2100, 1, 1)) == []


def test_only_the_coordinator_reads_the_trail(audited: Store) -> None:
    set_current_user(audited, Identity(3, "staffer", "Staff", UserRole.STAFF))
    with pytest.raises(PermissionDenied):
        list_audit(audited)


def test_headless_runs_act_as_the_system_identity(store: Store) -> None:
    assert current_user(store) == SYSTEM


# --- every write path leaves its audit row ---------------------------------------------------
# Each entry: a write function of db/, a call of it on a prepared store, and the
# (table, action) the trail must then show. When merging more db/ modules, add their
# write functions here; test_every_public_write_function_is_listed fails until you do.

WritePath = Callable[[Store, dict[str, int]], None]


def _prepare(store: Store) -> dict[str, int]:
    ids: dict[str, int] = {}
    ids["school"] = _school(store)
    ids["pupil"] = _pupil(store, ids["school"], born=date(1990, 1, 1))
    ids["coordinator"] = users.create_first_coordinator(
        store, "coord", "Cora", "a long passphrase 1"
    ).id
    ids["staff"] = users.create_user(store, "staffer", "Sam", "staff", "another passphrase").id
    return ids


def _close_then_reopen(store: Store, school_id: int) -> None:
    schools.close_school(store, school_id, TODAY)
    schools.reopen_school(store, school_id)


_SENCO = Contact(ContactRole.SENCO, "Nguyễn Thị Ánh", "senco@fernfield.example.sch.uk")
def _copy_rates(store: Store) -> None:
    with store.session() as session:
        session.add(
            RateSet(
                academic_year=2025,
                average_cost_ks3_pence=1,
                average_cost_ks4_pence=1,
                pupil_premium_pence=1,
                pupil_premium_cla_pence=1,
                pupil_premium_service_pence=1,
            )
        )
    rollover.copy_rates(store, 2025, 2026)


def _copy_term_dates(store: Store) -> None:
    from slip_desktop.db.term_dates import save_year
    from slip_desktop.domain.calendar import typical_terms

    save_year(store, 2025, typical_terms(2025))
    rollover.copy_term_dates(store, 2025, 2026)


def _end_year11(store: Store, ids: dict[str, int]) -> None:
    from slip_desktop.db.models import Placement
    from slip_desktop.domain.enums import PlacementStatus, Programme

    with store.session() as session:
        placement = Placement(
            pupil_id=ids["pupil"],
            school_id=ids["school"],
            programme=Programme.PATHWAY_1,
            status=PlacementStatus.ACTIVE,
            requested_on=date(2025, 9, 1),
            starts_on=date(2025, 9, 3),
        )
        session.add(placement)
        session.flush()
        placement_id = placement.id
    leaver = rollover.LeaverOutcome(placement_id, outcomes="GCSE Art: 6")
    rollover.end_year11_placements(store, [leaver], date(2026, 7, 22))


def _deactivate_then_reactivate(store: Store, user_id: int) -> None:
    users.deactivate_user(store, user_id)
    users.reactivate_user(store, user_id)


def _import_one_school(store: Store) -> imports.ImportSummary:
    plan = imports.ImportPlan("schools", "schools.csv", "a" * 64)
    plan.creates.append(imports.NewRecord("school", {"name": "Ωμέγα Academy"}))
    return imports.apply_import(store, plan)


WRITE_PATHS: dict[str, tuple[WritePath, str, AuditAction]] = {
    "imports.apply_import": (
        lambda s, ids: _import_one_school(s) and None,
        "school",
        AuditAction.CREATE,
    ),
    "imports.undo_import": (
        lambda s, ids: imports.undo_import(s, _import_one_school(s).id) and None,
        "school",
        AuditAction.DELETE,
    ),
    "imports.save_import_mapping": (
        lambda s, ids: imports.save_import_mapping(s, "import_map.pupils.abc", {"upn": 0}),
        "setting",
        AuditAction.CREATE,
    ),
    "users.create_first_coordinator": (
        lambda s, ids: None,  # done in _prepare; its row is checked like the others
        "app_user",
        AuditAction.CREATE,
    ),
    "users.create_user": (
        lambda s, ids: users.create_user(s, "newbie", "New Person", "read_only", "passphrase 42!"),
        "app_user",
        AuditAction.CREATE,
    ),
    "users.deactivate_user": (
        lambda s, ids: users.deactivate_user(s, ids["staff"]),
        "app_user",
        AuditAction.UPDATE,
    ),
    "users.reactivate_user": (
        lambda s, ids: _deactivate_then_reactivate(s, ids["staff"]),
        "app_user",
        AuditAction.UPDATE,
    ),
    "users.set_role": (
        lambda s, ids: users.set_role(s, ids["staff"], UserRole.READ_ONLY),
        "app_user",
        AuditAction.UPDATE,
    ),
    "users.set_password": (
        lambda s, ids: users.set_password(s, ids["staff"], "a fresh passphrase"),
        "app_user",
        AuditAction.UPDATE,
    ),
    "users.sign_in": (
        lambda s, ids: users.sign_in(s, "staffer", "another passphrase") and None,
        "app_user",
        AuditAction.SIGN_IN,
    ),
    "retention.set_retention_rule": (
        lambda s, ids: retention.set_retention_rule(s, "other_pupil", 20, "delete") and None,
        "setting",
        AuditAction.CREATE,
    ),
    "retention.dispose": (
        lambda s, ids: retention.dispose(
            s, RecordType.OTHER_PUPIL, ids["pupil"], Disposal.ANONYMISE, TODAY
        ),
        "pupil",
        AuditAction.ANONYMISE,
    ),
    "partnership.save_partnership": (
        lambda s, ids: partnership.save_partnership(s, DEFAULTS) and None,
        "partnership_settings",
        AuditAction.CREATE,
    ),
    "schools.add_school": (
        lambda s, ids: schools.add_school(s, SchoolDetails("Kestrel Park College")) and None,
        "school",
        AuditAction.CREATE,
    ),
    "schools.update_school": (
        lambda s, ids: schools.update_school(
            s, ids["school"], SchoolDetails("Fernfield Academy", urn="990101"), [_SENCO]
        ),
        "school",
        AuditAction.UPDATE,
    ),
    "schools.save_contacts": (
        lambda s, ids: schools.save_contacts(s, ids["school"], [_SENCO]),
        "school_contact",
        AuditAction.CREATE,
    ),
    "schools.close_school": (
        lambda s, ids: schools.close_school(s, ids["school"], TODAY),
        "school",
        AuditAction.UPDATE,
    ),
    "schools.reopen_school": (
        lambda s, ids: _close_then_reopen(s, ids["school"]),
        "school",
        AuditAction.UPDATE,
    ),
    "audit.record_export": (
        lambda s, ids: record_export(s, "Pupil list", ids["pupil"]),
        "pupil",
        AuditAction.EXPORT,
    ),
    "people.save_person": (
        lambda s, ids: people.save_person(s, people.PersonInput("Σοφία Παπαδοπούλου")) and None,
        "person",
        AuditAction.CREATE,
    ),
    "people.remove_person": (
        lambda s, ids: people.remove_person(s, people.save_person(s, people.PersonInput("Олег"))),
        "person",
        AuditAction.DELETE,
    ),
    "people.set_standing_list": (
        lambda s, ids: people.set_standing_list(
            s, MeetingKind.CORE, [people.save_person(s, people.PersonInput("Zoë Ćorić"))]
        ),
        "standing_invitation",
        AuditAction.CREATE,
    ),
    "audit.record_event": (
        lambda s, ids: __import__("slip_desktop.db.audit", fromlist=["x"]).record_event(
            s, AuditAction.SIGN_IN_FAILED, "app_user", None, "test"
        ),
        "app_user",
        AuditAction.SIGN_IN_FAILED,
    ),
    "rollover.copy_rates": (lambda s, ids: _copy_rates(s), "rate_set", AuditAction.CREATE),
    "rollover.copy_term_dates": (
        lambda s, ids: _copy_term_dates(s),
        "term_dates",
        AuditAction.CREATE,
    ),
    "rollover.end_year11_placements": (_end_year11, "placement", AuditAction.UPDATE),
}

#: Public functions whose names look like writes but write nothing to audit.
NOT_WRITES = {
    "audit.install_audit",  # installs the listeners
    "audit.insert_audit_rows",  # the one way rows reach the trail: its callers are listed
    "live_changes.install_notify",  # installs the listeners that NOTIFY other PCs on commit
    "identity.set_current_user",  # in memory only
    "demo.seed_demo",  # writes through the ORM: covered by test_demo_seeding_is_audited
    "opening.seed_if_asked",  # calls demo.seed_demo, before the audit trail starts
    "rollover.end_of_year10_list",  # reads: the "end of Year 10" list, not an ending
    # The key-slot record beside the file, not the database: their callers are audited.
    "key_slots.write_slots",
    "key_slots.remove_user_slot",
}

_WRITE_VERBS = (
    "create_",
    "add_",
    "set_",
    "update_",
    "delete_",
    "remove_",
    "save_",
    "record_",
    "dispose",
    "deactivate_",
    "reactivate_",
    "seed_",
    "issue_",
    "close_",
    "book_",
    "place_",
    "end_",
    "write_",
    "import_",
    "restore_",
    "mark_",
    "move_",
    "cancel_",
    "change_",
    "sign_in",
    "install_",
    "schedule_",
    "assign_",
    "edit_",
    "insert_",
    "upsert_",
    "enter_",
    "approve_",
    "decide_",
    "reorder_",
    "send_",
    "lock_",
    "unlock_",
    "link_",
    "archive_",
    "anonymise_",
    "apply_",
)


def _public_write_functions() -> set[str]:
    found: set[str] = set()
    for info in pkgutil.walk_packages(db_package.__path__, "slip_desktop.db."):
        if ".migrations" in info.name or ".models" in info.name:
            continue
        module = importlib.import_module(info.name)
        short = info.name.removeprefix("slip_desktop.db.")
        for name, obj in vars(module).items():
            if (
                inspect.isfunction(obj)
                and obj.__module__ == info.name
                and not name.startswith("_")
                and name.startswith(_WRITE_VERBS)
            ):
                found.add(f"{short}.{name}")
    return found


def test_every_public_write_function_is_listed() -> None:
    # After merging more db/ modules this names each new write function: add it to
    # WRITE_PATHS (with a call and the row it must leave) or, if it writes nothing to
    # the database, to NOT_WRITES.
    from tests.db.test_audit_write_paths import COVERED

    unlisted = _public_write_functions() - set(WRITE_PATHS) - COVERED - NOT_WRITES
    assert unlisted == set(), (
        "add these write paths to WRITE_PATHS here or in test_audit_write_paths.py"
    )


@pytest.mark.parametrize("name", sorted(WRITE_PATHS))
def test_every_write_path_leaves_its_audit_row(store: Store, name: str) -> None:
    install_audit(store)
    ids = _prepare(store)
    write, table, action = WRITE_PATHS[name]
    before = {r.id for r in list_audit(store)}
    write(store, ids)
    set_current_user(store, None)  # back to SYSTEM, which may read the trail
    new = [r for r in list_audit(store) if r.id not in before]
    if name == "users.create_first_coordinator":
        new = _rows(store, table_name="app_user", record_id=ids["coordinator"])
    assert any(r.table_name == table and r.action == action for r in new), new


def test_demo_seeding_is_audited(store: Store) -> None:
    from slip_desktop.db.demo import seed_demo

    install_audit(store)
    seed_demo(store, TODAY)
    with store.session() as session:
        pupils = session.scalar(select(text("count(*)")).select_from(Pupil))
    created = _rows(store, table_name="pupil", action=AuditAction.CREATE)
    assert len(created) == pupils
    assert all(r.record_id is not None for r in created)


def test_rows_the_database_deletes_by_cascade_are_audited_too(demo_store: Store) -> None:
    from slip_desktop.db.models import AttendanceMark, Placement
    from slip_desktop.domain.enums import Session as Sitting

    install_audit(demo_store)
    with demo_store.session() as session:
        from slip_desktop.db.models import ManagedMove, StatementLine

        # A placement nothing else points at (charged ones keep their statement lines).
        placement = session.scalars(
            select(Placement)
            .where(
                Placement.id.not_in(
                    select(StatementLine.placement_id).where(
                        StatementLine.placement_id.is_not(None)
                    )
                )
            )
            .where(
                Placement.id.not_in(
                    select(ManagedMove.placement_id).where(ManagedMove.placement_id.is_not(None))
                )
            )
            .limit(1)
        ).one()
        pupil_id, placement_id = placement.pupil_id, placement.id
        session.add(
            AttendanceMark(placement_id=placement_id, day=TODAY, session=Sitting.AM, code="/")
        )
    with demo_store.session() as session:
        session.delete(session.get(Placement, placement_id))
    deleted = {
        r.table_name: r
        for r in list_audit(demo_store, pupil_id=pupil_id)
        if r.action == AuditAction.DELETE
    }
    assert deleted["placement"].record_id == placement_id
    assert deleted["attendance_mark"].changes["code"] == ["/", None]


def test_the_flush_guard_keeps_read_only_accounts_and_finance_in_their_lanes(
    audited: Store,
) -> None:
    from slip_desktop.db.models import RateSet

    school_id = _school(audited)
    set_current_user(audited, Identity(3, "rita", "Rita", UserRole.READ_ONLY))
    with pytest.raises(PermissionDenied), audited.session() as session:
        school = session.get(School, school_id)
        assert school is not None
        school.phone = "0116 496 0000"
    set_current_user(audited, Identity(4, "sam", "Sam", UserRole.STAFF))
    _pupil(audited, school_id)  # staff keep records
    rates = RateSet(
        academic_year=2026,
        average_cost_ks3_pence=1,
        average_cost_ks4_pence=1,
        pupil_premium_pence=1,
        pupil_premium_cla_pence=1,
        pupil_premium_service_pence=1,
    )
    with pytest.raises(PermissionDenied), audited.session() as session:
        session.add(rates)
    set_current_user(audited, None)
    with audited.session() as session:
        assert session.get(School, school_id).phone == ""  # type: ignore[union-attr]
        assert session.scalar(select(RateSet.id)) is None
