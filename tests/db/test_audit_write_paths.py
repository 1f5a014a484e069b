"""Every write function of db/ run on demo data (or the finance world) leaves its audit row."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Select, func, select

from slip_desktop.db import (
    action_plans,
    agenda,
    attendance,
    backup,
    core,
    encryption,
    managed_moves,
    meetings,
    offer,
    providers,
    pupils,
    rates,
    referrals,
    reviews,
    rosters,
    staff,
    statements,
    term_dates,
    visits,
)
from slip_desktop.db.audit import install_audit, list_audit, record_exports
from slip_desktop.db.demo import seed_demo
from slip_desktop.db.identity import set_current_user
from slip_desktop.db.migrate import upgrade_to_head
from slip_desktop.db.models import (
    ActionPlan,
    AgendaItem,
    ManagedMove,
    Meeting,
    MeetingAttendee,
    Placement,
    Provider,
    Pupil,
    Referral,
    Review,
    School,
    StaffMember,
    Statement,
)
from slip_desktop.db.store import Store
from slip_desktop.domain.action_plans import ActionDraft, PlanDraft
from slip_desktop.domain.audit_actions import AuditAction
from slip_desktop.domain.calendar import SeriesPlan, typical_terms
from slip_desktop.domain.core_outcomes import DecisionRequest, MoveRequest
from slip_desktop.domain.enums import (
    Consent,
    CoreOutcome,
    EndOutcome,
    MeetingKind,
    MeetingStatus,
    MoveKind,
    MoveOutcome,
    PlacementStatus,
    Programme,
    ReferralKind,
    ReferralStatus,
    ReturnAnswer,
    StaffRole,
    StatementStatus,
    Term,
)
from slip_desktop.domain.enums import Session as Sitting
from slip_desktop.domain.errors import RuleError
from slip_desktop.domain.pupils import clean_pupil
from tests.conftest import DEMO_TODAY, TEST_PASSPHRASE
from tests.db.referral_helpers import pupil_input, referral_input
from tests.finance_world import build_world

#: Prepares the store and returns the write to audit (so preparation leaves no row that counts).
Setup = Callable[[Store], Callable[[], object]]

PLAN = PlanDraft(
    "The forum discussed falling attendance.",
    "Keep a key adult.",
    "CFWS; EP",
    "Gather evidence for SEN support.",
    DEMO_TODAY + timedelta(days=42),
    (ActionDraft("Arrange an EP consultation", "SENCO", DEMO_TODAY + timedelta(days=14)),),
)
DEMO_TODAY_AT = datetime.combine(DEMO_TODAY, time(14, 5))


def _first(store: Store, query: Select[tuple[int]]) -> int:
    with store.session() as s:
        found = s.scalars(query.limit(1)).first()
    assert found is not None, f"the demo data has no row for {query}"
    return found


def _planned_forum(store: Store) -> int:
    return _first(
        store,
        select(Meeting.id)
        .where(Meeting.kind == MeetingKind.FORUM, Meeting.status == MeetingStatus.PLANNED)
        .where(Meeting.meets_on > DEMO_TODAY)
        .order_by(Meeting.meets_on),
    )


def _active_placement(store: Store) -> int:
    return _first(
        store,
        select(Placement.id)
        .where(Placement.status == PlacementStatus.ACTIVE)
        .order_by(Placement.id),
    )


def _pupil_of_school(store: Store) -> tuple[int, int]:
    pupil_id = _first(
        store, select(Pupil.id).where(Pupil.school_id.is_not(None)).order_by(Pupil.id)
    )
    with store.session() as s:
        pupil = s.get(Pupil, pupil_id)
        assert pupil is not None and pupil.school_id is not None
        other = s.scalars(select(School.id).where(School.id != pupil.school_id)).first()
        assert other is not None
        return pupil_id, other


def _move_request(receiving: int) -> MoveRequest:
    return MoveRequest(
        MoveKind.MANAGED_MOVE, receiving, date(2027, 1, 11), date(2027, 2, 26), False, None
    )


# --- referrals and pupils ---------------------------------------------------------------------


def _save_referral(store: Store) -> Callable[[], object]:
    school = _first(store, select(School.id).order_by(School.id))
    return lambda: referrals.save_referral(
        store,
        referral_input(school, received_on=DEMO_TODAY, consent_on=DEMO_TODAY),
        DEMO_TODAY,
        new_pupil=pupil_input(school, serial=977),
    )


def _change_status(store: Store) -> Callable[[], object]:
    referral = _first(store, select(Referral.id).where(Referral.status == ReferralStatus.NEW))
    return lambda: referrals.change_status(
        store, referral, ReferralStatus.CLOSED, DEMO_TODAY, "Withdrawn by the school."
    )


def _link_case_to_pupil(store: Store) -> Callable[[], object]:
    school = _first(store, select(School.id).order_by(School.id))
    case = referrals.save_referral(
        store,
        referral_input(
            school,
            anonymous=True,
            has_pupil=False,
            year_group=8,
            consent=Consent.REFUSED,
            consent_on=DEMO_TODAY,
            received_on=DEMO_TODAY,
        ),
        DEMO_TODAY,
    )
    return lambda: referrals.link_case_to_pupil(
        store, case.id, DEMO_TODAY, DEMO_TODAY, new_pupil=pupil_input(school, serial=978)
    )


def _save_pupil(store: Store) -> Callable[[], object]:
    school = _first(store, select(School.id).order_by(School.id))
    return lambda: pupils.save_pupil(store, pupil_input(school, serial=979), DEMO_TODAY)


def _add_pupil(store: Store) -> Callable[[], object]:
    school = _first(store, select(School.id).order_by(School.id))
    clean = clean_pupil(pupil_input(school, serial=980), DEMO_TODAY)

    def write() -> None:
        with store.session() as s:
            pupils.add_pupil(s, clean)

    return write


# --- forum calendar, agenda and action plans --------------------------------------------------


def _save_year(store: Store) -> Callable[[], object]:
    return lambda: term_dates.save_year(store, 2029, typical_terms(2029))


def _add_meeting(store: Store) -> Callable[[], object]:
    return lambda: meetings.add_meeting(
        store, MeetingKind.FORUM, date(2027, 1, 13), time(9, 30), time(11, 30), "", None
    )


def _create_series(store: Store) -> Callable[[], object]:
    term_dates.save_year(store, 2029, typical_terms(2029))
    (autumn, *_rest) = term_dates.list_terms(store, 2029)
    plan = SeriesPlan(2, time(9, 30), time(11, 30))
    return lambda: meetings.create_series(store, MeetingKind.FORUM, autumn, plan)


def _update_meeting(store: Store) -> Callable[[], object]:
    meeting_id = _planned_forum(store)
    meeting = meetings.get_meeting(store, meeting_id)
    return lambda: meetings.update_meeting(
        store,
        meeting_id,
        meeting.meets_on,
        time(10, 0),
        time(12, 0),
        "https://teams.example.org/l/moved",
        max(meeting.capacity, 8),
        MeetingStatus.PLANNED,
        "Moved to ten o'clock.",
    )


def _cancel_meeting(store: Store) -> Callable[[], object]:
    meeting_id = _planned_forum(store)
    return lambda: meetings.cancel_meeting(store, meeting_id)


def _set_cases_per_meeting(store: Store) -> Callable[[], object]:
    meetings.set_cases_per_meeting(store, 7)  # the setting exists, so the write is a change
    return lambda: meetings.set_cases_per_meeting(store, 5)


def _add_attendee(store: Store) -> Callable[[], object]:
    meeting_id = _planned_forum(store)
    return lambda: meetings.add_attendee(store, meeting_id, "Family support worker", "Jo Lane")


def _remove_attendee(store: Store) -> Callable[[], object]:
    attendee = _first(store, select(MeetingAttendee.id).order_by(MeetingAttendee.id))
    return lambda: meetings.remove_attendee(store, attendee)


def _set_attended(store: Store) -> Callable[[], object]:
    attendee = _first(
        store, select(MeetingAttendee.id).where(MeetingAttendee.attended.is_not(True))
    )
    return lambda: meetings.set_attended(store, attendee, True)


def _add_case(store: Store) -> Callable[[], object]:
    referral = _first(
        store,
        select(Referral.id).where(
            Referral.kind == ReferralKind.FORUM, Referral.status == ReferralStatus.NEW
        ),
    )
    meeting_id = meetings.add_meeting(
        store, MeetingKind.FORUM, date(2027, 1, 13), time(9, 30), time(11, 30), "", None
    )
    return lambda: agenda.add_case(store, meeting_id, referral)


def _agenda_of_two(store: Store) -> tuple[int, list[int]]:
    meeting_id = _first(
        store,
        select(AgendaItem.meeting_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.status == MeetingStatus.PLANNED)
        .group_by(AgendaItem.meeting_id)
        .having(func.count() >= 2),
    )
    return meeting_id, [line.item_id for line in agenda.list_agenda(store, meeting_id)]


def _move_case(store: Store) -> Callable[[], object]:
    _meeting, items = _agenda_of_two(store)
    return lambda: agenda.move_case(store, items[-1], 0)


def _remove_case(store: Store) -> Callable[[], object]:
    _meeting, items = _agenda_of_two(store)
    return lambda: agenda.remove_case(store, items[0])


def _on_forum_agenda(store: Store) -> tuple[int, int]:
    with store.session() as s:
        row = s.execute(
            select(AgendaItem.referral_id, AgendaItem.meeting_id)
            .join(Referral, Referral.id == AgendaItem.referral_id)
            .join(Meeting, Meeting.id == AgendaItem.meeting_id)
            .where(Referral.status == ReferralStatus.ON_AGENDA)
            .where(Meeting.kind == MeetingKind.FORUM)
            .limit(1)
        ).first()
    assert row is not None
    return row[0], row[1]


def _save_plan(store: Store) -> Callable[[], object]:
    referral, meeting_id = _on_forum_agenda(store)
    return lambda: action_plans.save_plan(store, referral, meeting_id, PLAN, DEMO_TODAY)


def _record_sent(store: Store) -> Callable[[], object]:
    referral, meeting_id = _on_forum_agenda(store)
    plan_id = action_plans.save_plan(store, referral, meeting_id, PLAN, DEMO_TODAY)
    return lambda: action_plans.record_sent(store, [plan_id], DEMO_TODAY)


def _plan_review(store: Store) -> Callable[[], object]:
    plan_id = _first(
        store,
        select(ActionPlan.id).where(
            ActionPlan.sent_on.is_not(None), ActionPlan.reviewed_on.is_(None)
        ),
    )
    return lambda: action_plans.record_review(store, plan_id, DEMO_TODAY, "Attendance is up.")


# --- Core board and managed moves -------------------------------------------------------------


def _record_decision(store: Store) -> Callable[[], object]:
    meeting_id = core.default_core_meeting(core.list_core_meetings(store), DEMO_TODAY)
    assert meeting_id is not None
    card = core.load_board(store, meeting_id.id, DEMO_TODAY).column(None)[0]
    request = DecisionRequest(
        CoreOutcome.SCHOOL_CONTINUES,
        "Agreed after hearing the school and the forum plan review.",
        "Gareth Pryce",
        advice="Keep the key adult and the reduced timetable.",
    )
    return lambda: core.record_decision(
        store, meeting_id.id, card.referral_id, request, DEMO_TODAY_AT
    )


def _record_move(store: Store) -> Callable[[], object]:
    pupil_id, other = _pupil_of_school(store)
    return lambda: managed_moves.record_move(store, pupil_id, _move_request(other))


def _add_move(store: Store) -> Callable[[], object]:
    pupil_id, other = _pupil_of_school(store)

    def write() -> None:
        with store.session() as s:
            pupil = s.get(Pupil, pupil_id)
            assert pupil is not None
            managed_moves.add_move(s, pupil, _move_request(other), None, "Gareth Pryce")

    return write


def _set_move_outcome(store: Store) -> Callable[[], object]:
    move = _first(
        store, select(ManagedMove.id).where(ManagedMove.outcome == MoveOutcome.IN_PROGRESS)
    )
    return lambda: managed_moves.set_move_outcome(
        store, move, MoveOutcome.SUCCESSFUL, DEMO_TODAY, "Settled well."
    )


# --- rosters, reviews, visits, attendance, staff and providers --------------------------------


def _place_pupil(store: Store) -> Callable[[], object]:
    placement = _first(
        store,
        select(Placement.id)
        .where(Placement.status.in_([PlacementStatus.REQUESTED, PlacementStatus.WAITING]))
        .where(Placement.programme != Programme.RESET)
        .order_by(Placement.id),
    )
    request = rosters.PlaceRequest(placement, date(2027, 6, 7))

    def write() -> None:
        # A full programme keeps its write (the pupil joins the waiting list), then refuses.
        with contextlib.suppress(RuleError):
            rosters.place_pupil(store, request)

    return write


def _end_placement(store: Store) -> Callable[[], object]:
    placement = _active_placement(store)
    return lambda: rosters.end_placement(
        store, placement, DEMO_TODAY, EndOutcome.RETURNED, "Back at school full time"
    )


def _assign_mentor(store: Store) -> Callable[[], object]:
    placement = _active_placement(store)
    with store.session() as s:
        current = s.get(Placement, placement)
        assert current is not None
        mentor = s.scalars(
            select(StaffMember.id).where(
                StaffMember.role == StaffRole.INCLUSION_MENTOR,
                StaffMember.id != (current.mentor_id or 0),
            )
        ).first()
    assert mentor is not None
    return lambda: rosters.assign_mentor(store, placement, mentor)


def _record_placement_review(store: Store) -> Callable[[], object]:
    review = _first(
        store,
        select(Review.id)
        .where(Review.held_on.is_(None), Review.due_on <= DEMO_TODAY)
        .order_by(Review.due_on),
    )
    record = reviews.ReviewRecord(
        review, DEMO_TODAY, ReturnAnswer.YES, "Mentor; SENCO", "Going well.", "Plan the return."
    )
    return lambda: reviews.record_review(store, record, DEMO_TODAY)


def _schedule_reviews(store: Store) -> Callable[[], object]:
    placement_id = _active_placement(store)
    with store.session() as s:
        for review in s.scalars(select(Review).where(Review.placement_id == placement_id)):
            s.delete(review)

    def write() -> None:
        with store.session() as s:
            placement = s.get(Placement, placement_id)
            assert placement is not None
            assert reviews.schedule_reviews(s, placement)

    return write


def _record_visit(store: Store) -> Callable[[], object]:
    placement = _active_placement(store)
    return lambda: visits.record_visit(
        store, placement, DEMO_TODAY, "Jo Link", "Met the pupil and mentor.", DEMO_TODAY
    )


def _save_register(store: Store) -> Callable[[], object]:
    placement = _active_placement(store)
    attendance.save_register(store, DEMO_TODAY, {(placement, Sitting.AM): ""})
    return lambda: attendance.save_register(store, DEMO_TODAY, {(placement, Sitting.AM): "/"})


def _save_post(store: Store) -> Callable[[], object]:
    data = staff.PostInput(StaffRole.INCLUSION_MENTOR, "Nia Mentor", "0.6", False, "")
    return lambda: staff.save_post(store, data)


def _save_provider(store: Store) -> Callable[[], object]:
    data = providers.ProviderInput(
        "Canal Side Crafts (invented)", "Woodwork", "92.50", "Pat Lane", "", "", None
    )
    return lambda: providers.save_provider(store, data)


def _record_quality_check(store: Store) -> Callable[[], object]:
    provider = _first(store, select(Provider.id).order_by(Provider.id))
    return lambda: providers.record_quality_check(store, provider, DEMO_TODAY)


# --- finance ----------------------------------------------------------------------------------


def _save_rates(store: Store) -> Callable[[], object]:
    texts = {
        "average_cost_ks3": "6600",
        "average_cost_ks4": "7300",
        "pupil_premium": "1050",
        "pupil_premium_cla": "2570",
        "pupil_premium_service": "340",
        "school_days": "190",
    }
    return lambda: rates.save_rates(store, 2028, texts, "Coordinator")


def _save_offer(store: Store) -> Callable[[], object]:
    return lambda: offer.save_offer(store, offer.read_offer(store, 2028), "Coordinator")


def _copy_offer(store: Store) -> Callable[[], object]:
    return lambda: offer.copy_offer(store, 2028, 2029, "Coordinator")


# --- the store itself -------------------------------------------------------------------------


def _restore_backup(store: Store) -> Callable[[], object]:
    assert store.path is not None
    copy = backup.make_backup(store, store.path.parent / "backups", rotate=False)
    return lambda: backup.restore_backup(store, copy)


def _change_passphrase(store: Store) -> Callable[[], object]:
    return lambda: encryption.change_passphrase(store, TEST_PASSPHRASE, TEST_PASSPHRASE + " 2")


#: name -> (setup on a copy of the demo data, table the row names, action it records).
def _record_exports(store: Store) -> Callable[[], object]:
    meeting_id = _planned_forum(store)
    return lambda: record_exports(store, "Forum agenda PDF", meeting_id=meeting_id)


DEMO_WRITE_PATHS: dict[str, tuple[Setup, str, AuditAction]] = {
    "referrals.save_referral": (_save_referral, "referral", AuditAction.CREATE),
    "referrals.change_status": (_change_status, "referral", AuditAction.UPDATE),
    "referrals.link_case_to_pupil": (_link_case_to_pupil, "referral", AuditAction.UPDATE),
    "pupils.save_pupil": (_save_pupil, "pupil", AuditAction.CREATE),
    "pupils.add_pupil": (_add_pupil, "pupil", AuditAction.CREATE),
    "term_dates.save_year": (_save_year, "term_dates", AuditAction.CREATE),
    "meetings.add_meeting": (_add_meeting, "meeting", AuditAction.CREATE),
    "meetings.create_series": (_create_series, "meeting", AuditAction.CREATE),
    "meetings.update_meeting": (_update_meeting, "meeting", AuditAction.UPDATE),
    "meetings.cancel_meeting": (_cancel_meeting, "meeting", AuditAction.UPDATE),
    "meetings.set_cases_per_meeting": (_set_cases_per_meeting, "setting", AuditAction.UPDATE),
    "meetings.add_attendee": (_add_attendee, "meeting_attendee", AuditAction.CREATE),
    "meetings.remove_attendee": (_remove_attendee, "meeting_attendee", AuditAction.DELETE),
    "meetings.set_attended": (_set_attended, "meeting_attendee", AuditAction.UPDATE),
    "agenda.add_case": (_add_case, "agenda_item", AuditAction.CREATE),
    "agenda.move_case": (_move_case, "agenda_item", AuditAction.UPDATE),
    "agenda.remove_case": (_remove_case, "agenda_item", AuditAction.DELETE),
    "action_plans.save_plan": (_save_plan, "action_plan", AuditAction.CREATE),
    "action_plans.record_sent": (_record_sent, "action_plan", AuditAction.UPDATE),
    "action_plans.record_review": (_plan_review, "action_plan", AuditAction.UPDATE),
    "core.record_decision": (_record_decision, "decision", AuditAction.CREATE),
    "managed_moves.record_move": (_record_move, "managed_move", AuditAction.CREATE),
    "managed_moves.add_move": (_add_move, "managed_move", AuditAction.CREATE),
    "managed_moves.set_move_outcome": (_set_move_outcome, "managed_move", AuditAction.UPDATE),
    "rosters.place_pupil": (_place_pupil, "placement", AuditAction.UPDATE),
    "rosters.end_placement": (_end_placement, "placement", AuditAction.UPDATE),
    "rosters.assign_mentor": (_assign_mentor, "placement", AuditAction.UPDATE),
    "reviews.record_review": (_record_placement_review, "review", AuditAction.UPDATE),
    "reviews.schedule_reviews": (_schedule_reviews, "review", AuditAction.CREATE),
    "visits.record_visit": (_record_visit, "school_visit", AuditAction.CREATE),
    "attendance.save_register": (_save_register, "attendance_mark", AuditAction.CREATE),
    "staff.save_post": (_save_post, "staff_member", AuditAction.CREATE),
    "providers.save_provider": (_save_provider, "provider", AuditAction.CREATE),
    "providers.record_quality_check": (_record_quality_check, "provider", AuditAction.UPDATE),
    "rates.save_rates": (_save_rates, "rate_set", AuditAction.CREATE),
    "offer.save_offer": (_save_offer, "offer_line", AuditAction.CREATE),
    "offer.copy_offer": (_copy_offer, "offer_line", AuditAction.CREATE),
    "audit.record_exports": (_record_exports, "pupil", AuditAction.EXPORT),
    "backup.restore_backup": (_restore_backup, "database", AuditAction.BULK_UPDATE),
    "encryption.change_passphrase": (_change_passphrase, "database", AuditAction.UPDATE),
}


# --- statements, on the small finance world (the demo's terms are already settled) -----------


def _issue_and_lock_term(store: Store) -> Callable[[], object]:
    statements.prepare_statements(store, 2026, Term.AUTUMN, DEMO_TODAY)
    return lambda: statements.issue_and_lock_term(store, 2026, Term.AUTUMN, DEMO_TODAY, "Coord")


def _issue_and_lock_in(store: Store) -> Callable[[], object]:
    statements.prepare_statements(store, 2026, Term.AUTUMN, DEMO_TODAY)

    def write() -> None:
        with store.session() as s:
            statements.issue_and_lock_in(s, 2026, Term.AUTUMN, DEMO_TODAY, "Coord")

    return write


def _issue_term(store: Store) -> Callable[[], object]:
    return lambda: statements.issue_term(store, 2026, Term.AUTUMN, DEMO_TODAY, "Coord")


def _set_paid(store: Store) -> Callable[[], object]:
    statements.prepare_statements(store, 2026, Term.AUTUMN, DEMO_TODAY)
    statements.issue_and_lock_term(store, 2026, Term.AUTUMN, DEMO_TODAY)
    statement = _first(
        store, select(Statement.id).where(Statement.status == StatementStatus.ISSUED)
    )
    return lambda: statements.set_paid(store, statement, DEMO_TODAY)


def _add_adjustment(store: Store) -> Callable[[], object]:
    school = _first(store, select(School.id).order_by(School.id))
    return lambda: statements.add_adjustment(
        store, school, 2026, Term.SPRING, Decimal("-40.00"), "Two days not attended", DEMO_TODAY
    )


def _book_corrections(store: Store) -> Callable[[], object]:
    statements.prepare_statements(store, 2026, Term.AUTUMN, DEMO_TODAY)
    statements.issue_and_lock_term(store, 2026, Term.AUTUMN, DEMO_TODAY)
    # A charged placement actually ended early, after its term was locked.
    placement_id = _first(
        store,
        select(Placement.id)
        .where(Placement.status == PlacementStatus.ACTIVE, Placement.provider_id.is_not(None))
        .order_by(Placement.id),
    )
    with store.session() as s:
        placement = s.get(Placement, placement_id)
        assert placement is not None
        placement.status = PlacementStatus.ENDED
        placement.ended_on = date(2026, 11, 20)
    return lambda: statements.book_locked_term_corrections(store, DEMO_TODAY, "Coord")


FINANCE_WRITE_PATHS: dict[str, tuple[Setup, str, AuditAction]] = {
    "statements.issue_and_lock_term": (_issue_and_lock_term, "statement", AuditAction.UPDATE),
    "statements.issue_and_lock_in": (_issue_and_lock_in, "term_lock", AuditAction.CREATE),
    "statements.issue_term": (_issue_term, "invoice_sequence", AuditAction.CREATE),
    "statements.set_paid": (_set_paid, "statement", AuditAction.UPDATE),
    "statements.add_adjustment": (_add_adjustment, "adjustment", AuditAction.CREATE),
    "statements.book_locked_term_corrections": (
        _book_corrections,
        "adjustment",
        AuditAction.CREATE,
    ),
}

#: Every write function this module proves, for test_every_public_write_function_is_listed.
COVERED = set(DEMO_WRITE_PATHS) | set(FINANCE_WRITE_PATHS)


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One encrypted demo database for the module; each test writes to its own copy."""
    path = tmp_path_factory.mktemp("seeded") / "demo.db"
    seeded = Store.open(path, TEST_PASSPHRASE)
    upgrade_to_head(seeded.engine)
    seed_demo(seeded, DEMO_TODAY)
    seeded.close()
    return path


@pytest.fixture
def demo_copy(seeded_file: Path, tmp_path: Path) -> Iterator[Store]:
    target = tmp_path / "copy.db"
    for suffix in ("", "-wal", "-shm"):
        source = seeded_file.with_name(seeded_file.name + suffix)
        if source.exists():
            shutil.copyfile(source, target.with_name(target.name + suffix))
    opened = Store.open(target, TEST_PASSPHRASE)
    yield opened
    opened.close()


def _check(store: Store, setup: Setup, table: str, action: AuditAction) -> None:
    write = setup(store)
    install_audit(store)
    before = {r.id for r in list_audit(store)}
    write()
    set_current_user(store, None)  # back to SYSTEM, which may read the trail
    new = [r for r in list_audit(store) if r.id not in before]
    assert any(r.table_name == table and r.action == action for r in new), new


@pytest.mark.parametrize("name", sorted(DEMO_WRITE_PATHS))
def test_demo_write_path_leaves_its_audit_row(demo_copy: Store, name: str) -> None:
    _check(demo_copy, *DEMO_WRITE_PATHS[name])


@pytest.mark.parametrize("name", sorted(FINANCE_WRITE_PATHS))
def test_finance_write_path_leaves_its_audit_row(store: Store, name: str) -> None:
    build_world(store)
    _check(store, *FINANCE_WRITE_PATHS[name])
